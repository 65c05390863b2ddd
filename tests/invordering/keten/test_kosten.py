"""Costs from the dated table (Kostenwet invordering rijksbelastingen; figures in DOMEIN.md)."""

from datetime import date
from decimal import Decimal

import pytest

from invordering.kosten import FOUT_GEEN_TARIEF, kosten
from invordering.models import Kostentarief

pytestmark = pytest.mark.django_db
D = Decimal
DAG = date(2026, 5, 1)


@pytest.mark.parametrize(
    ("stap", "bedrag", "verwacht"),
    [
        ("aanmaning", D("0.01"), D("8.00")),
        ("aanmaning", D("453.99"), D("8.00")),  # claim below EUR 454: EUR 8
        ("aanmaning", D("454.00"), D("18.00")),  # from EUR 454: EUR 18
        ("dwangbevel", D("90.00"), D("46.00")),  # up to EUR 90: EUR 46
        ("dwangbevel", D("134.99"), D("46.00")),  # not yet a whole EUR 45 above 90
        ("dwangbevel", D("135.00"), D("50.00")),  # one whole EUR 45 above: + EUR 4
        ("dwangbevel", D("1000.00"), D("126.00")),  # 910 / 45 = 20 whole steps: 46 + 80
        ("dwangbevel", D("200000.00"), D("13745.00")),  # the maximum
        ("hernieuwd_bevel", D("5000.00"), D("18.00")),
    ],
)
def test_kosten_volgens_de_tabel(stap, bedrag, verwacht):
    assert kosten(stap, bedrag, DAG) == verwacht


def test_een_nieuwe_rij_geldt_vanaf_haar_datum():
    Kostentarief.objects.create(
        stap="aanmaning",
        geldig_vanaf=date(2027, 1, 1),
        basis=D("9.00"),
        drempel=D("454.00"),
        verhoging=D("10.00"),
    )
    assert kosten("aanmaning", D("100.00"), date(2026, 12, 31)) == D("8.00")
    assert kosten("aanmaning", D("100.00"), date(2027, 1, 1)) == D("9.00")
    assert kosten("aanmaning", D("500.00"), date(2027, 1, 1)) == D("19.00")


def test_foute_invoer_geeft_een_duidelijke_fout():
    with pytest.raises(ValueError, match="Onbekende stap 'beslag'"):
        kosten("beslag", D("10.00"), DAG)
    with pytest.raises(ValueError, match="Decimal"):
        kosten("aanmaning", 10.0, DAG)
    with pytest.raises(LookupError) as fout:
        kosten("dwangbevel", D("10.00"), date(2022, 12, 31))  # the dwangbevel row starts in 2023
    assert str(fout.value) == FOUT_GEEN_TARIEF.format(stap="dwangbevel", datum=date(2022, 12, 31))

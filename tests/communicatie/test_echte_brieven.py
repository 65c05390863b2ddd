"""Letters as the domain apps really make them (kwijtschelding decisions), rendered correctly."""

from datetime import date
from decimal import Decimal as D

import pytest

from communicatie.models import Brief
from communicatie.pdf import pdf_voor
from invordering.models import Bijstandsnorm
from kwijtschelding import services
from tests.invordering.factories import BelastingplichtigeFactory
from tests.kwijtschelding.conftest import TESTNORMEN
from tests.kwijtschelding.factories import (
    DATUM,
    aanslag,
    gegevens_arm,
    gegevens_deels,
    gegevens_rijk,
    medewerker,
)

from .pdfhulp import pdf_tekst

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _normen(settings, tmp_path):
    settings.KWIJTSCHELDING_UITWISSELING_MAP = tmp_path / "uitwisseling"
    for (leefsituatie, aow), bedrag in TESTNORMEN.items():
        Bijstandsnorm.objects.update_or_create(
            geldig_vanaf=date(2026, 1, 1), leefsituatie=leefsituatie, aow=aow, defaults={"bedrag": D(bedrag)}
        )


@pytest.mark.parametrize(
    ("gegevens", "kop", "bedragen"),
    [
        (gegevens_arm, "U krijgt kwijtschelding", ["300,00"]),
        (gegevens_deels, "U krijgt voor een deel kwijtschelding", ["104,74", "195,26"]),
        (gegevens_rijk, "U krijgt geen kwijtschelding", ["300,00"]),
    ],
)
def test_beslissing_op_kwijtschelding(django_user_model, gegevens, kop, bedragen):
    persoon = BelastingplichtigeFactory()
    verzoek = services.verzoek_indienen(
        belastingplichtige=persoon, aanslagen=[aanslag(persoon)], gegevens=gegevens(), datum=DATUM
    )
    services.verzoek_beslissen(verzoek=verzoek, datum=DATUM, door=medewerker(django_user_model))
    brief = Brief.objects.get(sleutel=f"kwijtschelding:besluit:{verzoek.pk}")
    tekst = " ".join(pdf_tekst(pdf_voor(brief)).split())
    assert kop in tekst and persoon.naam in tekst
    for bedrag in bedragen:
        assert bedrag in tekst
    assert "het college van burgemeester en wethouders" in tekst
    assert "in beroep" in tekst

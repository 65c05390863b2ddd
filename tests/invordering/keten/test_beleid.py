"""Policy as data: the policy in force, pilot variants by postcode or a fixed random share, checks."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from invordering.keten.beleid import beleidskeuze, lot, postcodegebieden
from invordering.keten.selectors import beleid_van
from invordering.models import Invorderingsbeleid
from tests.invordering.factories import AanslagFactory, BelastingplichtigeFactory

from .helpers import draai

pytestmark = pytest.mark.django_db
DAG = date(2026, 5, 21)


def _standaard():
    return Invorderingsbeleid.objects.get(naam="Standaard")


def test_postcodegebieden_lezen_en_fout_noemt_het_deel():
    assert postcodegebieden("6811, 6900-6999,") == [(6811, 6811), (6900, 6999)]
    with pytest.raises(ValueError, match="'68AB'"):
        postcodegebieden("6811, 68AB")


def test_variant_op_postcodegebied():
    variant = Invorderingsbeleid.objects.create(
        naam="Proef Arnhem", geldig_vanaf=date(2026, 1, 1), basis=_standaard(), pilot_postcodes="6800-6899"
    )
    binnen = BelastingplichtigeFactory(postcode="6811 AB")
    buiten = BelastingplichtigeFactory(postcode="6711 AB")
    assert beleid_van(belastingplichtige=binnen, datum=DAG) == variant
    assert beleid_van(belastingplichtige=buiten, datum=DAG) == _standaard()


def test_willekeurig_aandeel_is_vast_en_ongeveer_de_gevraagde_grootte():
    basis = _standaard()
    klein = Invorderingsbeleid(
        naam="p", geldig_vanaf=DAG, basis=basis, pilot_aandeel=Decimal("10.00"), pilot_zaad="z"
    )
    groot = Invorderingsbeleid(
        naam="p", geldig_vanaf=DAG, basis=basis, pilot_aandeel=Decimal("30.00"), pilot_zaad="z"
    )
    ids = range(1, 5001)
    in_klein = {i for i in ids if lot("z", i) < int(klein.pilot_aandeel * 100)}
    in_groot = {i for i in ids if lot("z", i) < int(groot.pilot_aandeel * 100)}
    assert 400 < len(in_klein) < 600 and 1350 < len(in_groot) < 1650
    assert in_klein <= in_groot  # a larger share keeps everyone who was in
    assert {i for i in ids if lot("z", i) < 1000} == in_klein  # the same on every call
    assert {i for i in ids if lot("ander", i) < 1000} != in_klein  # another lottery, another group


def test_variant_geldt_in_de_run_en_staat_bij_de_stap():
    variant = Invorderingsbeleid.objects.create(
        naam="Proef zonder kosten",
        geldig_vanaf=date(2026, 1, 1),
        basis=_standaard(),
        pilot_aandeel=Decimal("100.00"),
        kosten_aanmaning=False,
    )
    aanslag = AanslagFactory()
    draai(date(2026, 3, 1), DAG)
    stap = aanslag.ketenstappen.get(soort="aanmaning")
    assert (stap.beleid, stap.kosten, stap.kosten_tarief) == (variant, Decimal("0.00"), Decimal("8.00"))


def test_wat_als_met_een_niet_opgeslagen_beleid(django_assert_max_num_queries):
    from invordering.keten.run import keten_draaien

    aanslag = AanslagFactory()
    wat_als = Invorderingsbeleid(naam="Wat als", geldig_vanaf=date(2026, 1, 1), herinnering_halverwege=False)
    keten_draaien(datum=date(2026, 3, 30), beleid=wat_als)
    assert not aanslag.ketenstappen.exists()  # no halfway reminder under the what-if policy
    keten_draaien(datum=date(2026, 4, 23), beleid=wat_als)
    stap = aanslag.ketenstappen.get()
    assert (stap.soort, stap.beleid, stap.beleid_naam) == ("herinnering_voor_einde", None, "Wat als")


def test_nieuwe_versie_vervangt_de_oude_vanaf_haar_datum():
    nieuw = Invorderingsbeleid.objects.create(naam="Standaard 2027", geldig_vanaf=date(2027, 1, 1))
    assert beleidskeuze(datum=date(2026, 12, 31)).basis == _standaard()
    assert beleidskeuze(datum=date(2027, 1, 1)).basis == nieuw


def test_dwangbevel_nooit_binnen_14_dagen_na_de_aanmaning():
    beleid = Invorderingsbeleid(
        naam="Te snel", geldig_vanaf=DAG, dagen_tot_dwangbevel=10, dagen_tot_vooraankondiging=5
    )
    with pytest.raises(ValidationError) as fout:
        beleid.full_clean()
    assert "dagen_tot_dwangbevel" in fout.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        beleid.save()


def test_proef_zonder_groep_of_met_foute_postcode_wordt_geweigerd():
    proef = Invorderingsbeleid(naam="Proef", geldig_vanaf=DAG, basis=_standaard())
    with pytest.raises(ValidationError, match="postcodegebieden of een aandeel"):
        proef.full_clean()
    proef.pilot_postcodes = "68"
    with pytest.raises(ValidationError) as fout:
        proef.full_clean()
    assert "'68'" in str(fout.value.message_dict["pilot_postcodes"])


def test_geen_beleid_geeft_een_duidelijke_fout():
    Invorderingsbeleid.objects.update(actief=False)
    with pytest.raises(LookupError, match="geen invorderingsbeleid geldig op 21-05-2026"):
        beleidskeuze(datum=DAG)

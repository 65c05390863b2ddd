"""Core services added for remission: the write-off, and bulk pauses and tasks for batch jobs."""

from datetime import date
from decimal import Decimal as D

import pytest

from invordering import selectors, services
from invordering.constants import AanslagStatus, Boekingsoort, PauzeReden, TaakSoort
from invordering.models import Boeking, Pauze, Taak
from tests.invordering.factories import AanslagFactory

pytestmark = pytest.mark.django_db
DATUM = date(2026, 3, 2)


def test_afboeken_deels_en_helemaal():
    deels = AanslagFactory(bedrag=D("300.00"))
    heel = AanslagFactory(bedrag=D("120.00"))
    services.kwijtschelding_afboeken(
        afboekingen=[
            services.Afboeking(deels.pk, D("100.00"), "kwijtschelding:1"),
            services.Afboeking(heel.pk, D("120.00"), "kwijtschelding:1"),
        ],
        datum=DATUM,
    )
    deels.refresh_from_db()
    heel.refresh_from_db()
    assert (deels.status, deels.openstaand) == (AanslagStatus.OPEN, D("200.00"))
    assert (heel.status, heel.openstaand, heel.afgehandeld_op) == (
        AanslagStatus.KWIJTGESCHOLDEN,
        D("0.00"),
        DATUM,
    )
    boeking = Boeking.objects.get(aanslag=heel, soort=Boekingsoort.KWIJTSCHELDING)
    assert (boeking.bedrag, boeking.component, boeking.omschrijving) == (
        D("-120.00"),
        "belasting",
        "kwijtschelding:1",
    )
    assert selectors.saldo_uit_grootboek(aanslag=heel) == selectors.saldo_aanslag(aanslag=heel)


@pytest.mark.parametrize("bedrag", ["300.01", "0.00", "-5.00"])
def test_afboeken_meer_dan_open_of_niet_positief_wordt_geweigerd(bedrag):
    aanslag = AanslagFactory(bedrag=D("300.00"))
    with pytest.raises(ValueError):
        services.kwijtschelding_afboeken(afboekingen=[services.Afboeking(aanslag.pk, D(bedrag))], datum=DATUM)
    assert not Boeking.objects.filter(soort=Boekingsoort.KWIJTSCHELDING).exists()


def test_afboeken_op_afgehandelde_aanslag_wordt_geweigerd():
    aanslag = AanslagFactory(bedrag=D("100.00"))
    services.kwijtschelding_afboeken(afboekingen=[services.Afboeking(aanslag.pk, D("100.00"))], datum=DATUM)
    with pytest.raises(ValueError):
        services.kwijtschelding_afboeken(afboekingen=[services.Afboeking(aanslag.pk, D("1.00"))], datum=DATUM)


def test_pauzes_start_in_bulk_is_idempotent_per_bron():
    a, b = AanslagFactory(), AanslagFactory()
    nieuw = [
        services.NieuwePauze(
            a.belastingplichtige_id, PauzeReden.KWIJTSCHELDING, DATUM, "kwijtschelding:1", (a.pk,)
        ),
        services.NieuwePauze(
            b.belastingplichtige_id, PauzeReden.KWIJTSCHELDING, DATUM, "kwijtschelding:2", ()
        ),
    ]
    assert services.pauzes_start(pauzes=nieuw) == 2
    assert services.pauzes_start(pauzes=nieuw) == 0
    assert list(Pauze.objects.get(bron="kwijtschelding:1").aanslagen.all()) == [a]
    assert selectors.is_gepauzeerd(aanslag=a, datum=DATUM) and selectors.is_gepauzeerd(aanslag=b, datum=DATUM)


def test_taken_maak_in_bulk_is_idempotent_en_eist_een_sleutel():
    a = AanslagFactory()
    taak = Taak(
        soort=TaakSoort.KWIJTSCHELDING_BEOORDELEN,
        belastingplichtige=a.belastingplichtige,
        aangemaakt_op=DATUM,
        sleutel="k:1",
    )
    assert services.taken_maak(taken=[taak]) == 1
    assert (
        services.taken_maak(
            taken=[
                Taak(
                    soort=taak.soort,
                    belastingplichtige=a.belastingplichtige,
                    aangemaakt_op=DATUM,
                    sleutel="k:1",
                )
            ]
        )
        == 0
    )
    with pytest.raises(ValueError):
        services.taken_maak(
            taken=[Taak(soort=taak.soort, belastingplichtige=a.belastingplichtige, aangemaakt_op=DATUM)]
        )

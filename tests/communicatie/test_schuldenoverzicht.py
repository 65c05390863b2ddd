from datetime import date
from decimal import Decimal as D

import pytest

from communicatie.models import Brief
from communicatie.pdf import pdf_voor
from communicatie.sjablonen import Sjabloon
from invordering import services
from invordering.constants import Betaalbron, Boekingsoort, Component
from invordering.models import Betaling, Boeking
from invordering.regelingen import regeling_maak
from invordering.schuldenoverzicht import schuldenoverzicht, schuldenoverzicht_sturen
from tests.invordering.factories import AanslagFactory, BelastingplichtigeFactory

from .pdfhulp import pdf_tekst

pytestmark = pytest.mark.django_db
DATUM = date(2026, 6, 1)


def persoon_met_schulden():
    persoon = BelastingplichtigeFactory()
    oud = AanslagFactory(
        belastingplichtige=persoon,
        bedrag=D("150.00"),
        belastingjaar=2025,
        dagtekening=date(2025, 2, 28),
        eerste_vervaldatum=date(2025, 4, 30),
    )
    nieuw = AanslagFactory(belastingplichtige=persoon, bedrag=D("300.00"))
    services.boekingen_maak(
        boekingen=[
            Boeking(
                aanslag=oud,
                datum=date(2025, 6, 1),
                component=Component.KOSTEN,
                soort=Boekingsoort.KOSTEN,
                bedrag=D("8.00"),
                omschrijving="Aanmaning",
            ),
        ],
        datum=date(2025, 6, 1),
    )
    betaling = Betaling.objects.create(
        datum=date(2026, 5, 10),
        bedrag=D("58.00"),
        bron=Betaalbron.BANK,
        referentie="t-1",
        belastingplichtige=persoon,
    )
    services.betaling_toerekenen(betaling=betaling, aanslagen=[oud])
    AanslagFactory(belastingplichtige=BelastingplichtigeFactory(), bedrag=D("999.00"))  # someone else
    return persoon, oud, nieuw


def test_overzicht_met_aanslagen_regels_kosten_betalingen_en_totaal():
    persoon, oud, nieuw = persoon_met_schulden()
    overzicht = schuldenoverzicht(belastingplichtige=persoon, datum=DATUM)

    assert [a["aanslagnummer"] for a in overzicht["aanslagen"]] == [oud.aanslagnummer, nieuw.aanslagnummer]
    eerste = overzicht["aanslagen"][0]
    assert (eerste["opgelegd"], eerste["kosten"], eerste["betaald"], eerste["openstaand"]) == (
        D("150.00"),
        D("8.00"),
        D("58.00"),
        D("100.00"),
    )
    assert eerste["kostenposten"] == [
        {"datum": date(2025, 6, 1), "omschrijving": "Aanmaning", "bedrag": D("8.00")}
    ]
    assert eerste["regels"][0]["belastingsoort"] == "Afvalstoffenheffing"
    assert overzicht["totaal_open"] == D("400.00")
    assert overzicht["betalingen"] == [
        {
            "datum": date(2026, 5, 10),
            "bedrag": D("58.00"),
            "omschrijving": "Bankafschrift",
            "aanslagnummer": oud.aanslagnummer,
        }
    ]
    # The ledger as it was on an earlier day: the payment is not there yet.
    eerder = schuldenoverzicht(belastingplichtige=persoon, datum=date(2026, 5, 1))
    assert eerder["totaal_open"] == D("458.00") and eerder["betalingen"] == []


def test_overzicht_met_vast_aantal_queries(django_assert_max_num_queries):
    persoon, *_ = persoon_met_schulden()
    for _ in range(4):
        AanslagFactory(belastingplichtige=persoon, bedrag=D("20.00"))
    with django_assert_max_num_queries(10):
        schuldenoverzicht(belastingplichtige=persoon, datum=DATUM)


def test_overzicht_toont_de_regeling():
    persoon, oud, nieuw = persoon_met_schulden()
    regeling_maak(belastingplichtige=persoon, datum=DATUM, aantal_termijnen=4)
    overzicht = schuldenoverzicht(belastingplichtige=persoon, datum=DATUM)
    (regeling,) = overzicht["regelingen"]
    assert len(regeling["termijnen"]) == 4
    assert sum(t["bedrag"] for t in regeling["termijnen"]) == D("400.00")


def test_sturen_maakt_een_brief_per_dag_als_pdf():
    persoon, oud, _ = persoon_met_schulden()
    brief = schuldenoverzicht_sturen(belastingplichtige=persoon, datum=DATUM)
    assert schuldenoverzicht_sturen(belastingplichtige=persoon, datum=DATUM).pk == brief.pk
    assert brief.sjabloon == Sjabloon.SCHULDENOVERZICHT and brief.gegevens["totaal_open"] == "400.00"
    tekst = pdf_tekst(pdf_voor(brief))
    assert "400,00" in tekst and oud.aanslagnummer in tekst and "Aanmaning" in tekst
    assert Brief.objects.get(pk=brief.pk).pdf  # archived

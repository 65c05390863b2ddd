"""Helpers for the chain tests: run day by day, read the timeline, pay, record a contact."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from invordering.constants import Boekingsoort, Component, ContactKanaal
from invordering.keten.beleid import beleidskeuze
from invordering.keten.klantgroepen import klantgroepen_actueel
from invordering.keten.run import keten_deel, keten_draaien
from invordering.keten.selectors import tijdlijn
from invordering.kosten import tarieven
from invordering.models import Boeking, Taak
from invordering.services import boekingen_maak, contact_vastleggen

D = Decimal


def draai(van: date, tot: date, *, volledig: bool = False) -> None:
    """Run the chain every day from ``van`` through ``tot``: the chunk service over all aanslagen in
    one chunk (the run's decisions without its bookkeeping), or with ``volledig`` the whole service."""
    dag = van
    while dag <= tot:
        if volledig:
            keten_draaien(datum=dag)
        else:
            klantgroepen_actueel(datum=dag)
            keten_deel(datum=dag, van=0, tot=2**62, keuze=beleidskeuze(datum=dag), tarieven=tarieven(dag))
        dag += timedelta(days=1)


def feiten(aanslag) -> list[tuple]:
    """The timeline as (datum, soort, kosten, reden, tegengehouden)."""
    return [(s.datum, s.soort, s.kosten, s.reden, s.tegengehouden) for s in tijdlijn(aanslag=aanslag)]


def betaal(aanslag, bedrag: Decimal, datum: date) -> None:
    boekingen_maak(
        boekingen=[
            Boeking(
                aanslag=aanslag,
                datum=datum,
                component=Component.BELASTING,
                soort=Boekingsoort.BETALING,
                bedrag=-bedrag,
            )
        ],
        datum=datum,
    )


def contact(taak: Taak, uitkomst: str, datum: date, kanaal=ContactKanaal.TELEFOON):
    tijdstip = timezone.make_aware(datetime.combine(datum, time(10, 0)))
    return contact_vastleggen(
        belastingplichtige=taak.belastingplichtige,
        tijdstip=tijdstip,
        kanaal=kanaal,
        uitkomst=uitkomst,
        taak=taak,
    )


# The standard chain of the seeded policy 'Standaard' for an aanslag of 300.00, dagtekening 28-02-2026,
# one installment due 30-04-2026 (tests/invordering/factories.py), until the call before the dwangbevel.
TOT_VOORBELLEN = [
    (date(2026, 3, 30), "herinnering_halverwege", D("0.00"), "", ""),  # 28-02 + 61 // 2 days
    (date(2026, 4, 23), "herinnering_voor_einde", D("0.00"), "", ""),  # 30-04 - 7
    (date(2026, 5, 3), "herinnering_na_vervaldatum", D("0.00"), "", ""),  # 30-04 + 3
    (date(2026, 5, 21), "aanmaning", D("8.00"), "", ""),  # herinnering + (21 - 3); 300 < 454: EUR 8
    (date(2026, 6, 11), "vooraankondiging", D("0.00"), "", ""),  # aanmaning + 21
    (date(2026, 6, 25), "voorbellen_dwangbevel", D("0.00"), "", ""),  # aanmaning + 35: call first
]
# Dwangbevel on 300.00: 46 + 4 x floor((300 - 90) / 45) = 46 + 16 = 62 (Kostenwet; DOMEIN.md).
DWANGBEVEL_300 = D("62.00")

"""The chain's look-ahead: the next escalation, its earliest date and costs, checked against what the
daily run then actually does on that date."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from invordering.constants import PauzeReden, StapSoort
from invordering.keten.stappen import effectieve_vervaldatum
from invordering.keten.vooruitblik import vooruitblik
from invordering.services import pauze_start
from tests.invordering.factories import AanslagFactory

from .helpers import DWANGBEVEL_300, betaal, draai, feiten

pytestmark = pytest.mark.django_db
D = Decimal
START = date(2026, 3, 1)


def _blik(aanslag, datum):
    return vooruitblik(belastingplichtige=aanslag.belastingplichtige, datum=datum).get(aanslag.pk)


def _komt_uit(aanslag, blik, datum):
    """Run the chain up to the predicted date: the step comes exactly then, not a day earlier."""
    draai(datum + timedelta(days=1), blik.vanaf)
    stappen = [(f[0], f[1], f[2]) for f in feiten(aanslag)]
    assert (blik.vanaf, blik.soort, blik.kosten) in stappen
    assert not [s for s in stappen if s[1] == blik.soort and s[0] < blik.vanaf]


@pytest.mark.parametrize(
    ("datum", "soort", "vanaf", "kosten", "eerst_bellen"),
    [
        # Before the due date: the free reminders come first; the first escalation is the aanmaning.
        (date(2026, 4, 1), StapSoort.AANMANING, date(2026, 5, 21), D("8.00"), False),
        # Overdue, the free reminder after the due date not yet sent (30-04 + 3).
        (date(2026, 5, 1), StapSoort.AANMANING, date(2026, 5, 21), D("8.00"), False),
        # After the aanmaning: the vooraankondiging (aanmaning + 21), free.
        (date(2026, 5, 25), StapSoort.VOORAANKONDIGING, date(2026, 6, 11), D("0.00"), False),
        # After the vooraankondiging: the dwangbevel, with a call first (policy 'Standaard').
        (date(2026, 6, 12), StapSoort.DWANGBEVEL, date(2026, 6, 25), DWANGBEVEL_300, True),
    ],
)
def test_volgende_escalatie_met_datum_en_kosten(datum, soort, vanaf, kosten, eerst_bellen):
    aanslag = AanslagFactory()
    draai(START, datum)
    blik = _blik(aanslag, datum)
    assert (blik.soort, blik.vanaf, blik.kosten, blik.eerst_bellen) == (soort, vanaf, kosten, eerst_bellen)
    if not eerst_bellen:  # a step after a call depends on the call's outcome, tested in test_paden
        _komt_uit(aanslag, blik, datum)


def test_een_stap_die_al_mag_komt_op_zijn_vroegst_vandaag():
    aanslag = AanslagFactory()
    # The call before the dwangbevel has been open since 25-06 and nobody called: the dwangbevel may
    # come any day now, so the earliest date is the day asked, never a day in the past.
    draai(START, date(2026, 6, 30))
    blik = _blik(aanslag, date(2026, 6, 30))
    assert (blik.soort, blik.vanaf, blik.eerst_bellen) == (StapSoort.DWANGBEVEL, date(2026, 6, 30), True)


def test_vandaag_als_de_stap_vandaag_mag():
    aanslag = AanslagFactory()
    draai(START, date(2026, 5, 20))
    blik = _blik(aanslag, date(2026, 5, 21))
    assert (blik.soort, blik.vanaf) == (StapSoort.AANMANING, date(2026, 5, 21))


def test_niets_bij_pauze_of_betaald():
    gepauzeerd = AanslagFactory()
    betaald = AanslagFactory()
    draai(START, date(2026, 5, 1))
    pauze_start(
        belastingplichtige=gepauzeerd.belastingplichtige,
        reden=PauzeReden.HANDMATIG,
        start=date(2026, 5, 1),
        toelichting="test",
    )
    betaal(betaald, D("300.00"), date(2026, 5, 1))
    assert _blik(gepauzeerd, date(2026, 5, 1)) is None
    assert _blik(betaald, date(2026, 5, 1)) is None


def test_vaste_aantal_queries():
    een = AanslagFactory()
    draai(START, date(2026, 5, 25))
    persoon = een.belastingplichtige
    with CaptureQueriesContext(connection) as bij_een:
        assert len(vooruitblik(belastingplichtige=persoon, datum=date(2026, 5, 25))) == 1
    for _ in range(3):
        AanslagFactory(belastingplichtige=persoon)
    with CaptureQueriesContext(connection) as bij_vier:
        assert len(vooruitblik(belastingplichtige=persoon, datum=date(2026, 5, 25))) == 4
    assert len(bij_vier.captured_queries) == len(bij_een.captured_queries) <= 8


def test_effectieve_vervaldatum_eerste_onbetaalde_termijn():
    termijnen = [
        (date(2026, 3, 31), D("100.00")),
        (date(2026, 4, 30), D("100.00")),
        (date(2026, 5, 31), D("100.00")),
    ]
    kwargs = {"vervaldatum": date(2026, 5, 31), "termijnen": termijnen, "bedrag_belasting": D("300.00")}
    assert effectieve_vervaldatum(**kwargs, open_belasting=D("300.00")) == date(2026, 3, 31)
    assert effectieve_vervaldatum(**kwargs, open_belasting=D("200.00")) == date(2026, 4, 30)
    assert effectieve_vervaldatum(**kwargs, open_belasting=D("150.00")) == date(2026, 4, 30)
    assert effectieve_vervaldatum(**kwargs, open_belasting=D("100.00")) == date(2026, 5, 31)
    assert effectieve_vervaldatum(
        **kwargs | {"termijnen": termijnen[:1]}, open_belasting=D("300.00")
    ) == date(2026, 5, 31)

"""Fixtures of the portal tests: two residents with aanslagen, fixed dates, signing in through the mock."""

from datetime import date
from decimal import Decimal as D

import pytest

from invordering.constants import Inkomensbron
from invordering.models import Bijstandsnorm, Inkomensgegeven
from tests.invordering.factories import AanslagFactory, BelastingplichtigeFactory
from tests.kwijtschelding.conftest import TESTNORMEN

VANDAAG = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _vandaag(monkeypatch):
    """The portal reads "today" in one place; the tests pin it inside the 2026 policy year."""
    monkeypatch.setattr("portaal.views.vandaag", lambda: VANDAAG)


@pytest.fixture
def normen(db):
    for (leefsituatie, aow), bedrag in TESTNORMEN.items():
        Bijstandsnorm.objects.update_or_create(
            geldig_vanaf=date(2026, 1, 1), leefsituatie=leefsituatie, aow=aow, defaults={"bedrag": D(bedrag)}
        )


def maak_inwoner(inkomen: str | None = "1600.00", bedragen=("300.00", "150.00"), **kwargs):
    """A resident with an income (or none) and open aanslagen: 2026 (due 30 April) and 2025 (overdue)."""
    persoon = BelastingplichtigeFactory(**kwargs)
    if inkomen is not None:
        Inkomensgegeven.objects.create(
            belastingplichtige=persoon,
            netto_maandinkomen=D(inkomen),
            bron=Inkomensbron.LOONSTROOK,
            peildatum=date(2026, 1, 15),
        )
    aanslagen = [AanslagFactory(belastingplichtige=persoon, bedrag=D(bedragen[0]))]
    for bedrag in bedragen[1:]:
        aanslagen.append(
            AanslagFactory(
                belastingplichtige=persoon,
                bedrag=D(bedrag),
                belastingjaar=2025,
                dagtekening=date(2025, 2, 28),
                eerste_vervaldatum=date(2025, 4, 30),
            )
        )
    return persoon, aanslagen


@pytest.fixture
def inwoner(db, normen):
    return maak_inwoner()


@pytest.fixture
def ander(db, normen):
    return maak_inwoner(bedragen=("500.00",))


def inloggen(client, persoon):
    """Sign in as the DigiD stand-in does: its ACS is called back with the BSN."""
    antwoord = client.get("/portaal/digid/acs/", {"bsn": persoon.bsn})
    assert antwoord.status_code == 302, antwoord
    return antwoord

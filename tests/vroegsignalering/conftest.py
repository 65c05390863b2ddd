from datetime import date, datetime, time
from decimal import Decimal as D

import pytest
from django.utils import timezone

from invordering import services as kern
from invordering.constants import ContactKanaal, ContactRichting, ContactUitkomst, ToestemmingSoort
from tests.invordering.factories import AanslagFactory, BelastingplichtigeFactory
from vroegsignalering.models import Signaalbeleid

GRONDSLAG = "Verordening vroegsignalering belastingen, art. 3 (voorbeeld)"


def moment(d: date, uur: int = 10):
    return timezone.make_aware(datetime.combine(d, time(uur, 0)))


def persoon_met_achterstand(*bedragen, jaren=None, vervaldatum=date(2026, 4, 30), **persoon):
    """A resident with one open aanslag per amount, all past due after ``vervaldatum``."""
    p = BelastingplichtigeFactory(**persoon)
    for i, bedrag in enumerate(bedragen or ("300.00",)):
        jaar = (jaren or [2026] * len(bedragen or (1,)))[i]
        AanslagFactory(
            belastingplichtige=p,
            bedrag=D(bedrag),
            belastingjaar=jaar,
            dagtekening=date(jaar, 2, 28),
            eerste_vervaldatum=date(jaar, vervaldatum.month, vervaldatum.day),
        )
    return p


def poging(p, d: date, uitkomst=ContactUitkomst.NIET_BEREIKT, richting=ContactRichting.UITGAAND):
    return kern.contact_vastleggen(
        belastingplichtige=p,
        tijdstip=moment(d),
        kanaal=ContactKanaal.TELEFOON,
        uitkomst=uitkomst,
        richting=richting,
    )


def toestemming(p, d: date):
    return kern.toestemming_geef(
        belastingplichtige=p,
        soort=ToestemmingSoort.GEGEVENS_NAAR_SCHULDHULP,
        tijdstip=moment(d),
        bron="medewerker",
    )


@pytest.fixture
def beleid(db):
    """The seeded policy (from 2021), as the data migration left it."""
    return Signaalbeleid.objects.get(geldig_vanaf=date(2021, 1, 1))


@pytest.fixture
def met_grondslag(beleid):
    beleid.grondslag = GRONDSLAG
    beleid.save()
    return beleid

from datetime import date
from decimal import Decimal as D

import pytest
from django.contrib.auth.models import Group
from django_otp.oath import TOTP

from invordering import rollen
from invordering.constants import Inkomensbron
from invordering.models import Inkomensgegeven
from medewerker import views
from tests.invordering.factories import AanslagFactory, BelastingplichtigeFactory

VANDAAG = date(2026, 6, 1)


@pytest.fixture(autouse=True)
def _vandaag(monkeypatch):
    """The dashboard's today is fixed in tests (services get it passed in)."""
    monkeypatch.setattr(views, "vandaag", lambda: VANDAAG)


@pytest.fixture
def rollen_klaar(db):
    rollen.rollen_bijwerken()


def _gebruiker(django_user_model, naam, rol):
    voornaam, _, achternaam = naam.partition(" ")
    user = django_user_model.objects.create_user(
        naam.split()[0].lower(), password="geheim-wachtwoord-123", first_name=voornaam, last_name=achternaam
    )
    if rol:
        user.groups.add(Group.objects.get(name=rol))
    return user


@pytest.fixture
def medewerker(rollen_klaar, django_user_model):
    return _gebruiker(django_user_model, "Mila Medewerker", rollen.MEDEWERKER)


@pytest.fixture
def collega(rollen_klaar, django_user_model):
    return _gebruiker(django_user_model, "Karim Collega", rollen.MEDEWERKER)


@pytest.fixture
def teamleider(rollen_klaar, django_user_model):
    return _gebruiker(django_user_model, "Tom Teamleider", rollen.TEAMLEIDER)


@pytest.fixture
def beheerder(rollen_klaar, django_user_model):
    return _gebruiker(django_user_model, "Bea Beheer", rollen.FUNCTIONEEL_BEHEER)


def als(client, gebruiker):
    client.force_login(gebruiker)
    return client


@pytest.fixture
def persoon(db):
    """An alleenstaande with a known income and two open aanslagen (2026 and 2025)."""
    p = BelastingplichtigeFactory(
        achternaam="Bakker", postcode="1234 AB", huisnummer=7, telefoon="0612345678"
    )
    Inkomensgegeven.objects.create(
        belastingplichtige=p,
        netto_maandinkomen=D("1600.00"),
        bron=Inkomensbron.LOONSTROOK,
        peildatum=date(2026, 1, 15),
    )
    AanslagFactory(belastingplichtige=p, bedrag=D("300.00"))
    AanslagFactory(
        belastingplichtige=p,
        bedrag=D("150.00"),
        belastingjaar=2025,
        dagtekening=date(2025, 2, 28),
        eerste_vervaldatum=date(2025, 4, 30),
    )
    return p


def code(apparaat) -> str:
    return (
        f"{TOTP(apparaat.bin_key, apparaat.step, apparaat.t0, apparaat.digits, apparaat.drift).token():06d}"
    )


def met_code(gebruikersnaam, apparaat, token, **extra) -> dict:
    """A sign-in form's fields with the password and a one-time code."""
    return {
        "username": gebruikersnaam,
        "password": "geheim-wachtwoord-123",
        "otp_device": apparaat.persistent_id,
        "otp_token": token,
        **extra,
    }

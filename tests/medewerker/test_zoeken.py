"""Search by BSN, name, aanslagnummer, betalingskenmerk and postcode + house number."""

import pytest
from django.urls import reverse

from tests.invordering.factories import BelastingplichtigeFactory

from .conftest import als

pytestmark = pytest.mark.django_db


@pytest.fixture
def ingelogd(client, medewerker):
    return als(client, medewerker)


def _dossier(persoon, soort):
    return f"{reverse('medewerker:dossier', args=[persoon.pk])}?via=zoeken:{soort}"


def test_een_treffer_opent_meteen_het_dossier(ingelogd, persoon):
    aanslag = persoon.aanslagen.order_by("id").first()
    for term, soort in (
        (persoon.bsn, "bsn"),
        (f"{persoon.bsn[:4]} {persoon.bsn[4:]}", "bsn"),
        (aanslag.aanslagnummer, "naam_of_aanslagnummer"),
        (aanslag.betalingskenmerk, "betalingskenmerk"),
        ("1234 AB 7", "postcode"),
        ("1234ab 7", "postcode"),
    ):
        antwoord = ingelogd.get(reverse("medewerker:zoeken"), {"q": term})
        assert antwoord.status_code == 302, term
        assert antwoord.url == _dossier(persoon, soort), term


def test_meer_treffers_geven_een_lijst(ingelogd, persoon):
    ander = BelastingplichtigeFactory(achternaam="Bakkers")
    antwoord = ingelogd.get(reverse("medewerker:zoeken"), {"q": "bakker"})
    assert antwoord.status_code == 200
    tekst = antwoord.content.decode()
    assert _dossier(persoon, "naam_of_aanslagnummer") in tekst
    assert _dossier(ander, "naam_of_aanslagnummer") in tekst


def test_niets_gevonden_legt_uit_waarop_je_kunt_zoeken(ingelogd, persoon):
    antwoord = ingelogd.get(reverse("medewerker:zoeken"), {"q": "Onbekendenaam"})
    assert antwoord.status_code == 200
    assert "Niemand gevonden" in antwoord.content.decode()

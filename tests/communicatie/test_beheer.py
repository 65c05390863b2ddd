"""Functioneel beheer edits letter texts in the admin: defaults from the files, live preview with the
reading ease, every save a new version, and the letters use the newest text."""

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from communicatie import pdf, weergave
from communicatie.models import Briefsjabloon, Sjabloonversie
from communicatie.services import Briefverzoek, brief_maak
from communicatie.sjablonen import Sjabloon
from communicatie.voorbeelden import voorbeeld

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(client):
    gebruiker = User.objects.create_superuser("beheer", "beheer@example.org", "x" * 12)
    client.force_login(gebruiker)
    return gebruiker


def test_nieuwe_tekst_begint_met_de_standaardtekst(client, beheerder):
    antwoord = client.get(reverse("admin:communicatie_briefsjabloon_add") + "?sleutel=aanmaning")
    assert antwoord.status_code == 200
    assert "artikel 11 van de Invorderingswet 1990" in antwoord.content.decode()
    lijst = client.get(reverse("admin:communicatie_briefsjabloon_changelist")).content.decode()
    assert "?sleutel=dwangbevel" in lijst


def test_live_voorbeeld_met_leesgemak_en_fout(client, beheerder):
    url = reverse("admin:communicatie_briefsjabloon_voorbeeld")
    tekst = weergave.standaardtekst(Sjabloon.AANMANING)
    antwoord = client.post(
        url, {"sleutel": "aanmaning", "onderwerp": tekst.onderwerp, "inhoud": tekst.inhoud}
    ).json()
    assert "Aanmaning" in antwoord["html"] and antwoord["leesgemak"] >= 60 and antwoord["minimum"] == 60
    kapot = client.post(url, {"sleutel": "aanmaning", "onderwerp": "x", "inhoud": "{% if %}"})
    assert kapot.status_code == 400 and "voorbeeldgegevens" in kapot.json()["fout"]


def test_opslaan_maakt_versies_en_de_brief_gebruikt_de_nieuwste(client, beheerder):
    url = reverse("admin:communicatie_briefsjabloon_add")
    data = {
        "sleutel": "herinnering_halverwege",
        "onderwerp": "Betaal op tijd, {{ aanslagnummer }}",
        "inhoud": '<p>Wij zien nog geen betaling. Betaal {{ betaling.bedrag|euro }} op tijd.</p><div class="actie"><p>Doe het nu.</p></div>',
        "toelichting": "Korter",
        "versies-TOTAL_FORMS": "0",
        "versies-INITIAL_FORMS": "0",
    }
    assert client.post(url, data).status_code == 302
    sjabloon = Briefsjabloon.objects.get()
    assert (sjabloon.versie, sjabloon.gewijzigd_door) == (1, beheerder) and sjabloon.leesgemak > 0
    wijzig = reverse("admin:communicatie_briefsjabloon_change", args=[sjabloon.pk])
    data2 = {
        **data,
        "onderwerp": "Nog niet betaald",
        "versies-INITIAL_FORMS": "1",
        "versies-TOTAL_FORMS": "1",
        "versies-0-id": str(Sjabloonversie.objects.get().pk),
        "versies-0-sjabloon": str(sjabloon.pk),
    }
    data2.pop("sleutel")
    assert client.post(wijzig, data2).status_code == 302
    assert list(
        Sjabloonversie.objects.order_by("versie").values_list("versie", "onderwerp", "toelichting")
    ) == [
        (1, "Betaal op tijd, {{ aanslagnummer }}", "Korter"),
        (2, "Nog niet betaald", "Korter"),
    ]
    brief = brief_maak(
        Briefverzoek(
            sleutel="x",
            sjabloon=Sjabloon.HERINNERING_HALVERWEGE,
            datum=date(2026, 4, 1),
            ontvanger="belastingplichtige:1",
            naam="A",
            gegevens=voorbeeld(Sjabloon.HERINNERING_HALVERWEGE),
        )
    )
    w = pdf.render(brief)
    assert "Nog niet betaald" in w.html and "Wij zien nog geen betaling" in w.html and w.versie == 2


def test_kapotte_tekst_wordt_niet_opgeslagen(client, beheerder):
    data = {
        "sleutel": "aanmaning",
        "onderwerp": "x",
        "inhoud": "{{ openstaand|bestaatniet }}",
        "versies-TOTAL_FORMS": "0",
        "versies-INITIAL_FORMS": "0",
    }
    antwoord = client.post(reverse("admin:communicatie_briefsjabloon_add"), data)
    assert antwoord.status_code == 200 and "voorbeeldgegevens" in antwoord.content.decode()
    assert not Briefsjabloon.objects.exists()


def test_brief_in_de_admin_met_pdf(client, beheerder):
    brief = brief_maak(
        Briefverzoek(
            sleutel="x",
            sjabloon=Sjabloon.AANMANING,
            datum=date(2026, 4, 1),
            ontvanger="belastingplichtige:1",
            naam="A",
            gegevens=voorbeeld(Sjabloon.AANMANING),
        )
    )
    assert client.get(reverse("admin:communicatie_brief_change", args=[brief.pk])).status_code == 200
    antwoord = client.get(reverse("admin:communicatie_brief_pdf", args=[brief.pk]))
    assert antwoord.content.startswith(b"%PDF-")

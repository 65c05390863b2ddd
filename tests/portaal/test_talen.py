"""Languages: every portal text is translated into the five languages; the switcher works without JS."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from tests.portaal.conftest import inloggen

TALEN = ["en", "tr", "ar", "pl", "uk"]


def _onvertaald(po: Path) -> list[str]:
    """msgids from the portal (``#: portaal/...``) whose translation is empty or fuzzy."""
    missend = []
    for blok in po.read_text(encoding="utf-8").split("\n\n"):
        if not re.search(r"^#: .*portaal/", blok, re.M):
            continue
        if re.search(r"^#, .*fuzzy", blok, re.M):
            missend.append(blok)
            continue
        vertalingen = re.findall(r'^msgstr(?:\[\d+\])? "(.*)"\n((?:".*"\n?)*)', blok + "\n", re.M)
        if not vertalingen or any(not (eerste or rest.strip('"\n')) for eerste, rest in vertalingen):
            missend.append(blok.splitlines()[-1][:80])
    return missend


@pytest.mark.parametrize("taal", TALEN)
def test_elke_portaaltekst_is_vertaald(taal):
    po = Path(settings.BASE_DIR) / "locale" / taal / "LC_MESSAGES" / "django.po"
    assert _onvertaald(po) == []


@pytest.mark.parametrize(
    ("taal", "tekst"),
    [
        ("en", "My taxes"),
        ("tr", "Vergilerim"),
        ("ar", "ضرائبي"),
        ("pl", "Moje podatki"),
        ("uk", "Мої податки"),
    ],
)
def test_vertaling_is_gecompileerd(taal, tekst):
    with translation.override(taal):
        assert translation.gettext("Mijn belastingen") == tekst


@pytest.mark.django_db
def test_portaal_in_het_arabisch_van_rechts_naar_links(client, inwoner):
    inloggen(client, inwoner[0])
    client.post("/portaal/taal/", {"taal": "ar", "volgende": "/portaal/overzicht/"})
    pagina = client.get("/portaal/overzicht/").content.decode()
    assert 'lang="ar" dir="rtl"' in pagina and "ماذا عليك أن تفعل؟" in pagina


@pytest.mark.django_db
def test_taal_kiezen_zonder_inloggen(client):
    antwoord = client.post("/portaal/taal/", {"taal": "uk", "volgende": "/portaal/kwijtschelding/check/"})
    assert antwoord["Location"] == "/portaal/kwijtschelding/check/"
    assert (
        "Чи маєте ви шанс на звільнення від сплати?"
        in client.get("/portaal/kwijtschelding/check/").content.decode()
    )


@pytest.mark.django_db
def test_onbekende_taal_wordt_genegeerd(client):
    client.post("/portaal/taal/", {"taal": "xx", "volgende": "/portaal/"})
    assert 'lang="nl"' in client.get("/portaal/").content.decode()


@pytest.mark.django_db
def test_nederlands_tenzij_de_inwoner_kiest(client):
    """The browser's Accept-Language does not decide; the resident's choice (cookie) does."""
    pagina = client.get("/portaal/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="nl"' in pagina and "Mijn belastingen" in pagina
    client.post("/portaal/taal/", {"taal": "en", "volgende": "/portaal/"})
    assert "My taxes" in client.get("/portaal/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()


@pytest.mark.django_db
def test_wat_de_keten_hierna_doet_in_het_engels(client, inwoner):
    inloggen(client, inwoner[0])
    client.post("/portaal/taal/", {"taal": "en", "volgende": "/portaal/overzicht/"})
    pagina = client.get("/portaal/overzicht/").content.decode()
    assert "we will send you a formal reminder (aanmaning) on" in pagina
    assert "This costs you € 8,00 extra." in pagina

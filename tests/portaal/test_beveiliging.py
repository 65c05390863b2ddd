"""Security of the portal: every URL as another resident gives 404, never data; sign-in, CSP, timeout."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver

from communicatie import betaallink
from communicatie.models import Brief
from invordering.constants import Bron
from invordering.regelingen import regeling_maak
from kwijtschelding import services as kw_services
from kwijtschelding.views import PORTAAL_SESSIE_SLEUTEL
from portaal import betaalprovider
from portaal.urls import portaal_patterns
from tests.kwijtschelding.factories import gegevens_arm
from tests.portaal.conftest import VANDAAG, inloggen

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def gegevens_van_ander(ander):
    """Everything the other resident has that has an id in a URL."""
    persoon, aanslagen = ander
    verzoek = kw_services.verzoek_indienen(
        belastingplichtige=persoon, aanslagen=aanslagen, gegevens=gegevens_arm(), datum=VANDAAG
    )
    document = kw_services.document_toevoegen(
        verzoek=verzoek,
        bestand=SimpleUploadedFile("loon.pdf", PDF, content_type="application/pdf"),
        soort="inkomen",
        belastingplichtige=persoon,
    )
    brief = Brief.objects.create(
        sleutel="test:brief:ander",
        sjabloon="aanmaning",
        datum=VANDAAG,
        ontvanger=f"belastingplichtige:{persoon.pk}",
        naam=persoon.naam,
    )
    return {"aanslag": aanslagen[0], "verzoek": verzoek, "document": document, "brief": brief}


# Every portal URL with an id, filled with the other resident's object.
URLS_MET_ID = {
    "aanslag": lambda g: f"/portaal/aanslagen/{g['aanslag'].pk}/",
    "aanslag_betalen": lambda g: f"/portaal/aanslagen/{g['aanslag'].pk}/betalen/",
    "kwijtschelding_verzoek": lambda g: f"/portaal/kwijtschelding/{g['verzoek'].pk}/",
    "brief_pdf": lambda g: f"/portaal/brieven/{g['brief'].pk}/pdf/",
}
# Pages without an id: they show only the signed-in resident's own data (checked on content below).
URLS_ZONDER_ID = {
    "start",
    "inloggen",
    "digid_acs",
    "uitloggen",
    "taal",
    "overzicht",
    "regeling",
    "regeling_betalen",
    "kwijtschelding",
    "kwijtschelding_aanvragen",
    "kwijtschelding_check",
    "kan_niet_betalen",
    "contact",
    "toestemmingen",
    "brieven",
    "schuldenoverzicht",
}
# Pages reached by a signed token instead of a sign-in (tested separately below).
URLS_MET_TOKEN = {"betaallink", "testbank"}
# The payment provider's doors: the return page (static text) and its webhook, which books only what
# the provider's own API reports (tests/portaal/test_mollie.py); neither shows anyone's data.
URLS_VOOR_DE_PROVIDER = {"betaling_klaar", "mollie_melding"}


def test_elke_portaal_url_is_ingedeeld():
    """A new URL must be added to one of the lists above, so the wrong-resident test covers it."""
    namen = {p.name for p in portaal_patterns if isinstance(p, URLPattern)}
    assert not [p for p in portaal_patterns if isinstance(p, URLResolver)]
    assert namen == set(URLS_MET_ID) | URLS_ZONDER_ID | URLS_MET_TOKEN | URLS_VOOR_DE_PROVIDER


def test_deuren_van_de_betaalprovider_tonen_geen_gegevens(client, inwoner):
    persoon, aanslagen = inwoner
    inloggen(client, persoon)
    klaar = client.get("/portaal/betalen-klaar/").content.decode()
    assert persoon.naam not in klaar and not any(a.aanslagnummer in klaar for a in aanslagen)
    melding = client.post("/portaal/mollie/melding/", {"id": "tr_x"})  # test provider: no webhook at all
    assert melding.status_code == 404 and not melding.content.strip().startswith(b"{")


@pytest.mark.parametrize("naam", sorted(URLS_MET_ID))
@pytest.mark.parametrize("methode", ["get", "post"])
def test_url_met_id_van_een_ander_geeft_404(client, inwoner, gegevens_van_ander, naam, methode):
    persoon, _ = inwoner
    inloggen(client, persoon)
    url = URLS_MET_ID[naam](gegevens_van_ander)
    antwoord = getattr(client, methode)(url)
    assert antwoord.status_code in (404, 405), (url, antwoord.status_code)
    assert gegevens_van_ander["aanslag"].aanslagnummer.encode() not in antwoord.content


def test_document_van_een_ander_geeft_404(client, inwoner, gegevens_van_ander):
    persoon, _ = inwoner
    inloggen(client, persoon)
    assert client.get(f"/kwijtschelding/documenten/{gegevens_van_ander['document'].pk}/").status_code == 404


@pytest.mark.parametrize(
    "naam", sorted(URLS_ZONDER_ID - {"start", "inloggen", "digid_acs", "uitloggen", "taal"})
)
def test_pagina_zonder_id_toont_geen_gegevens_van_een_ander(client, inwoner, gegevens_van_ander, naam):
    persoon, aanslagen = inwoner
    inloggen(client, persoon)
    antwoord = client.get(f"/portaal/{_pad(naam)}")
    assert antwoord.status_code in (200, 302, 404)
    inhoud = antwoord.content.decode()
    assert gegevens_van_ander["aanslag"].aanslagnummer not in inhoud
    assert gegevens_van_ander["aanslag"].betalingskenmerk not in inhoud


def _pad(naam: str) -> str:
    patroon = next(p for p in portaal_patterns if p.name == naam)
    return str(patroon.pattern)


@pytest.mark.parametrize(
    "naam",
    sorted(
        set(URLS_MET_ID) | URLS_ZONDER_ID - {"start", "inloggen", "digid_acs", "taal", "kwijtschelding_check"}
    ),
)
def test_zonder_inloggen_naar_de_inlogpagina(client, gegevens_van_ander, naam):
    url = URLS_MET_ID[naam](gegevens_van_ander) if naam in URLS_MET_ID else f"/portaal/{_pad(naam)}"
    antwoord = client.get(url)
    if naam == "uitloggen":
        assert antwoord.status_code == 405  # only POST signs out
        return
    assert antwoord.status_code == 302 and antwoord["Location"].startswith("/portaal/inloggen/")


def test_betaallink_toont_alleen_dat_ene_doel_zonder_inloggen(client, inwoner, ander):
    persoon, aanslagen = inwoner
    a = aanslagen[0]
    token = betaallink.maak_token(
        f"aanslag:{a.pk}", bedrag=D("300.00"), kenmerk=a.betalingskenmerk, geldig_tot=date(2026, 4, 30)
    )
    antwoord = client.get(f"/portaal/betalen/{token}/")
    assert antwoord.status_code == 200
    inhoud = antwoord.content.decode()
    assert a.betalingskenmerk in inhoud and "300,00" in inhoud
    assert persoon.naam not in inhoud and aanslagen[1].betalingskenmerk not in inhoud
    # Nothing else is reachable: the session has no resident.
    assert PORTAAL_SESSIE_SLEUTEL not in client.session
    assert client.get("/portaal/overzicht/").status_code == 302


def test_betaallink_veranderd_of_verlopen_geeft_404(client, inwoner):
    persoon, aanslagen = inwoner
    a = aanslagen[0]
    token = betaallink.maak_token(
        f"aanslag:{a.pk}", bedrag=D("300.00"), kenmerk=a.betalingskenmerk, geldig_tot=date(2026, 3, 1)
    )
    assert client.get(f"/portaal/betalen/{token}/").status_code == 404  # expired on 1 March
    assert client.get(f"/portaal/betalen/{token[:-2]}xx/").status_code == 404


def test_testbank_token_veranderd_geeft_404(client):
    assert client.get("/portaal/testbank/niet-getekend/").status_code == 404


def test_regeling_van_een_ander_is_niet_te_betalen(client, inwoner, ander):
    """The plan pay page looks up the signed-in resident's own plan only."""
    regeling_maak(belastingplichtige=ander[0], datum=VANDAAG, bron=Bron.PORTAAL)
    inloggen(client, inwoner[0])
    assert client.get("/portaal/regeling/betalen/").status_code == 404


def test_onbekend_bsn_logt_niet_in(client, db):
    antwoord = client.get("/portaal/digid/acs/", {"bsn": "999999990"})
    assert antwoord.status_code == 200 and PORTAAL_SESSIE_SLEUTEL not in client.session
    assert client.get("/portaal/digid/acs/", {"bsn": "abc"}).status_code == 302
    assert PORTAAL_SESSIE_SLEUTEL not in client.session


def test_inloggen_geeft_een_nieuwe_sessie_met_timeout(client, inwoner, settings):
    persoon, _ = inwoner
    client.get("/portaal/")
    client.session.save()
    oud = client.session.session_key
    inloggen(client, persoon)
    assert client.session.session_key != oud
    assert client.session[PORTAAL_SESSIE_SLEUTEL] == persoon.pk
    assert client.session.get_expiry_age() == settings.PORTAAL_SESSIE_MINUTEN * 60 == 15 * 60


def test_uitloggen_wist_de_sessie(client, inwoner):
    inloggen(client, inwoner[0])
    assert client.post("/portaal/uitloggen/").status_code == 200
    assert client.get("/portaal/overzicht/").status_code == 302


def test_terugkeer_na_inloggen_alleen_naar_het_portaal(client, inwoner):
    persoon, _ = inwoner
    antwoord = client.get("/portaal/digid/acs/", {"bsn": persoon.bsn, "next": "https://evil.example/"})
    assert antwoord["Location"] == "/portaal/overzicht/"
    client.post("/portaal/uitloggen/")
    antwoord = client.get("/portaal/digid/acs/", {"bsn": persoon.bsn, "next": "/portaal/brieven/"})
    assert antwoord["Location"] == "/portaal/brieven/"


def test_csp_en_geen_cache(client, inwoner):
    inloggen(client, inwoner[0])
    antwoord = client.get("/portaal/overzicht/")
    csp = antwoord["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert "no-store" in antwoord["Cache-Control"]
    assert antwoord["X-Frame-Options"] == "DENY"


def test_csrf_wordt_gecontroleerd(inwoner):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    inloggen(client, inwoner[0])
    assert client.post("/portaal/kan-niet-betalen/", {"telefoon": "0612345678"}).status_code == 403


def test_mock_digid_staat_uit_in_saml_modus(client, inwoner, settings):
    settings.PORTAAL_DIGID = "saml"
    antwoord = client.get("/portaal/digid/acs/", {"bsn": inwoner[0].bsn})
    assert antwoord.status_code == 302 and PORTAAL_SESSIE_SLEUTEL not in client.session


def test_betaalprovider_onbekend_doel():
    with pytest.raises(betaalprovider.BetalingOngeldig):
        betaalprovider.doel_gegevens("iets:1")

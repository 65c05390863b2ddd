"""The DigiD adapter: the NameID of the SAML answer, and the SAML path through our ACS (client stubbed)."""

import pytest

from kwijtschelding.views import PORTAAL_SESSIE_SLEUTEL
from portaal import identiteit


def test_bsn_uit_name_id():
    assert identiteit.bsn_uit_name_id("s00000000:999000007") == "999000007"
    for fout in ("s00000001:999000007", "999000007", "", None):
        with pytest.raises(identiteit.InloggenMislukt):
            identiteit.bsn_uit_name_id(fout)


class _Antwoord:
    def __init__(self, name_id):
        self.name_id = name_id

    def get_nameid(self):
        return self.name_id


@pytest.mark.django_db
def test_saml_acs_logt_in_met_het_bsn_uit_het_artefact(client, inwoner, settings, monkeypatch):
    from digid_eherkenning.saml2 import digid

    persoon, _ = inwoner
    settings.PORTAAL_DIGID = "saml"
    gevraagd = []

    class Client:
        def artifact_resolve(self, request, artefact):
            gevraagd.append(artefact)
            return _Antwoord(f"s00000000:{persoon.bsn}")

    monkeypatch.setattr(digid, "DigiDClient", Client)
    # The mock's ?bsn= is ignored in saml mode: only the resolved artifact counts.
    antwoord = client.get("/portaal/digid/acs/", {"SAMLart": "AAQAA", "bsn": "999999990"})
    assert antwoord.status_code == 302 and gevraagd == ["AAQAA"]
    assert client.session[PORTAAL_SESSIE_SLEUTEL] == persoon.pk


@pytest.mark.django_db
def test_saml_fout_logt_niet_in(client, inwoner, settings, monkeypatch):
    from digid_eherkenning.saml2 import digid
    from onelogin.saml2.utils import OneLogin_Saml2_Error

    settings.PORTAAL_DIGID = "saml"

    class Client:
        def artifact_resolve(self, request, artefact):
            raise OneLogin_Saml2_Error("geannuleerd")

    monkeypatch.setattr(digid, "DigiDClient", Client)
    antwoord = client.get("/portaal/digid/acs/", {"SAMLart": "AAQAA"})
    assert antwoord["Location"] == "/portaal/inloggen/" and PORTAAL_SESSIE_SLEUTEL not in client.session


@pytest.mark.django_db
def test_mock_inloggen_stuurt_naar_de_nep_digid(client):
    antwoord = client.get("/portaal/inloggen/", {"digid": "1", "volgende": "/portaal/brieven/"})
    assert antwoord.status_code == 302 and antwoord["Location"].startswith("/portaal/digid-mock/inloggen/")
    assert "acs=http" in antwoord["Location"] and "%2Fportaal%2Fbrieven%2F" in antwoord["Location"]


@pytest.mark.django_db
def test_nep_digid_bestaat_niet_in_saml_modus(client, settings):
    assert client.get("/portaal/digid-mock/inloggen/", {"acs": "/", "next": "/"}).status_code == 200
    settings.PORTAAL_DIGID = "saml"
    assert client.get("/portaal/digid-mock/inloggen/", {"acs": "/", "next": "/"}).status_code == 404

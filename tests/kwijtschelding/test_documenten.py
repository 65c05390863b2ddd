"""Upload checks (type by content, size), private storage, and the access rule with its download view."""

import re

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kwijtschelding import services
from kwijtschelding.constants import (
    FOUT_DOCUMENT_ANDERE_PERSOON,
    FOUT_DOCUMENT_EXTENSIE,
    FOUT_DOCUMENT_GESLOTEN,
    FOUT_DOCUMENT_MISMATCH,
    FOUT_DOCUMENT_TYPE,
)
from kwijtschelding.forms import DocumentForm
from kwijtschelding.models import Document, Documentinzage
from kwijtschelding.views import PORTAAL_SESSIE_SLEUTEL
from tests.invordering.factories import BelastingplichtigeFactory
from tests.kwijtschelding.factories import DATUM, aanslag, gegevens_arm, medewerker

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def _verzoek(persoon=None):
    persoon = persoon or BelastingplichtigeFactory()
    return services.verzoek_indienen(
        belastingplichtige=persoon, aanslagen=[aanslag(persoon)], gegevens=gegevens_arm(), datum=DATUM
    )


def _toevoegen(verzoek, naam, inhoud, **kwargs):
    return services.document_toevoegen(
        verzoek=verzoek, bestand=SimpleUploadedFile(naam, inhoud), soort="bankafschrift", **kwargs
    )


@pytest.mark.parametrize(
    ("naam", "inhoud", "soort"),
    [("a.pdf", PDF, "application/pdf"), ("b.PNG", PNG, "image/png"), ("c.jpeg", JPG, "image/jpeg")],
)
def test_toegestane_bestanden_in_prive_opslag(naam, inhoud, soort):
    verzoek = _verzoek()
    document = _toevoegen(verzoek, naam, inhoud, belastingplichtige=verzoek.belastingplichtige)
    assert document.content_type == soort and document.grootte == len(inhoud) and document.naam == naam
    pad = document.bestand.path
    assert pad.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not pad.startswith(str(settings.MEDIA_ROOT)) and not pad.startswith(str(settings.STATIC_ROOT))
    # Stored under a random name (the original may hold a name or a BSN).
    assert re.fullmatch(r"kwijtschelding/\d+/[0-9a-f]{32}\.(pdf|png|jpeg)", document.bestand.name)
    with document.bestand.open("rb") as f:
        assert f.read() == inhoud


@pytest.mark.parametrize(
    ("naam", "inhoud", "fout"),
    [
        ("script.pdf", b"#!/bin/sh\nrm -rf /\n", FOUT_DOCUMENT_TYPE),
        ("pagina.html", b"<html></html>", FOUT_DOCUMENT_EXTENSIE),
        ("foto.pdf", PNG, FOUT_DOCUMENT_MISMATCH),
        ("virus.exe", b"MZ\x90\x00", FOUT_DOCUMENT_EXTENSIE),
    ],
)
def test_verkeerd_type_wordt_geweigerd_op_inhoud(naam, inhoud, fout):
    verzoek = _verzoek()
    with pytest.raises(ValidationError) as e:
        _toevoegen(verzoek, naam, inhoud)
    assert e.value.message_dict == {"bestand": [fout]}
    assert not Document.objects.exists()


def test_te_groot_bestand_wordt_geweigerd(settings):
    settings.KWIJTSCHELDING_DOCUMENT_MAX_MB = 1
    verzoek = _verzoek()
    with pytest.raises(ValidationError) as e:
        _toevoegen(verzoek, "groot.pdf", PDF + b"0" * (1024 * 1024))
    assert "te groot" in e.value.message_dict["bestand"][0]
    _toevoegen(verzoek, "klein.pdf", PDF)  # just under the limit is fine
    assert Document.objects.count() == 1


def test_leeg_bestand_wordt_geweigerd():
    with pytest.raises(ValidationError) as e:
        _toevoegen(_verzoek(), "leeg.pdf", b"")
    assert "bestand" in e.value.message_dict


def test_inwoner_kan_niet_bij_verzoek_van_ander_uploaden():
    verzoek = _verzoek()
    with pytest.raises(PermissionDenied, match=str(FOUT_DOCUMENT_ANDERE_PERSOON)):
        _toevoegen(verzoek, "a.pdf", PDF, belastingplichtige=BelastingplichtigeFactory())
    assert not Document.objects.exists()


def test_geen_upload_bij_afgehandeld_verzoek(django_user_model):
    verzoek = _verzoek()
    services.verzoek_beslissen(verzoek=verzoek, datum=DATUM, door=medewerker(django_user_model))
    verzoek.refresh_from_db()
    with pytest.raises(ValidationError) as e:
        _toevoegen(verzoek, "a.pdf", PDF)
    assert e.value.message_dict == {"verzoek": [FOUT_DOCUMENT_GESLOTEN]}


def test_formulier_controleert_ook_de_inhoud():
    form = DocumentForm(data={"soort": "inkomen"}, files={"bestand": SimpleUploadedFile("loon.pdf", PNG)})
    assert not form.is_valid() and form.errors["bestand"] == [FOUT_DOCUMENT_MISMATCH]
    form = DocumentForm(data={"soort": "inkomen"}, files={"bestand": SimpleUploadedFile("loon.pdf", PDF)})
    assert form.is_valid()


def _inloggen_als_inwoner(client, persoon):
    sessie = client.session
    sessie[PORTAAL_SESSIE_SLEUTEL] = persoon.pk
    sessie.save()


def test_inwoner_downloadt_eigen_document_en_inzage_wordt_gelogd(client):
    verzoek = _verzoek()
    document = _toevoegen(verzoek, "loon.pdf", PDF)
    _inloggen_als_inwoner(client, verzoek.belastingplichtige)
    antwoord = client.get(f"/kwijtschelding/documenten/{document.pk}/")
    assert antwoord.status_code == 200
    assert b"".join(antwoord.streaming_content) == PDF
    assert antwoord["Content-Type"] == "application/pdf"
    assert "private" in antwoord["Cache-Control"] and "no-store" in antwoord["Cache-Control"]
    inzage = Documentinzage.objects.get(document=document)
    assert inzage.belastingplichtige == verzoek.belastingplichtige and inzage.gebruiker is None


def test_document_van_een_ander_is_onzichtbaar(client):
    document = _toevoegen(_verzoek(), "loon.pdf", PDF)
    _inloggen_als_inwoner(client, BelastingplichtigeFactory())
    assert client.get(f"/kwijtschelding/documenten/{document.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/kwijtschelding/documenten/{document.pk}/").status_code == 404
    assert not Documentinzage.objects.exists()


def test_medewerker_met_recht_ziet_documenten_zonder_recht_niet(client, django_user_model):
    document = _toevoegen(_verzoek(), "loon.pdf", PDF)
    zonder_recht = django_user_model.objects.create_user("gast", "g@example.org", "wachtwoord-lang-genoeg")
    client.force_login(zonder_recht)
    assert client.get(f"/kwijtschelding/documenten/{document.pk}/").status_code == 404
    officer = medewerker(django_user_model)
    client.force_login(officer)
    assert client.get(f"/kwijtschelding/documenten/{document.pk}/").status_code == 200
    assert Documentinzage.objects.get().gebruiker == officer


def test_met_twee_factoren_alleen_met_code(client, django_user_model, settings):
    """Production: the officer's session with the password alone sees no document (404, as any
    other refusal), and leaves no view in the log; with the one-time code it does."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.MEDEWERKER_2FA = True
    document = _toevoegen(_verzoek(), "loon.pdf", PDF)
    officer = medewerker(django_user_model)
    client.force_login(officer)
    assert client.get(f"/kwijtschelding/documenten/{document.pk}/").status_code == 404
    assert not Documentinzage.objects.exists()
    sessie = client.session
    sessie["otp_device_id"] = TOTPDevice.objects.create(user=officer, name="app").persistent_id
    sessie.save()
    assert client.get(f"/kwijtschelding/documenten/{document.pk}/").status_code == 200

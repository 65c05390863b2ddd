"""Archive: a resident's letters, the officer's view, the private storage that follows the settings, and
letters the domain apps really make rendered correctly."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from communicatie import voorbeelden
from communicatie.constants import BriefStatus
from communicatie.models import Brief
from communicatie.pdf import pdf_voor
from communicatie.selectors import brieven_voor
from communicatie.services import Briefverzoek, brief_maak
from communicatie.sjablonen import Sjabloon
from invordering.constants import Inkomensbron
from invordering.models import Inkomensgegeven
from invordering.regelingen import regeling_maak
from tests.invordering.factories import AanslagFactory, BelastingplichtigeFactory

from .pdfhulp import qr_codes

pytestmark = pytest.mark.django_db


def brief(sleutel, datum, ontvanger="belastingplichtige:1", sjabloon=Sjabloon.HERINNERING_HALVERWEGE):
    return brief_maak(
        Briefverzoek(
            sleutel=sleutel,
            sjabloon=sjabloon,
            datum=datum,
            ontvanger=ontvanger,
            naam="J. de Vries",
            adresregels=["Dorpsstraat 1", "1234 AB  Voorbeeldstad"],
            gegevens=voorbeelden.voorbeeld(sjabloon),
        )
    )


def test_brieven_voor_nieuwste_eerst_zonder_vervallen():
    a = brief("a", date(2026, 3, 1))
    b = brief("b", date(2026, 4, 1))
    c = brief("c", date(2026, 4, 1))
    brief("d", date(2026, 5, 1), ontvanger="belastingplichtige:2")
    v = brief("e", date(2026, 6, 1))
    Brief.objects.filter(pk=v.pk).update(status=BriefStatus.VERVALLEN)
    assert list(brieven_voor("belastingplichtige:1")) == [c, b, a]


def test_pdf_voor_maakt_en_bewaart_een_keer_in_de_prive_opslag(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "elders"), "base_url": None},
        },
    }
    b = brief("a", date(2026, 3, 1))
    eerste = pdf_voor(b)
    b.refresh_from_db()
    assert eerste.startswith(b"%PDF-") and b.status == BriefStatus.GEMAAKT and b.paginas >= 1
    assert (tmp_path / "elders" / b.pdf.name).read_bytes() == eerste
    assert pdf_voor(b) == eerste  # stored, not rendered again


def test_medewerker_opent_een_brief_andere_gebruiker_niet(client):
    b = brief("a", date(2026, 3, 1))
    url = reverse("communicatie:brief_pdf", args=[b.pk])
    gewoon = User.objects.create_user("gewoon", password="x" * 12)
    client.force_login(gewoon)
    assert client.get(url).status_code == 403
    medewerker = User.objects.create_user("medewerker", password="x" * 12)
    medewerker.user_permissions.add(Permission.objects.get(codename="view_brief"))
    client.force_login(medewerker)
    antwoord = client.get(url)
    assert antwoord.status_code == 200 and antwoord["Content-Type"] == "application/pdf"
    assert antwoord.content.startswith(b"%PDF-")


def test_bevestiging_van_een_echte_regeling_vraagt_de_eerste_termijn():
    persoon = BelastingplichtigeFactory()
    Inkomensgegeven.objects.create(
        belastingplichtige=persoon,
        netto_maandinkomen=D("1600.00"),
        bron=Inkomensbron.LOONSTROOK,
        peildatum=date(2026, 1, 15),
    )
    AanslagFactory(belastingplichtige=persoon, bedrag=D("300.00"))
    regeling = regeling_maak(belastingplichtige=persoon, datum=date(2026, 3, 2), aantal_termijnen=6)
    b = Brief.objects.get(sjabloon=Sjabloon.REGELING_BEVESTIGING)
    inhoud = pdf_voor(b)
    (code,) = qr_codes(inhoud)
    regels = code.split("\n")
    assert regels[7] == "EUR50.00" and regels[9] == regeling.betalingskenmerk


def test_met_twee_factoren_opent_alleen_een_sessie_met_code_een_brief(client, settings):
    """Production asks every staff page for the one-time code: a session with the password alone
    (from before two factors, or got in some other way) opens no letter."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.MEDEWERKER_2FA = True
    url = reverse("communicatie:brief_pdf", args=[brief("a", date(2026, 3, 1)).pk])
    medewerker = User.objects.create_user("medewerker", password="x" * 12)
    medewerker.user_permissions.add(Permission.objects.get(codename="view_brief"))
    client.force_login(medewerker)
    assert client.get(url).status_code == 403
    sessie = client.session
    sessie["otp_device_id"] = TOTPDevice.objects.create(user=medewerker, name="app").persistent_id
    sessie.save()
    assert client.get(url).status_code == 200

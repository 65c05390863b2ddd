"""An officer sets up their own authenticator app, only from a session that passed both factors."""

import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from medewerker import tweestaps

from .conftest import als, met_code

pytestmark = pytest.mark.django_db

URL = reverse("medewerker:tweestaps")


def code(device: TOTPDevice, stappen_later: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + stappen_later * device.step
    return f"{totp.token():06d}"


def inloggen(client, device, token, gebruikersnaam="mila"):
    return client.post(reverse("medewerker:inloggen"), met_code(gebruikersnaam, device, token))


@pytest.fixture
def tweestaps_aan(settings):
    settings.MEDEWERKER_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no waiting after the wrong code in these tests


def test_eerste_keer_met_een_reservecode_dan_de_app(client, medewerker, tweestaps_aan):
    reserve = StaticDevice.objects.create(user=medewerker, name="reserve")
    reserve.token_set.create(token="eenmalig1")
    assert inloggen(client, reserve, "eenmalig1").status_code == 302

    pagina = client.get(URL)
    assert pagina.status_code == 200
    device = TOTPDevice.objects.get(user=medewerker)
    assert not device.confirmed  # shown, not yet usable to sign in
    tekst = pagina.content.decode()
    assert "<svg" in tekst and tweestaps.geheim(device) in tekst
    assert client.get(URL).status_code == 200 and TOTPDevice.objects.count() == 1  # the same app, once

    fout = client.post(URL, {"code": "000000"})
    assert fout.status_code == 200 and "Deze code klopt niet" in fout.content.decode()
    assert not TOTPDevice.objects.get().confirmed

    assert client.post(URL, {"code": code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed and device.name == tweestaps.APP
    assert StaticDevice.objects.filter(user=medewerker).exists()  # the backup codes stay

    client.logout()
    # The next code (the one just typed counts once; the app's clock may run a step ahead).
    assert inloggen(client, device, code(device, stappen_later=1)).status_code == 302
    assert client.get(reverse("medewerker:start")).status_code == 200


def test_een_nieuwe_telefoon_vervangt_de_oude_app(client, medewerker, tweestaps_aan):
    oud = TOTPDevice.objects.create(user=medewerker, name=tweestaps.APP, confirmed=True)
    assert inloggen(client, oud, code(oud)).status_code == 302
    pagina = client.get(URL)
    assert "werkt de oude daarna niet meer" in pagina.content.decode()
    nieuw = TOTPDevice.objects.get(user=medewerker, confirmed=False)
    client.post(URL, {"code": code(nieuw)})
    assert list(TOTPDevice.objects.values_list("pk", "confirmed")) == [(nieuw.pk, True)]
    assert client.get(reverse("medewerker:start")).status_code == 200  # still signed in, by the new app


def test_met_alleen_een_wachtwoord_geen_app(client, medewerker, tweestaps_aan):
    """A stolen password must not add the thief's app: the page needs both factors already."""
    als(client, medewerker)
    antwoord = client.get(URL)
    assert antwoord.status_code == 302 and antwoord.url.startswith(reverse("medewerker:inloggen"))
    assert client.post(URL, {"code": "123456"}).status_code == 302
    assert not TOTPDevice.objects.exists()


def test_ook_functioneel_beheer_stelt_de_eigen_app_in(client, beheerder, tweestaps_aan):
    """Their own account: no dashboard right needed, only both factors."""
    reserve = StaticDevice.objects.create(user=beheerder, name="reserve")
    reserve.token_set.create(token="eenmalig2")
    inloggen(client, reserve, "eenmalig2", gebruikersnaam=beheerder.username)
    assert client.get(URL).status_code == 200
    nieuw = TOTPDevice.objects.get(user=beheerder)
    assert client.post(URL, {"code": code(nieuw)}).url == reverse("admin:index")  # no dashboard for them
    beheerder.is_staff = True
    beheerder.save(update_fields=["is_staff"])
    assert f'href="{URL}"' in client.get(reverse("admin:index")).content.decode()  # the way back here

"""An officer sets up their own authenticator app (the second factor) from the dashboard.

Only from a session that already passed both factors where production asks for them: the first time
with a one-time backup code from functioneel beheer (``addstatictoken`` or a static device in the
admin), later with the old app. So a password alone never adds an app. The new app is a TOTP device
that counts for sign-in only once the officer has typed a code from it; then it replaces their
other apps (a new phone), and their backup codes stay as they are.
"""

from __future__ import annotations

from base64 import b32encode

from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

from communicatie.qr import qr_svg

NIEUW = "nieuwe app (nog niet bevestigd)"
APP = "authenticator-app"


def nieuwe_app(gebruiker) -> TOTPDevice:
    """The officer's app being set up: the unconfirmed device, made once and shown until confirmed."""
    device = TOTPDevice.objects.filter(user=gebruiker, confirmed=False).order_by("id").first()
    return device or TOTPDevice.objects.create(user=gebruiker, name=NIEUW, confirmed=False)


def geheim(device: TOTPDevice) -> str:
    """The key as people type it into an app that cannot scan: base32 in groups of four."""
    tekst = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(tekst[i : i + 4] for i in range(0, len(tekst), 4))


def qr(device: TOTPDevice) -> SafeString:
    """The QR code an app scans (the otpauth:// address with the key and the issuer), as inline SVG."""
    return mark_safe(qr_svg(device.config_url))  # noqa: S308 - our own drawing; the address is ours


def heeft_app(gebruiker) -> bool:
    return TOTPDevice.objects.filter(user=gebruiker, confirmed=True).exists()


def app_bevestigen(gebruiker, code: str) -> TOTPDevice | None:
    """Confirm the app being set up with a code from it; it then replaces the officer's other apps.
    None when the code is wrong (the app stays unconfirmed and can be tried again)."""
    code = "".join(code.split())
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=gebruiker, confirmed=False)
            .order_by("id")
            .first()
        )
        if device is None or not code.isdigit() or not device.verify_token(code):
            return None
        device.confirmed = True
        device.name = APP
        device.save(update_fields=["confirmed", "name"])
        TOTPDevice.objects.filter(user=gebruiker).exclude(pk=device.pk).delete()
    return device

"""SMS backends, shaped like Django's e-mail backends: one interface, a console backend for the embedded
default and development, a memory backend for tests, and ``NotifyBackend`` for NotifyNL (the Dutch
government's notification service, a fork of GOV.UK Notify) or any service with the same API."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import sys
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from . import jsonhttp


@dataclass(frozen=True)
class Sms:
    naar: str
    tekst: str
    afzender: str


class SmsFout(Exception):
    """The provider refused or could not be reached; the message is recorded as failed."""


class BasisBackend:
    def verstuur(self, sms: Sms) -> str:
        """Send one message; return the provider's reference. Raise ``SmsFout`` when it fails."""
        raise NotImplementedError


class ConsoleBackend(BasisBackend):
    _slot = threading.Lock()

    def verstuur(self, sms: Sms) -> str:
        with self._slot:
            sys.stdout.write(f"SMS van {sms.afzender} naar {sms.naar}:\n{sms.tekst}\n{'-' * 40}\n")
            sys.stdout.flush()
        return "console"


# Messages the memory backend "sent" (tests read and clear this list, like django.core.mail.outbox).
postvak: list[Sms] = []


class GeheugenBackend(BasisBackend):
    def verstuur(self, sms: Sms) -> str:
        postvak.append(sms)
        return f"geheugen-{len(postvak)}"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def notify_token(*, service_id: str, geheim: str, nu: float) -> str:
    """The JWT that authenticates one request: HS256 over ``{"iss": service id, "iat": now}``, signed
    with the key's secret (Notify accepts it within 30 seconds of its own clock)."""
    kop = _b64(json.dumps({"typ": "JWT", "alg": "HS256"}, separators=(",", ":")).encode())
    inhoud = _b64(json.dumps({"iss": service_id, "iat": int(nu)}, separators=(",", ":")).encode())
    handtekening = hmac.new(geheim.encode(), f"{kop}.{inhoud}".encode(), hashlib.sha256).digest()
    return f"{kop}.{inhoud}.{_b64(handtekening)}"


def notify_sleutel(api_key: str) -> tuple[str, str]:
    """Service id and secret from a Notify API key (``<name>-<service id>-<secret>``, both UUIDs)."""
    if len(api_key) < 74 or api_key[-37] != "-":
        raise SmsFout("SMS_NOTIFY_API_KEY is geen Notify-sleutel (naam-service id-geheim).")
    return api_key[-73:-37], api_key[-36:]


class NotifyBackend(BasisBackend):
    """Sends through the Notify API (``POST /v2/notifications/sms``). Notify sends templates only: set
    up one SMS template whose whole body is ``((bericht))`` and give its id; the text goes in as that
    placeholder. Settings: ``SMS_NOTIFY_URL`` (e.g. https://api.notifynl.nl), ``SMS_NOTIFY_API_KEY``,
    ``SMS_NOTIFY_TEMPLATE_ID``, optionally ``SMS_NOTIFY_AFZENDER_ID`` (the sender set up in Notify)."""

    timeout = 10

    def __init__(self):
        self.url = settings.SMS_NOTIFY_URL.rstrip("/") + "/v2/notifications/sms"
        self.service_id, self.geheim = notify_sleutel(settings.SMS_NOTIFY_API_KEY)
        self.template_id = settings.SMS_NOTIFY_TEMPLATE_ID
        self.afzender_id = settings.SMS_NOTIFY_AFZENDER_ID

    def verstuur(self, sms: Sms) -> str:
        body = {
            "phone_number": sms.naar,
            "template_id": self.template_id,
            "personalisation": {"bericht": sms.tekst},
        }
        if self.afzender_id:
            body["sms_sender_id"] = self.afzender_id
        token = notify_token(service_id=self.service_id, geheim=self.geheim, nu=time.time())
        try:
            return jsonhttp.verzoek(self.url, token=token, body=body, timeout=self.timeout)["id"]
        except jsonhttp.Geweigerd as fout:
            fouten = (fout.antwoord or {}).get("errors", [])
            reden = "; ".join(f"{f.get('error')}: {f.get('message')}" for f in fouten) or fout.reden
            raise SmsFout(f"Notify weigerde het bericht ({fout.status}): {reden}") from fout
        except jsonhttp.Onbereikbaar as fout:
            raise SmsFout(f"Notify is niet bereikbaar: {fout}") from fout
        except (KeyError, TypeError) as fout:
            raise SmsFout(f"Onverwacht antwoord van Notify: {fout}") from fout


def backend() -> BasisBackend:
    return import_string(settings.SMS_BACKEND)()


def verstuur(naar: str, tekst: str) -> str:
    return backend().verstuur(Sms(naar=naar, tekst=tekst, afzender=settings.SMS_AFZENDER))

"""SMS backends, shaped like Django's e-mail backends: one interface, a console backend for the embedded
default and development, a memory backend for tests. A provider's backend subclasses ``BasisBackend``."""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


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


def backend() -> BasisBackend:
    return import_string(settings.SMS_BACKEND)()


def verstuur(naar: str, tekst: str) -> str:
    return backend().verstuur(Sms(naar=naar, tekst=tekst, afzender=settings.SMS_AFZENDER))

"""Paying online: a small interface for a payment provider (iDEAL via a PSP) and a test provider.

The portal asks the provider configured in ``PORTAAL_BETAALPROVIDER`` to ``start`` a payment for one
target (an opaque ``doel`` such as ``aanslag:12`` or ``regeling:3``) and sends the resident to the URL
it returns. When the provider reports the payment as paid, ``betaling_verwerken`` books it once: the
provider's transaction id is the ``referentie`` of a ``Betaling`` with ``Betaalbron.PORTAAL``, which is
unique per source, so a double report or a reload never books twice.

``TestProvider`` stands in for a real PSP in development, the demo and the tests: its "bank" is a page
of the portal itself, and the transaction travels as a signed, expiring token (nothing stored).
A real provider implements the same two methods (start, and a webhook view that calls
``betaling_verwerken``). ``MollieProvider`` does this for iDEAL through Mollie's Payments API.
"""

from __future__ import annotations

import json
import secrets
import urllib.parse
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Protocol

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from communicatie import jsonhttp
from invordering import services
from invordering.constants import AanslagStatus, Betaalbron, BetalingStatus
from invordering.models import Aanslag, Belastingplichtige, Betaling, Betalingsregeling

TEST_SALT = "portaal.betaalprovider.test"
TEST_GELDIG_SECONDEN = 30 * 60


class BetalingOngeldig(Exception):
    """The payment cannot be started or booked (unknown target, nothing due, altered token)."""


class ProviderFout(Exception):
    """The provider refused the payment or could not be reached; nothing was paid or booked."""

    def __init__(self, bericht: str, status: int | None = None):
        super().__init__(bericht)
        self.status = status


@dataclass(frozen=True)
class Betaalopdracht:
    """What to pay: one target, the amount and the betalingskenmerk, and where to return."""

    doel: str
    bedrag: Decimal
    kenmerk: str
    omschrijving: str
    terug_url: str


@dataclass(frozen=True)
class Transactie:
    id: str
    doel: str
    bedrag: Decimal
    kenmerk: str
    terug_url: str


class Betaalprovider(Protocol):
    naam: str

    def start(self, opdracht: Betaalopdracht) -> str:
        """Start a payment; returns the URL to send the resident to."""


def provider() -> Betaalprovider:
    return import_string(settings.PORTAAL_BETAALPROVIDER)()


class TestProvider:
    """A stand-in "bank": a portal page where the resident presses Pay or Cancel."""

    naam = "test"

    def start(self, opdracht: Betaalopdracht) -> str:
        gegevens = {
            "id": secrets.token_hex(8),
            "d": opdracht.doel,
            "b": f"{opdracht.bedrag:.2f}",
            "k": opdracht.kenmerk,
            "t": opdracht.terug_url,
        }
        token = signing.dumps(gegevens, salt=TEST_SALT, compress=True)
        return reverse("portaal:testbank", args=[token])

    @staticmethod
    def lees(token: str) -> Transactie:
        try:
            g = signing.loads(token, salt=TEST_SALT, max_age=TEST_GELDIG_SECONDEN)
            return Transactie(
                id=g["id"], doel=g["d"], bedrag=Decimal(g["b"]), kenmerk=g["k"], terug_url=g["t"]
            )
        except (signing.BadSignature, KeyError, TypeError, ValueError) as fout:
            raise BetalingOngeldig("De betaling is niet geldig of verlopen.") from fout


class MollieProvider:
    """iDEAL through Mollie's Payments API (``POST /v2/payments``), settings ``PORTAAL_MOLLIE_API_KEY``
    and ``PORTAAL_BASIS_URL`` (the public address Mollie sends the resident back to and reports to).

    Mollie reports a change by POSTing only the payment's id to the webhook (``mollie_melding``); the
    portal then reads the payment from the API itself, so a forged report can book nothing. The target,
    kenmerk and amount travel in the payment's metadata and are checked again when it is booked.
    """

    naam = "mollie"
    timeout = 10

    def __init__(self):
        self.url = settings.PORTAAL_MOLLIE_URL.rstrip("/")
        self.sleutel = settings.PORTAAL_MOLLIE_API_KEY
        if not self.sleutel:
            raise ProviderFout("PORTAAL_MOLLIE_API_KEY ontbreekt.")

    def _verzoek(self, pad: str, body: dict | None = None) -> dict:
        try:
            return jsonhttp.verzoek(self.url + pad, token=self.sleutel, body=body, timeout=self.timeout)
        except jsonhttp.Geweigerd as fout:
            detail = (fout.antwoord or {}).get("detail", fout.reden)
            raise ProviderFout(
                f"Mollie weigerde het verzoek ({fout.status}): {detail}", fout.status
            ) from fout
        except jsonhttp.Onbereikbaar as fout:
            raise ProviderFout(f"Mollie is niet bereikbaar of gaf geen antwoord: {fout}") from fout

    def start(self, opdracht: Betaalopdracht) -> str:
        basis = settings.PORTAAL_BASIS_URL.rstrip("/")
        betaling = self._verzoek(
            "/v2/payments",
            {
                "amount": {"currency": "EUR", "value": f"{opdracht.bedrag:.2f}"},
                "description": f"Gemeentebelastingen {opdracht.kenmerk}",
                "method": "ideal",
                "locale": "nl_NL",
                "redirectUrl": basis + reverse("portaal:betaling_klaar"),
                "webhookUrl": basis + reverse("portaal:mollie_melding"),
                "metadata": {"doel": opdracht.doel, "kenmerk": opdracht.kenmerk},
            },
        )
        try:
            return betaling["_links"]["checkout"]["href"]
        except (KeyError, TypeError) as fout:
            raise ProviderFout("Mollie gaf geen betaalpagina terug.") from fout

    def betaald(self, mollie_id: str) -> tuple[Transactie, date] | None:
        """The payment as Mollie reports it: a ``Transactie`` and its day when paid, else None."""
        if not (mollie_id.startswith("tr_") and mollie_id[3:].isalnum()):
            return None
        try:
            betaling = self._verzoek(f"/v2/payments/{urllib.parse.quote(mollie_id)}")
        except ProviderFout as fout:
            if fout.status == 404:  # not a payment of ours: nothing to book, nothing to retry
                return None
            raise
        if betaling.get("status") != "paid":
            return None
        try:
            bedrag = betaling["amount"]
            if bedrag["currency"] != "EUR":
                raise BetalingOngeldig("Alleen betalingen in euro.")
            metadata = betaling["metadata"]
            if isinstance(metadata, str):  # Mollie returns metadata as it was sent; accept both forms
                metadata = json.loads(metadata)
            transactie = Transactie(
                id=betaling["id"],
                doel=metadata["doel"],
                bedrag=Decimal(bedrag["value"]),
                kenmerk=metadata["kenmerk"],
                terug_url="",
            )
            betaald_op = timezone.localdate(datetime.fromisoformat(betaling["paidAt"]))
        except (KeyError, TypeError, ValueError, InvalidOperation) as fout:
            raise BetalingOngeldig(f"Onvolledige betaling van Mollie: {fout}") from fout
        return transactie, betaald_op


def doel_gegevens(doel: str) -> tuple[Belastingplichtige, list[Aanslag]]:
    """The resident and the aanslagen a target stands for (``aanslag:<id>`` or ``regeling:<id>``)."""
    soort, _, pk = doel.partition(":")
    if not pk.isdigit():
        raise BetalingOngeldig("Onbekend betaaldoel.")
    if soort == "aanslag":
        aanslag = Aanslag.objects.select_related("belastingplichtige").filter(pk=int(pk)).first()
        if aanslag is None:
            raise BetalingOngeldig("Onbekend betaaldoel.")
        return aanslag.belastingplichtige, [aanslag]
    if soort == "regeling":
        regeling = Betalingsregeling.objects.select_related("belastingplichtige").filter(pk=int(pk)).first()
        if regeling is None:
            raise BetalingOngeldig("Onbekend betaaldoel.")
        open_aanslagen = regeling.aanslagen.filter(status=AanslagStatus.OPEN).order_by("vervaldatum", "id")
        return regeling.belastingplichtige, list(open_aanslagen)
    raise BetalingOngeldig("Onbekend betaaldoel.")


def betaling_verwerken(*, transactie: Transactie, provider_naam: str, datum: date) -> Betaling:
    """Book a paid transaction once and allocate it to its target's aanslagen first."""
    persoon, aanslagen = doel_gegevens(transactie.doel)
    referentie = f"{provider_naam}:{transactie.id}"
    bestaand = Betaling.objects.filter(bron=Betaalbron.PORTAAL, referentie=referentie).first()
    if bestaand is not None:
        return bestaand
    try:
        with transaction.atomic():
            betaling = Betaling.objects.create(
                datum=datum,
                bedrag=transactie.bedrag,
                bron=Betaalbron.PORTAAL,
                referentie=referentie,
                betalingskenmerk=transactie.kenmerk,
                omschrijving=f"Betaling via het portaal ({transactie.doel})",
                belastingplichtige=persoon,
                status=BetalingStatus.ONGEMATCHT,
            )
            services.betaling_toerekenen(betaling=betaling, aanslagen=aanslagen, datum=datum)
    except IntegrityError:  # a second report of the same transaction at the same moment
        return Betaling.objects.get(bron=Betaalbron.PORTAAL, referentie=referentie)
    betaling.refresh_from_db()
    return betaling

"""Signed, expiring payment links: the contract between a letter and the portal's pay page.

A letter carries a link to ``/portaal/betalen/<token>/`` for *the amount due now*. The token names one
payment target (an opaque ``doel`` such as ``aanslag:12``), the amount and the betalingskenmerk, and
expires on a date. The portal reads it with ``lees_token`` and shows that one target, nothing else.
Signed with the project's secret key (``django.core.signing``), so it cannot be forged or altered.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core import signing

SALT = "communicatie.betaallink"
PAD = "/portaal/betalen/{token}/"


class BetaallinkOngeldig(Exception):
    """The token is altered, malformed or expired."""


@dataclass(frozen=True)
class Betaallink:
    doel: str
    bedrag: Decimal
    kenmerk: str
    geldig_tot: date


def maak_token(doel: str, *, bedrag: Decimal, kenmerk: str, geldig_tot: date) -> str:
    gegevens = {"d": doel, "b": f"{Decimal(bedrag):.2f}", "k": kenmerk, "g": geldig_tot.isoformat()}
    return signing.dumps(gegevens, salt=SALT, compress=True)


def lees_token(token: str, *, vandaag: date) -> Betaallink:
    """The link's content; raises ``BetaallinkOngeldig`` when altered, malformed or past ``geldig_tot``."""
    try:
        gegevens = signing.loads(token, salt=SALT)
        link = Betaallink(
            doel=str(gegevens["d"]),
            bedrag=Decimal(gegevens["b"]),
            kenmerk=str(gegevens["k"]),
            geldig_tot=date.fromisoformat(gegevens["g"]),
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError, InvalidOperation) as fout:
        raise BetaallinkOngeldig("De betaallink is niet geldig.") from fout
    if vandaag > link.geldig_tot:
        raise BetaallinkOngeldig("De betaallink is verlopen.")
    return link


def betaal_url(token: str) -> str:
    """The absolute URL printed on a letter (and encoded in its QR code's companion link)."""
    return settings.PORTAAL_BASIS_URL.rstrip("/") + PAD.format(token=token)

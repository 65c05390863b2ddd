"""Validators for identifiers that arrive from outside: BSN, IBAN, postcode, betalingskenmerk."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import betalingskenmerk

FOUT_BSN = _("Dit is geen geldig burgerservicenummer (de elfproef klopt niet).")
FOUT_IBAN = _("Dit is geen geldig IBAN-rekeningnummer.")
FOUT_POSTCODE = _("Een postcode bestaat uit vier cijfers en twee letters, bijvoorbeeld 1234 AB.")
FOUT_KENMERK = _("Dit is geen geldig betalingskenmerk (16 cijfers met een controlecijfer).")

# Length of the IBAN per country (ISO 13616 registry), for the SEPA countries residents bank in.
IBAN_LENGTES = {
    "AD": 24,
    "AT": 20,
    "BE": 16,
    "BG": 22,
    "CH": 21,
    "CY": 28,
    "CZ": 24,
    "DE": 22,
    "DK": 18,
    "EE": 20,
    "ES": 24,
    "FI": 18,
    "FR": 27,
    "GB": 22,
    "GI": 23,
    "GR": 27,
    "HR": 21,
    "HU": 28,
    "IE": 22,
    "IS": 26,
    "IT": 27,
    "LI": 21,
    "LT": 20,
    "LU": 20,
    "LV": 21,
    "MC": 27,
    "MT": 31,
    "NL": 18,
    "NO": 15,
    "PL": 28,
    "PT": 25,
    "RO": 24,
    "SE": 24,
    "SI": 19,
    "SK": 24,
    "SM": 27,
    "VA": 22,
}


def is_geldig_bsn(bsn: str) -> bool:
    """The elfproef for a BSN: 9 digits, sum of digit x weight (9..2, and -1 for the last) divisible by 11.

    Source: Logius, "Burgerservicenummer (BSN) - elfproef". Eight-digit numbers are written with a
    leading zero; an all-zero number passes the arithmetic but is not a BSN.
    """
    if not isinstance(bsn, str) or not re.fullmatch(r"\d{9}", bsn) or bsn == "000000000":
        return False
    wegingen = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(c) * w for c, w in zip(bsn, wegingen, strict=True)) % 11 == 0


def normaliseer_iban(iban: str) -> str:
    return re.sub(r"\s+", "", iban or "").upper()


def is_geldig_iban(iban: str) -> bool:
    """ISO 13616: country code, two check digits, the account; mod 97 of the rearranged number is 1."""
    iban = normaliseer_iban(iban)
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", iban):
        return False
    lengte = IBAN_LENGTES.get(iban[:2])
    if lengte is None or len(iban) != lengte:
        return False
    if iban[:2] == "NL" and not re.fullmatch(r"NL\d{2}[A-Z]{4}\d{10}", iban):
        return False
    herschikt = iban[4:] + iban[:4]
    getal = "".join(str(int(c, 36)) for c in herschikt)
    return int(getal) % 97 == 1


def normaliseer_postcode(postcode: str) -> str:
    postcode = re.sub(r"\s+", "", postcode or "").upper()
    return f"{postcode[:4]} {postcode[4:]}" if len(postcode) == 6 else postcode


def valideer_bsn(value: str) -> None:
    if not is_geldig_bsn(value):
        raise ValidationError(FOUT_BSN, code="bsn")


def valideer_iban(value: str) -> None:
    if value and not is_geldig_iban(value):
        raise ValidationError(FOUT_IBAN, code="iban")


def valideer_postcode(value: str) -> None:
    if value and not re.fullmatch(r"[1-9]\d{3} ?[A-Z]{2}", (value or "").upper()):
        raise ValidationError(FOUT_POSTCODE, code="postcode")


def valideer_betalingskenmerk(value: str) -> None:
    if not betalingskenmerk.is_geldig(value):
        raise ValidationError(FOUT_KENMERK, code="betalingskenmerk")

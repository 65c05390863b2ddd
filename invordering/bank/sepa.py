"""SEPA identifiers and text: creditor id, mandate id, the character set banks accept.

Sources: EPC262-08 "Creditor Identifier Overview" (structure and mod 97 check digits, ISO 7064);
EPC SDD Core rulebook and EPC217-08 (SEPA character set: Latin letters, digits and ``/-?:().,'+ ``;
mandate id up to 35 characters).
"""

import re
import unicodedata

_TOEGESTAAN = re.compile(r"[^A-Za-z0-9/\-?:().,'+ ]")
_MANDAAT_ID = re.compile(r"[A-Za-z0-9/\-?:().,'+]{1,35}")

FOUT_INCASSANT_ID = "Het incassant-ID {waarde!r} is geen geldig SEPA Creditor Identifier."
FOUT_MANDAAT_ID = (
    "Het machtigingskenmerk {waarde!r} is ongeldig: 1 tot 35 tekens, letters, cijfers en / - ? : ( ) . , ' +, "
    "zonder spaties."
)


def _cijfers(tekst: str) -> str:
    return "".join(str(int(c, 36)) for c in tekst)


def is_geldig_incassant_id(waarde: str) -> bool:
    """A SEPA Creditor Identifier: country code, 2 check digits, 3-character business code, national id.

    The check digits are ISO 7064 mod 97-10 over the national id followed by the country code and
    ``00``; the business code is not part of the check (EPC262-08).
    """
    waarde = (waarde or "").replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{3}[A-Z0-9]{1,28}", waarde):
        return False
    nationaal = waarde[7:]
    return 98 - int(_cijfers(nationaal + waarde[:2] + "00")) % 97 == int(waarde[2:4])


def is_geldig_mandaat_id(waarde: str) -> bool:
    return bool(_MANDAAT_ID.fullmatch(waarde or ""))


def sepa_tekst(tekst: str, lengte: int) -> str:
    """Text in the SEPA character set: accents dropped (é -> e), other characters become spaces."""
    zonder_accenten = unicodedata.normalize("NFKD", tekst or "").encode("ascii", "ignore").decode("ascii")
    schoon = re.sub(r"\s+", " ", _TOEGESTAAN.sub(" ", zonder_accenten)).strip()
    return schoon[:lengte].strip()

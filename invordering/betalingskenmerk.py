"""Betalingskenmerk: the 16-digit structured payment reference of Dutch banks (Currence).

Rule (DOMEIN.md, "Payments"; Currence "betalingskenmerk" specification): 16 digits, the first is a
check digit over the other 15. Weights 2, 4, 8, 5, 10, 9, 7, 3, 6, 1 repeat from the right; the check
digit is 11 - (sum mod 11), where 11 becomes 0 and 10 becomes 1.
"""

import functools
import operator
import re

LENGTE = 16
_WEGINGEN = (2, 4, 8, 5, 10, 9, 7, 3, 6, 1)
MAX_VOLGNUMMER = 10 ** (LENGTE - 1) - 1
# Serial numbers from here up belong to payment plans (docs/betalen.md); the levy system numbers
# aanslagen below it, so an imported aanslag can never take a plan's reference.
GERESERVEERD_VANAF = 900_000_000_000_000

FOUT_VOLGNUMMER = "Het volgnummer moet tussen 0 en {max} liggen."


def controlecijfer(cijfers: str) -> int:
    """The check digit for the 15 digits after it."""
    wegingen, nul = _wegingen(len(cijfers))
    if cijfers.isascii() and cijfers.isdigit():
        # The ASCII codes of the digits, less what the code of "0" adds up to: no int() per digit.
        totaal = sum(map(operator.mul, cijfers.encode("ascii"), wegingen)) - nul
    else:  # raises on what is not a digit, as int() does
        totaal = sum(map(operator.mul, map(int, cijfers), wegingen))
    check = 11 - (totaal % 11)
    return 0 if check == 11 else 1 if check == 10 else check


@functools.cache
def _wegingen(lengte: int) -> tuple[tuple[int, ...], int]:
    """The weights of ``lengte`` digits, left to right (they repeat from the right), and the weighted
    sum of as many zeros written as ASCII codes."""
    wegingen = tuple(_WEGINGEN[i % len(_WEGINGEN)] for i in reversed(range(lengte)))
    return wegingen, ord("0") * sum(wegingen)


def maak(volgnummer: int) -> str:
    """The betalingskenmerk for a serial number: its check digit followed by the number in 15 digits."""
    if isinstance(volgnummer, bool) or not isinstance(volgnummer, int):
        raise TypeError("volgnummer moet een int zijn")
    if not 0 <= volgnummer <= MAX_VOLGNUMMER:
        raise ValueError(FOUT_VOLGNUMMER.format(max=MAX_VOLGNUMMER))
    cijfers = f"{volgnummer:015d}"
    return f"{controlecijfer(cijfers)}{cijfers}"


def is_geldig(kenmerk: str) -> bool:
    """Whether a string is exactly 16 digits whose first digit is the right check digit."""
    if (
        not isinstance(kenmerk, str)
        or len(kenmerk) != LENGTE
        or not kenmerk.isascii()
        or not kenmerk.isdigit()
    ):
        return False
    return int(kenmerk[0]) == controlecijfer(kenmerk[1:])


def is_gereserveerd(kenmerk: str) -> bool:
    """Whether a valid kenmerk's serial number lies in the range reserved for payment plans."""
    return is_geldig(kenmerk) and int(kenmerk[1:]) >= GERESERVEERD_VANAF


_SCHEIDING = re.compile(r"[\s.\-]")
_KANDIDAAT = re.compile(r"(?<!\d)(\d(?:[\s.\-]?\d){15})(?!\d)")


def normaliseer(tekst: str) -> str:
    """Remove the spaces, dots and dashes residents type between the digits."""
    return _SCHEIDING.sub("", tekst or "")


def zoek_in_tekst(tekst: str) -> list[str]:
    """Every valid betalingskenmerk typed into free text, with or without spaces, dots or dashes."""
    gevonden = []
    for match in _KANDIDAAT.finditer(tekst or ""):
        kenmerk = normaliseer(match.group(1))
        if is_geldig(kenmerk) and kenmerk not in gevonden:
            gevonden.append(kenmerk)
    return gevonden

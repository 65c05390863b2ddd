"""Filters for letters: Dutch amounts and dates that do not depend on the active locale.

A letter is Dutch whatever language the resident reads the portal in, so these filters format by hand.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()

MAANDEN = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


@register.filter
def euro(waarde) -> str:
    """``Decimal("1234.5")`` -> ``€ 1.234,50``; a negative amount keeps its sign."""
    try:
        bedrag = Decimal(str(waarde)).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        return str(waarde)
    teken = "- " if bedrag < 0 else ""
    heel, _, cent = f"{abs(bedrag):.2f}".partition(".")
    groepen = f"{int(heel):,}".replace(",", ".")
    return f"{teken}€\u00a0{groepen},{cent}"


@register.filter
def datum(waarde) -> str:
    """``date(2026, 4, 30)`` or ``"2026-04-30"`` -> ``30 april 2026``."""
    if isinstance(waarde, str):
        try:
            waarde = date.fromisoformat(waarde)
        except ValueError:
            return waarde
    if not isinstance(waarde, date):
        return "" if waarde is None else str(waarde)
    return f"{waarde.day} {MAANDEN[waarde.month - 1]} {waarde.year}"


@register.filter
def kenmerk(waarde) -> str:
    """A betalingskenmerk in groups of four digits, as banks print it: ``5000 0012 3456 7890``."""
    tekst = str(waarde or "").replace(" ", "")
    return " ".join(tekst[i : i + 4] for i in range(0, len(tekst), 4))


@register.filter
def positief(waarde) -> bool:
    try:
        return Decimal(str(waarde)) > 0
    except (InvalidOperation, TypeError, ValueError):
        return False


@register.filter
def afbreekbaar(waarde, stap: int = 24) -> str:
    """A long URL with a break opportunity every ``stap`` characters (and after each slash), so it wraps
    the same way every time instead of relying on break-all."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    tekst = str(waarde)
    delen = [escape(tekst[i : i + stap]) for i in range(0, len(tekst), stap)]
    return mark_safe("<wbr>".join(delen).replace("/", "/<wbr>"))  # noqa: S308 - escaped above

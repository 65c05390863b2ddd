"""Money helpers. Amounts are Decimal with two places everywhere.

SQLite stores decimals as floating point, so a database SUM can come back as 91.1999999999999 and a
fully paid balance as 1e-14. Every sum of amounts goes through ``som_bedrag`` (rounded in SQL, so
comparisons such as ``openstaand <= 0`` hold) and every value read from an aggregate through ``geld``.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import DecimalField, Sum
from django.db.models.functions import Round

from .constants import BEDRAG, CENT


def geld(waarde) -> Decimal:
    """A Decimal with exactly two places (None counts as 0; floats from SQLite are rounded)."""
    if waarde is None:
        return Decimal("0.00")
    if isinstance(waarde, float):
        waarde = repr(waarde)
    return Decimal(waarde).quantize(CENT, rounding=ROUND_HALF_UP)


def som_bedrag(expressie, **kwargs):
    """``Sum`` of an amount, rounded to cents in the database."""
    return Round(Sum(expressie, **kwargs), 2, output_field=DecimalField(**BEDRAG))

"""Statutory collection costs from the dated cost table (Kostentarief).

Rule: Kostenwet invordering rijksbelastingen, applied to municipal taxes by Gemeentewet art. 231;
figures in shared/DOMEIN.md "Costs" (aanmaning EUR 8 below EUR 454 / EUR 18 from EUR 454; dwangbevel
EUR 46 up to EUR 90 plus EUR 4 per whole EUR 45 above, at most EUR 13,745; hernieuwd bevel EUR 18).
Whether the policy charges them, and the cap relative to the original debt, is the chain's business
(``invordering.keten``), not this function's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal

from .constants import KostenStap
from .geld import geld
from .models import Kostentarief

FOUT_STAP = "Onbekende stap {stap!r} voor kosten; kies uit: {keuzes}."
FOUT_BEDRAG = "Het bedrag voor de kosten moet een Decimal van 0 of meer zijn, niet {bedrag!r}."
FOUT_GEEN_TARIEF = "Geen kostentarief voor {stap} op {datum:%d-%m-%Y}; vul de tabel aan in het beheer."


@dataclass(frozen=True)
class Tarief:
    basis: Decimal
    drempel: Decimal | None
    stapgrootte: Decimal | None
    verhoging: Decimal
    maximum: Decimal | None

    def bedrag(self, vordering: Decimal) -> Decimal:
        """The costs for a claim of ``vordering`` under this row."""
        kosten = self.basis
        if self.drempel is not None:
            if self.stapgrootte is not None:
                boven = max(Decimal(0), vordering - self.drempel)
                stappen = (boven / self.stapgrootte).to_integral_value(rounding=ROUND_FLOOR)
                kosten += self.verhoging * stappen
            elif vordering >= self.drempel:
                kosten += self.verhoging
        if self.maximum is not None:
            kosten = min(kosten, self.maximum)
        return geld(kosten)


def tarieven(datum: date) -> dict[str, Tarief]:
    """The cost rows in force on ``datum`` per step (one query), for a batch to use in memory."""
    uitkomst: dict[str, Tarief] = {}
    for rij in Kostentarief.objects.filter(geldig_vanaf__lte=datum).order_by("stap", "-geldig_vanaf"):
        uitkomst.setdefault(
            rij.stap,
            Tarief(
                basis=rij.basis,
                drempel=rij.drempel,
                stapgrootte=rij.stapgrootte,
                verhoging=rij.verhoging,
                maximum=rij.maximum,
            ),
        )
    return uitkomst


def _controleer(stap: str, bedrag) -> None:
    if stap not in KostenStap.values:
        raise ValueError(FOUT_STAP.format(stap=stap, keuzes=", ".join(KostenStap.values)))
    if not isinstance(bedrag, Decimal) or bedrag < 0:
        raise ValueError(FOUT_BEDRAG.format(bedrag=bedrag))


def tarief_bedrag(tabel: dict[str, Tarief], stap: str, bedrag: Decimal, datum: date) -> Decimal:
    """``kosten`` with a preloaded ``tarieven(datum)`` table (no query)."""
    _controleer(stap, bedrag)
    try:
        return tabel[stap].bedrag(bedrag)
    except KeyError:
        raise LookupError(FOUT_GEEN_TARIEF.format(stap=stap, datum=datum)) from None


def kosten(stap: str, bedrag: Decimal, datum: date) -> Decimal:
    """Statutory costs of ``stap`` ("aanmaning", "dwangbevel", "hernieuwd_bevel") for a claim of
    ``bedrag`` on ``datum``, from the cost row in force that day (Kostenwet; see module docstring)."""
    _controleer(stap, bedrag)
    return tarief_bedrag(tarieven(datum), stap, bedrag, datum)

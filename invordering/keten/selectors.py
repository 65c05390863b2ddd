"""Reads of the chain: a timeline, the position of an aanslag, the policy of a resident."""

from __future__ import annotations

from datetime import date

from ..models import Aanslag, Belastingplichtige, Invorderingsbeleid, Ketenstand, Ketenstap
from .beleid import beleid_voor

FOUT_TIJDLIJN = "Geef een aanslag of een belastingplichtige (niet allebei)."


def tijdlijn(*, aanslag: Aanslag | None = None, belastingplichtige: Belastingplichtige | None = None):
    """The chain facts of one aanslag or of all of a resident's aanslagen, in order (date, then id).

    A queryset of Ketenstap with the aanslag, policy, letter and task joined (one query).
    """
    if (aanslag is None) == (belastingplichtige is None):
        raise ValueError(FOUT_TIJDLIJN)
    qs = Ketenstap.objects.select_related("aanslag", "beleid", "brief", "taak")
    qs = (
        qs.filter(aanslag=aanslag)
        if aanslag is not None
        else qs.filter(belastingplichtige=belastingplichtige)
    )
    return qs.order_by("datum", "id")


def ketenstand(*, aanslag: Aanslag) -> Ketenstand | None:
    """Where an aanslag is in the chain (None: nothing happened yet)."""
    return Ketenstand.objects.filter(aanslag=aanslag).first()


def beleid_van(*, belastingplichtige: Belastingplichtige, datum: date) -> Invorderingsbeleid:
    """The policy or pilot variant that applies to a resident on ``datum`` (deterministic)."""
    return beleid_voor(belastingplichtige=belastingplichtige, datum=datum)

"""Reads of vroegsignalering for the portal, the officers' dashboard and the monitoring report.

What SHV reports back stays with SHV: only "niet opgepakt" is ever shown, never a reason (DDAS, VNG).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from invordering.models import Belastingplichtige

from .constants import TE_BEHANDELEN_UITKOMSTEN, ZICHTBARE_UITKOMSTEN, Uitkomst
from .models import Signaal, Terugkoppeling, Verwijzing


@dataclass(frozen=True)
class SignaalOverzicht:
    """A signal as staff and the resident may see it: the feedback only when it is 'niet opgepakt'."""

    id: int
    datum: date
    criterium: str
    criterium_label: str
    status: str
    status_label: str
    bedrag: Decimal
    grondslag: str
    warme_overdracht: bool
    voorwaarden: str
    geexporteerd_op: date | None
    zichtbare_uitkomst: str | None  # "niet_opgepakt" or None


def zichtbare_uitkomst(uitkomsten) -> str | None:
    """Of SHV's outcomes for a signal, the one that may be shown back (only 'niet opgepakt')."""
    for uitkomst in uitkomsten:
        if uitkomst in ZICHTBARE_UITKOMSTEN:
            return str(uitkomst)
    return None


def signalen_van(*, belastingplichtige: Belastingplichtige) -> list[SignaalOverzicht]:
    """A resident's signals, newest first (two queries)."""
    signalen = list(
        Signaal.objects.filter(belastingplichtige=belastingplichtige)
        .prefetch_related("terugkoppelingen")
        .order_by("-datum", "-id")
    )
    return [
        SignaalOverzicht(
            id=s.pk,
            datum=s.datum,
            criterium=s.criterium,
            criterium_label=str(s.get_criterium_display()),
            status=s.status,
            status_label=str(s.get_status_display()),
            bedrag=s.bedrag,
            grondslag=s.grondslag,
            warme_overdracht=s.warme_overdracht,
            voorwaarden=s.voorwaarden_toelichting,
            geexporteerd_op=s.geexporteerd_op,
            zichtbare_uitkomst=zichtbare_uitkomst(t.uitkomst for t in s.terugkoppelingen.all()),
        )
        for s in signalen
    ]


def verwijzingen_van(*, belastingplichtige: Belastingplichtige):
    """A resident's warm referrals, newest first, with their signal (for the portal and the dossier)."""
    return (
        Verwijzing.objects.filter(belastingplichtige=belastingplichtige)
        .select_related("signaal", "toestemming")
        .order_by("-datum", "-id")
    )


def terugkoppeling_te_behandelen():
    """Feedback an officer must act on (the chain resumed or paused because of it), oldest first.

    The worklist shows what happened to the chain, not SHV's outcome itself, except 'niet opgepakt':
    use ``getoonde_uitkomst`` on each row.
    """
    return (
        Terugkoppeling.objects.filter(uitkomst__in=TE_BEHANDELEN_UITKOMSTEN, behandeld_op__isnull=True)
        .select_related("signaal", "signaal__belastingplichtige")
        .order_by("datum", "id")
    )


def getoonde_uitkomst(terugkoppeling: Terugkoppeling) -> str:
    """What a worklist may show for a feedback row: 'Niet opgepakt', or only what changed in the chain."""
    if terugkoppeling.uitkomst in ZICHTBARE_UITKOMSTEN:
        return str(Uitkomst(terugkoppeling.uitkomst).label)
    return "Teruggemeld: invordering gepauzeerd"


def signalen_gereed():
    """Signals whose preconditions are met, waiting for the next export."""
    return Signaal.objects.filter(status="gereed").select_related("belastingplichtige").order_by("id")

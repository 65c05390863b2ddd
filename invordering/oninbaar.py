"""Declaring aanslagen uncollectable (oninbaar), always with four eyes.

An officer proposes (a task for a second person); a teamleider approves. Only then is what is still
open written off with ``oninbaar`` bookings on each component, and the aanslag leaves the chain with
the status ``oninbaar``. One person can never do both (Leidraad Invordering 2008 leaves the decision to
the collector; municipalities require a second signature for write-offs: segregation of duties).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction

from .constants import AanslagStatus, Boekingsoort, TaakSoort
from .keten.oninbaar import oninbaar_afboeken
from .models import Aanslag, Belastingplichtige, Boeking, Taak
from .services import taak_maak

# The task of the second person; while it is open the chain holds (invordering.keten.stappen).
TAAK_ONINBAAR_BEOORDELEN = TaakSoort.ONINBAAR_BEOORDELEN

FOUT_ZELFDE_PERSOON = "Vier ogen: wie de oninbaarverklaring voorstelt, mag haar niet zelf goedkeuren."
FOUT_PERSOON_ONTBREEKT = "Vier ogen: een oninbaarverklaring heeft een voorsteller en een goedkeurder nodig."
FOUT_REDEN = "Geef een reden voor de oninbaarverklaring."
FOUT_GEEN_AANSLAGEN = "Kies minstens één aanslag om oninbaar te verklaren."
FOUT_NIET_OPEN = "Aanslag {aanslag} staat niet open ({status}) en kan niet oninbaar worden verklaard."
FOUT_ANDERE_PERSONEN = "Aanslagen van meer dan één belastingplichtige in één oninbaarverklaring."


def oninbaar_voorstel_taak(
    *,
    belastingplichtige: Belastingplichtige,
    aanslagen: Sequence[Aanslag],
    datum: date,
    deadline: date | None,
    reden: str,
    bron: str,
) -> Taak:
    """The task for the second person to judge a proposal (``bron`` names the proposal; idempotent)."""
    if not reden.strip():
        raise ValueError(FOUT_REDEN)
    if not aanslagen:
        raise ValueError(FOUT_GEEN_AANSLAGEN)
    nummers = ", ".join(a.aanslagnummer for a in aanslagen)
    return taak_maak(
        soort=TAAK_ONINBAAR_BEOORDELEN,
        belastingplichtige=belastingplichtige,
        datum=datum,
        aanslag=aanslagen[0] if len(aanslagen) == 1 else None,
        deadline=deadline,
        bron=bron,
        sleutel=f"oninbaar:{bron}",
        toelichting=f"Oninbaar voorgesteld voor {nummers}: {reden.strip()}",
    )


def oninbaar_verklaren(
    *,
    aanslagen: Sequence[Aanslag],
    datum: date,
    voorgesteld_door,
    goedgekeurd_door,
    reden: str,
) -> list[Boeking]:
    """Write off everything still open on ``aanslagen`` as uncollectable, after a second person approved.

    Refuses when proposer and approver are missing or the same person, without a reason, or when an
    aanslag is not open. Costs, interest and tax are each booked off (``Boekingsoort.ONINBAAR``), so the
    ledger still shows what was owed; the status becomes ``oninbaar`` on ``datum``. The write per
    aanslag is the chain's ``keten.oninbaar.oninbaar_afboeken`` (which also requires the approver to be
    a teamleider, raising PermissionError otherwise), so the chain closes and the fact is on the timeline.
    """
    if voorgesteld_door is None or goedgekeurd_door is None:
        raise ValueError(FOUT_PERSOON_ONTBREEKT)
    if voorgesteld_door.pk == goedgekeurd_door.pk:
        raise ValueError(FOUT_ZELFDE_PERSOON)
    if not reden.strip():
        raise ValueError(FOUT_REDEN)
    ids = sorted({a.pk for a in aanslagen})
    if not ids:
        raise ValueError(FOUT_GEEN_AANSLAGEN)
    with transaction.atomic():
        vergrendeld = list(Aanslag.objects.select_for_update().filter(id__in=ids).order_by("id"))
        if len({a.belastingplichtige_id for a in vergrendeld}) > 1:
            raise ValueError(FOUT_ANDERE_PERSONEN)
        for aanslag in vergrendeld:
            if aanslag.status != AanslagStatus.OPEN:
                raise ValueError(
                    FOUT_NIET_OPEN.format(aanslag=aanslag.aanslagnummer, status=aanslag.get_status_display())
                )
        # The chain's write-off per aanslag: books costs, interest and tax off (boekingen_maak, so
        # saldo_bijwerken), sets the status, lets its open chain tasks lapse and stores the fact.
        for aanslag in vergrendeld:
            oninbaar_afboeken(
                aanslag=aanslag,
                datum=datum,
                reden=reden.strip(),
                voorgesteld_door=voorgesteld_door,
                goedgekeurd_door=goedgekeurd_door,
            )
        return list(Boeking.objects.filter(aanslag_id__in=ids, soort=Boekingsoort.ONINBAAR, datum=datum))

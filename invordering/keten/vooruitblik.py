"""What the chain will do next to a resident's open aanslagen if nothing changes: the next escalation,
the earliest date it can come, the costs it would add, and whether the office calls first.

For the portal (seed 001: residents should see in time what happens and what it costs) and the
dashboard. The dates come from the same rule the daily run uses (``stappen.volgende``); the gates that
depend on the day itself (an open task, the bvv gate, a call that is answered) can only make the step
later or take it away, so the date is an *earliest* date, never a promise.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from ..constants import AanslagStatus, StapSoort
from ..kosten import tarieven
from ..models import Aanslag, Belastingplichtige, Ketenstand, Pauze, Termijn
from .beleid import beleidskeuze
from .run import STAND_VELDEN
from .stappen import (
    ESCALATIES,
    Dossier,
    Stand,
    _voorbellen_van_toepassing,
    effectieve_vervaldatum,
    kosten_voor,
    volgende,
)


@dataclass(frozen=True)
class Vooruitblik:
    soort: str  # a StapSoort in ESCALATIES
    vanaf: date  # the earliest date the step can come (today at the soonest)
    kosten: Decimal  # what the step would add to the debt (after the policy's cap)
    eerst_bellen: bool  # the policy has the office call before this step


def vooruitblik(
    *, belastingplichtige: Belastingplichtige, datum: date, aanslagen: list[Aanslag] | None = None
) -> dict[int, Vooruitblik]:
    """The next escalation per open, unpaused aanslag of the resident (by aanslag id) as of ``datum``.

    ``aanslagen``: the resident's aanslagen already loaded with their ``termijnen`` prefetched (a page
    that shows them saves two queries); by default they are read here. A fixed number of queries,
    whatever the number of aanslagen. Aanslagen without a coming escalation (paid, paused, at the
    end of the chain) are absent."""
    if aanslagen is None:
        aanslagen = list(
            Aanslag.objects.filter(belastingplichtige=belastingplichtige).prefetch_related("termijnen")
        )
    aanslagen = [a for a in aanslagen if a.status == AanslagStatus.OPEN and a.openstaand > 0]
    if not aanslagen:
        return {}
    ids = [a.pk for a in aanslagen]
    # Pauses in force, one row per paused aanslag (None: a pause on everything of the resident).
    gepauzeerd = set(
        Pauze.objects.actief_op(datum)
        .filter(belastingplichtige=belastingplichtige)
        .values_list("aanslagen__id", flat=True)
    )
    if None in gepauzeerd:
        return {}
    standen = {
        r[0]: Stand(*r[1:])
        for r in Ketenstand.objects.filter(aanslag_id__in=ids).values_list("aanslag_id", *STAND_VELDEN)
    }
    try:
        beleid = beleidskeuze(datum=datum).voor(belastingplichtige.pk, belastingplichtige.postcode)
    except LookupError:
        return {}
    tabel = tarieven(datum)

    uitkomst: dict[int, Vooruitblik] = {}
    for a in aanslagen:
        if a.pk in gepauzeerd:
            continue
        stand = standen.get(a.pk, Stand())
        dossier = Dossier(
            aanslag_id=a.pk,
            belastingplichtige_id=belastingplichtige.pk,
            dagtekening=a.dagtekening,
            vervaldatum=effectieve_vervaldatum(
                vervaldatum=a.vervaldatum,
                termijnen=[(t.vervaldatum, t.bedrag) for t in sorted(a.termijnen.all(), key=_volgnummer)],
                bedrag_belasting=a.bedrag_belasting,
                open_belasting=a.open_belasting,
            ),
            enkele_termijn=a.aantal_termijnen == 1,
            bedrag_belasting=a.bedrag_belasting,
            open_belasting=a.open_belasting,
            openstaand=a.openstaand,
            klantgroep=belastingplichtige.klantgroep,
            stand=stand,
        )
        # Step over what comes before the first escalation (reminders are free and need no warning),
        # looking at the chain as it will stand once those are sent.
        stap = volgende(dossier, beleid, max(datum, dossier.vervaldatum))
        if stap is None or stap[0] not in ESCALATIES:
            stap = _na_herinnering(dossier, beleid, datum, stap)
            if stap is None:
                continue
        soort, moment = stap[0], stap[1]
        vanaf = max(moment, datum)
        if stand.wacht_tot is not None:
            vanaf = max(vanaf, stand.wacht_tot)
        if stand.gepauzeerd:
            vanaf = max(vanaf, datum + timedelta(days=beleid.dagen_na_pauze))
        kosten, _ = kosten_voor(soort, dossier, beleid, tabel, vanaf)
        uitkomst[a.pk] = Vooruitblik(
            soort=soort,
            vanaf=vanaf,
            kosten=kosten,
            eerst_bellen=_voorbellen_van_toepassing(soort, dossier, beleid),
        )
    return uitkomst


def _volgnummer(termijn: Termijn) -> int:
    return termijn.volgnummer


def _na_herinnering(dossier: Dossier, beleid, datum: date, stap):
    """The first escalation after a free reminder that has not been sent yet (the reminder after the
    due date): assume it goes out on its own date, then ask the rule again."""
    if stap is None:
        return None
    soort, moment, _ = stap
    stand = dossier.stand
    if soort != StapSoort.HERINNERING_NA_VERVALDATUM:
        return None
    verstuurd = max(moment, datum)
    na = replace(dossier, stand=replace(stand, fase=soort, fase_datum=verstuurd, herinnering_op=verstuurd))
    volgende_stap = volgende(na, beleid, verstuurd)
    if volgende_stap is None or volgende_stap[0] not in ESCALATIES:
        return None
    return volgende_stap

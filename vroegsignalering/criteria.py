"""The signal criteria: one set-based rule per ``Criterium``, switched on and tuned by the dated policy.

A rule takes the policy's ``Signaalcriterium`` row and the date and returns ``{resident id: Treffer}``
in one query, whatever the number of residents. Adding a criterion is: a ``Criterium`` choice, a rule
here, an entry in ``REGELS`` and a row in the policy (admin). Sources: seed 001 (the 2022-2024
experiment signalled on aanmaning and dwangbevel moments), seed 004 (multi-year arrears, "klantgroep 1";
first-time arrears, "klantgroep 2"), seed 000 ("bij meerdere achterstanden of signalen").

Arrears are open aanslagen past their due date (the last installment's ``vervaldatum``) by more than
the criterion's ``dagen``. Aanslagen under an active pause (a plan, a pending remission, an adempauze)
do not count, and residents with a pause on all their aanslagen are not signalled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, Min, OuterRef
from django.utils import timezone

from invordering.constants import BEREIKT, AanslagStatus, ContactRichting, ContactUitkomst
from invordering.geld import geld, som_bedrag
from invordering.models import Aanslag, Contact, Pauze

from .constants import Criterium
from .models import Signaalcriterium


@dataclass
class Treffer:
    """A resident a criterion found, with the size and age of the arrears."""

    belastingplichtige_id: int
    bedrag: Decimal
    sinds: date | None
    criteria: list[str] = field(default_factory=list)


Regel = Callable[..., dict[int, Treffer]]


def achterstallig(*, datum: date, dagen: int = 0):
    """Open aanslagen with something left, past due by more than ``dagen`` on ``datum``, not paused."""
    actief = Pauze.objects.actief_op(datum)
    return (
        Aanslag.objects.filter(
            status=AanslagStatus.OPEN, openstaand__gt=0, vervaldatum__lt=datum - timedelta(days=dagen)
        )
        .exclude(pauzes__in=actief)
        .exclude(belastingplichtige__pauzes__in=actief.filter(aanslagen__isnull=True))
    )


def _per_persoon(qs):
    return (
        qs.order_by()
        .values("belastingplichtige_id")
        .annotate(
            totaal=som_bedrag("openstaand"),
            n=Count("id"),
            jaren=Count("belastingjaar", distinct=True),
            sinds=Min("vervaldatum"),
        )
    )


def _treffers(rijen, criterium: str) -> dict[int, Treffer]:
    return {
        r["belastingplichtige_id"]: Treffer(
            r["belastingplichtige_id"], geld(r["totaal"]), r["sinds"], [criterium]
        )
        for r in rijen
    }


def achterstand_bedrag(*, instelling: Signaalcriterium, datum: date) -> dict[int, Treffer]:
    """Arrears of at least ``drempel_bedrag`` in total, on at least ``aantal`` aanslagen (default 1)."""
    rijen = _per_persoon(achterstallig(datum=datum, dagen=instelling.dagen or 0)).filter(
        totaal__gte=instelling.drempel_bedrag or Decimal("0.01"), n__gte=instelling.aantal or 1
    )
    return _treffers(rijen, Criterium.ACHTERSTAND_BEDRAG)


def meerjarig(*, instelling: Signaalcriterium, datum: date) -> dict[int, Treffer]:
    """Arrears in at least ``aantal`` different tax years (default 2): seed 004's 'klantgroep 1'."""
    rijen = _per_persoon(achterstallig(datum=datum, dagen=instelling.dagen or 0)).filter(
        jaren__gte=instelling.aantal or 2
    )
    return _treffers(rijen, Criterium.MEERJARIG)


def kan_niet_betalen(*, instelling: Signaalcriterium, datum: date) -> dict[int, Treffer]:
    """Open debt, and in the last ``dagen`` days (default 90) a contact in which the resident said:
    I cannot pay (an officer's call, or the resident's own signal in the portal). The debt need not be
    past due: the resident's own word is the earliest signal there is."""
    sinds = datum - timedelta(days=instelling.dagen or 90)
    gezegd = Contact.objects.filter(
        belastingplichtige_id=OuterRef("belastingplichtige_id"),
        uitkomst=ContactUitkomst.BEREIKT_KAN_NIET,
        tijdstip__date__gt=sinds,
        tijdstip__date__lte=datum,
    )
    actief = Pauze.objects.actief_op(datum)
    qs = (
        Aanslag.objects.filter(status=AanslagStatus.OPEN, openstaand__gt=0)
        .exclude(pauzes__in=actief)
        .exclude(belastingplichtige__pauzes__in=actief.filter(aanslagen__isnull=True))
        .filter(Exists(gezegd))
    )
    return _treffers(_per_persoon(qs), Criterium.KAN_NIET_BETALEN)


def geen_contact(*, instelling: Signaalcriterium, datum: date) -> dict[int, Treffer]:
    """Arrears past due by ``dagen`` (default 28) and at least ``aantal`` (default 2) outgoing contact
    attempts since the oldest due date, none of which reached the resident, and no contact from them."""
    return _zonder_contact_sinds(
        achterstallig(datum=datum, dagen=instelling.dagen or 28),
        datum=datum,
        minimaal=instelling.aantal or 2,
        criterium=Criterium.GEEN_CONTACT,
        sinds_veld="vervaldatum",
    )


def _zonder_contact_sinds(
    qs, *, datum: date, minimaal: int, criterium: str, sinds_veld: str
) -> dict[int, Treffer]:
    """Residents of ``qs`` (aanslagen) with no contact that reached them since the oldest ``sinds_veld``
    date of their aanslagen, and at least ``minimaal`` outgoing attempts since then (two queries)."""
    rijen = {
        r["belastingplichtige_id"]: r
        for r in qs.order_by()
        .values("belastingplichtige_id")
        .annotate(totaal=som_bedrag("openstaand"), sinds=Min("vervaldatum"), vanaf=Min(sinds_veld))
    }
    if not rijen:
        return {}
    pogingen: dict[int, int] = {}
    bereikt: set[int] = set()
    for persoon_id, tijdstip, richting, uitkomst in Contact.objects.filter(
        belastingplichtige_id__in=qs.values("belastingplichtige_id"),
        tijdstip__date__gte=min(r["vanaf"] for r in rijen.values()),
        tijdstip__date__lte=datum,
    ).values_list("belastingplichtige_id", "tijdstip", "richting", "uitkomst"):
        if timezone.localtime(tijdstip).date() < rijen[persoon_id]["vanaf"]:
            continue
        if uitkomst in BEREIKT or richting == ContactRichting.INKOMEND:
            bereikt.add(persoon_id)
        else:
            pogingen[persoon_id] = pogingen.get(persoon_id, 0) + 1
    return {
        persoon_id: Treffer(persoon_id, geld(r["totaal"]), r["sinds"], [criterium])
        for persoon_id, r in rijen.items()
        if persoon_id not in bereikt and pogingen.get(persoon_id, 0) >= minimaal
    }


def aanmaning_geen_contact(*, instelling: Signaalcriterium, datum: date) -> dict[int, Treffer]:
    """An aanmaning sent at least ``dagen`` days ago (default 14: its payment term) is still unpaid, and
    since the aanmaning no contact reached the resident, after at least ``aantal`` attempts (default 0).
    The chain's step facts (``Ketenstand.aanmaning_op``, branch keten); seed 001: the experiment
    signalled on aanmaning moments and its evaluation recommends passing them to debt help."""
    qs = achterstallig(datum=datum).filter(
        ketenstand__aanmaning_op__lte=datum
        - timedelta(days=instelling.dagen if instelling.dagen is not None else 14)
    )
    return _zonder_contact_sinds(
        qs,
        datum=datum,
        minimaal=instelling.aantal or 0,
        criterium=Criterium.AANMANING_GEEN_CONTACT,
        sinds_veld="ketenstand__aanmaning_op",
    )


def dwangbevel(*, instelling: Signaalcriterium, datum: date) -> dict[int, Treffer]:
    """A dwangbevel was issued at least ``dagen`` days ago (default 0) and the aanslag is still unpaid
    (``Ketenstand.dwangbevel_op``); seed 001 and 004: the dwangbevel is the better indicator of
    payment problems than the aanmaning."""
    qs = achterstallig(datum=datum).filter(
        ketenstand__dwangbevel_op__lte=datum - timedelta(days=instelling.dagen or 0)
    )
    return _treffers(_per_persoon(qs), Criterium.DWANGBEVEL)


# The rule per criterion. WARME_VERWIJZING is not a rule: it is made by ``services.verwijzen``.
REGELS: dict[str, Regel] = {
    Criterium.ACHTERSTAND_BEDRAG: achterstand_bedrag,
    Criterium.MEERJARIG: meerjarig,
    Criterium.KAN_NIET_BETALEN: kan_niet_betalen,
    Criterium.GEEN_CONTACT: geen_contact,
    Criterium.AANMANING_GEEN_CONTACT: aanmaning_geen_contact,
    Criterium.DWANGBEVEL: dwangbevel,
}


def treffers(*, instellingen, datum: date) -> dict[int, Treffer]:
    """Every resident any active criterion finds, with all the criteria that hold (one query each).

    The amount and origin date are the largest arrears and the oldest due date any criterion saw.
    """
    uitkomst: dict[int, Treffer] = {}
    for instelling in instellingen:
        if not instelling.actief or instelling.criterium not in REGELS:
            continue
        for persoon_id, treffer in REGELS[instelling.criterium](instelling=instelling, datum=datum).items():
            bestaand = uitkomst.get(persoon_id)
            if bestaand is None:
                uitkomst[persoon_id] = treffer
                continue
            bestaand.criteria += [c for c in treffer.criteria if c not in bestaand.criteria]
            bestaand.bedrag = max(bestaand.bedrag, treffer.bedrag)
            if treffer.sinds and (bestaand.sinds is None or treffer.sinds < bestaand.sinds):
                bestaand.sinds = treffer.sinds
    return uitkomst

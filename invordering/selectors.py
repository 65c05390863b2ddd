"""Reads of the invordering core: balances, credit, pauses, income. Keyword-only, no writes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import OuterRef, Q, Subquery

from . import bulk  # noqa: F401 - registers the in_lijst lookup used below
from .constants import (
    NUL,
    AanslagStatus,
    BankmutatieStatus,
    BetalingStatus,
    Boekingsoort,
    Component,
    Leefsituatie,
    TerugbetalingStatus,
)
from .geld import geld, som_bedrag
from .models import (
    Aanslag,
    Bankmutatie,
    Belastingplichtige,
    Betaling,
    Bijstandsnorm,
    Boeking,
    Inkomensgegeven,
    Pauze,
    Terugbetaling,
)


@dataclass(frozen=True)
class Saldo:
    belasting: Decimal
    kosten: Decimal
    rente: Decimal

    @property
    def totaal(self) -> Decimal:
        return self.belasting + self.kosten + self.rente


def saldo_uit_grootboek(*, aanslag: Aanslag) -> Saldo:
    """The open balance of an aanslag computed from its ledger (the truth the cached columns mirror)."""
    sommen = dict(
        Boeking.objects.filter(aanslag=aanslag)
        .order_by()
        .values_list("component")
        .annotate(s=som_bedrag("bedrag"))
        .values_list("component", "s")
    )
    return Saldo(
        belasting=geld(sommen.get(Component.BELASTING)),
        kosten=geld(sommen.get(Component.KOSTEN)),
        rente=geld(sommen.get(Component.RENTE)),
    )


def saldo_aanslag(*, aanslag: Aanslag) -> Saldo:
    return Saldo(belasting=aanslag.open_belasting, kosten=aanslag.open_kosten, rente=aanslag.open_rente)


def saldo_belastingplichtige(*, belastingplichtige: Belastingplichtige) -> Saldo:
    """What a resident owes across all open aanslagen: tax + costs + interest, payments deducted."""
    sommen = Aanslag.objects.filter(
        belastingplichtige=belastingplichtige, status=AanslagStatus.OPEN
    ).aggregate(
        belasting=som_bedrag("open_belasting"),
        kosten=som_bedrag("open_kosten"),
        rente=som_bedrag("open_rente"),
    )
    return Saldo(**{k: geld(v) for k, v in sommen.items()})


def tegoed(*, belastingplichtige: Belastingplichtige) -> Decimal:
    """Money received from a resident that no aanslag needed (overpayment), minus refunds approved or paid."""
    return tegoed_voor(belastingplichtige_ids=[belastingplichtige.pk]).get(belastingplichtige.pk, NUL)


def tegoed_voor(*, belastingplichtige_ids: Iterable[int]) -> dict[int, Decimal]:
    """The credit of many residents at once (three queries): received - allocated - refunds approved or paid.

    Reversed payments (and their reversals) have status ``teruggeboekt`` and count for nothing.
    """
    ids = list(set(belastingplichtige_ids))
    ontvangen = dict(
        Betaling.objects.filter(
            belastingplichtige_id__in_lijst=ids, status=BetalingStatus.TOEGEREKEND, bedrag__gt=0
        )
        .order_by()
        .values("belastingplichtige_id")
        .annotate(s=som_bedrag("bedrag"))
        .values_list("belastingplichtige_id", "s")
    )
    # Driven from the residents' payments, each summing its own ledger rows by the payment index: a
    # join from the ledger let the planner scan every booking when its statistics predate the payments
    # (a fresh database during its first statement import: 1 s per chunk).
    toegerekend: dict[int, Decimal] = {}
    for persoon_id, s in (
        Betaling.objects.filter(belastingplichtige_id__in_lijst=ids, status=BetalingStatus.TOEGEREKEND)
        .order_by()
        .annotate(
            s=Subquery(
                Boeking.objects.filter(
                    betaling_id=OuterRef("pk"),
                    soort__in=(Boekingsoort.BETALING, Boekingsoort.TERUGBOEKING),
                )
                .order_by()
                .values("betaling_id")
                .annotate(s=som_bedrag("bedrag"))
                .values("s")
            )
        )
        .values_list("belastingplichtige_id", "s")
    ):
        if s is not None:
            toegerekend[persoon_id] = toegerekend.get(persoon_id, NUL) + geld(s)
    terugbetaald = dict(
        Terugbetaling.objects.filter(
            belastingplichtige_id__in_lijst=ids,
            status__in=(TerugbetalingStatus.GOEDGEKEURD, TerugbetalingStatus.UITBETAALD),
        )
        .order_by()
        .values("belastingplichtige_id")
        .annotate(s=som_bedrag("bedrag"))
        .values_list("belastingplichtige_id", "s")
    )
    return {p: geld(ontvangen.get(p)) + geld(toegerekend.get(p)) - geld(terugbetaald.get(p)) for p in ids}


def pauzes_actief(*, datum: date, belastingplichtige: Belastingplichtige | None = None):
    qs = Pauze.objects.actief_op(datum)
    if belastingplichtige is not None:
        qs = qs.filter(belastingplichtige=belastingplichtige)
    return qs


def gepauzeerde_aanslag_ids(*, datum: date, aanslag_ids: Iterable[int]) -> set[int]:
    """Of the given aanslagen, those a pause applies to on ``datum`` (set-based, two queries)."""
    ids = list(aanslag_ids)
    actief = Pauze.objects.actief_op(datum)
    voor_persoon = Aanslag.objects.filter(
        id__in=ids,
        belastingplichtige__pauzes__in=actief.filter(aanslagen__isnull=True),
    ).values_list("id", flat=True)
    voor_aanslag = Aanslag.objects.filter(id__in=ids, pauzes__in=actief).values_list("id", flat=True)
    return set(voor_persoon) | set(voor_aanslag)


def is_gepauzeerd(*, aanslag: Aanslag, datum: date) -> bool:
    return bool(gepauzeerde_aanslag_ids(datum=datum, aanslag_ids=[aanslag.pk]))


def laatste_inkomen(
    *, belastingplichtige: Belastingplichtige, datum: date | None = None
) -> Inkomensgegeven | None:
    """The most recent known income (on or before ``datum``), or None: income is often unknown."""
    qs = Inkomensgegeven.objects.filter(belastingplichtige=belastingplichtige)
    if datum is not None:
        qs = qs.filter(peildatum__lte=datum)
    return qs.order_by("-peildatum", "-id").first()


def bijstandsnorm(*, leefsituatie: Leefsituatie | str, aow: bool, peildatum: date) -> Bijstandsnorm:
    """The bijstandsnorm row in force on ``peildatum`` for a household (raises if none is)."""
    rij = (
        Bijstandsnorm.objects.filter(leefsituatie=leefsituatie, aow=aow, geldig_vanaf__lte=peildatum)
        .order_by("-geldig_vanaf")
        .first()
    )
    if rij is None:
        raise Bijstandsnorm.DoesNotExist(
            f"Geen bijstandsnorm voor {leefsituatie} (AOW: {aow}) op {peildatum:%d-%m-%Y}; vul de tabel aan."
        )
    return rij


def zoek_belastingplichtigen(*, term: str):
    """Search by BSN, name, aanslagnummer, betalingskenmerk or 'postcode huisnummer'."""
    term = (term or "").strip()
    qs = Belastingplichtige.objects.all()
    if not term:
        return qs.none()
    compact = term.replace(" ", "").replace(".", "")
    if compact.isdigit() and len(compact) == 9:
        return qs.filter(bsn=compact)
    if compact.isdigit() and len(compact) == 16:
        return qs.filter(aanslagen__betalingskenmerk=compact).distinct()

    m = re.fullmatch(r"(\d{4})\s*([A-Za-z]{2})\s+(\d+)\s*(\S*)", term)
    if m:
        qs = qs.filter(postcode=f"{m.group(1)} {m.group(2).upper()}", huisnummer=int(m.group(3)))
        return qs.filter(huisnummer_toevoeging__iexact=m.group(4)) if m.group(4) else qs
    return qs.filter(Q(achternaam__icontains=term) | Q(aanslagen__aanslagnummer=term)).distinct()


def bankmutaties_te_behandelen(*, status: BankmutatieStatus | str = BankmutatieStatus.ONGEMATCHT):
    """The officers' worklist of bank transactions that could not be matched, oldest first."""
    return (
        Bankmutatie.objects.filter(status=status)
        .select_related("afschrift", "betaling", "suggestie")
        .order_by("boekdatum", "id")
    )


def terugbetalingen_te_behandelen():
    """Refunds of credit proposed or approved but not yet paid out, oldest first."""
    return (
        Terugbetaling.objects.filter(
            status__in=(TerugbetalingStatus.VOORGESTELD, TerugbetalingStatus.GOEDGEKEURD)
        )
        .select_related("belastingplichtige")
        .order_by("voorgesteld_op", "id")
    )

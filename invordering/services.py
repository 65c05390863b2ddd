"""Writes of the invordering core: the ledger, allocation of payments, pauses, tasks, contacts, consents.

Other apps (kwijtschelding, vroegsignalering, the portal, the dashboard) change the core only through
these functions. Each takes keyword-only arguments and the date it acts on; none reads the clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import DecimalField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from .bulk import invoegen, rij_klasse
from .constants import (
    BEDRAG,
    BEREIKT,
    CONTACTTAKEN,
    EEN_GESPREK,
    NUL,
    AanslagStatus,
    BetalingStatus,
    Boekingsoort,
    Bron,
    Component,
    ContactKanaal,
    ContactRichting,
    ContactUitkomst,
    PauzeReden,
    TaakSoort,
    TaakStatus,
    ToestemmingSoort,
)
from .geld import geld, som_bedrag
from .models import (
    Aanslag,
    Belastingplichtige,
    Betaling,
    Boeking,
    Contact,
    Gegevenswijziging,
    Inkomensgegeven,
    Pauze,
    Taak,
    Toestemming,
)

# The order in which a payment settles the parts of one aanslag: costs, then interest, then the tax
# itself (Invorderingswet 1990, art. 7 lid 1, applied to municipal taxes by Gemeentewet art. 231).
TOEREKENVOLGORDE = (Component.KOSTEN, Component.RENTE, Component.BELASTING)
SALDO_BATCH = 2000

FOUT_BETALING_NEGATIEF = "Alleen een ontvangst (positief bedrag) kan worden toegerekend."
FOUT_ANDERE_BELASTINGPLICHTIGE = (
    "Een betaling kan alleen worden toegerekend aan aanslagen van één belastingplichtige."
)
FOUT_PAUZE_EINDE = "Het geplande einde van een pauze moet na de start liggen."
FOUT_TERUGBOEKING_GEEN_ONTVANGST = "Alleen een ontvangst (positief bedrag) kan worden teruggeboekt."
OMSCHRIJVING_TERUGBOEKING = "Betaling teruggeboekt door de bank"
FOUT_AFBOEKING = "Kwijtschelding van {bedrag} op aanslag {aanslag}: het bedrag moet positief zijn en mag de open belasting ({open}) niet overschrijden."
FOUT_AFBOEKING_NIET_OPEN = "Kwijtschelding op aanslag {aanslag}: de aanslag staat niet open."


# --- Ledger ---------------------------------------------------------------------------------------
def _som(component: str | None):
    boekingen = Boeking.objects.filter(aanslag=OuterRef("pk"))
    if component:
        boekingen = boekingen.filter(component=component)
    som = boekingen.order_by().values("aanslag").annotate(s=som_bedrag("bedrag")).values("s")
    return Coalesce(Subquery(som, output_field=DecimalField(**BEDRAG)), Value(NUL))


def saldo_bijwerken(*, aanslag_ids: Iterable[int], datum: date) -> None:
    """Recompute the cached balance of aanslagen from their ledger, set-based, and settle their status.

    An open aanslag with nothing left becomes ``betaald`` on ``datum``; a paid one that owes again
    (a reversed payment) reopens. Remission and write-off set their own status before calling this.
    """
    ids = sorted(set(aanslag_ids))
    for start in range(0, len(ids), SALDO_BATCH):
        deel = ids[start : start + SALDO_BATCH]
        Aanslag.objects.filter(id__in_lijst=deel).update(
            open_belasting=_som(Component.BELASTING),
            open_kosten=_som(Component.KOSTEN),
            open_rente=_som(Component.RENTE),
            openstaand=_som(None),
        )
        Aanslag.objects.filter(id__in_lijst=deel, status=AanslagStatus.OPEN, openstaand__lte=0).update(
            status=AanslagStatus.BETAALD, afgehandeld_op=datum
        )
        Aanslag.objects.filter(id__in_lijst=deel, status=AanslagStatus.BETAALD, openstaand__gt=0).update(
            status=AanslagStatus.OPEN, afgehandeld_op=None
        )


def boekingen_maak(*, boekingen: Sequence[Boeking], datum: date) -> list[Boeking]:
    """Write ledger entries in bulk and bring the cached balances of their aanslagen up to date.

    Takes Boeking instances (or rows of ``bulk.rij_klasse(Boeking)``) and returns them with their ids.
    """
    with transaction.atomic():
        gemaakt = list(invoegen(list(boekingen), model=Boeking))
        saldo_bijwerken(aanslag_ids={b.aanslag_id for b in gemaakt}, datum=datum)
    return gemaakt


@dataclass(frozen=True)
class Afboeking:
    aanslag_id: int
    bedrag: Decimal
    omschrijving: str = ""


def kwijtschelding_afboeken(*, afboekingen: Sequence[Afboeking], datum: date) -> list[Boeking]:
    """Write off remitted tax as negative ``kwijtschelding`` bookings on the tax component, set-based.

    An aanslag with nothing left after the write-off gets the status ``kwijtgescholden`` (not ``betaald``)
    on ``datum``. Remitted is at most the open tax (IW 1990 art. 26; Gemeentewet art. 255).
    """
    per_aanslag: dict[int, list[Afboeking]] = {}
    for afboeking in afboekingen:
        per_aanslag.setdefault(afboeking.aanslag_id, []).append(afboeking)
    if not per_aanslag:
        return []
    with transaction.atomic():
        aanslagen = {
            a.pk: a for a in Aanslag.objects.select_for_update().filter(id__in=per_aanslag).order_by("id")
        }
        klaar = []
        for aanslag_id, delen in per_aanslag.items():
            aanslag = aanslagen[aanslag_id]
            totaal = sum((d.bedrag for d in delen), NUL)
            if aanslag.status != AanslagStatus.OPEN:
                raise ValueError(FOUT_AFBOEKING_NIET_OPEN.format(aanslag=aanslag.aanslagnummer))
            if any(d.bedrag <= 0 for d in delen) or totaal > aanslag.open_belasting:
                raise ValueError(
                    FOUT_AFBOEKING.format(
                        bedrag=totaal, aanslag=aanslag.aanslagnummer, open=aanslag.open_belasting
                    )
                )
            if aanslag.openstaand - totaal <= 0:
                klaar.append(aanslag_id)
        # Set the status first: saldo_bijwerken only turns *open* aanslagen into 'betaald'.
        Aanslag.objects.filter(id__in=klaar).update(
            status=AanslagStatus.KWIJTGESCHOLDEN, afgehandeld_op=datum
        )
        return boekingen_maak(
            boekingen=[
                Boeking(
                    aanslag_id=d.aanslag_id,
                    datum=datum,
                    component=Component.BELASTING,
                    soort=Boekingsoort.KWIJTSCHELDING,
                    bedrag=-d.bedrag,
                    omschrijving=d.omschrijving,
                )
                for d in afboekingen
            ],
            datum=datum,
        )


# --- Payments -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Toerekening:
    aanslag_id: int
    component: str
    bedrag: Decimal


def verdeel(bedrag: Decimal, openstaand: Sequence[tuple[int, dict[str, Decimal]]]) -> list[Toerekening]:
    """Allocate an amount over aanslagen in the given order, each one's costs, interest and tax in turn.

    Pure function: ``openstaand`` is ``[(aanslag_id, {component: open amount}), ...]`` in priority
    order. What is left after every aanslag is settled is the resident's credit (not returned here).
    """
    rest = bedrag
    uitkomst = []
    for aanslag_id, open_per_component in openstaand:
        for component in TOEREKENVOLGORDE:
            if rest <= 0:
                return uitkomst
            deel = min(rest, open_per_component.get(component, NUL))
            if deel > 0:
                uitkomst.append(Toerekening(aanslag_id, component, deel))
                rest -= deel
    return uitkomst


def toerekenvolgorde(oudste_eerst: Sequence[int], genoemd: Sequence[int]) -> list[int]:
    """The order in which a payment settles a resident's open aanslagen (``oudste_eerst``: their ids by
    due date, dagtekening and number): the aanslagen it names first, in the order named, then the
    others oldest first (Leidraad Invordering 2008 art. 7). Named ids not among them are ignored."""
    if not genoemd:
        return list(oudste_eerst)
    eigen = set(oudste_eerst)
    voorkeur = [a for a in dict.fromkeys(genoemd) if a in eigen]
    gekozen = set(voorkeur)
    return voorkeur + [a for a in oudste_eerst if a not in gekozen]


def betaling_toerekenen(
    *, betaling: Betaling, aanslagen: Sequence[Aanslag] = (), datum: date | None = None
) -> list[Toerekening]:
    """Allocate a received payment: first to the aanslagen named (e.g. by betalingskenmerk), in that
    order, then to the resident's other open aanslagen, oldest due date first; the rest stays credit.

    Source: IW 1990 art. 7 (costs, interest, tax) and Leidraad Invordering 2008 art. 7 (a payment
    without a designation goes to the oldest debt). Calling it again allocates only what is left.
    """
    if betaling.bedrag <= 0:
        raise ValueError(FOUT_BETALING_NEGATIEF)
    uitkomst = betalingen_toerekenen(
        toewijzingen=[(betaling, [a.pk for a in aanslagen])], datum=datum or betaling.datum
    )
    return uitkomst.get(betaling.pk, [])


def betalingen_toerekenen(
    *, toewijzingen: Sequence[tuple[Betaling, Sequence[int]]], datum: date
) -> dict[int, list[Toerekening]]:
    """Allocate many received payments at once, each exactly as ``betaling_toerekenen`` does.

    ``toewijzingen`` pairs a payment with the ids of the aanslagen it names (may be empty when the
    payment already names its resident). Payments are taken oldest first, so two payments of one
    resident in a batch settle the debt in the order they arrived. A constant number of queries per
    call, whatever the number of payments (bank statement imports call this per chunk).
    """
    if not toewijzingen:
        return {}
    for betaling, _ in toewijzingen:
        if betaling.bedrag <= 0:
            raise ValueError(FOUT_BETALING_NEGATIEF)
    with transaction.atomic():
        genoemd = {aanslag_id for _, ids in toewijzingen for aanslag_id in ids}
        eigenaar = (
            dict(Aanslag.objects.filter(id__in_lijst=genoemd).values_list("id", "belastingplichtige_id"))
            if genoemd
            else {}
        )
        persoon_van: dict[int, int | None] = {}
        for betaling, ids in toewijzingen:
            personen = {eigenaar[a] for a in ids if a in eigenaar}
            if betaling.belastingplichtige_id:
                personen.add(betaling.belastingplichtige_id)
            if len(personen) > 1:
                raise ValueError(FOUT_ANDERE_BELASTINGPLICHTIGE)
            persoon_van[betaling.pk] = personen.pop() if personen else None

        betaling_ids = [b.pk for b, _ in toewijzingen]
        bedragen = dict(
            Betaling.objects.select_for_update().filter(id__in_lijst=betaling_ids).values_list("id", "bedrag")
        )
        al_toegerekend = dict(
            Boeking.objects.filter(betaling_id__in_lijst=betaling_ids)
            .order_by()
            .values("betaling_id")
            .annotate(s=som_bedrag("bedrag"))
            .values_list("betaling_id", "s")
        )
        persoon_ids = {p for p in persoon_van.values() if p}
        # Lock every open aanslag of these residents in id order, so concurrent allocations cannot
        # deadlock or both spend the same open amount.
        per_persoon: dict[int, list[tuple]] = {}
        open_per_aanslag: dict[int, dict[str, Decimal]] = {}
        for aanslag_id, persoon_id, vervaldatum, dagtekening, nummer, kosten, rente, belasting in (
            Aanslag.objects.select_for_update()
            .filter(belastingplichtige_id__in_lijst=persoon_ids, status=AanslagStatus.OPEN)
            .order_by("id")
            .values_list(
                "id",
                "belastingplichtige_id",
                "vervaldatum",
                "dagtekening",
                "aanslagnummer",
                "open_kosten",
                "open_rente",
                "open_belasting",
            )
        ):
            per_persoon.setdefault(persoon_id, []).append((vervaldatum, dagtekening, nummer, aanslag_id))
            open_per_aanslag[aanslag_id] = {
                Component.KOSTEN: kosten,
                Component.RENTE: rente,
                Component.BELASTING: belasting,
            }

        oudste_eerst = {p: [a[3] for a in sorted(lijst)] for p, lijst in per_persoon.items()}

        uitkomst: dict[int, list[Toerekening]] = {}
        BoekingRij = rij_klasse(Boeking)  # plain rows: a chunk can book thousands
        boekingen = []
        toegerekend: list[int] = []
        andere_persoon: list[Betaling] = []
        for betaling, ids in sorted(toewijzingen, key=lambda t: (t[0].datum, t[0].pk)):
            persoon_id = persoon_van[betaling.pk]
            if persoon_id is None:
                uitkomst[betaling.pk] = []
                continue
            rest = bedragen[betaling.pk] + geld(al_toegerekend.get(betaling.pk))
            volgorde = toerekenvolgorde(oudste_eerst.get(persoon_id, ()), ids)
            toerekeningen = verdeel(rest, [(a, open_per_aanslag[a]) for a in volgorde])
            for t in toerekeningen:
                open_per_aanslag[t.aanslag_id][t.component] -= t.bedrag
                boekingen.append(
                    BoekingRij(
                        aanslag_id=t.aanslag_id,
                        datum=betaling.datum,
                        component=t.component,
                        soort=Boekingsoort.BETALING,
                        bedrag=-t.bedrag,
                        betaling_id=betaling.pk,
                    )
                )
            uitkomst[betaling.pk] = toerekeningen
            if betaling.belastingplichtige_id != persoon_id:
                betaling.belastingplichtige_id = persoon_id
                andere_persoon.append(betaling)
            betaling.status = BetalingStatus.TOEGEREKEND
            toegerekend.append(betaling.pk)
        boekingen_maak(boekingen=boekingen, datum=datum)
        # One plain UPDATE for the status (bulk_update's CASE per row costs the database quadratic work);
        # the few payments whose resident was found only now get theirs in batches.
        Betaling.objects.filter(id__in_lijst=toegerekend).exclude(status=BetalingStatus.TOEGEREKEND).update(
            status=BetalingStatus.TOEGEREKEND
        )
        if andere_persoon:
            Betaling.objects.bulk_update(andere_persoon, ["belastingplichtige"], batch_size=SALDO_BATCH)
    return uitkomst


@dataclass(frozen=True)
class Terugboekverzoek:
    """A received payment to undo, with the reference of the reversal at its source (unique)."""

    betaling: Betaling
    referentie: str
    datum: date
    omschrijving: str = ""


def betaling_terugboeken(
    *, betaling: Betaling, datum: date, referentie: str, omschrijving: str = ""
) -> Betaling:
    """Undo one received payment (bank return or reversal); see ``betalingen_terugboeken``."""
    verzoek = Terugboekverzoek(
        betaling=betaling, referentie=referentie, datum=datum, omschrijving=omschrijving
    )
    uitkomst = betalingen_terugboeken(verzoeken=[verzoek], datum=datum)
    if betaling.pk in uitkomst:
        return uitkomst[betaling.pk]
    return Betaling.objects.get(teruggeboekt_van=betaling)


def betalingen_terugboeken(*, verzoeken: Sequence[Terugboekverzoek], datum: date) -> dict[int, Betaling]:
    """Undo received payments: a bank return (camt.053 ``RtrInf``) or reversal (``RvslInd``).

    Records the reversal as a negative Betaling linked to the original and books a TERUGBOEKING that
    mirrors every allocation of the original, so each aanslag owes again what the payment had settled:
    a paid aanslag reopens (``saldo_bijwerken``) and the chain continues where it was. Both payments get
    status ``teruggeboekt``, so neither counts towards the resident's credit. An original reversed before
    is skipped (idempotent). Returns ``{original id: reversal}`` for the reversals made now.
    """
    if not verzoeken:
        return {}
    with transaction.atomic():
        originelen = {
            b.pk: b
            for b in Betaling.objects.select_for_update().filter(
                id__in_lijst=[v.betaling.pk for v in verzoeken]
            )
        }
        te_doen: dict[int, Terugboekverzoek] = {}
        for v in verzoeken:
            origineel = originelen[v.betaling.pk]
            if origineel.bedrag <= 0:
                raise ValueError(FOUT_TERUGBOEKING_GEEN_ONTVANGST)
            if origineel.status != BetalingStatus.TERUGGEBOEKT:
                te_doen.setdefault(origineel.pk, v)
        tegen = {
            pk: Betaling(
                datum=v.datum,
                bedrag=-originelen[pk].bedrag,
                bron=originelen[pk].bron,
                referentie=v.referentie,
                omschrijving=(v.omschrijving or originelen[pk].omschrijving)[:500],
                tegenrekening=originelen[pk].tegenrekening,
                tegenrekening_naam=originelen[pk].tegenrekening_naam,
                belastingplichtige_id=originelen[pk].belastingplichtige_id,
                status=BetalingStatus.TERUGGEBOEKT,
                teruggeboekt_van_id=pk,
            )
            for pk, v in te_doen.items()
        }
        Betaling.objects.bulk_create(tegen.values())
        boekingen = [
            Boeking(
                aanslag_id=aanslag_id,
                datum=te_doen[betaling_id].datum,
                component=component,
                soort=Boekingsoort.TERUGBOEKING,
                bedrag=-bedrag,
                betaling_id=tegen[betaling_id].pk,
                omschrijving=OMSCHRIJVING_TERUGBOEKING,
            )
            for betaling_id, aanslag_id, component, bedrag in Boeking.objects.filter(
                betaling_id__in_lijst=list(te_doen), soort=Boekingsoort.BETALING
            )
            .order_by("id")
            .values_list("betaling_id", "aanslag_id", "component", "bedrag")
        ]
        boekingen_maak(boekingen=boekingen, datum=datum)
        Betaling.objects.filter(id__in_lijst=list(te_doen)).update(status=BetalingStatus.TERUGGEBOEKT)
        for pk in te_doen:
            originelen[pk].status = BetalingStatus.TERUGGEBOEKT
    return tegen


# --- Pauses ---------------------------------------------------------------------------------------
def pauze_start(
    *,
    belastingplichtige: Belastingplichtige,
    reden: PauzeReden | str,
    start: date,
    geplande_einde: date | None = None,
    aanslagen: Iterable[Aanslag] | None = None,
    bron: str = "",
    toelichting: str = "",
    door=None,
) -> Pauze:
    """Pause collection for a resident (all aanslagen, or the ones given) from ``start``.

    With a ``bron`` the call is idempotent: an open pause from the same source is returned, not doubled.
    """
    if geplande_einde is not None and geplande_einde <= start:
        raise ValueError(FOUT_PAUZE_EINDE)
    with transaction.atomic():
        if bron:
            bestaand = (
                Pauze.objects.select_for_update()
                .filter(belastingplichtige=belastingplichtige, bron=bron, beeindigd_op__isnull=True)
                .first()
            )
            if bestaand:
                return bestaand
        pauze = Pauze.objects.create(
            belastingplichtige=belastingplichtige,
            reden=reden,
            start=start,
            geplande_einde=geplande_einde,
            bron=bron,
            toelichting=toelichting,
            aangemaakt_door=door,
        )
        if aanslagen:
            pauze.aanslagen.set(aanslagen)
    return pauze


@dataclass(frozen=True)
class NieuwePauze:
    belastingplichtige_id: int
    reden: str
    start: date
    bron: str
    aanslag_ids: tuple[int, ...] = ()
    toelichting: str = ""


def pauzes_start(*, pauzes: Sequence[NieuwePauze]) -> int:
    """``pauze_start`` for many residents at once (batch jobs), set-based; a source that already has an
    open pause is skipped. Returns how many pauses were created."""
    bronnen = [p.bron for p in pauzes]
    with transaction.atomic():
        bestaand = set(
            Pauze.objects.filter(bron__in=bronnen, beeindigd_op__isnull=True).values_list("bron", flat=True)
        )
        nieuw = [p for p in pauzes if p.bron not in bestaand]
        gemaakt = Pauze.objects.bulk_create(
            Pauze(
                belastingplichtige_id=p.belastingplichtige_id,
                reden=p.reden,
                start=p.start,
                bron=p.bron,
                toelichting=p.toelichting,
            )
            for p in nieuw
        )
        Koppeling = Pauze.aanslagen.through
        Koppeling.objects.bulk_create(
            Koppeling(pauze_id=pauze.pk, aanslag_id=aanslag_id)
            for pauze, p in zip(gemaakt, nieuw, strict=True)
            for aanslag_id in p.aanslag_ids
        )
    return len(gemaakt)


def pauze_beeindig(*, pauze: Pauze, datum: date, reden: str = "") -> Pauze:
    """End a pause on ``datum``: the chain continues from that day. Ending an ended pause does nothing."""
    with transaction.atomic():
        pauze = Pauze.objects.select_for_update().get(pk=pauze.pk)
        if pauze.beeindigd_op is None:
            pauze.beeindigd_op = max(datum, pauze.start)
            pauze.beeindigd_reden = reden
            pauze.save(update_fields=["beeindigd_op", "beeindigd_reden"])
    return pauze


def pauzes_beeindig_voor_bron(*, bron: str, datum: date, reden: str = "") -> int:
    """End every open pause from one source (e.g. a decided remission request)."""
    return Pauze.objects.filter(bron=bron, beeindigd_op__isnull=True).update(
        beeindigd_op=datum, beeindigd_reden=reden
    )


def pauzes_beeindig_voor_bronnen(*, bronnen: Iterable[str], datum: date, reden: str = "") -> int:
    """End every open pause from many sources in one query (e.g. the plans that lapsed today)."""
    return Pauze.objects.filter(bron__in=list(bronnen), beeindigd_op__isnull=True).update(
        beeindigd_op=datum, beeindigd_reden=reden
    )


# --- Tasks and contacts ---------------------------------------------------------------------------
def taak_maak(
    *,
    soort: TaakSoort | str,
    belastingplichtige: Belastingplichtige,
    datum: date,
    aanslag: Aanslag | None = None,
    deadline: date | None = None,
    bron: str = "",
    sleutel: str | None = None,
    toelichting: str = "",
) -> Taak:
    """Create a task for an officer; with a ``sleutel`` a second call returns the first task."""
    if sleutel:
        taak, _ = Taak.objects.get_or_create(
            sleutel=sleutel,
            defaults={
                "soort": soort,
                "belastingplichtige": belastingplichtige,
                "aanslag": aanslag,
                "aangemaakt_op": datum,
                "deadline": deadline,
                "bron": bron,
                "toelichting": toelichting,
            },
        )
        return taak
    return Taak.objects.create(
        soort=soort,
        belastingplichtige=belastingplichtige,
        aanslag=aanslag,
        aangemaakt_op=datum,
        deadline=deadline,
        bron=bron,
        toelichting=toelichting,
    )


def taken_maak(*, taken: Sequence[Taak]) -> int:
    """``taak_maak`` for many tasks at once (batch jobs); each needs a ``sleutel``, which keeps it
    idempotent. Returns how many tasks are new."""
    sleutels = [t.sleutel for t in taken]
    if any(not s for s in sleutels):
        raise ValueError("Taken in bulk hebben elk een sleutel nodig.")
    with transaction.atomic():
        voor = Taak.objects.filter(sleutel__in=sleutels).count()
        Taak.objects.bulk_create(taken, ignore_conflicts=True)
        return Taak.objects.filter(sleutel__in=sleutels).count() - voor


def taken_toewijzen(*, taak_ids: Iterable[int], aan, alleen_vrij_of_van=None) -> list[tuple[int, int]]:
    """Assign open tasks to an officer, or to nobody (``aan=None``: handed back). Work distribution:
    the chain does not read who holds a task.

    A call or home visit takes the resident's other open calls, or visits, along (``EEN_GESPREK``):
    one officer talks to the resident about all their aanslagen. With ``alleen_vrij_of_van`` (an
    officer distributing their own work) only the tasks nobody holds or that officer holds change; a
    colleague's task stays theirs. Closed tasks never change. Returns ``(task id, resident id)`` of the
    tasks that were assigned, in one transaction.
    """
    ids = list(taak_ids)
    with transaction.atomic():
        taken = Taak.objects.open()
        if alleen_vrij_of_van is not None:
            taken = taken.filter(Q(toegewezen_aan__isnull=True) | Q(toegewezen_aan=alleen_vrij_of_van))
        gekozen = list(taken.filter(pk__in=ids).values_list("belastingplichtige_id", "soort"))
        selectie = Q(pk__in=ids)
        for groep in EEN_GESPREK:
            personen = {persoon for persoon, soort in gekozen if soort in groep}
            if personen:
                selectie |= Q(belastingplichtige_id__in=personen, soort__in=groep)
        rijen = list(
            taken.filter(selectie)
            .select_for_update()
            .order_by("pk")
            .values_list("pk", "belastingplichtige_id")
        )
        Taak.objects.filter(pk__in=[pk for pk, _ in rijen]).update(toegewezen_aan=aan)
    return rijen


def taak_afronden(*, taak: Taak, datum: date, toelichting: str = "") -> Taak:
    with transaction.atomic():
        taak = Taak.objects.select_for_update().get(pk=taak.pk)
        if taak.status not in (TaakStatus.AFGEROND, TaakStatus.VERVALLEN):
            taak.status = TaakStatus.AFGEROND
            taak.afgerond_op = datum
            if toelichting:
                taak.toelichting = f"{taak.toelichting}\n{toelichting}".strip()
            taak.save(update_fields=["status", "afgerond_op", "toelichting"])
    return taak


def contact_vastleggen(
    *,
    belastingplichtige: Belastingplichtige,
    tijdstip: datetime,
    kanaal: ContactKanaal | str,
    uitkomst: ContactUitkomst | str,
    taak: Taak | None = None,
    richting: ContactRichting | str = ContactRichting.UITGAAND,
    notitie: str = "",
    medewerker=None,
) -> Contact:
    """Record a contact and its outcome. A contact that reached the resident completes its task, and
    when that is a call or visit before a chain step, the resident's other open ones too (same
    outcome, same day: one conversation answers for every aanslag). Not reached or a wrong number
    counts for the task itself only: each keeps its own attempts, and a visit still has to happen."""
    with transaction.atomic():
        contact = Contact.objects.create(
            belastingplichtige=belastingplichtige,
            taak=taak,
            tijdstip=tijdstip,
            kanaal=kanaal,
            richting=richting,
            uitkomst=uitkomst,
            notitie=notitie,
            medewerker=medewerker,
        )
        if taak is not None:
            taak = Taak.objects.select_for_update().get(pk=taak.pk)
            taak.uitkomst = uitkomst
            velden = ["uitkomst"]
            if uitkomst in BEREIKT or uitkomst == ContactUitkomst.VERKEERD_NUMMER:
                taak.status = TaakStatus.AFGEROND
                taak.afgerond_op = tijdstip.date()
                velden += ["status", "afgerond_op"]
            elif taak.status == TaakStatus.OPEN:
                taak.status = TaakStatus.IN_BEHANDELING
                velden.append("status")
            taak.save(update_fields=velden)
            if uitkomst in BEREIKT and taak.soort in CONTACTTAKEN:
                Taak.objects.open().filter(
                    belastingplichtige_id=taak.belastingplichtige_id, soort__in=CONTACTTAKEN
                ).exclude(pk=taak.pk).update(
                    uitkomst=uitkomst, status=TaakStatus.AFGEROND, afgerond_op=tijdstip.date()
                )
    return contact


# --- Contact details ------------------------------------------------------------------------------
# What may be changed of a resident's record through the portal or the dashboard; the rest (name,
# BSN, household) comes from the basic registrations and the tax records.
CONTACTVELDEN = (
    "telefoon",
    "email",
    "kanaal",
    "taal",
    "straat",
    "huisnummer",
    "huisnummer_toevoeging",
    "postcode",
    "woonplaats",
    "iban",
)


def contactgegevens_wijzigen(
    *,
    belastingplichtige: Belastingplichtige,
    wijzigingen: dict,
    tijdstip: datetime,
    bron: Bron | str,
    door=None,
) -> dict[str, dict]:
    """Change contact details and record what changed, with the old and new values.

    Returns ``{veld: {"oud": ..., "nieuw": ...}}`` for the fields that really changed; when nothing
    changed, nothing is written. Raises ``ValueError`` for a field that is not a contact detail and
    ``ValidationError`` (naming the field) for a value the record does not accept.
    """
    for veld in wijzigingen:
        if veld not in CONTACTVELDEN:
            raise ValueError(f"Veld {veld} is geen contactgegeven.")
    with transaction.atomic():
        persoon = Belastingplichtige.objects.select_for_update().get(pk=belastingplichtige.pk)
        veranderd = {}
        for veld, nieuw in wijzigingen.items():
            oud = getattr(persoon, veld)
            if (oud or "") != (nieuw or ""):
                veranderd[veld] = {"oud": oud, "nieuw": nieuw}
                setattr(persoon, veld, nieuw)
        if not veranderd:
            return {}
        persoon.full_clean()
        persoon.save(update_fields=[*veranderd, "gewijzigd_op"])
        Gegevenswijziging.objects.create(
            belastingplichtige=persoon, tijdstip=tijdstip, bron=bron, door=door, wijzigingen=veranderd
        )
    for veld in veranderd:
        setattr(belastingplichtige, veld, getattr(persoon, veld))
    return veranderd


# --- Household facts and consents -----------------------------------------------------------------
def inkomen_vastleggen(
    *,
    belastingplichtige: Belastingplichtige,
    netto_maandinkomen: Decimal,
    bron: str,
    peildatum: date,
    toelichting: str = "",
    door=None,
) -> Inkomensgegeven:
    if not isinstance(netto_maandinkomen, Decimal) or netto_maandinkomen < 0:
        raise ValueError("Het netto maandinkomen moet een bedrag van 0 of meer zijn.")
    return Inkomensgegeven.objects.create(
        belastingplichtige=belastingplichtige,
        netto_maandinkomen=netto_maandinkomen,
        bron=bron,
        peildatum=peildatum,
        toelichting=toelichting,
        vastgelegd_door=door,
    )


def toestemming_geef(
    *,
    belastingplichtige: Belastingplichtige,
    soort: ToestemmingSoort | str,
    tijdstip: datetime,
    bron: Bron | str,
    door=None,
) -> Toestemming:
    """Record a consent; giving a consent that is already in force changes nothing."""
    with transaction.atomic():
        bestaand = (
            Toestemming.objects.select_for_update()
            .filter(belastingplichtige=belastingplichtige, soort=soort, ingetrokken_op__isnull=True)
            .first()
        )
        if bestaand:
            return bestaand
        return Toestemming.objects.create(
            belastingplichtige=belastingplichtige,
            soort=soort,
            gegeven_op=tijdstip,
            bron=bron,
            vastgelegd_door=door,
        )


def toestemming_trek_in(
    *, belastingplichtige: Belastingplichtige, soort: ToestemmingSoort | str, tijdstip: datetime
) -> int:
    """Withdraw a consent; returns how many were in force (0 or 1)."""
    return Toestemming.objects.filter(
        belastingplichtige=belastingplichtige, soort=soort, ingetrokken_op__isnull=True
    ).update(ingetrokken_op=tijdstip)

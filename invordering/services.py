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
from django.db.models import DecimalField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from .constants import (
    BEDRAG,
    BEREIKT,
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
        Aanslag.objects.filter(id__in=deel).update(
            open_belasting=_som(Component.BELASTING),
            open_kosten=_som(Component.KOSTEN),
            open_rente=_som(Component.RENTE),
            openstaand=_som(None),
        )
        Aanslag.objects.filter(id__in=deel, status=AanslagStatus.OPEN, openstaand__lte=0).update(
            status=AanslagStatus.BETAALD, afgehandeld_op=datum
        )
        Aanslag.objects.filter(id__in=deel, status=AanslagStatus.BETAALD, openstaand__gt=0).update(
            status=AanslagStatus.OPEN, afgehandeld_op=None
        )


def boekingen_maak(*, boekingen: Sequence[Boeking], datum: date) -> list[Boeking]:
    """Write ledger entries in bulk and bring the cached balances of their aanslagen up to date."""
    with transaction.atomic():
        gemaakt = Boeking.objects.bulk_create(boekingen)
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
    datum = datum or betaling.datum
    with transaction.atomic():
        persoon_ids = {a.belastingplichtige_id for a in aanslagen} | (
            {betaling.belastingplichtige_id} if betaling.belastingplichtige_id else set()
        )
        if len(persoon_ids) > 1:
            raise ValueError(FOUT_ANDERE_BELASTINGPLICHTIGE)
        betaling = Betaling.objects.select_for_update().get(pk=betaling.pk)
        al_toegerekend = -geld(betaling.boekingen.aggregate(s=som_bedrag("bedrag"))["s"])
        rest = betaling.bedrag - al_toegerekend
        if not persoon_ids:
            return []
        persoon_id = persoon_ids.pop()
        # Lock every open aanslag of this person in id order, so concurrent allocations cannot deadlock
        # or both spend the same open amount.
        open_aanslagen = list(
            Aanslag.objects.select_for_update()
            .filter(belastingplichtige_id=persoon_id, status=AanslagStatus.OPEN)
            .order_by("id")
        )
        voorkeur = [a.pk for a in aanslagen]
        volgorde = sorted(
            open_aanslagen,
            key=lambda a: (
                voorkeur.index(a.pk) if a.pk in voorkeur else len(voorkeur),
                a.vervaldatum,
                a.dagtekening,
                a.aanslagnummer,
            ),
        )
        toerekeningen = verdeel(
            rest,
            [
                (
                    a.pk,
                    {
                        Component.KOSTEN: a.open_kosten,
                        Component.RENTE: a.open_rente,
                        Component.BELASTING: a.open_belasting,
                    },
                )
                for a in volgorde
            ],
        )
        boekingen_maak(
            boekingen=[
                Boeking(
                    aanslag_id=t.aanslag_id,
                    datum=betaling.datum,
                    component=t.component,
                    soort=Boekingsoort.BETALING,
                    bedrag=-t.bedrag,
                    betaling=betaling,
                )
                for t in toerekeningen
            ],
            datum=datum,
        )
        betaling.belastingplichtige_id = persoon_id
        betaling.status = BetalingStatus.TOEGEREKEND
        betaling.save(update_fields=["belastingplichtige", "status"])
    return toerekeningen


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
    """Record a contact and its outcome. A contact that reached the resident completes its task."""
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
    return contact


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

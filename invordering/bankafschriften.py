"""Import of bank statements (camt.053.001.02): match, book, undo returned payments, feed the worklist.

Matching (docs/betalen.md): a collection of ours by its end-to-end id; otherwise the structured
reference (``SCOR``/``CUR``) and every betalingskenmerk typed into the free text (with spaces, dots or
dashes), of an aanslag or of a payment plan. Several kenmerken of one resident: the payment goes to
those aanslagen in that order, then the resident's other open ones (``bankboeken``, which books what
``services.betalingen_toerekenen`` books, set-based for the receipts of one chunk).
Returns (``RtrInf``) and reversals (``RvslInd``) undo the payment they return
(``services.betalingen_terugboeken``). Whatever cannot be matched waits in the officers' worklist
(Bankmutatie with status ``ongematcht``) with the reason.

Idempotent: every transaction has a unique reference, so importing the same statement twice books
nothing twice. Set-based: per chunk of one booking date a constant number of queries.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import groupby
from pathlib import Path
from typing import BinaryIO

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from . import bankboeken, betalingskenmerk, services
from .bank import camt053
from .bank.camt053 import Transactie
from .bulk import bulk_insert, invoegen, rij_klasse
from .constants import (
    NUL,
    BankmutatieStatus,
    Betaalbron,
    BetalingStatus,
    IncassopostStatus,
)
from .incasso import incasso_stoppen_na_storneringen
from .models import (
    Aanslag,
    Bankafschrift,
    Bankmutatie,
    Belastingplichtige,
    Betaling,
    Betalingsregeling,
    Incassopost,
    Machtiging,
)
from .services import Terugboekverzoek
from .terugbetalingen import terugbetalingen_voorstellen

IMPORT_BATCH = 5000

REDEN_GEEN_KENMERK = "Geen betalingskenmerk gevonden"
REDEN_ONBEKEND_KENMERK = "Betalingskenmerk {kenmerk} hoort bij geen aanslag of regeling"
REDEN_MEER_PERSONEN = "Betalingskenmerken van verschillende belastingplichtigen"
REDEN_VALUTA = "Valuta {valuta}: alleen euro's worden automatisch geboekt"
REDEN_AFSCHRIJVING = "Afschrijving van onze rekening"
REDEN_TERUGBOEKING_ONBEKEND = "Terugboeking of storno: de oorspronkelijke betaling is niet gevonden"
REDEN_TERUGBOEKING_BEDRAG = "Storno van {bedrag}, de incasso was {origineel}"
REDEN_STORNO_AFSCHRIJVING = "Terugdraaiing van een afschrijving"
TOELICHTING_NIET_BIJGESCHREVEN = "Storno van een incasso die nog niet was bijgeschreven: niets te boeken."
TOELICHTING_TERUGGEDRAAID = "Door de bank teruggedraaid: niets meer te doen."

MELDING_ONGEMATCHT = "afschrift {afschrift}, boeking {positie} ({bedrag}): {reden}"

FOUT_AL_BEHANDELD = "Deze bankmutatie is al behandeld."
FOUT_GEEN_ONTVANGST = "Alleen een ontvangst kan aan een belastingplichtige worden gekoppeld."
FOUT_GEEN_AFSCHRIJVING = "Alleen een afschrijving kan als terugboeking worden gekoppeld."
FOUT_GEEN_DOEL = "Kies een belastingplichtige of aanslagen."
FOUT_BEDRAG_TERUGBOEKING = "De terugboeking ({bedrag}) is niet gelijk aan de betaling ({origineel})."
FOUT_TOELICHTING = "Leg vast waarom."


@dataclass
class Importresultaat:
    bestand: str = ""
    transacties: int = 0
    al_ingelezen: int = 0
    niet_geboekt: int = 0
    toegerekend: int = 0
    bedrag_toegerekend: Decimal = NUL
    ongematcht: int = 0
    teruggeboekt: int = 0
    incasso_gestopt: int = 0
    terugbetalingen: int = 0
    meldingen: list[str] = field(default_factory=list)


def camt053_importeer(*, bron: str | Path | BinaryIO | bytes, naam: str = "") -> Importresultaat:
    """Import one camt.053.001.02 file (``import_camt053``). Raises ``Camt053Fout`` before storing
    anything when the file is unreadable or an entry is malformed, naming the entry and field."""
    bestand = camt053.lees(bron)
    resultaat = Importresultaat(bestand=naam or (str(bron) if isinstance(bron, str | Path) else ""))
    transacties: list[tuple[Transactie, int]] = []
    with transaction.atomic():
        for afschrift in bestand.afschriften:
            rij, _ = Bankafschrift.objects.get_or_create(
                rekening=afschrift.rekening,
                afschrift_id=afschrift.afschrift_id,
                defaults={
                    "volgnummer": afschrift.volgnummer,
                    "bericht_id": bestand.bericht_id[:35],
                    "aangemaakt_op": _bewust(afschrift.aangemaakt_op),
                    "bestand": resultaat.bestand[-255:],
                },
            )
            transacties += [(t, rij.pk) for t in afschrift.transacties]
    resultaat.transacties = len(transacties)
    geboekt = [(t, a) for t, a in transacties if t.status in ("BOOK", "")]
    resultaat.niet_geboekt = len(transacties) - len(geboekt)
    uniek = {t.referentie: (t, a) for t, a in geboekt}
    resultaat.al_ingelezen += len(geboekt) - len(uniek)
    volgorde = sorted(uniek.values(), key=lambda ta: ta[0].boekdatum)  # stable: file order within a day
    statistiek = _Statistiek()
    for datum, groep in groupby(volgorde, key=lambda ta: ta[0].boekdatum):
        groep = list(groep)
        for start in range(0, len(groep), IMPORT_BATCH):
            deel = groep[start : start + IMPORT_BATCH]
            with transaction.atomic():
                _snel_vastleggen()
                _verwerk(deel, datum=datum, resultaat=resultaat)
            statistiek.bijgeschreven(len(deel))
    return resultaat


class _Statistiek:
    """On PostgreSQL, refresh the planner's statistics of the tables the import fills once it has (at
    least) doubled them. Autovacuum does so only minutes later, and a planner that still thinks the
    payments table is nearly empty filters thousands of rows where it should use an index (the credit
    lookup in ``terugbetalingen_voorstellen``). On a large, long-running database this never fires."""

    TABELLEN = (Betaling,)
    VANAF = 10_000

    def __init__(self):
        self.aan = connection.vendor == "postgresql"
        self.sinds = 0
        self.grens = None

    def bijgeschreven(self, aantal: int) -> None:
        if not self.aan:
            return
        if self.grens is None:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT GREATEST(reltuples, 0) FROM pg_class WHERE oid = %s::regclass",
                    [Betaling._meta.db_table],
                )
                self.grens = max(self.VANAF, int(cursor.fetchone()[0]))
        self.sinds += aantal
        if self.sinds < self.grens:
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE " + ", ".join(connection.ops.quote_name(m._meta.db_table) for m in self.TABELLEN)
            )
        self.grens, self.sinds = self.grens + self.sinds, 0


def _snel_vastleggen() -> None:
    """On PostgreSQL, do not wait for the disk at each chunk's commit. A crash can lose at most the
    last chunks, never half of one, and importing the file again books exactly those (idempotent)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _bewust(moment):
    """Banks often leave the zone out of CreDtTm; read it as Dutch local time."""
    if moment is not None and timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return moment


@dataclass
class _Doel:
    persoon_id: int
    aanslag_ids: list[int]
    post: Incassopost | None = None


def _kenmerken(t: Transactie) -> list[str]:
    """Valid betalingskenmerken of a transaction: the structured one first, then those typed in."""
    gevonden = []
    if t.kenmerk:
        gestructureerd = betalingskenmerk.normaliseer(t.kenmerk)
        if betalingskenmerk.is_geldig(gestructureerd):
            gevonden.append(gestructureerd)
    if t.omschrijving:
        for k in betalingskenmerk.zoek_in_tekst(t.omschrijving):
            if k not in gevonden:
                gevonden.append(k)
    return gevonden


def _verwerk(deel: list[tuple[Transactie, int]], *, datum: date, resultaat: Importresultaat) -> None:
    bestaand = set(
        Bankmutatie.objects.filter(referentie__in_lijst=[t.referentie for t, _ in deel])
        .order_by()
        .values_list("referentie", flat=True)
    )
    nieuw = [(t, a) for t, a in deel if t.referentie not in bestaand]
    resultaat.al_ingelezen += len(deel) - len(nieuw)
    if not nieuw:
        return
    ontvangsten = [(t, a) for t, a in nieuw if t.bedrag > 0 and not t.storno]
    overig = [(t, a) for t, a in nieuw if not (t.bedrag > 0 and not t.storno)]

    posten = {
        p.end_to_end_id: p
        for p in Incassopost.objects.filter(
            end_to_end_id__in_lijst={t.end_to_end_id for t, _ in nieuw if t.end_to_end_id}
        ).select_related("machtiging", "termijn", "regelingtermijn")
    }
    kenmerken = {t.referentie: _kenmerken(t) for t, _ in ontvangsten}
    alle_kenmerken = {k for ks in kenmerken.values() for k in ks}
    aanslag_van = {
        k: (a, p)
        for k, a, p in Aanslag.objects.filter(betalingskenmerk__in_lijst=alle_kenmerken)
        .order_by()
        .values_list("betalingskenmerk", "id", "belastingplichtige_id")
    }
    regeling_van = {
        k: (r, p)
        for k, r, p in Betalingsregeling.objects.filter(betalingskenmerk__in_lijst=alle_kenmerken)
        .order_by()
        .values_list("betalingskenmerk", "id", "belastingplichtige_id")
    }
    regeling_ids = {r for r, _ in regeling_van.values()} | {
        p.regelingtermijn.regeling_id for p in posten.values() if p.regelingtermijn_id
    }
    regeling_aanslagen: dict[int, list[int]] = {}
    for regeling_id, aanslag_id in (
        Betalingsregeling.aanslagen.through.objects.filter(betalingsregeling_id__in_lijst=regeling_ids)
        .order_by("aanslag__vervaldatum", "aanslag__dagtekening", "aanslag__aanslagnummer")
        .values_list("betalingsregeling_id", "aanslag_id")
    ):
        regeling_aanslagen.setdefault(regeling_id, []).append(aanslag_id)

    # --- Money received -----------------------------------------------------------------------
    BetalingRij, MutatieRij = rij_klasse(Betaling), rij_klasse(Bankmutatie)  # plain rows, see bulk
    betalingen, ontvangen, toewijzingen, betaalde_posten = [], [], [], []
    for t, afschrift_id in ontvangsten:
        doel, reden = _zoek_doel(
            t, posten, kenmerken[t.referentie], aanslag_van, regeling_van, regeling_aanslagen
        )
        betaling = BetalingRij(
            datum=t.boekdatum,
            bedrag=t.bedrag,
            bron=Betaalbron.INCASSO if doel and doel.post else Betaalbron.BANK,
            referentie=t.referentie,
            betalingskenmerk=(kenmerken[t.referentie][0] if kenmerken[t.referentie] else t.kenmerk)[:35],
            omschrijving=t.omschrijving,
            tegenrekening=t.tegenrekening,
            tegenrekening_naam=t.tegenrekening_naam,
            belastingplichtige_id=doel.persoon_id if doel else None,
            # Matched ones are allocated below in the same transaction.
            status=BetalingStatus.TOEGEREKEND if doel else BetalingStatus.ONGEMATCHT,
        )
        betalingen.append(betaling)
        ontvangen.append(_mutatie(MutatieRij, t, afschrift_id, reden=reden))
        if doel:
            toewijzingen.append((betaling, doel.aanslag_ids))
            if doel.post:
                betaalde_posten.append((doel.post, betaling))
    # Who the officer may be looking at, for every entry that may end up in the worklist (two queries).
    suggestie_van = _suggesties(
        {m.tegenrekening for m in ontvangen if m.reden} | {t.tegenrekening for t, _ in overig}
    )
    invoegen(betalingen, model=Betaling)
    for mutatie, betaling in zip(ontvangen, betalingen, strict=True):
        mutatie.betaling_id = betaling.pk
        if mutatie.reden:
            mutatie.suggestie_id = suggestie_van.get(mutatie.tegenrekening)
    _mutaties_invoegen(ontvangen)
    toegerekend = bankboeken.nieuwe_betalingen_toerekenen(toewijzingen=toewijzingen, datum=datum)
    resultaat.toegerekend += len(toewijzingen)
    resultaat.bedrag_toegerekend += sum((b.bedrag for b, _ in toewijzingen), NUL)
    if betaalde_posten:
        # The payment of each collection is the one booked from the entry with its end-to-end id.
        Incassopost.objects.filter(pk__in_lijst=[p.pk for p, _ in betaalde_posten]).update(
            status=IncassopostStatus.BETAALD,
            betaling_id=Subquery(
                Betaling.objects.filter(
                    referentie__in_lijst=[b.referentie for _, b in betaalde_posten],
                    bankmutatie__end_to_end_id=OuterRef("end_to_end_id"),
                ).values("id")[:1]
            ),
        )
    # Only a payment that left credit (or a reversal, below) can change what a resident has to get back.
    personen = {b.belastingplichtige_id for b, _ in toewijzingen if toegerekend[b.pk] < b.bedrag}

    # --- Money going out: returns, reversals and other debits ---------------------------------
    originelen = _originelen(overig, posten)
    verzoeken, teruggeboekte_posten, uitgaand, origineel_van = [], [], [], {}
    for t, afschrift_id in overig:
        mutatie = _mutatie(MutatieRij, t, afschrift_id, reden="")
        uitgaand.append(mutatie)
        if t.bedrag > 0:  # a reversal of money we paid out
            mutatie.status, mutatie.reden = BankmutatieStatus.ONGEMATCHT, REDEN_STORNO_AFSCHRIJVING
            continue
        if not (t.storno or t.retourcode):
            mutatie.status, mutatie.reden = BankmutatieStatus.ONGEMATCHT, REDEN_AFSCHRIJVING
            continue
        post = posten.get(t.end_to_end_id)
        if post is not None and post.status != IncassopostStatus.TERUGGEBOEKT:
            if post.bedrag != -t.bedrag:
                mutatie.status = BankmutatieStatus.ONGEMATCHT
                mutatie.reden = REDEN_TERUGBOEKING_BEDRAG.format(bedrag=-t.bedrag, origineel=post.bedrag)
                continue
            post.status, post.retourcode, post.teruggeboekt_op = (
                IncassopostStatus.TERUGGEBOEKT,
                t.retourcode,
                datum,
            )
            teruggeboekte_posten.append(post)
            if post.betaling_id is None:
                mutatie.toelichting = TOELICHTING_NIET_BIJGESCHREVEN
                continue
            origineel_id = post.betaling_id
        else:
            origineel_id = originelen.get(t.referentie)
        if origineel_id is None:
            mutatie.status, mutatie.reden = BankmutatieStatus.ONGEMATCHT, REDEN_TERUGBOEKING_ONBEKEND
            continue
        origineel_van[t.referentie] = origineel_id
        verzoeken.append(
            Terugboekverzoek(
                betaling=Betaling(pk=origineel_id),
                referentie=t.referentie,
                datum=t.boekdatum,
                omschrijving=f"Storno {t.retourcode} {t.omschrijving}".strip(),
            )
        )
    tegen = services.betalingen_terugboeken(verzoeken=verzoeken, datum=datum)
    for m in uitgaand:
        if m.referentie in origineel_van:
            terugboeking = tegen[origineel_van[m.referentie]]
            m.betaling_id = terugboeking.pk
            personen.add(terugboeking.belastingplichtige_id)
    for m in uitgaand:
        if m.status == BankmutatieStatus.ONGEMATCHT:
            m.suggestie_id = suggestie_van.get(m.tegenrekening)
    _mutaties_invoegen(uitgaand)
    Bankmutatie.objects.filter(betaling_id__in_lijst=list(tegen), status=BankmutatieStatus.ONGEMATCHT).update(
        status=BankmutatieStatus.AFGEHANDELD,
        behandeld_op=datum,
        toelichting=TOELICHTING_TERUGGEDRAAID,
    )
    if teruggeboekte_posten:
        Incassopost.objects.filter(pk__in_lijst=[p.pk for p in teruggeboekte_posten]).update(
            status=IncassopostStatus.TERUGGEBOEKT,
            teruggeboekt_op=datum,
            retourcode=Subquery(
                Bankmutatie.objects.filter(
                    referentie__in_lijst=[m.referentie for m in uitgaand],
                    end_to_end_id=OuterRef("end_to_end_id"),
                ).values("retourcode")[:1]
            ),
        )
    resultaat.teruggeboekt += len(tegen)
    gestopt = incasso_stoppen_na_storneringen(
        machtiging_ids={p.machtiging_id for p in teruggeboekte_posten}, datum=datum
    )
    resultaat.incasso_gestopt += len(gestopt)
    resultaat.terugbetalingen += terugbetalingen_voorstellen(
        belastingplichtige_ids={p for p in personen if p}, datum=datum
    )

    afschrift_van = {t.referentie: t.afschrift_id for t, _ in nieuw}
    ongematcht = [m for m in ontvangen + uitgaand if m.status == BankmutatieStatus.ONGEMATCHT]
    resultaat.ongematcht += len(ongematcht)
    resultaat.meldingen += [
        MELDING_ONGEMATCHT.format(
            afschrift=afschrift_van[m.referentie], positie=m.positie, bedrag=m.bedrag, reden=m.reden
        )
        for m in ongematcht
    ]


def _zoek_doel(
    t, posten, kenmerken, aanslag_van, regeling_van, regeling_aanslagen
) -> tuple[_Doel | None, str]:
    if t.valuta and t.valuta != "EUR":
        return None, REDEN_VALUTA.format(valuta=t.valuta)
    post = posten.get(t.end_to_end_id)
    if post is not None:
        if post.regelingtermijn_id:
            aanslag_ids = regeling_aanslagen.get(post.regelingtermijn.regeling_id, [])
        else:
            aanslag_ids = [post.termijn.aanslag_id]
        return _Doel(post.machtiging.belastingplichtige_id, aanslag_ids, post), ""
    doelen = []
    for k in kenmerken:
        if k in aanslag_van:
            aanslag_id, persoon_id = aanslag_van[k]
            doelen.append((persoon_id, [aanslag_id]))
        elif k in regeling_van:
            regeling_id, persoon_id = regeling_van[k]
            doelen.append((persoon_id, regeling_aanslagen.get(regeling_id, [])))
    if not doelen:
        return None, (
            REDEN_ONBEKEND_KENMERK.format(kenmerk=kenmerken[0]) if kenmerken else REDEN_GEEN_KENMERK
        )
    if len({p for p, _ in doelen}) > 1:
        return None, REDEN_MEER_PERSONEN
    aanslag_ids = []
    for _, ids in doelen:
        aanslag_ids += [a for a in ids if a not in aanslag_ids]
    return _Doel(doelen[0][0], aanslag_ids), ""


def _originelen(overig, posten) -> dict[str, int]:
    """For reversals that are not collections of ours: the earlier credit with the same end-to-end id,
    amount and counter account that is not reversed yet (one query)."""
    gezocht = [
        t
        for t, _ in overig
        if t.bedrag < 0 and (t.storno or t.retourcode) and t.end_to_end_id and t.end_to_end_id not in posten
    ]
    if not gezocht:
        return {}
    kandidaten = list(
        Bankmutatie.objects.filter(
            end_to_end_id__in_lijst={t.end_to_end_id for t in gezocht},
            bedrag__gt=0,
            betaling__isnull=False,
        )
        .exclude(betaling__status=BetalingStatus.TERUGGEBOEKT)
        .exclude(end_to_end_id="")  # lets the database use the partial index
        .order_by("boekdatum", "id")
        .values_list("end_to_end_id", "bedrag", "tegenrekening", "betaling_id")
    )
    gebruikt: set[int] = set()
    uitkomst = {}
    for t in gezocht:
        for e2e, bedrag, rekening, betaling_id in kandidaten:
            if (
                e2e == t.end_to_end_id
                and bedrag == -t.bedrag
                and (not t.tegenrekening or not rekening or rekening == t.tegenrekening)
                and betaling_id not in gebruikt
            ):
                uitkomst[t.referentie] = betaling_id
                gebruikt.add(betaling_id)
                break
    return uitkomst


def _mutatie(MutatieRij, t: Transactie, afschrift_id: int, *, reden: str):
    """A Bankmutatie as a plain row (``bulk.rij_klasse``): a statement can hold 100,000 of them."""
    return MutatieRij(
        afschrift_id=afschrift_id,
        referentie=t.referentie,
        positie=t.positie,
        boekdatum=t.boekdatum,
        valutadatum=t.valutadatum,
        bedrag=t.bedrag,
        valuta=t.valuta or "EUR",
        storno=t.storno,
        retourcode=t.retourcode,
        tegenrekening=t.tegenrekening,
        tegenrekening_naam=t.tegenrekening_naam,
        kenmerk=t.kenmerk,
        omschrijving=t.omschrijving,
        end_to_end_id=t.end_to_end_id,
        mandaat_id=t.mandaat_id,
        transactiecode=t.transactiecode,
        status=BankmutatieStatus.ONGEMATCHT if reden else BankmutatieStatus.GEKOPPELD,
        reden=reden[:200],
    )


def _suggesties(ibans: set[str]) -> dict[str, int]:
    """A resident whose IBAN (or mandate) is the counter account: a hint for the officer (two queries)."""
    ibans = {i for i in ibans if i}
    if not ibans:
        return {}
    van = dict(Machtiging.objects.filter(iban__in_lijst=ibans).values_list("iban", "belastingplichtige_id"))
    van.update(Belastingplichtige.objects.filter(iban__in_lijst=ibans).values_list("iban", "id"))
    return van


_MUTATIE_VELDEN = [v.attname for v in Bankmutatie._meta.concrete_fields if not v.primary_key]
_MUTATIE_WAARDEN = operator.attrgetter(*_MUTATIE_VELDEN)


def _mutaties_invoegen(mutaties) -> None:
    """Insert Bankmutatie rows; nothing reads their ids back, so none are fetched."""
    bulk_insert(Bankmutatie, _MUTATIE_VELDEN, map(_MUTATIE_WAARDEN, mutaties))


# --- The officers' worklist -----------------------------------------------------------------------
def _vergrendel_open(mutatie: Bankmutatie) -> Bankmutatie:
    mutatie = Bankmutatie.objects.select_for_update().get(pk=mutatie.pk)
    if mutatie.status != BankmutatieStatus.ONGEMATCHT:
        raise ValueError(FOUT_AL_BEHANDELD)
    return mutatie


def bankmutatie_koppelen(
    *,
    mutatie: Bankmutatie,
    datum: date,
    door,
    belastingplichtige: Belastingplichtige | None = None,
    aanslagen=(),
    toelichting: str = "",
) -> Bankmutatie:
    """An officer links an unmatched receipt to a resident (and aanslagen): it is allocated as usual."""
    if belastingplichtige is None and not aanslagen:
        raise ValueError(FOUT_GEEN_DOEL)
    with transaction.atomic():
        mutatie = _vergrendel_open(mutatie)
        if mutatie.bedrag <= 0 or mutatie.betaling_id is None:
            raise ValueError(FOUT_GEEN_ONTVANGST)
        betaling = Betaling.objects.select_for_update().get(pk=mutatie.betaling_id)
        if belastingplichtige is not None:
            betaling.belastingplichtige = belastingplichtige
            betaling.save(update_fields=["belastingplichtige"])
        services.betaling_toerekenen(betaling=betaling, aanslagen=list(aanslagen), datum=datum)
        _behandeld(mutatie, datum, door, toelichting, BankmutatieStatus.GEKOPPELD)
        betaling.refresh_from_db()
    terugbetalingen_voorstellen(belastingplichtige_ids=[betaling.belastingplichtige_id], datum=datum)
    return mutatie


def bankmutatie_terugboeking_koppelen(
    *, mutatie: Bankmutatie, betaling: Betaling, datum: date, door, toelichting: str = ""
) -> Bankmutatie:
    """An officer links an unmatched return or reversal to the payment it undoes; it is undone as usual."""
    with transaction.atomic():
        mutatie = _vergrendel_open(mutatie)
        if mutatie.bedrag >= 0:
            raise ValueError(FOUT_GEEN_AFSCHRIJVING)
        if betaling.bedrag != -mutatie.bedrag:
            raise ValueError(
                FOUT_BEDRAG_TERUGBOEKING.format(bedrag=-mutatie.bedrag, origineel=betaling.bedrag)
            )
        mutatie.betaling = services.betaling_terugboeken(
            betaling=betaling, datum=datum, referentie=mutatie.referentie, omschrijving=mutatie.omschrijving
        )
        _behandeld(mutatie, datum, door, toelichting, BankmutatieStatus.GEKOPPELD, extra=["betaling"])
    if mutatie.betaling.belastingplichtige_id:
        terugbetalingen_voorstellen(
            belastingplichtige_ids=[mutatie.betaling.belastingplichtige_id], datum=datum
        )
    return mutatie


def bankmutatie_afhandelen(*, mutatie: Bankmutatie, datum: date, door, toelichting: str) -> Bankmutatie:
    """An officer closes an entry that needs no booking (not ours, bank costs, paid back by hand)."""
    if not toelichting.strip():
        raise ValueError(FOUT_TOELICHTING)
    with transaction.atomic():
        mutatie = _vergrendel_open(mutatie)
        _behandeld(mutatie, datum, door, toelichting, BankmutatieStatus.AFGEHANDELD)
    return mutatie


def _behandeld(mutatie, datum, door, toelichting, status, extra=()) -> None:
    mutatie.status = status
    mutatie.behandeld_op = datum
    mutatie.behandeld_door = door
    mutatie.toelichting = toelichting.strip()
    mutatie.save(update_fields=["status", "behandeld_op", "behandeld_door", "toelichting", *extra])

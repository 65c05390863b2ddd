"""The daily chain run (``invorderingsrun`` / ``keten_draaien``), set-based and chunked.

The open aanslagen are split into chunks by id. Each chunk is one transaction: lock the chunk's
aanslagen, read everything the rules need in a fixed number of queries, decide per aanslag in memory
(``stappen.beslis``), write letters, tasks, facts, costs and positions in a fixed number of queries.

Idempotent and safe: facts, letters and tasks each have a unique ``sleutel``; a rerun the same day
finds every fact already stored and writes nothing. A second run that overlaps waits for the chunk's
row locks and then reads the first run's committed facts. A run killed halfway loses only its
current chunk's transaction; the rerun does that chunk and skips the rest. Several Celery workers
share a run by taking chunks (``keten_starten`` / ``keten_deel``); progress is a ``Verwerking``.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from communicatie.brieven_bulk import brieven_vastleggen

from .. import bulk  # noqa: F401 - registers the in_lijst lookup
from ..beslagvrije_voet import capaciteit_voor
from ..constants import (
    NUL,
    AanslagStatus,
    Boekingsoort,
    Component,
    ContactUitkomst,
    TaakStatus,
    VerwerkingSoort,
)
from ..geld import geld
from ..kosten import Tarief, tarieven
from ..models import (
    Aanslag,
    Belastingplichtige,
    Boeking,
    BvvRekenregel,
    Invorderingsbeleid,
    Ketenstand,
    Ketenstap,
    Pauze,
    Taak,
    Termijn,
    Verwerking,
)
from ..services import boekingen_maak
from ..verwerkingen import (
    verwerking_fout,
    verwerking_klaar,
    verwerking_ophogen,
    verwerking_start,
    verwerking_totaal,
)
from . import (
    sql,  # also registers the in_ids lookup
    voorfilter,
)
from .beleid import Beleidskeuze, beleidskeuze
from .klantgroepen import klantgroepen_actueel, klantgroepen_bijwerken
from .poorten import bvv_blokkeert
from .stappen import (
    BLOKKERENDE_TAKEN,
    DWANG,
    OPEN,
    Besluit,
    Context,
    Dossier,
    Stand,
    TaakInfo,
    beslis,
    effectieve_vervaldatum,
    volgende,
)

# PostgreSQL: let the database pass on only the aanslagen that may get a fact today (off in tests that
# compare the run with and without it).
VOORFILTER = True
CHUNK = 10_000  # a commit (WAL flush) per 10,000 aanslagen; queries per chunk do not grow with it
STAND_VELDEN = [
    "fase",
    "fase_datum",
    "herinnering_op",
    "aanmaning_op",
    "vooraankondiging_op",
    "dwangbevel_op",
    "hernieuwd_bevel_op",
    "kosten_totaal",
    "gepauzeerd",
    "wacht_tot",
]
TAAK_VELDEN = [
    "soort",
    "belastingplichtige_id",
    "aanslag_id",
    "aangemaakt_op",
    "deadline",
    "bron",
    "sleutel",
    "toelichting",
]
STAP_VELDEN = [
    "sleutel",
    "aanslag_id",
    "belastingplichtige_id",
    "soort",
    "datum",
    "kosten",
    "kosten_tarief",
    "beleid_id",
    "beleid_naam",
    "regel",
    "reden",
    "tegengehouden",
    "sjabloon",
    "brief_id",
    "taak_id",
    "toelichting",
    "aangemaakt_op",
]


@dataclass
class Verslag:
    """What one run (or one chunk) did: facts stored now per kind, decisions per reason, costs."""

    datum: date
    bekeken: int = 0
    delen: int = 0
    stappen: Counter = field(default_factory=Counter)
    niet_escaleren: Counter = field(default_factory=Counter)
    kosten: Decimal = NUL
    brieven: int = 0
    taken: int = 0
    klantgroep_gewijzigd: int = 0
    verwerking_id: int | None = None
    tijden: Counter = field(
        default_factory=Counter
    )  # seconds per phase: lezen, beslissen, schrijven, brieven

    def optellen(self, ander: Verslag) -> None:
        self.bekeken += ander.bekeken
        self.delen += ander.delen
        self.stappen.update(ander.stappen)
        self.niet_escaleren.update(ander.niet_escaleren)
        self.kosten += ander.kosten
        self.brieven += ander.brieven
        self.taken += ander.taken
        self.klantgroep_gewijzigd += ander.klantgroep_gewijzigd
        self.tijden.update(ander.tijden)

    def als_dict(self) -> dict:
        return {
            "datum": self.datum.isoformat(),
            "bekeken": self.bekeken,
            "delen": self.delen,
            "stappen": dict(sorted(self.stappen.items())),
            "niet_escaleren": dict(sorted(self.niet_escaleren.items())),
            "kosten": f"{self.kosten:.2f}",
            "brieven": self.brieven,
            "taken": self.taken,
            "klantgroep_gewijzigd": self.klantgroep_gewijzigd,
            "tijden": {k: round(v, 2) for k, v in sorted(self.tijden.items())},
        }


# --- Public entry points --------------------------------------------------------------------------
def keten_draaien(*, datum: date, beleid: Invorderingsbeleid | None = None, chunk: int = CHUNK) -> Verslag:
    """Run the chain for ``datum`` over all open aanslagen, chunk by chunk in this process.

    ``beleid``: a policy (saved or not) that applies to everyone instead of the policy in force and
    its pilot variants, for a what-if. Records a ``Verwerking`` with progress and the report.
    """
    verwerking = verwerking_start(soort=VerwerkingSoort.KETEN, datum=datum)
    try:
        verslag = Verslag(datum=datum, verwerking_id=verwerking.pk)
        verslag.klantgroep_gewijzigd = klantgroepen_actueel(datum=datum)
        grenzen, totaal = keten_delen(chunk=chunk)
        verwerking_totaal(verwerking, totaal)
        keuze = beleidskeuze(datum=datum, beleid=beleid)
        tab = tarieven(datum)
        for van, tot in grenzen:
            deel = keten_deel(datum=datum, van=van, tot=tot, keuze=keuze, tarieven=tab)
            verslag.optellen(deel)
            verwerking_ophogen(verwerking, deel.bekeken)
        verwerking_klaar(verwerking, verslag.als_dict())
    except Exception as exc:
        verwerking_fout(verwerking, f"{type(exc).__name__}: {exc}")
        raise
    return verslag


def keten_delen(*, chunk: int = CHUNK) -> tuple[list[tuple[int, int]], int]:
    """Split the open aanslagen into id ranges of ``chunk`` aanslagen (one query); returns the ranges
    and the number of open aanslagen."""
    ids = list(Aanslag.objects.filter(status=AanslagStatus.OPEN).order_by("id").values_list("id", flat=True))
    grenzen = [(ids[i], ids[min(i + chunk, len(ids)) - 1]) for i in range(0, len(ids), chunk)]
    return grenzen, len(ids)


def keten_starten(*, datum: date, chunk: int = CHUNK) -> Verwerking:
    """Start a run shared by Celery workers: one task per chunk (eager without a broker)."""
    from ..tasks_keten import keten_deel_task

    verwerking = verwerking_start(soort=VerwerkingSoort.KETEN, datum=datum)
    klantgroepen_actueel(datum=datum)
    grenzen, totaal = keten_delen(chunk=chunk)
    verwerking_totaal(verwerking, totaal)
    if not grenzen:
        verwerking_klaar(verwerking, Verslag(datum=datum).als_dict())
    for van, tot in grenzen:
        keten_deel_task.delay(verwerking.pk, datum.isoformat(), van, tot)
    return verwerking


def keten_deel_verwerken(*, verwerking_id: int, datum: date, van: int, tot: int) -> Verslag:
    """One chunk of a shared run (called by the Celery task); the last chunk closes the Verwerking
    with a report counted from the stored facts of ``datum``."""
    verwerking = Verwerking.objects.get(pk=verwerking_id)
    try:
        deel = keten_deel(
            datum=datum, van=van, tot=tot, keuze=beleidskeuze(datum=datum), tarieven=tarieven(datum)
        )
        verwerking_ophogen(verwerking, deel.bekeken)
        verwerking.refresh_from_db()
        if verwerking.totaal is not None and verwerking.gedaan >= verwerking.totaal:
            verwerking_klaar(verwerking, verslag_van_dag(datum=datum).als_dict())
    except Exception as exc:
        verwerking_fout(verwerking, f"{type(exc).__name__}: {exc}")
        raise
    return deel


def verslag_van_dag(*, datum: date) -> Verslag:
    """The facts stored for ``datum`` (by any run), counted per kind and reason."""
    verslag = Verslag(datum=datum)
    for soort, reden, aantal, kosten in (
        Ketenstap.objects.filter(datum=datum)
        .order_by()
        .values_list("soort", "reden")
        .annotate(n=Count("id"), k=_som("kosten"))
        .values_list("soort", "reden", "n", "k")
    ):
        verslag.stappen[soort] += aantal
        if reden:
            verslag.niet_escaleren[reden] += aantal
        verslag.kosten += geld(kosten)
    return verslag


def _som(veld):
    from ..geld import som_bedrag

    return som_bedrag(veld)


# --- One chunk ------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Rij:
    dossier: Dossier
    beleid: Invorderingsbeleid
    ctx: Context
    aanslagnummer: str
    belastingjaar: int
    betalingskenmerk: str
    persoon: tuple
    stand_bestond: bool


AANSLAG = (
    "id",
    "belastingplichtige_id",
    "aanslagnummer",
    "belastingjaar",
    "dagtekening",
    "vervaldatum",
    "aantal_termijnen",
    "bedrag_belasting",
    "open_belasting",
    "openstaand",
    "betalingskenmerk",
)
PERSOON = (
    "voorletters",
    "tussenvoegsel",
    "achternaam",
    "straat",
    "huisnummer",
    "huisnummer_toevoeging",
    "postcode",
    "woonplaats",
    "taal",
    "klantgroep",
)


def keten_deel(
    *, datum: date, van: int, tot: int, keuze: Beleidskeuze, tarieven: dict[str, Tarief]
) -> Verslag:
    """Run the chain for the open aanslagen with id in [van, tot], in one transaction.

    Every read filters on the id range (not on lists of ids), so the number of queries and their
    parameters do not grow with the chunk."""
    verslag = Verslag(datum=datum, delen=1)
    klok = time.perf_counter()
    with transaction.atomic():
        # Lock the chunk; a run that overlaps waits here and then reads this run's committed facts.
        if VOORFILTER and connection.vendor == "postgresql":
            # No JIT compilation for this transaction: the chunk's queries are index lookups that
            # finish in milliseconds, but their cost estimates pass jit_above_cost, and compiling
            # took ~60 ms per query, per chunk.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
            # Only the aanslagen that may get a fact today leave the database, locked (voorfilter.py);
            # the rules below still decide exactly. The stored customer groups are current
            # (klantgroepen.py), so the chunk does not recompute them.
            bekeken = voorfilter.open_in_bereik(van=van, tot=tot)
            aanslagen = voorfilter.kandidaten(van=van, tot=tot, datum=datum, keuze=keuze, kolommen=AANSLAG)
        else:
            # The lock also reads the chunk's aanslagen (their latest committed version).
            aanslagen = list(
                Aanslag.objects.select_for_update()
                .filter(id__gte=van, id__lte=tot, status=AanslagStatus.OPEN)
                .order_by("id")
                .values_list(*AANSLAG)
            )
            bekeken = len(aanslagen)
        if not aanslagen:
            verslag.bekeken = bekeken
            return verslag
        rijen = _lees(aanslagen=aanslagen, van=van, tot=tot, datum=datum, keuze=keuze, tarieven=tarieven)
        verslag.tijden["lezen"] += time.perf_counter() - klok
        klok = time.perf_counter()
        uitkomsten = [(rij, beslis(rij.dossier, rij.beleid, datum, rij.ctx)) for rij in rijen]
        verslag.tijden["beslissen"] += time.perf_counter() - klok
        klok = time.perf_counter()
        geschreven = _schrijf(datum=datum, uitkomsten=uitkomsten)
        geschreven.tijden["schrijven"] += (
            time.perf_counter() - klok - geschreven.tijden["brieven"] - geschreven.tijden["klantgroepen"]
        )
        verslag.optellen(geschreven)
        verslag.bekeken = bekeken
        verslag.delen = 1
    return verslag


def _lees(*, aanslagen, van, tot, datum, keuze, tarieven) -> list[_Rij]:
    """Read the rest of the chunk (``aanslagen``: its locked rows, ``AANSLAG`` columns) and build the
    rows that may get a fact today. The stored customer groups are current (``klantgroepen.py``).

    Each read is a plain index scan: the id range for the chunk's own rows, one id array for its
    residents (joins to the big tables would let the planner scan them whole for every chunk)."""
    in_bereik = {"aanslag_id__gte": van, "aanslag_id__lte": tot}
    standen = {
        r[0]: r[1:] for r in Ketenstand.objects.filter(**in_bereik).values_list("aanslag_id", *STAND_VELDEN)
    }
    persoon_ids = sql.Ids(sorted({r[1] for r in aanslagen}))
    personen = {
        r[0]: r[1:]
        for r in Belastingplichtige.objects.filter(id__in_ids=persoon_ids).values_list("id", *PERSOON)
    }

    # Effective due date of installment aanslagen: the first installment the payments do not cover.
    termijnen: dict[int, list[tuple[date, Decimal]]] = defaultdict(list)
    meer = [r[0] for r in aanslagen if r[6] > 1]
    if meer:
        for aanslag_id, verval, bedrag in (
            Termijn.objects.filter(aanslag_id__in_ids=sql.Ids(meer))
            .order_by("aanslag_id", "volgnummer")
            .values_list("aanslag_id", "vervaldatum", "bedrag")
        ):
            termijnen[aanslag_id].append((verval, bedrag))

    # Pauses in force: for the resident as a whole, or for chosen aanslagen.
    actief = Pauze.objects.actief_op(datum)
    pauze_persoon = dict(
        actief.filter(belastingplichtige_id__in_ids=persoon_ids, aanslagen__isnull=True)
        .order_by("-id")
        .values_list("belastingplichtige_id", "id")
    )
    pauze_aanslag = dict(
        Pauze.aanslagen.through.objects.filter(**in_bereik, pauze__in=actief)
        .order_by("-pauze_id")
        .values_list("aanslag_id", "pauze_id")
    )

    rijen: list[_Rij] = []
    for r in aanslagen:
        aanslag_id, persoon_id = r[0], r[1]
        persoon = personen[persoon_id]
        s = standen.get(aanslag_id)
        stand = Stand(*s) if s is not None else Stand()
        verval = effectieve_vervaldatum(
            vervaldatum=r[5],
            termijnen=termijnen.get(aanslag_id, []) if r[6] > 1 else [],
            bedrag_belasting=r[7],
            open_belasting=r[8],
        )
        dossier = Dossier(
            aanslag_id=aanslag_id,
            belastingplichtige_id=persoon_id,
            dagtekening=r[4],
            vervaldatum=verval,
            enkele_termijn=r[6] == 1,
            bedrag_belasting=r[7],
            open_belasting=r[8],
            openstaand=r[9],
            klantgroep=persoon[9],
            stand=stand,
        )
        pauze_id = pauze_aanslag.get(aanslag_id) or pauze_persoon.get(persoon_id)
        beleid = keuze.voor(persoon_id, persoon[6])
        if pauze_id is None and not stand.gepauzeerd:
            # Nothing can happen today unless the next step is due (cheap check, most aanslagen).
            stap = volgende(dossier, beleid, datum)
            if stap is None or stap[1] > datum or (stand.wacht_tot is not None and stand.wacht_tot > datum):
                continue
        ctx = Context(pauze_id=pauze_id, tarieven=tarieven)
        rijen.append(_Rij(dossier, beleid, ctx, r[2], r[3], r[10], persoon, s is not None))
    if not rijen:
        return rijen

    # The chain's own tasks of the candidates (open and closed: outcomes drive the next step).
    per_aanslag = {rij.dossier.aanslag_id: rij for rij in rijen}
    for aanslag_id, pk, sleutel, soort, status, uitkomst, deadline, afgerond_op, nb, aangemaakt_op in (
        Taak.objects.filter(**in_bereik, sleutel__startswith="keten:")
        .order_by()
        .annotate(nb=Count("contacten", filter=Q(contacten__uitkomst=ContactUitkomst.NIET_BEREIKT)))
        .values_list(
            "aanslag_id",
            "id",
            "sleutel",
            "soort",
            "status",
            "uitkomst",
            "deadline",
            "afgerond_op",
            "nb",
            "aangemaakt_op",
        )
    ):
        if aanslag_id in per_aanslag:
            per_aanslag[aanslag_id].ctx.taken[sleutel] = TaakInfo(
                pk, soort, status, uitkomst, deadline, afgerond_op, nb, aangemaakt_op
            )
    # Open tasks of other flows (a plan or remission request to assess, a write-off under review).
    blok_persoon: dict[int, int] = {}
    blok_aanslag: dict[int, int] = {}
    for persoon_id, aanslag_id, pk in (
        Taak.objects.filter(
            belastingplichtige_id__in_ids=persoon_ids, soort__in=BLOKKERENDE_TAKEN, status__in=OPEN
        )
        .order_by("id")
        .values_list("belastingplichtige_id", "aanslag_id", "id")
    ):
        (blok_aanslag if aanslag_id else blok_persoon).setdefault(aanslag_id or persoon_id, pk)
    for rij in rijen:
        rij.ctx.blokkerende_taak_id = blok_aanslag.get(rij.dossier.aanslag_id) or blok_persoon.get(
            rij.dossier.belastingplichtige_id
        )

    # The bvv gate, only for residents facing a coercive step today (7 queries when there are any).
    nodig = set()
    for rij in rijen:
        if rij.ctx.pauze_id is None:
            stap = volgende(rij.dossier, rij.beleid, datum)
            if stap and stap[0] in DWANG and stap[1] <= datum:
                nodig.add(rij.dossier.belastingplichtige_id)
    if nodig:
        capaciteiten = capaciteit_voor(nodig, datum)
        percentage = (
            BvvRekenregel.objects.filter(geldig_vanaf__lte=datum)
            .order_by("-geldig_vanaf")
            .values_list("percentage_inkomen", flat=True)
            .first()
        )
        for rij in rijen:
            if rij.dossier.belastingplichtige_id in nodig:
                blokkeert, uitleg = bvv_blokkeert(
                    capaciteiten.get(rij.dossier.belastingplichtige_id),
                    minimale_capaciteit=rij.beleid.bvv_minimale_capaciteit,
                    percentage_inkomen=percentage,
                )
                rij.ctx.bvv_blokkeert, rij.ctx.bvv_toelichting = blokkeert, uitleg
    return rijen


class _Persoon:
    """Just the attributes ``Belastingplichtige.naam`` and ``.adresregels`` read (no model instance)."""

    __slots__ = PERSOON

    def __init__(self, waarden: tuple):
        for veld, waarde in zip(PERSOON, waarden, strict=True):
            setattr(self, veld, waarde)


_NAAM = Belastingplichtige.naam.fget
_ADRES = Belastingplichtige.adresregels.fget


def _naam_en_adres(persoon: tuple) -> tuple[str, list[str]]:
    p = _Persoon(persoon)
    return _NAAM(p), _ADRES(p)


def _gegevens(rij: _Rij, besluit: Besluit) -> dict:
    openstaand = rij.dossier.openstaand + besluit.kosten
    return {
        "aanslagnummer": rij.aanslagnummer,
        "belastingjaar": rij.belastingjaar,
        "openstaand": f"{openstaand:.2f}",
        "kosten": f"{besluit.kosten:.2f}",
        "kosten_totaal": f"{besluit.stand.kosten_totaal:.2f}",
        "betaling": {
            "bedrag": f"{openstaand:.2f}",
            "kenmerk": rij.betalingskenmerk,
            "doel": f"aanslag:{rij.dossier.aanslag_id}",
        },
        "uiterste_datum": besluit.uiterste_datum.isoformat(),
    }


def _schrijf(*, datum: date, uitkomsten: list) -> Verslag:
    verslag = Verslag(datum=datum)
    besluiten = [(rij, u.besluit) for rij, u in uitkomsten if u.besluit is not None]

    # Facts already stored (an earlier or overlapping run): they and their effects are skipped.
    bestaand = sql.bestaande(Ketenstap, "sleutel", [b.sleutel for _, b in besluiten])
    nieuw = [(rij, b) for rij, b in besluiten if b.sleutel not in bestaand]

    # Tasks (unique sleutel; ignore_conflicts keeps a rerun from doubling them).
    taak_ids: dict[str, int] = {}
    nieuwe_taken = [(rij, b.nieuwe_taak) for rij, b in nieuw if b.nieuwe_taak is not None]
    if nieuwe_taken:
        taak_ids = sql.invoegen_of_negeren(
            Taak,
            TAAK_VELDEN,
            [
                (
                    t.soort,
                    rij.dossier.belastingplichtige_id,
                    rij.dossier.aanslag_id,
                    datum,
                    t.deadline,
                    f"keten:{rij.beleid.naam}"[:100],
                    t.sleutel,
                    t.toelichting,
                )
                for rij, t in nieuwe_taken
            ],
            uniek="sleutel",
        )
        verslag.taken = len(nieuwe_taken)

    # Letters (unique sleutel in communicatie), as plain rows.
    brief_ids: dict[str, int] = {}
    brieven = []
    for rij, b in nieuw:
        if b.sjabloon:
            naam, adres = _naam_en_adres(rij.persoon)
            brieven.append(
                (
                    f"keten:{b.sleutel}",
                    b.sjabloon,
                    datum,
                    f"belastingplichtige:{rij.dossier.belastingplichtige_id}",
                    naam,
                    adres,
                    _gegevens(rij, b),
                    rij.persoon[8] or "nl",
                )
            )
    if brieven:
        klok = time.perf_counter()
        brief_ids = brieven_vastleggen(brieven)
        verslag.tijden["brieven"] += time.perf_counter() - klok
        verslag.brieven = len(brieven)

    # The facts.
    nu = timezone.now()
    stap_rijen = []
    for rij, b in nieuw:
        beleid = rij.beleid
        stap_rijen.append(
            (
                b.sleutel,
                rij.dossier.aanslag_id,
                rij.dossier.belastingplichtige_id,
                str(b.soort),
                datum,
                b.kosten,
                b.kosten_tarief,
                beleid.pk,
                beleid.naam[:100],
                b.regel[:200],
                str(b.reden),
                str(b.tegengehouden),
                b.sjabloon,
                brief_ids.get(f"keten:{b.sleutel}") if b.sjabloon else None,
                taak_ids.get(b.nieuwe_taak.sleutel) if b.nieuwe_taak else b.taak_id,
                b.toelichting[:500],
                nu,
            )
        )
        verslag.stappen[str(b.soort)] += 1
        if b.reden:
            verslag.niet_escaleren[str(b.reden)] += 1
    if stap_rijen:
        bulk.bulk_insert(Ketenstap, STAP_VELDEN, stap_rijen)

    # Costs in the ledger.
    kosten = [
        Boeking(
            aanslag_id=rij.dossier.aanslag_id,
            datum=datum,
            component=Component.KOSTEN,
            soort=Boekingsoort.KOSTEN,
            bedrag=b.kosten,
            omschrijving=f"Kosten {b.soort}"[:200],
        )
        for rij, b in nieuw
        if b.kosten > 0
    ]
    if kosten:
        boekingen_maak(boekingen=kosten, datum=datum)
        verslag.kosten = sum((k.bedrag for k in kosten), NUL)

    # Tasks the run closes (attempts used up, or lapsed): only still-open ones change.
    sluiten: dict[str, list[int]] = defaultdict(list)
    for _rij, u in uitkomsten:
        for taak_id, status in u.taken_sluiten:
            sluiten[status].append(taak_id)
    for status, taak_lijst in sluiten.items():
        bijwerken = {"status": status, "afgerond_op": datum}
        Taak.objects.filter(id__in_ids=sql.Ids(taak_lijst), status__in=OPEN).update(**bijwerken)
        if status == TaakStatus.AFGEROND:
            Taak.objects.filter(id__in_ids=sql.Ids(taak_lijst), uitkomst="").update(
                uitkomst=ContactUitkomst.NIET_BEREIKT
            )

    # Positions in the chain: only those that changed, and never for a fact another run stored.
    standen = []
    geraakt = set()
    for rij, u in uitkomsten:
        if u.stand is None or u.stand == rij.dossier.stand:
            continue
        if u.besluit is not None and u.besluit.sleutel in bestaand:
            continue
        st = u.stand
        oud = rij.dossier.stand
        if (st.herinnering_op, st.aanmaning_op) != (oud.herinnering_op, oud.aanmaning_op):
            geraakt.add(rij.dossier.belastingplichtige_id)
        standen.append(
            (
                rij.dossier.aanslag_id,
                st.fase,
                st.fase_datum,
                st.herinnering_op,
                st.aanmaning_op,
                st.vooraankondiging_op,
                st.dwangbevel_op,
                st.hernieuwd_bevel_op,
                st.kosten_totaal,
                st.gepauzeerd,
                st.wacht_tot,
                datum,
            )
        )
    sql.invoegen_of_bijwerken(
        Ketenstand, ["aanslag_id", *STAND_VELDEN, "bijgewerkt_op"], standen, uniek="aanslag_id"
    )

    # Customer groups: recompute the residents whose reminder or aanmaning dates just changed (later
    # chunks of this run and tomorrow's run read the new group).
    klok = time.perf_counter()
    verslag.klantgroep_gewijzigd += klantgroepen_bijwerken(personen=geraakt, datum=datum)
    verslag.tijden["klantgroepen"] += time.perf_counter() - klok
    return verslag

"""The chain's rules as one pure function: given an open aanslag as the run sees it (``Dossier``), the
policy that applies, and what the gates know (``Context``), decide the one thing to do today.

No queries here: ``invordering.keten.run`` loads a chunk set-based, calls ``beslis`` per aanslag and
writes the outcomes set-based. The order of the gates is ONTWERP.md's: payment in full (closed
aanslagen are never loaded), an active pause, an open call or visit task, the beslagvrije-voet gate,
then the policy's own knobs (small debt, calling first).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from ..constants import (
    BEREIKT,
    NUL,
    ContactUitkomst,
    GeenEscalatieReden,
    Klantgroep,
    StapSoort,
    TaakSoort,
    TaakStatus,
)
from ..geld import geld
from ..kosten import Tarief

S = StapSoort

# Main phases in chain order; an aanslag's ``fase`` is the last one it reached.
FASEN = (
    S.HERINNERING_HALVERWEGE,
    S.HERINNERING_VOOR_EINDE,
    S.PROACTIEF_CONTACT,
    S.HERINNERING_NA_VERVALDATUM,
    S.AANMANING,
    S.VOORAANKONDIGING,
    S.DWANGBEVEL,
    S.HERNIEUWD_BEVEL,
    S.DEURWAARDER,
)
NIVEAU = {"": 0, **{f: i + 1 for i, f in enumerate(FASEN)}}
ESCALATIES = (S.AANMANING, S.VOORAANKONDIGING, S.DWANGBEVEL, S.HERNIEUWD_BEVEL, S.DEURWAARDER)
DWANG = (S.DWANGBEVEL, S.HERNIEUWD_BEVEL, S.DEURWAARDER)  # coercive: behind the bvv gate
KLEINE_SCHULD_STAPPEN = (S.VOORAANKONDIGING, S.DWANGBEVEL)
KOSTEN_STAPPEN = (S.AANMANING, S.DWANGBEVEL, S.HERNIEUWD_BEVEL)
BRIEF = {
    S.HERINNERING_HALVERWEGE: "herinnering_halverwege",
    S.HERINNERING_VOOR_EINDE: "herinnering_voor_einde",
    S.HERINNERING_NA_VERVALDATUM: "herinnering_na_vervaldatum",
    S.AANMANING: "aanmaning",
    S.VOORAANKONDIGING: "vooraankondiging",
    S.DWANGBEVEL: "dwangbevel",
    S.HERNIEUWD_BEVEL: "hernieuwd_bevel",
}
# Task kinds the chain opens; an open one holds the chain (gate 3).
KETEN_TAKEN = (
    TaakSoort.VOORBELLEN_AANMANING,
    TaakSoort.VOORBELLEN_DWANGBEVEL,
    TaakSoort.HUISBEZOEK,
    TaakSoort.SOCIAAL_SPOOR,
    TaakSoort.PROACTIEF_CONTACT,
)
# Tasks of other flows on the resident that also hold the chain while open.
BLOKKERENDE_TAKEN = (
    TaakSoort.REGELING_VERZOEK,
    TaakSoort.KWIJTSCHELDING_BEOORDELEN,
    TaakSoort.ONINBAAR_BEOORDELEN,
    TaakSoort.DEURWAARDER_ONINBAAR,
)
OPEN = (TaakStatus.OPEN, TaakStatus.IN_BEHANDELING)


LIDWOORD = {S.AANMANING: "de aanmaning", S.DWANGBEVEL: "het dwangbevel"}


def taak_sleutel(aanslag_id: int, soort: str, stap: str) -> str:
    """Idempotency key of a task the chain opens for ``stap`` of an aanslag."""
    return f"keten:{aanslag_id}:{soort}:{stap}"


@dataclass(slots=True)
class Stand:
    """An aanslag's position in the chain (mirror of Ketenstand)."""

    fase: str = ""
    fase_datum: date | None = None
    herinnering_op: date | None = None
    aanmaning_op: date | None = None
    vooraankondiging_op: date | None = None
    dwangbevel_op: date | None = None
    hernieuwd_bevel_op: date | None = None
    kosten_totaal: Decimal = NUL
    gepauzeerd: bool = False
    wacht_tot: date | None = None


@dataclass(slots=True)
class Dossier:
    aanslag_id: int
    belastingplichtige_id: int
    dagtekening: date
    vervaldatum: date  # the effective due date: the first installment not yet paid
    enkele_termijn: bool
    bedrag_belasting: Decimal
    open_belasting: Decimal
    openstaand: Decimal
    klantgroep: str
    stand: Stand


@dataclass(frozen=True, slots=True)
class TaakInfo:
    id: int
    soort: str
    status: str
    uitkomst: str
    deadline: date | None
    afgerond_op: date | None
    niet_bereikt: int  # contacts recorded as not reached
    aangemaakt_op: date | None = None


@dataclass
class Context:
    """What the gates know about one aanslag today."""

    pauze_id: int | None = None
    taken: dict[str, TaakInfo] = field(default_factory=dict)  # by sleutel
    blokkerende_taak_id: int | None = None  # an open task of another flow on the resident
    bvv_blokkeert: bool = False
    bvv_toelichting: str = ""
    tarieven: dict[str, Tarief] = field(default_factory=dict)


@dataclass
class NieuweTaak:
    soort: str
    sleutel: str
    deadline: date
    toelichting: str = ""


@dataclass
class Besluit:
    """The one fact to store for an aanslag today, with its side effects."""

    soort: str
    sleutel: str
    regel: str
    stand: Stand
    kosten: Decimal = NUL
    kosten_tarief: Decimal = NUL
    reden: str = ""
    tegengehouden: str = ""
    sjabloon: str = ""
    uiterste_datum: date | None = None
    nieuwe_taak: NieuweTaak | None = None
    taak_id: int | None = None  # an existing task the fact refers to
    toelichting: str = ""


@dataclass
class Uitkomst:
    """What ``beslis`` returns: a fact to store (or None) and the new stand (None: unchanged)."""

    besluit: Besluit | None
    stand: Stand | None
    taken_sluiten: list[tuple[int, str]] = field(default_factory=list)


def _dag(d: date, n: int) -> date:
    return d + timedelta(days=n)


def _in_groep(klantgroep: str, groepen: list) -> bool:
    return not groepen or klantgroep in groepen


def effectieve_vervaldatum(
    *,
    vervaldatum: date,
    termijnen: list[tuple[date, Decimal]],
    bedrag_belasting: Decimal,
    open_belasting: Decimal,
) -> date:
    """The due date the chain counts from: that of the first installment the payments do not cover
    (``termijnen`` in order), or the aanslag's own due date for a single payment."""
    if len(termijnen) < 2:
        return vervaldatum
    betaald = bedrag_belasting - open_belasting
    cumulatief = NUL
    for verval, bedrag in termijnen:
        cumulatief += bedrag
        if cumulatief > betaald:
            return verval
    return vervaldatum


def volgende(d: Dossier, beleid, datum: date) -> tuple[str, date, str] | None:
    """The next main step of the chain for this aanslag with its due date and the rule, or None.

    Pre-due reminders whose moment has passed are skipped (a reminder 'halfway' after the reminder
    'just before the end' is due makes no sense); after the due date the chain resumes where it was.
    """
    st = d.stand
    niveau = NIVEAU[st.fase]
    v = d.vervaldatum
    if datum < v:
        if niveau >= NIVEAU[S.PROACTIEF_CONTACT]:
            return None
        if beleid.proactief_meerjarig and d.klantgroep == Klantgroep.MEERJARIGE_ACHTERSTAND:
            moment = _dag(d.dagtekening, beleid.proactief_dagen)
            return (
                S.PROACTIEF_CONTACT,
                moment,
                f"meerjarige achterstand: dagtekening + {beleid.proactief_dagen} dagen",
            )
        if not d.enkele_termijn:
            return None
        voor_einde = beleid.herinnering_dagen_voor_einde
        if niveau < NIVEAU[S.HERINNERING_HALVERWEGE] and beleid.herinnering_halverwege:
            moment = d.dagtekening + (v - d.dagtekening) // 2
            if voor_einde is None or datum < _dag(v, -voor_einde):
                return S.HERINNERING_HALVERWEGE, moment, "halverwege de betaaltermijn"
        if niveau < NIVEAU[S.HERINNERING_VOOR_EINDE] and voor_einde is not None:
            return S.HERINNERING_VOOR_EINDE, _dag(v, -voor_einde), f"{voor_einde} dagen voor de vervaldatum"
        return None
    na = beleid.herinnering_dagen_na_vervaldatum
    if niveau < NIVEAU[S.HERINNERING_NA_VERVALDATUM] and na is not None:
        return S.HERINNERING_NA_VERVALDATUM, _dag(v, na), f"vervaldatum + {na} dagen"
    if niveau < NIVEAU[S.AANMANING]:
        if st.herinnering_op is not None and na is not None:
            tussen = beleid.dagen_tot_aanmaning - na
            return S.AANMANING, _dag(st.herinnering_op, tussen), f"herinnering + {tussen} dagen"
        return (
            S.AANMANING,
            _dag(v, beleid.dagen_tot_aanmaning),
            f"vervaldatum + {beleid.dagen_tot_aanmaning} dagen",
        )
    if niveau < NIVEAU[S.VOORAANKONDIGING] and beleid.vooraankondiging:
        n = beleid.dagen_tot_vooraankondiging
        return S.VOORAANKONDIGING, _dag(st.aanmaning_op, n), f"aanmaning + {n} dagen"
    if niveau < NIVEAU[S.DWANGBEVEL]:
        n = max(14, beleid.dagen_tot_dwangbevel)
        return S.DWANGBEVEL, _dag(st.aanmaning_op, n), f"aanmaning + {n} dagen"
    if niveau < NIVEAU[S.HERNIEUWD_BEVEL]:
        n = beleid.dagen_tot_hernieuwd_bevel
        return S.HERNIEUWD_BEVEL, _dag(st.dwangbevel_op, n), f"dwangbevel + {n} dagen"
    if niveau < NIVEAU[S.DEURWAARDER]:
        n = beleid.dagen_tot_deurwaarder
        return S.DEURWAARDER, _dag(st.hernieuwd_bevel_op, n), f"hernieuwd bevel + {n} dagen"
    return None


def _uiterste_datum(soort: str, d: Dossier, beleid, datum: date) -> date:
    if soort in (S.HERINNERING_HALVERWEGE, S.HERINNERING_VOOR_EINDE):
        return d.vervaldatum
    if soort in (S.HERINNERING_NA_VERVALDATUM, S.AANMANING):
        return _dag(datum, beleid.aanmaning_betaaltermijn)
    if soort == S.VOORAANKONDIGING:
        return _dag(d.stand.aanmaning_op, max(14, beleid.dagen_tot_dwangbevel) - 1)
    return _dag(datum, beleid.dwangbevel_betaaltermijn)


def kosten_voor(
    soort: str, d: Dossier, beleid, tarieven: dict[str, Tarief], datum: date
) -> tuple[Decimal, Decimal]:
    """(charged, statutory) costs of a step: the cost table, the policy's on/off, then the cap."""
    from ..kosten import tarief_bedrag

    if soort not in KOSTEN_STAPPEN:
        return NUL, NUL
    tarief = tarief_bedrag(tarieven, str(soort), d.open_belasting, datum)
    aan = {
        S.AANMANING: beleid.kosten_aanmaning,
        S.DWANGBEVEL: beleid.kosten_dwangbevel,
        S.HERNIEUWD_BEVEL: beleid.kosten_hernieuwd_bevel,
    }[soort]
    gerekend = tarief if aan else NUL
    if beleid.kosten_maximum_procent is not None:
        plafond = geld(d.bedrag_belasting * beleid.kosten_maximum_procent / 100)
        gerekend = min(gerekend, max(NUL, plafond - d.stand.kosten_totaal))
    return geld(gerekend), tarief


def _stap_nemen(soort: str, d: Dossier, beleid, ctx: Context, datum: date, regel: str) -> Besluit:
    st = replace(d.stand, fase=soort, fase_datum=datum, wacht_tot=None)
    kosten, tarief = kosten_voor(soort, d, beleid, ctx.tarieven, datum)
    st.kosten_totaal = st.kosten_totaal + kosten
    veld = {
        S.HERINNERING_NA_VERVALDATUM: "herinnering_op",
        S.AANMANING: "aanmaning_op",
        S.VOORAANKONDIGING: "vooraankondiging_op",
        S.DWANGBEVEL: "dwangbevel_op",
        S.HERNIEUWD_BEVEL: "hernieuwd_bevel_op",
    }.get(soort)
    if veld:
        setattr(st, veld, datum)
    besluit = Besluit(
        soort=soort,
        sleutel=f"{soort}:{d.aanslag_id}",
        regel=regel,
        stand=st,
        kosten=kosten,
        kosten_tarief=tarief,
        sjabloon=BRIEF.get(soort, ""),
        uiterste_datum=_uiterste_datum(soort, d, beleid, datum) if soort in BRIEF else None,
    )
    if soort == S.PROACTIEF_CONTACT:
        besluit.nieuwe_taak = NieuweTaak(
            soort=TaakSoort.PROACTIEF_CONTACT,
            sleutel=taak_sleutel(d.aanslag_id, "proactief", soort),
            deadline=_dag(datum, beleid.taak_termijn),
            toelichting="Meerjarige achterstand: neem contact op en zoek samen een oplossing.",
        )
    return besluit


def _niet(
    d: Dossier, stap: str, reden: str, bron: str, regel: str, stand: Stand | None = None, **extra
) -> Besluit:
    return Besluit(
        soort=S.GEEN_ESCALATIE,
        sleutel=f"geen:{d.aanslag_id}:{stap}:{reden}:{bron}",
        regel=regel,
        stand=stand or d.stand,
        reden=reden,
        tegengehouden=stap,
        **extra,
    )


def _voorbellen_van_toepassing(stap: str, d: Dossier, beleid) -> bool:
    if stap == S.AANMANING:
        if not beleid.voorbellen_aanmaning or not _in_groep(
            d.klantgroep, beleid.voorbellen_aanmaning_klantgroepen
        ):
            return False
        vanaf, tot = beleid.voorbellen_aanmaning_vanaf, beleid.voorbellen_aanmaning_tot
        return (vanaf is None or d.openstaand >= vanaf) and (tot is None or d.openstaand <= tot)
    if stap == S.DWANGBEVEL:
        return beleid.voorbellen_dwangbevel and _in_groep(
            d.klantgroep, beleid.voorbellen_dwangbevel_klantgroepen
        )
    return False


def _contactspoor(
    stap: str, d: Dossier, beleid, ctx: Context, datum: date, sluiten: list
) -> Besluit | str | None:
    """The calls (and home visit) before ``stap``. Returns a fact to store and wait, or the string
    'door' when the contact is over and the step may be taken, or None when no contact applies."""
    belsoort = TaakSoort.VOORBELLEN_AANMANING if stap == S.AANMANING else TaakSoort.VOORBELLEN_DWANGBEVEL
    feitsoort = S.VOORBELLEN_AANMANING if stap == S.AANMANING else S.VOORBELLEN_DWANGBEVEL
    bel = ctx.taken.get(taak_sleutel(d.aanslag_id, "bellen", stap))
    bezoek = ctx.taken.get(taak_sleutel(d.aanslag_id, "huisbezoek", stap))
    if bel is None:
        if not _voorbellen_van_toepassing(stap, d, beleid):
            return None
        return Besluit(
            soort=feitsoort,
            sleutel=f"{feitsoort}:{d.aanslag_id}",
            regel=f"beleid: bellen voor {LIDWOORD[stap]} (klantgroep {d.klantgroep or 'onbekend'})",
            stand=d.stand,
            nieuwe_taak=NieuweTaak(
                soort=belsoort,
                sleutel=taak_sleutel(d.aanslag_id, "bellen", stap),
                deadline=_dag(datum, beleid.taak_termijn),
                toelichting=f"Bel voor {LIDWOORD[stap]}: wil wel, kan niet of wil niet betalen?",
            ),
        )
    laatste = bezoek or bel
    waarom = f"uitkomst: {laatste.uitkomst}" if laatste.uitkomst else ""
    if laatste.status in OPEN:
        poging_op = laatste is bel and laatste.niet_bereikt >= beleid.belpogingen
        verlopen = beleid.taak_vervalt and laatste.deadline is not None and datum > laatste.deadline
        if not (poging_op or verlopen):
            return _niet(
                d,
                stap,
                GeenEscalatieReden.OPEN_TAAK,
                str(laatste.id),
                "wacht op de bel- of bezoektaak",
                taak_id=laatste.id,
            )
        status = TaakStatus.AFGEROND if poging_op else TaakStatus.VERVALLEN
        waarom = f"{beleid.belpogingen} keer niet bereikt" if poging_op else "taak niet op tijd opgepakt"
        sluiten.append((laatste.id, status))
        laatste = replace(
            laatste,
            status=status,
            uitkomst=laatste.uitkomst or ContactUitkomst.NIET_BEREIKT,
            afgerond_op=datum,
        )
    uitkomst = laatste.uitkomst
    if uitkomst in BEREIKT:
        if uitkomst == ContactUitkomst.BEREIKT_WIL_WEL:
            klaar_op = laatste.afgerond_op or datum
            tot = _dag(klaar_op, beleid.dagen_na_contact)
            if datum < tot:
                return Besluit(
                    soort=S.REGELING_AANBOD,
                    sleutel=f"{S.REGELING_AANBOD}:{stap}:{d.aanslag_id}",
                    regel=f"contact 'wil wel': betalingsregeling aanbieden, {beleid.dagen_na_contact} dagen wachten",
                    stand=replace(d.stand, wacht_tot=tot),
                    taak_id=laatste.id,
                )
            return "door"
        if uitkomst == ContactUitkomst.BEREIKT_KAN_NIET:
            return _sociaal_spoor(
                stap,
                d,
                beleid,
                ctx,
                datum,
                GeenEscalatieReden.CONTACT_KAN_NIET,
                "contact 'kan niet': sociaal spoor",
            )
        return "door"  # wil niet: the chain continues
    # Not reached (after the attempts), wrong number, or the task lapsed: a home visit, then onward.
    if bezoek is None and beleid.huisbezoek:
        return Besluit(
            soort=S.HUISBEZOEK,
            sleutel=f"{S.HUISBEZOEK}:{stap}:{d.aanslag_id}",
            regel=f"niet bereikt voor {LIDWOORD[stap]} ({waarom}): huisbezoek",
            stand=d.stand,
            nieuwe_taak=NieuweTaak(
                soort=TaakSoort.HUISBEZOEK,
                sleutel=taak_sleutel(d.aanslag_id, "huisbezoek", stap),
                deadline=_dag(datum, beleid.taak_termijn),
                toelichting=f"Telefonisch niet bereikt voor {LIDWOORD[stap]}: ga langs.",
            ),
        )
    return "door"


def _sociaal_spoor(
    stap, d: Dossier, beleid, ctx: Context, datum: date, reden: str, regel: str
) -> Besluit | str:
    """Route to the social track once per step: remission check, plan at capacity, referral with
    consent, or an uncollectable proposal. After the officer closes the task, the chain goes on
    (unless a pause, remission or write-off came out of it)."""
    sleutel = taak_sleutel(d.aanslag_id, "sociaal", stap)
    taak = ctx.taken.get(sleutel)
    if taak is None:
        return _niet(
            d,
            stap,
            reden,
            "",
            regel,
            nieuwe_taak=NieuweTaak(
                soort=TaakSoort.SOCIAAL_SPOOR,
                sleutel=sleutel,
                deadline=_dag(datum, beleid.taak_termijn),
                toelichting="Sociaal spoor: kwijtschelding toetsen, regeling naar vermogen, met toestemming "
                "doorverwijzen naar schuldhulp, of oninbaar voorstellen.",
            ),
        )
    if taak.status in OPEN:
        return _niet(
            d, stap, GeenEscalatieReden.OPEN_TAAK, str(taak.id), "wacht op het sociaal spoor", taak_id=taak.id
        )
    return "door"


def beslis(d: Dossier, beleid, datum: date, ctx: Context) -> Uitkomst:
    """Decide today's one fact for an open aanslag (or nothing), applying the gates in order.

    Waiting on a task opened today is not a new decision: the task is today's fact (so a second run
    the same day stores nothing)."""
    uitkomst = _beslis(d, beleid, datum, ctx)
    b = uitkomst.besluit
    if b is not None and b.reden == GeenEscalatieReden.OPEN_TAAK:
        vandaag = {t.id for t in ctx.taken.values() if t.aangemaakt_op == datum}
        if b.taak_id in vandaag:
            stand = uitkomst.stand if uitkomst.stand != d.stand else None
            return Uitkomst(None, stand, uitkomst.taken_sluiten)
    return uitkomst


def _beslis(d: Dossier, beleid, datum: date, ctx: Context) -> Uitkomst:
    st = d.stand
    sluiten: list[tuple[int, str]] = []
    # Gate 2: an active pause holds everything; its end restarts the chain after a short wait.
    if ctx.pauze_id is not None:
        nieuw = replace(st, gepauzeerd=True) if not st.gepauzeerd else None
        stap = volgende(d, beleid, datum)
        wacht = st.wacht_tot is not None and st.wacht_tot > datum
        if stap and stap[0] in ESCALATIES and stap[1] <= datum and not wacht:
            besluit = _niet(
                d, stap[0], GeenEscalatieReden.PAUZE, str(ctx.pauze_id), "pauze", stand=nieuw or st
            )
            return Uitkomst(besluit, nieuw)
        return Uitkomst(None, nieuw)
    hervat = None
    if st.gepauzeerd:
        wacht = _dag(datum, beleid.dagen_na_pauze)
        hervat = replace(st, gepauzeerd=False, wacht_tot=max(wacht, st.wacht_tot) if st.wacht_tot else wacht)
        d = replace(d, stand=hervat)
        st = hervat
    stap = volgende(d, beleid, datum)
    if stap is None:
        return Uitkomst(None, hervat)
    soort, moment, regel = stap
    if moment > datum or (st.wacht_tot is not None and st.wacht_tot > datum):
        return Uitkomst(None, hervat)
    if soort not in ESCALATIES:
        return _klaar(_stap_nemen(soort, d, beleid, ctx, datum, regel), sluiten)
    # Gate 3: an open task of another flow on the resident, or an open chain task not tied to this step.
    if ctx.blokkerende_taak_id is not None:
        return _klaar(
            _niet(
                d,
                soort,
                GeenEscalatieReden.OPEN_TAAK,
                str(ctx.blokkerende_taak_id),
                "wacht op een open taak",
                taak_id=ctx.blokkerende_taak_id,
            ),
            sluiten,
            hervat,
        )
    eigen = {taak_sleutel(d.aanslag_id, s, soort) for s in ("bellen", "huisbezoek", "sociaal")}
    for sleutel, taak in ctx.taken.items():
        if taak.status in OPEN and sleutel not in eigen and taak.soort in KETEN_TAKEN:
            verlopen = beleid.taak_vervalt and taak.deadline is not None and datum > taak.deadline
            if verlopen and taak.soort != TaakSoort.SOCIAAL_SPOOR:
                sluiten.append((taak.id, TaakStatus.VERVALLEN))
                continue
            return _klaar(
                _niet(
                    d,
                    soort,
                    GeenEscalatieReden.OPEN_TAAK,
                    str(taak.id),
                    "wacht op een open taak",
                    taak_id=taak.id,
                ),
                sluiten,
                hervat,
            )
    # Gate 4: the beslagvrije voet, before any coercive step.
    if soort in DWANG and ctx.bvv_blokkeert:
        uit = _sociaal_spoor(
            soort,
            d,
            beleid,
            ctx,
            datum,
            GeenEscalatieReden.BESLAGVRIJE_VOET,
            f"beslagvrije voet: {ctx.bvv_toelichting}"[:200],
        )
        if uit != "door":
            return _klaar(uit, sluiten, hervat)
        # The social track is closed but income is still under the bvv: never a coercive step.
        return _klaar(
            _niet(
                d,
                soort,
                GeenEscalatieReden.BESLAGVRIJE_VOET,
                "na-sociaal-spoor",
                "beslagvrije voet, na het sociaal spoor",
            ),
            sluiten,
            hervat,
        )
    # Gate 5: the policy's own knobs. Small debt: no dwangbevel, a call instead.
    if (
        soort in KLEINE_SCHULD_STAPPEN
        and beleid.kleine_schuld_grens
        and d.open_belasting < beleid.kleine_schuld_grens  # the tax itself, not the chain's own costs
    ):
        sleutel = taak_sleutel(d.aanslag_id, "bellen", "kleine_schuld")
        nieuwe = None
        if sleutel not in ctx.taken:
            nieuwe = NieuweTaak(
                soort=TaakSoort.VOORBELLEN_DWANGBEVEL,
                sleutel=sleutel,
                deadline=_dag(datum, beleid.taak_termijn),
                toelichting=f"Kleine schuld (minder dan {beleid.kleine_schuld_grens}): geen dwangbevel, bel de inwoner.",
            )
        return _klaar(
            _niet(
                d,
                S.DWANGBEVEL,
                GeenEscalatieReden.KLEINE_SCHULD,
                "",
                f"kleine schuld: minder dan {beleid.kleine_schuld_grens} open",
                nieuwe_taak=nieuwe,
            ),
            sluiten,
            hervat,
        )
    if soort in (S.AANMANING, S.DWANGBEVEL):
        uit = _contactspoor(soort, d, beleid, ctx, datum, sluiten)
        if isinstance(uit, Besluit):
            return _klaar(uit, sluiten, hervat)
    return _klaar(_stap_nemen(soort, d, beleid, ctx, datum, regel), sluiten)


def _klaar(besluit: Besluit, sluiten: list, stand: Stand | None = None) -> Uitkomst:
    nieuw = besluit.stand if besluit.stand is not None else stand
    return Uitkomst(besluit, nieuw, sluiten)

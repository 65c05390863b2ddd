"""The beslagvrije voet (bvv) and the repayment capacity it leaves.

Source: Wet vereenvoudiging beslagvrije voet (Wvbv, since 2021; Rv art. 475da ff.), as summarised in
DOMEIN.md "Beslagvrije voet"; VNG position paper (seed 001): a payment plan leaves the bvv intact, so
repayment capacity = net income - bvv. Worked examples: docs/beslagvrije-voet.md (they are tests).

All figures come from dated tables (Bijstandsnorm, BvvRekenregel, BvvMaximum, AowLeeftijd) looked up
by ``peildatum``; nothing here reads the clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_UP, Decimal

from django.db.models import Q

from .constants import CENT, NUL, Leefsituatie
from .datums import plus_maanden
from .models import (
    AowLeeftijd,
    Belastingplichtige,
    Bijstandsnorm,
    BvvMaximum,
    BvvRekenregel,
    Inkomensgegeven,
    VastgesteldeBvv,
)

CORRECTIES = ("woonkosten", "huurtoeslag", "zorgpremie", "zorgtoeslag", "kindgebonden_budget")
CAPACITEIT_BATCH = 2000

# Which rule gave the outcome (stored and shown, so an officer can explain the figure).
TAK_ONDER_NORM = "inkomen_op_of_onder_norm"
TAK_NORM = "norm_met_correcties"
TAK_INKOMEN = "minstens_vijf_procent_van_inkomen"
TAK_MAXIMUM = "maximum"

BVV_VASTGESTELD = "vastgesteld"
BVV_SCHATTING = "schatting"

FOUT_LEEFSITUATIE = "Onbekende leefsituatie {waarde!r}; kies uit: {keuzes}."
FOUT_BEDRAG = "{veld} moet een bedrag (Decimal) van 0 of meer zijn, niet {waarde!r}."
FOUT_CORRECTIE = "Onbekende correctie {naam!r}; mogelijk zijn: {keuzes}."
FOUT_GELDIG_TOT = "De laatste geldige dag ligt voor de datum van de berekening."
FOUT_GEEN_TABEL = "Geen {tabel} in de tabel op {datum:%d-%m-%Y}; vul de tabel aan in het beheer."

UITLEG_INKOMEN_ONBEKEND = "Het inkomen is niet bekend: de aflossingscapaciteit is niet te bepalen."
UITLEG_LEEFSITUATIE_ONBEKEND = (
    "De leefsituatie is niet bekend: de beslagvrije voet is niet te schatten. Leg de leefsituatie vast "
    "of een officieel berekende beslagvrije voet."
)
UITLEG_VASTGESTELD = "Beslagvrije voet vastgesteld door {bron} op {datum:%d-%m-%Y}."
UITLEG_SCHATTING = "Geschatte beslagvrije voet ({leefsituatie}{aow}), inkomen van {datum:%d-%m-%Y}."


@dataclass(frozen=True)
class Rekenregel:
    percentage_norm: Decimal
    percentage_inkomen: Decimal
    woonkosten_drempel: Decimal
    woonkosten_maximum: Decimal
    zorgpremie_drempel: Decimal
    percentage_kindgebonden_budget: Decimal


@dataclass(frozen=True)
class Tabellen:
    """The figures in force on one peildatum, loaded once so many residents can be computed in memory."""

    peildatum: date
    normen: dict[tuple[str, bool], Decimal]
    maxima: dict[str, Decimal]
    regel: Rekenregel | None
    aow_leeftijden: dict[int, tuple[int, int]] = field(default_factory=dict)

    def norm(self, leefsituatie: str, aow: bool) -> Decimal:
        try:
            return self.normen[(leefsituatie, aow)]
        except KeyError:
            raise LookupError(FOUT_GEEN_TABEL.format(tabel="bijstandsnorm", datum=self.peildatum)) from None

    def maximum(self, leefsituatie: str) -> Decimal:
        try:
            return self.maxima[leefsituatie]
        except KeyError:
            raise LookupError(
                FOUT_GEEN_TABEL.format(tabel="maximum beslagvrije voet", datum=self.peildatum)
            ) from None

    def rekenregel(self) -> Rekenregel:
        if self.regel is None:
            raise LookupError(
                FOUT_GEEN_TABEL.format(tabel="rekenregel beslagvrije voet", datum=self.peildatum)
            )
        return self.regel


def tabellen(peildatum: date) -> Tabellen:
    """Load the rows in force on ``peildatum`` (the latest row on or before it per key): 4 queries."""
    normen: dict[tuple[str, bool], Decimal] = {}
    for leefsituatie, aow, bedrag in (
        Bijstandsnorm.objects.filter(geldig_vanaf__lte=peildatum)
        .order_by("-geldig_vanaf")
        .values_list("leefsituatie", "aow", "bedrag")
    ):
        normen.setdefault((leefsituatie, aow), bedrag)
    maxima: dict[str, Decimal] = {}
    for leefsituatie, bedrag in (
        BvvMaximum.objects.filter(geldig_vanaf__lte=peildatum)
        .order_by("-geldig_vanaf")
        .values_list("leefsituatie", "bedrag")
    ):
        maxima.setdefault(leefsituatie, bedrag)
    rij = BvvRekenregel.objects.filter(geldig_vanaf__lte=peildatum).order_by("-geldig_vanaf").first()
    regel = (
        Rekenregel(
            percentage_norm=rij.percentage_norm,
            percentage_inkomen=rij.percentage_inkomen,
            woonkosten_drempel=rij.woonkosten_drempel,
            woonkosten_maximum=rij.woonkosten_maximum,
            zorgpremie_drempel=rij.zorgpremie_drempel,
            percentage_kindgebonden_budget=rij.percentage_kindgebonden_budget,
        )
        if rij
        else None
    )
    aow = {
        jaar: (jaren, maanden)
        for jaar, jaren, maanden in AowLeeftijd.objects.values_list("jaar", "jaren", "maanden")
    }
    return Tabellen(peildatum=peildatum, normen=normen, maxima=maxima, regel=regel, aow_leeftijden=aow)


# --- The calculation ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Bvvberekening:
    """The bvv with every step, so the figure can be explained to the resident and checked."""

    leefsituatie: str
    aow: bool
    peildatum: date
    netto_maandinkomen: Decimal
    norm: Decimal
    basis: Decimal
    correcties: dict[str, Decimal]
    maximum: Decimal
    bvv: Decimal
    tak: str

    @property
    def correctie_totaal(self) -> Decimal:
        return sum(self.correcties.values(), NUL)


def _omhoog(bedrag: Decimal) -> Decimal:
    """Round to cents in the resident's favour (a bvv is never rounded down)."""
    return bedrag.quantize(CENT, rounding=ROUND_UP)


def _controleer_bedrag(veld: str, waarde) -> Decimal:
    if isinstance(waarde, bool) or not isinstance(waarde, Decimal) or not waarde.is_finite() or waarde < 0:
        raise ValueError(FOUT_BEDRAG.format(veld=veld, waarde=waarde))
    return waarde


def reken(
    *,
    tabellen: Tabellen,
    leefsituatie: str,
    netto_maandinkomen: Decimal,
    aow: bool = False,
    **correcties: Decimal,
) -> Bvvberekening:
    """The bvv from tables already loaded (pure; the set-based capacity uses it for many residents).

    Wvbv per DOMEIN.md: the base is 95% of the household's bijstandsnorm (incl. vakantietoeslag); an
    income at or below that norm gives a bvv of 95% of the income; above it the base is raised by the
    corrections for housing costs, health premium and child budget, but never above 95% of the income
    (so at least 5% is always paid) nor above the maximum for the leefsituatie.
    """
    if leefsituatie not in Leefsituatie.values:
        raise ValueError(FOUT_LEEFSITUATIE.format(waarde=leefsituatie, keuzes=", ".join(Leefsituatie.values)))
    inkomen = _controleer_bedrag("netto_maandinkomen", netto_maandinkomen)
    for naam in correcties:
        if naam not in CORRECTIES:
            raise TypeError(FOUT_CORRECTIE.format(naam=naam, keuzes=", ".join(CORRECTIES)))
    c = {naam: _controleer_bedrag(naam, correcties.get(naam, NUL)) for naam in CORRECTIES}

    regel = tabellen.rekenregel()
    norm = tabellen.norm(leefsituatie, aow)
    maximum = tabellen.maximum(leefsituatie)
    basis = _omhoog(norm * regel.percentage_norm / 100)
    vijf_procent_grens = _omhoog(inkomen * regel.percentage_inkomen / 100)

    if inkomen <= norm:
        stappen: dict[str, Decimal] = {}
        bvv, tak = vijf_procent_grens, TAK_ONDER_NORM
    else:
        woonkosten = (
            min(c["woonkosten"], regel.woonkosten_maximum) - regel.woonkosten_drempel - c["huurtoeslag"]
        )
        zorg = c["zorgpremie"] - c["zorgtoeslag"] - regel.zorgpremie_drempel
        stappen = {
            "woonkosten": max(NUL, woonkosten),
            "zorgpremie": max(NUL, zorg),
            "kindgebonden_budget": _omhoog(
                c["kindgebonden_budget"] * regel.percentage_kindgebonden_budget / 100
            ),
        }
        bvv, tak = basis + sum(stappen.values(), NUL), TAK_NORM
        if bvv > vijf_procent_grens:
            bvv, tak = vijf_procent_grens, TAK_INKOMEN
    if bvv > maximum:
        bvv, tak = maximum, TAK_MAXIMUM
    return Bvvberekening(
        leefsituatie=leefsituatie,
        aow=aow,
        peildatum=tabellen.peildatum,
        netto_maandinkomen=inkomen,
        norm=norm,
        basis=basis,
        correcties=stappen,
        maximum=maximum,
        bvv=bvv,
        tak=tak,
    )


def berekening(
    *,
    leefsituatie: str,
    netto_maandinkomen: Decimal,
    peildatum: date,
    aow: bool = False,
    **correcties: Decimal,
) -> Bvvberekening:
    """The bvv calculation with its steps, figures as in force on ``peildatum`` (see ``reken``)."""
    return reken(
        tabellen=tabellen(peildatum),
        leefsituatie=leefsituatie,
        netto_maandinkomen=netto_maandinkomen,
        aow=aow,
        **correcties,
    )


def bereken(
    *,
    leefsituatie: str,
    netto_maandinkomen: Decimal,
    peildatum: date,
    aow: bool = False,
    **correcties: Decimal,
) -> Decimal:
    """The beslagvrije voet per month (Wvbv; DOMEIN.md "Beslagvrije voet"), as in ``reken``.

    ``leefsituatie``: alleenstaande, alleenstaande_ouder, gehuwd or gehuwd_met_kinderen; ``aow``: the
    resident (or the elder partner) has reached AOW age. ``correcties`` (Decimal per month, optional):
    woonkosten, huurtoeslag, zorgpremie, zorgtoeslag, kindgebonden_budget.
    """
    return berekening(
        leefsituatie=leefsituatie,
        netto_maandinkomen=netto_maandinkomen,
        peildatum=peildatum,
        aow=aow,
        **correcties,
    ).bvv


def capaciteit_uit(*, netto_inkomen: Decimal, bvv: Decimal) -> Decimal:
    """Repayment capacity = net income - bvv, never negative (VNG position paper, seed 001)."""
    return max(NUL, netto_inkomen - bvv)


# --- AOW age --------------------------------------------------------------------------------------
def _aow_leeftijd(tabel: dict[int, tuple[int, int]], jaar: int) -> tuple[int, int]:
    if not tabel:
        raise LookupError(FOUT_GEEN_TABEL.format(tabel="AOW-leeftijd", datum=date(jaar, 1, 1)))
    eerdere = [j for j in tabel if j <= jaar]
    return tabel[max(eerdere)] if eerdere else tabel[min(tabel)]


def heeft_aow_leeftijd(
    *, geboortedatum: date | None, peildatum: date, tabel: dict[int, tuple[int, int]]
) -> bool:
    """Whether someone born on ``geboortedatum`` has reached AOW age on ``peildatum`` (AOW art. 7a).

    The table gives the age per calendar year in which it is reached; reaching it last year means the
    age of that year applied. Unknown birth date: not AOW (the norm for under-AOW applies).
    """
    if geboortedatum is None:
        return False
    jaren, maanden = _aow_leeftijd(tabel, peildatum.year)
    if plus_maanden(geboortedatum, jaren * 12 + maanden) <= peildatum:
        return True
    jaren, maanden = _aow_leeftijd(tabel, peildatum.year - 1)
    return plus_maanden(geboortedatum, jaren * 12 + maanden) <= date(peildatum.year - 1, 12, 31)


# --- Repayment capacity of residents --------------------------------------------------------------
@dataclass(frozen=True)
class Capaciteit:
    """What a resident can pay per month while keeping the bvv; ``capaciteit`` None means unknown."""

    belastingplichtige_id: int
    peildatum: date
    inkomen: Decimal | None
    inkomen_peildatum: date | None
    bvv: Decimal | None
    bvv_bron: str
    capaciteit: Decimal | None
    toelichting: str

    @property
    def bekend(self) -> bool:
        return self.capaciteit is not None


def capaciteit_voor(belastingplichtige_ids: Iterable[int], peildatum: date) -> dict[int, Capaciteit]:
    """Repayment capacity of many residents at once: net income - bvv, never negative.

    Income: the latest Inkomensgegeven on or before ``peildatum``. Bvv: an officially recorded one in
    force (VastgesteldeBvv) overrides the estimate from the household's leefsituatie, AOW age and known
    housing costs. Set-based: 4 queries for the tables plus 3 per chunk of residents.
    """
    ids = sorted(set(belastingplichtige_ids))
    uitkomst: dict[int, Capaciteit] = {}
    if not ids:
        return uitkomst
    tab = tabellen(peildatum)
    for start in range(0, len(ids), CAPACITEIT_BATCH):
        deel = ids[start : start + CAPACITEIT_BATCH]
        personen = Belastingplichtige.objects.filter(id__in=deel).values_list(
            "id", "leefsituatie", "geboortedatum", "woonkosten"
        )
        inkomens: dict[int, tuple[Decimal, date]] = {}
        for persoon_id, bedrag, datum in (
            Inkomensgegeven.objects.filter(belastingplichtige_id__in=deel, peildatum__lte=peildatum)
            .order_by("belastingplichtige_id", "-peildatum", "-id")
            .values_list("belastingplichtige_id", "netto_maandinkomen", "peildatum")
        ):
            inkomens.setdefault(persoon_id, (bedrag, datum))
        vastgesteld: dict[int, VastgesteldeBvv] = {}
        for rij in (
            VastgesteldeBvv.objects.filter(belastingplichtige_id__in=deel, vastgesteld_op__lte=peildatum)
            .filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=peildatum))
            .order_by("belastingplichtige_id", "-vastgesteld_op", "-id")
        ):
            vastgesteld.setdefault(rij.belastingplichtige_id, rij)
        for persoon_id, leefsituatie, geboortedatum, woonkosten in personen:
            uitkomst[persoon_id] = capaciteit_uit_rijen(
                tab=tab,
                persoon_id=persoon_id,
                leefsituatie=leefsituatie,
                geboortedatum=geboortedatum,
                woonkosten=woonkosten,
                inkomen=inkomens.get(persoon_id),
                vastgesteld=vastgesteld.get(persoon_id),
            )
    return uitkomst


def capaciteit_uit_rijen(
    *, tab, persoon_id, leefsituatie, geboortedatum, woonkosten, inkomen, vastgesteld
) -> Capaciteit:
    """The repayment capacity from rows a caller already holds: the legal ``tab`` (``tabellen``), the
    resident's latest income ``(bedrag, peildatum)`` or None, and the official bvv in force or None.
    ``capaciteit_voor`` and the officers' dossier both use it, so the rule lives here once."""
    bedrag, inkomen_datum = inkomen if inkomen else (None, None)
    if vastgesteld is not None:
        bvv, bron = vastgesteld.bedrag, BVV_VASTGESTELD
        uitleg = UITLEG_VASTGESTELD.format(
            bron=vastgesteld.get_bron_display(), datum=vastgesteld.vastgesteld_op
        )
    elif bedrag is None:
        bvv, bron, uitleg = None, "", UITLEG_INKOMEN_ONBEKEND
    elif not leefsituatie:
        bvv, bron, uitleg = None, "", UITLEG_LEEFSITUATIE_ONBEKEND
    else:
        aow = heeft_aow_leeftijd(
            geboortedatum=geboortedatum, peildatum=tab.peildatum, tabel=tab.aow_leeftijden
        )
        correcties = {"woonkosten": woonkosten} if woonkosten else {}
        bvv = reken(
            tabellen=tab, leefsituatie=leefsituatie, netto_maandinkomen=bedrag, aow=aow, **correcties
        ).bvv
        bron = BVV_SCHATTING
        uitleg = UITLEG_SCHATTING.format(
            leefsituatie=Leefsituatie(leefsituatie).label, aow=", AOW" if aow else "", datum=inkomen_datum
        )
    if bedrag is None:
        capaciteit = None
        if vastgesteld is not None:
            uitleg = f"{uitleg} {UITLEG_INKOMEN_ONBEKEND}"
    else:
        capaciteit = capaciteit_uit(netto_inkomen=bedrag, bvv=bvv) if bvv is not None else None
    return Capaciteit(
        belastingplichtige_id=persoon_id,
        peildatum=tab.peildatum,
        inkomen=bedrag,
        inkomen_peildatum=inkomen_datum,
        bvv=bvv,
        bvv_bron=bron,
        capaciteit=capaciteit,
        toelichting=uitleg,
    )


def aflossingscapaciteit(*, belastingplichtige: Belastingplichtige, peildatum: date) -> Capaciteit:
    """The repayment capacity of one resident (see ``capaciteit_voor``)."""
    return capaciteit_voor([belastingplichtige.pk], peildatum)[belastingplichtige.pk]


def bvv_vastleggen(
    *,
    belastingplichtige: Belastingplichtige,
    bedrag: Decimal,
    bron: str,
    vastgesteld_op: date,
    geldig_tot: date | None = None,
    toelichting: str = "",
    door=None,
) -> VastgesteldeBvv:
    """Record a bvv computed by an official source (bailiff, the government's rekenhulp, UWV, ...);
    from ``vastgesteld_op`` it replaces our estimate (DOMEIN.md: allow an officer to enter an officially
    computed bvv that overrides the estimate)."""
    _controleer_bedrag("bedrag", bedrag)
    if geldig_tot is not None and geldig_tot < vastgesteld_op:
        raise ValueError(FOUT_GELDIG_TOT)
    rij = VastgesteldeBvv(
        belastingplichtige=belastingplichtige,
        bedrag=bedrag,
        bron=bron,
        vastgesteld_op=vastgesteld_op,
        geldig_tot=geldig_tot,
        toelichting=toelichting,
        vastgelegd_door=door,
    )
    rij.full_clean()
    rij.save()
    return rij

"""Payment plans (betalingsregelingen) that leave the beslagvrije voet intact.

A plan covers one or more open aanslagen of one resident, pauses the chain on them and splits what is
open into monthly installments. Whether an installment is paid follows from the ledger: what the plan's
aanslagen still owe, compared with what the schedule allows to be left after each installment. So
payments by transfer, direct debit or the portal, partial payments and bank reversals all count without
bookkeeping of their own.

Sources: seed 001 (promote paying in installments, plans via the portal, flexible: number of
installments, reminder of a missed installment); VNG position paper (seed 001): a plan leaves the bvv
intact; DOMEIN.md "Periods" (plan length is municipal policy, table Regelingbeleid).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_UP, Decimal

from django.db import transaction
from django.db.models import Count

from communicatie.services import Briefverzoek, brief_maak, brieven_maak
from communicatie.sjablonen import Sjabloon

from . import betalingskenmerk, services
from .beslagvrije_voet import aflossingscapaciteit
from .constants import (
    CENT,
    NUL,
    AanslagStatus,
    Bron,
    MachtigingStatus,
    PauzeReden,
    RegelingGebeurtenisSoort,
    RegelingStatus,
    RegelingTermijnStatus,
    TaakSoort,
    TaakStatus,
)
from .datums import plus_maanden
from .geld import geld, som_bedrag
from .models import (
    Aanslag,
    Belastingplichtige,
    Betalingsregeling,
    Machtiging,
    Regelingbeleid,
    RegelingGebeurtenis,
    RegelingTermijn,
    Taak,
)

# Plans get their own betalingskenmerk: serial numbers from here up are reserved for plans (the levy
# system numbers aanslagen below it; docs/betalen.md).
REGELING_KENMERK_BASIS = betalingskenmerk.GERESERVEERD_VANAF
REGELINGEN_BATCH = 500
VERZOEK_BEHANDELTERMIJN_DAGEN = 5

FOUT_GEEN_BELEID = (
    "Er is geen beleid voor betalingsregelingen op {datum:%d-%m-%Y}; vul het aan in het beheer."
)
FOUT_NIETS_OPEN = "Er staat niets open: een betalingsregeling is niet nodig."
FOUT_AANSLAG_ONGELDIG = "Aanslag {nummer} staat niet open of hoort niet bij deze belastingplichtige."
FOUT_AL_REGELING = "Deze belastingplichtige heeft al een lopende betalingsregeling; wijzig die."
FOUT_AANTAL = "Het aantal termijnen moet minstens 1 zijn."
FOUT_EERSTE_VERVALDATUM = "De eerste termijn kan niet vóór de dag van de regeling vallen."
FOUT_AFWIJKING_ZONDER_REDEN = "Deze regeling wijkt af ({afwijkingen}); leg de reden vast."
FOUT_PORTAAL_BUITEN_BELEID = (
    "Deze regeling kan niet in het portaal worden getroffen ({afwijkingen}); vraag een medewerker."
)
FOUT_NIET_ACTIEF = "Deze betalingsregeling loopt niet meer."
FOUT_OVERSLAAN_OP = "Een termijn overslaan kan maar {max} keer per regeling."
FOUT_NIETS_TE_OVERSLAAN = "Er is geen openstaande termijn om over te slaan."
FOUT_PAUZE_TE_LANG = "Een regeling mag in totaal {max} maanden pauzeren; er is al {al} gebruikt."
FOUT_PAUZE_MAANDEN = "Een pauze duurt minstens één maand."
FOUT_MACHTIGING = "De machtiging hoort niet bij deze belastingplichtige of is niet actief."
FOUT_REDEN_LEEG = "Leg vast waarom."

AFWIJKING_TERMIJNEN = "{n} termijnen, het beleid staat er {max} toe"
AFWIJKING_MIN_BEDRAG = "termijnbedrag {bedrag} is lager dan {min}"
AFWIJKING_CAPACITEIT = (
    "termijnbedrag {bedrag} is hoger dan de aflossingscapaciteit van {capaciteit}: de beslagvrije voet "
    "blijft dan niet over"
)

WAAROM_NIETS_OPEN = "Er staat niets open."
WAAROM_BINNEN_CAPACITEIT = (
    "U kunt per maand {capaciteit} missen zonder onder de beslagvrije voet ({bvv}) te komen. "
    "In {n} termijnen van {bedrag} blijft u daaronder."
)
WAAROM_ONBEKEND_INKOMEN = (
    "We kennen uw inkomen niet. Daarom stellen we {n} termijnen van {bedrag} voor. "
    "Is dat te veel? Geef uw inkomen door, dan rekenen we opnieuw."
)
WAAROM_GEEN_RUIMTE = (
    "Uw inkomen ({inkomen}) is niet hoger dan de beslagvrije voet ({bvv}). Er is geen ruimte om af te "
    "lossen. Een medewerker kijkt met u naar kwijtschelding of schuldhulp."
)
WAAROM_TE_KRAP = (
    "Ook in {n} termijnen ({bedrag} per maand) is het bedrag hoger dan wat u kunt missen ({capaciteit}). "
    "Een medewerker kijkt met u naar een oplossing: een langere regeling, kwijtschelding of schuldhulp."
)
WAAROM_MIN_BEDRAG = " Het termijnbedrag is minstens {min}, daarom zijn het {n} termijnen."

BESLUIT_VERVALLEN = (
    "Regeling vervallen op {datum:%d-%m-%Y}: termijn {volgnummer} (vervaldatum {vervaldatum:%d-%m-%Y}) is niet "
    "betaald, ook niet na de herinnering van {herinnerd:%d-%m-%Y} en de beltaak van {gebeld:%d-%m-%Y} "
    "(uitkomst: {uitkomst}). Regel: beleid betalingsregelingen van {beleid:%d-%m-%Y}. De invordering gaat verder "
    "waar zij was."
)
BESLUIT_AFGEROND = "Alle aanslagen van de regeling zijn betaald of afgehandeld."


def _bedrag(waarde: Decimal) -> str:
    return f"{waarde:.2f}"


def beleid_op(datum: date) -> Regelingbeleid:
    """The payment-plan policy in force on ``datum``."""
    beleid = Regelingbeleid.objects.filter(geldig_vanaf__lte=datum).order_by("-geldig_vanaf").first()
    if beleid is None:
        raise LookupError(FOUT_GEEN_BELEID.format(datum=datum))
    return beleid


# --- Schedule arithmetic (pure) -------------------------------------------------------------------
def schema(*, totaal: Decimal, aantal: int, eerste_vervaldatum: date) -> list[tuple[date, Decimal]]:
    """Monthly installments: equal amounts rounded up to the cent, the last one takes what is left."""
    if aantal < 1:
        raise ValueError(FOUT_AANTAL)
    bedrag = (totaal / aantal).quantize(CENT, rounding=ROUND_UP)
    termijnen = []
    rest = totaal
    while rest > 0:
        deel = min(bedrag, rest)
        termijnen.append((plus_maanden(eerste_vervaldatum, len(termijnen)), deel))
        rest -= deel
    return termijnen


@dataclass(frozen=True)
class TermijnStand:
    volgnummer: int
    vervaldatum: date
    bedrag: Decimal
    betaald: Decimal

    @property
    def open(self) -> Decimal:
        return self.bedrag - self.betaald


def stand_bereken(termijnen: list[tuple[int, date, Decimal]], openstaand: Decimal) -> list[TermijnStand]:
    """Which installments are paid, from what the plan's aanslagen still owe.

    Everything the schedule covers minus what is still open has been paid; that fills the installments
    in order. ``termijnen`` are the active ones as (volgnummer, vervaldatum, bedrag), in order.
    """
    betaald = max(NUL, sum((t[2] for t in termijnen), NUL) - openstaand)
    uitkomst = []
    for volgnummer, vervaldatum, bedrag in termijnen:
        deel = min(bedrag, betaald)
        betaald -= deel
        uitkomst.append(TermijnStand(volgnummer, vervaldatum, bedrag, deel))
    return uitkomst


# --- Proposal -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Regelingvoorstel:
    """An affordable plan for a resident: what the portal shows and the officer starts from."""

    belastingplichtige_id: int
    datum: date
    aanslag_ids: tuple[int, ...]
    totaal: Decimal
    aantal_termijnen: int
    termijnbedrag: Decimal
    eerste_vervaldatum: date | None
    termijnen: tuple[tuple[date, Decimal], ...]
    capaciteit: Decimal | None
    bvv: Decimal | None
    haalbaar: bool
    waarom: str
    afwijkingen: tuple[str, ...] = field(default=())

    @property
    def why(self) -> str:
        """English alias of ``waarom`` (the name other issues were given)."""
        return self.waarom

    def als_gegevens(self) -> dict:
        """The proposal as letter data (communicatie/sjablonen.py conventions: amounts and dates as strings)."""
        return {
            "totaal": _bedrag(self.totaal),
            "aantal_termijnen": self.aantal_termijnen,
            "termijnbedrag": _bedrag(self.termijnbedrag),
            "termijnen": [{"datum": d.isoformat(), "bedrag": _bedrag(b)} for d, b in self.termijnen],
            "haalbaar": self.haalbaar,
            "waarom": self.waarom,
        }


def _open_aanslagen(belastingplichtige: Belastingplichtige, aanslagen) -> list[Aanslag]:
    open_qs = Aanslag.objects.filter(
        belastingplichtige=belastingplichtige, status=AanslagStatus.OPEN, openstaand__gt=0
    ).order_by("vervaldatum", "dagtekening", "aanslagnummer")
    if aanslagen is None:
        return list(open_qs)
    gevraagd = list(aanslagen)
    gevonden = {a.pk: a for a in open_qs.filter(pk__in=[a.pk for a in gevraagd])}
    for a in gevraagd:
        if a.pk not in gevonden:
            raise ValueError(FOUT_AANSLAG_ONGELDIG.format(nummer=a.aanslagnummer))
    return sorted(gevonden.values(), key=lambda a: (a.vervaldatum, a.dagtekening, a.aanslagnummer))


def _afwijkingen(
    beleid: Regelingbeleid, *, aantal: int, termijnbedrag: Decimal, capaciteit: Decimal | None
) -> list[str]:
    afwijkingen = []
    if aantal > beleid.max_termijnen:
        afwijkingen.append(AFWIJKING_TERMIJNEN.format(n=aantal, max=beleid.max_termijnen))
    if aantal > 1 and termijnbedrag < beleid.min_termijnbedrag:
        afwijkingen.append(AFWIJKING_MIN_BEDRAG.format(bedrag=termijnbedrag, min=beleid.min_termijnbedrag))
    if capaciteit is not None and termijnbedrag > capaciteit:
        afwijkingen.append(AFWIJKING_CAPACITEIT.format(bedrag=termijnbedrag, capaciteit=capaciteit))
    return afwijkingen


def regeling_voorstel(
    *, belastingplichtige: Belastingplichtige, datum: date, aanslagen=None
) -> Regelingvoorstel:
    """Propose an affordable payment plan over the resident's open aanslagen (all, or those given).

    With a known income the monthly amount stays within the repayment capacity (net income - bvv, VNG
    position paper; ``beslagvrije_voet.capaciteit_voor``): the policy's standard number of installments,
    or more when that is needed to fit, up to the policy maximum; never an amount below the policy
    minimum. When even the maximum does not fit, the proposal says so (``haalbaar`` False) and points to
    remission and debt help; an officer may still deviate with a recorded reason.
    """
    beleid = beleid_op(datum)
    gekozen = _open_aanslagen(belastingplichtige, aanslagen)
    totaal = sum((a.openstaand for a in gekozen), NUL)
    cap = aflossingscapaciteit(belastingplichtige=belastingplichtige, peildatum=datum)
    basis = {
        "belastingplichtige_id": belastingplichtige.pk,
        "datum": datum,
        "aanslag_ids": tuple(a.pk for a in gekozen),
        "totaal": totaal,
        "capaciteit": cap.capaciteit,
        "bvv": cap.bvv,
    }
    if totaal <= 0:
        return Regelingvoorstel(
            **basis,
            aantal_termijnen=0,
            termijnbedrag=NUL,
            eerste_vervaldatum=None,
            termijnen=(),
            haalbaar=False,
            waarom=WAAROM_NIETS_OPEN,
        )

    # More installments than this would make each one smaller than the policy minimum.
    max_door_minimum = max(1, int(totaal // beleid.min_termijnbedrag))
    hoogste = min(beleid.max_termijnen, max_door_minimum)
    capaciteit = cap.capaciteit
    if capaciteit is None:
        aantal = min(beleid.standaard_termijnen, hoogste)
        haalbaar = True
    elif capaciteit <= 0:
        aantal, haalbaar = hoogste, False
    else:
        nodig = int(-(-totaal // capaciteit))  # ceil: the fewest installments that fit the capacity
        aantal = max(min(beleid.standaard_termijnen, hoogste), nodig)
        haalbaar = aantal <= hoogste
        aantal = min(aantal, hoogste) if not haalbaar else aantal
    eerste = datum + timedelta(days=beleid.eerste_termijn_na_dagen)
    termijnen = tuple(schema(totaal=totaal, aantal=aantal, eerste_vervaldatum=eerste))
    termijnbedrag = termijnen[0][1]

    if capaciteit is None:
        waarom = WAAROM_ONBEKEND_INKOMEN.format(n=len(termijnen), bedrag=_bedrag(termijnbedrag))
    elif capaciteit <= 0:
        waarom = WAAROM_GEEN_RUIMTE.format(inkomen=_bedrag(cap.inkomen), bvv=_bedrag(cap.bvv))
    elif not haalbaar:
        waarom = WAAROM_TE_KRAP.format(
            n=len(termijnen), bedrag=_bedrag(termijnbedrag), capaciteit=_bedrag(capaciteit)
        )
    else:
        waarom = WAAROM_BINNEN_CAPACITEIT.format(
            capaciteit=_bedrag(capaciteit),
            bvv=_bedrag(cap.bvv),
            n=len(termijnen),
            bedrag=_bedrag(termijnbedrag),
        )
    if haalbaar and max_door_minimum < beleid.standaard_termijnen and len(termijnen) == max_door_minimum:
        waarom += WAAROM_MIN_BEDRAG.format(min=_bedrag(beleid.min_termijnbedrag), n=len(termijnen))
    afwijkingen = _afwijkingen(
        beleid, aantal=len(termijnen), termijnbedrag=termijnbedrag, capaciteit=capaciteit
    )
    return Regelingvoorstel(
        **basis,
        aantal_termijnen=len(termijnen),
        termijnbedrag=termijnbedrag,
        eerste_vervaldatum=eerste,
        termijnen=termijnen,
        haalbaar=haalbaar and not afwijkingen,
        waarom=waarom,
        afwijkingen=tuple(afwijkingen),
    )


# --- Making and changing a plan -------------------------------------------------------------------
def _brief(
    *, sleutel: str, sjabloon: str, datum: date, persoon: Belastingplichtige, gegevens: dict
) -> Briefverzoek:
    return Briefverzoek(
        sleutel=sleutel,
        sjabloon=sjabloon,
        datum=datum,
        ontvanger=f"belastingplichtige:{persoon.pk}",
        naam=persoon.naam,
        adresregels=persoon.adresregels,
        gegevens=gegevens,
        taal=persoon.taal,
    )


def _gebeurtenis(regeling, datum, soort, toelichting="", gegevens=None, door=None) -> RegelingGebeurtenis:
    return RegelingGebeurtenis(
        regeling=regeling,
        datum=datum,
        soort=soort,
        toelichting=toelichting,
        gegevens=gegevens or {},
        door=door,
    )


def _actieve_termijnen(regeling: Betalingsregeling) -> list[RegelingTermijn]:
    return list(
        regeling.termijnen.filter(status=RegelingTermijnStatus.ACTIEF).order_by("vervaldatum", "volgnummer")
    )


def _openstaand(regeling: Betalingsregeling) -> Decimal:
    return geld(
        regeling.aanslagen.filter(status=AanslagStatus.OPEN).aggregate(s=som_bedrag("openstaand"))["s"]
    )


def _bevestiging(regeling: Betalingsregeling, datum: date) -> None:
    """Confirm the (new) schedule to the resident: REGELING_BEVESTIGING, one letter per version."""
    termijnen = _actieve_termijnen(regeling)
    stand = stand_bereken([(t.volgnummer, t.vervaldatum, t.bedrag) for t in termijnen], _openstaand(regeling))
    te_betalen = [s for s in stand if s.open > 0]
    incasso = bool(regeling.machtiging_id and regeling.machtiging.status == MachtigingStatus.ACTIEF)
    gegevens = {
        "regeling": regeling.pk,
        "totaal": _bedrag(sum((s.open for s in te_betalen), NUL)),
        "termijnen": [{"datum": s.vervaldatum.isoformat(), "bedrag": _bedrag(s.open)} for s in te_betalen],
        "incasso": incasso,
        "versie": regeling.versie,
    }
    if te_betalen and not incasso:
        gegevens["betaling"] = {
            "bedrag": _bedrag(te_betalen[0].open),
            "kenmerk": regeling.betalingskenmerk,
            "doel": f"regeling:{regeling.pk}",
        }
    brief_maak(
        _brief(
            sleutel=f"regeling_bevestiging:regeling:{regeling.pk}:v{regeling.versie}",
            sjabloon=Sjabloon.REGELING_BEVESTIGING,
            datum=datum,
            persoon=regeling.belastingplichtige,
            gegevens=gegevens,
        )
    )


def regeling_maak(
    *,
    belastingplichtige: Belastingplichtige,
    datum: date,
    aantal_termijnen: int | None = None,
    aanslagen=None,
    eerste_vervaldatum: date | None = None,
    afwijking_reden: str = "",
    bron: Bron | str = Bron.MEDEWERKER,
    door=None,
    machtiging: Machtiging | None = None,
) -> Betalingsregeling:
    """Make a payment plan over the resident's open aanslagen (all, or those given) and pause the chain.

    Without ``aantal_termijnen`` the proposal of ``regeling_voorstel`` is taken. A plan outside the
    policy or above the repayment capacity (the bvv would not stay intact: VNG position paper) needs
    ``afwijking_reden`` from an officer; the portal (``bron=portaal``) cannot deviate and should file
    ``regeling_verzoek`` instead. The chain pauses on the plan's aanslagen (``PauzeReden.BETALINGSREGELING``,
    bron ``regeling:<id>``) and the resident gets REGELING_BEVESTIGING.
    """
    if aantal_termijnen is not None and aantal_termijnen < 1:
        raise ValueError(FOUT_AANTAL)
    with transaction.atomic():
        persoon = Belastingplichtige.objects.select_for_update().get(pk=belastingplichtige.pk)
        if Betalingsregeling.objects.filter(
            belastingplichtige=persoon, status=RegelingStatus.ACTIEF
        ).exists():
            raise ValueError(FOUT_AL_REGELING)
        if machtiging is not None and (
            machtiging.belastingplichtige_id != persoon.pk or machtiging.status != MachtigingStatus.ACTIEF
        ):
            raise ValueError(FOUT_MACHTIGING)
        voorstel = regeling_voorstel(belastingplichtige=persoon, datum=datum, aanslagen=aanslagen)
        if voorstel.totaal <= 0:
            raise ValueError(FOUT_NIETS_OPEN)
        beleid = beleid_op(datum)
        eerste = eerste_vervaldatum or voorstel.eerste_vervaldatum
        if eerste < datum:
            raise ValueError(FOUT_EERSTE_VERVALDATUM)
        termijnen = schema(
            totaal=voorstel.totaal,
            aantal=aantal_termijnen or voorstel.aantal_termijnen,
            eerste_vervaldatum=eerste,
        )
        termijnbedrag = termijnen[0][1]
        afwijkingen = _afwijkingen(
            beleid, aantal=len(termijnen), termijnbedrag=termijnbedrag, capaciteit=voorstel.capaciteit
        )
        _controleer_afwijking(afwijkingen, afwijking_reden, bron)

        regeling = Betalingsregeling.objects.create(
            belastingplichtige=persoon,
            startdatum=datum,
            totaal=voorstel.totaal,
            termijnbedrag=termijnbedrag,
            capaciteit=voorstel.capaciteit,
            bvv=voorstel.bvv,
            afwijking_reden=afwijking_reden.strip(),
            machtiging=machtiging,
            bron=bron,
            aangemaakt_door=door,
        )
        regeling.betalingskenmerk = betalingskenmerk.maak(REGELING_KENMERK_BASIS + regeling.pk)
        gekozen = list(Aanslag.objects.filter(pk__in=voorstel.aanslag_ids))
        regeling.aanslagen.set(gekozen)
        RegelingTermijn.objects.bulk_create(
            RegelingTermijn(regeling=regeling, volgnummer=i, vervaldatum=d, bedrag=b)
            for i, (d, b) in enumerate(termijnen, start=1)
        )
        regeling.pauze = services.pauze_start(
            belastingplichtige=persoon,
            reden=PauzeReden.BETALINGSREGELING,
            start=datum,
            aanslagen=gekozen,
            bron=f"regeling:{regeling.pk}",
            toelichting=f"Betalingsregeling in {len(termijnen)} termijnen",
            door=door,
        )
        regeling.save(update_fields=["betalingskenmerk", "pauze"])
        _gebeurtenis(
            regeling,
            datum,
            RegelingGebeurtenisSoort.AANGEMAAKT,
            toelichting=afwijking_reden.strip() or voorstel.waarom,
            gegevens={
                "totaal": _bedrag(voorstel.totaal),
                "termijnen": len(termijnen),
                "termijnbedrag": _bedrag(termijnbedrag),
                "capaciteit": _bedrag(voorstel.capaciteit) if voorstel.capaciteit is not None else None,
                "voorgesteld": voorstel.aantal_termijnen,
                "afwijkingen": afwijkingen,
            },
            door=door,
        ).save()
        _bevestiging(regeling, datum)
    return regeling


def _controleer_afwijking(afwijkingen: list[str], reden: str, bron: str) -> None:
    if not afwijkingen:
        return
    if bron == Bron.PORTAAL:
        raise ValueError(FOUT_PORTAAL_BUITEN_BELEID.format(afwijkingen="; ".join(afwijkingen)))
    if not reden.strip():
        raise ValueError(FOUT_AFWIJKING_ZONDER_REDEN.format(afwijkingen="; ".join(afwijkingen)))


def regeling_verzoek(
    *,
    belastingplichtige: Belastingplichtige,
    datum: date,
    toelichting: str = "",
    aantal_termijnen: int | None = None,
    bron: str = Bron.PORTAAL,
) -> Taak:
    """A resident asks for a plan the portal cannot make (outside policy): a task for an officer."""
    gewenst = f"Gewenst: {aantal_termijnen} termijnen. " if aantal_termijnen else ""
    return services.taak_maak(
        soort=TaakSoort.REGELING_VERZOEK,
        belastingplichtige=belastingplichtige,
        datum=datum,
        deadline=datum + timedelta(days=VERZOEK_BEHANDELTERMIJN_DAGEN),
        bron=bron,
        sleutel=f"regeling_verzoek:{belastingplichtige.pk}:{datum.isoformat()}",
        toelichting=f"{gewenst}{toelichting}".strip(),
    )


def _vergrendel_actief(regeling: Betalingsregeling) -> Betalingsregeling:
    regeling = (
        Betalingsregeling.objects.select_for_update(of=("self",))
        .select_related("belastingplichtige", "machtiging")
        .get(pk=regeling.pk)
    )
    if regeling.status != RegelingStatus.ACTIEF:
        raise ValueError(FOUT_NIET_ACTIEF)
    return regeling


def regeling_wijzig(
    *,
    regeling: Betalingsregeling,
    datum: date,
    aantal_termijnen: int,
    afwijking_reden: str = "",
    bron: Bron | str = Bron.MEDEWERKER,
    door=None,
) -> Betalingsregeling:
    """Spread what is still to pay over ``aantal_termijnen`` new installments (flexible plans, seed 001).

    Paid installments stay; the others (missed ones included) are replaced. The first new one falls on
    the first replaced due date, or ``eerste_termijn_na_dagen`` from today when that date has passed.
    The same policy and capacity checks as ``regeling_maak`` apply to the whole plan.
    """
    if aantal_termijnen < 1:
        raise ValueError(FOUT_AANTAL)
    with transaction.atomic():
        regeling = _vergrendel_actief(regeling)
        beleid = beleid_op(datum)
        termijnen = _actieve_termijnen(regeling)
        openstaand = _openstaand(regeling)
        stand = stand_bereken([(t.volgnummer, t.vervaldatum, t.bedrag) for t in termijnen], openstaand)
        behouden = [t for t, s in zip(termijnen, stand, strict=True) if s.open == 0]
        vervangen = [t for t, s in zip(termijnen, stand, strict=True) if s.open > 0]
        schema_totaal = sum((t.bedrag for t in termijnen), NUL)
        betaald = max(NUL, schema_totaal - openstaand)
        nieuw_totaal = openstaand + betaald - sum((t.bedrag for t in behouden), NUL)
        if nieuw_totaal <= 0:
            raise ValueError(FOUT_NIETS_OPEN)
        vroegst = datum + timedelta(days=beleid.eerste_termijn_na_dagen)
        eerste = vervangen[0].vervaldatum if vervangen and vervangen[0].vervaldatum >= datum else vroegst
        nieuw = schema(totaal=nieuw_totaal, aantal=aantal_termijnen, eerste_vervaldatum=eerste)
        afwijkingen = _afwijkingen(
            beleid,
            aantal=len(behouden) + len(nieuw),
            termijnbedrag=nieuw[0][1],
            capaciteit=regeling.capaciteit,
        )
        _controleer_afwijking(afwijkingen, afwijking_reden, bron)
        oud = [{"datum": t.vervaldatum.isoformat(), "bedrag": _bedrag(t.bedrag)} for t in vervangen]
        RegelingTermijn.objects.filter(pk__in=[t.pk for t in vervangen]).update(
            status=RegelingTermijnStatus.VERVANGEN
        )
        _maak_termijnen(regeling, nieuw)
        regeling.termijnbedrag = nieuw[0][1]
        regeling.versie += 1
        if afwijking_reden.strip():
            regeling.afwijking_reden = afwijking_reden.strip()
        regeling.save(update_fields=["termijnbedrag", "versie", "afwijking_reden"])
        _gebeurtenis(
            regeling,
            datum,
            RegelingGebeurtenisSoort.GEWIJZIGD,
            toelichting=afwijking_reden.strip(),
            gegevens={
                "oud": oud,
                "nieuw": [{"datum": d.isoformat(), "bedrag": _bedrag(b)} for d, b in nieuw],
                "afwijkingen": afwijkingen,
                "bron": str(bron),
            },
            door=door,
        ).save()
        _verloop_taken([t.beltaak_id for t in vervangen if t.beltaak_id], datum)
        _bevestiging(regeling, datum)
    return regeling


def _maak_termijnen(regeling: Betalingsregeling, nieuw: list[tuple[date, Decimal]]) -> list[RegelingTermijn]:
    laatste = regeling.termijnen.order_by("-volgnummer").values_list("volgnummer", flat=True).first() or 0
    return RegelingTermijn.objects.bulk_create(
        RegelingTermijn(regeling=regeling, volgnummer=laatste + i, vervaldatum=d, bedrag=b)
        for i, (d, b) in enumerate(nieuw, start=1)
    )


def _verloop_taken(taak_ids: list[int], datum: date) -> None:
    """Open call tasks about installments that are no longer missed expire (nothing left to call about)."""
    if taak_ids:
        Taak.objects.filter(pk__in=taak_ids).open().update(status=TaakStatus.VERVALLEN, afgerond_op=datum)


def regeling_termijn_overslaan(
    *, regeling: Betalingsregeling, datum: date, bron: Bron | str = Bron.MEDEWERKER, door=None
) -> RegelingTermijn:
    """Skip the next unpaid installment once (seed 001: flexible); it is added after the last one.

    Returns the new installment. The policy says how often a plan may skip (``max_overslaan``).
    """
    with transaction.atomic():
        regeling = _vergrendel_actief(regeling)
        beleid = beleid_op(datum)
        if regeling.overgeslagen >= beleid.max_overslaan:
            raise ValueError(FOUT_OVERSLAAN_OP.format(max=beleid.max_overslaan))
        termijnen = _actieve_termijnen(regeling)
        stand = stand_bereken(
            [(t.volgnummer, t.vervaldatum, t.bedrag) for t in termijnen], _openstaand(regeling)
        )
        onbetaald = [t for t, s in zip(termijnen, stand, strict=True) if s.open > 0]
        if not onbetaald:
            raise ValueError(FOUT_NIETS_TE_OVERSLAAN)
        overslaan = onbetaald[0]
        overslaan.status = RegelingTermijnStatus.OVERGESLAGEN
        overslaan.save(update_fields=["status"])
        [nieuw] = _maak_termijnen(regeling, [(plus_maanden(termijnen[-1].vervaldatum, 1), overslaan.bedrag)])
        regeling.overgeslagen += 1
        regeling.versie += 1
        regeling.save(update_fields=["overgeslagen", "versie"])
        _gebeurtenis(
            regeling,
            datum,
            RegelingGebeurtenisSoort.OVERGESLAGEN,
            gegevens={
                "overgeslagen": overslaan.volgnummer,
                "vervaldatum": overslaan.vervaldatum.isoformat(),
                "nieuw": {"datum": nieuw.vervaldatum.isoformat(), "bedrag": _bedrag(nieuw.bedrag)},
                "bron": str(bron),
            },
            door=door,
        ).save()
        _verloop_taken([overslaan.beltaak_id] if overslaan.beltaak_id else [], datum)
        _bevestiging(regeling, datum)
    return nieuw


def regeling_pauzeer(
    *,
    regeling: Betalingsregeling,
    datum: date,
    maanden: int,
    reden: str,
    bron: Bron | str = Bron.MEDEWERKER,
    door=None,
) -> Betalingsregeling:
    """Pause a plan: every unpaid installment moves ``maanden`` months later (seed 001: flexible).

    The chain stays paused (the plan still runs). The policy caps the months a plan may pause in total.
    """
    if maanden < 1:
        raise ValueError(FOUT_PAUZE_MAANDEN)
    if not reden.strip():
        raise ValueError(FOUT_REDEN_LEEG)
    with transaction.atomic():
        regeling = _vergrendel_actief(regeling)
        beleid = beleid_op(datum)
        if regeling.gepauzeerde_maanden + maanden > beleid.max_pauze_maanden:
            raise ValueError(
                FOUT_PAUZE_TE_LANG.format(max=beleid.max_pauze_maanden, al=regeling.gepauzeerde_maanden)
            )
        termijnen = _actieve_termijnen(regeling)
        stand = stand_bereken(
            [(t.volgnummer, t.vervaldatum, t.bedrag) for t in termijnen], _openstaand(regeling)
        )
        verschoven = []
        for t, s in zip(termijnen, stand, strict=True):
            if s.open > 0:
                t.vervaldatum = plus_maanden(t.vervaldatum, maanden)
                t.herinnerd_op = None
                verschoven.append(t)
        taken = [t.beltaak_id for t in verschoven if t.beltaak_id]
        for t in verschoven:
            t.beltaak = None
        RegelingTermijn.objects.bulk_update(verschoven, ["vervaldatum", "herinnerd_op", "beltaak"])
        regeling.gepauzeerde_maanden += maanden
        regeling.versie += 1
        regeling.save(update_fields=["gepauzeerde_maanden", "versie"])
        _gebeurtenis(
            regeling,
            datum,
            RegelingGebeurtenisSoort.GEPAUZEERD,
            toelichting=reden.strip(),
            gegevens={"maanden": maanden, "termijnen": [t.volgnummer for t in verschoven], "bron": str(bron)},
            door=door,
        ).save()
        _verloop_taken(taken, datum)
        _bevestiging(regeling, datum)
    return regeling


def regeling_beeindig(
    *, regeling: Betalingsregeling, datum: date, reden: str, door=None
) -> Betalingsregeling:
    """An officer ends a plan (for example: the resident moves to debt help); the chain pause ends."""
    if not reden.strip():
        raise ValueError(FOUT_REDEN_LEEG)
    with transaction.atomic():
        regeling = _vergrendel_actief(regeling)
        _sluit(
            [regeling],
            datum=datum,
            status=RegelingStatus.BEEINDIGD,
            soort=RegelingGebeurtenisSoort.BEEINDIGD,
            besluiten={regeling.pk: reden.strip()},
            door=door,
        )
    return regeling


def regeling_laat_vervallen(
    *, regeling: Betalingsregeling, datum: date, besluit: str, door=None
) -> Betalingsregeling:
    """An officer decides that a plan lapses (recorded decision); the chain resumes where it was."""
    if not besluit.strip():
        raise ValueError(FOUT_REDEN_LEEG)
    with transaction.atomic():
        regeling = _vergrendel_actief(regeling)
        _sluit(
            [regeling],
            datum=datum,
            status=RegelingStatus.VERVALLEN,
            soort=RegelingGebeurtenisSoort.VERVALLEN,
            besluiten={regeling.pk: besluit.strip()},
            door=door,
        )
    return regeling


def _sluit(
    regelingen, *, datum, status, soort, besluiten: dict[int, str], door=None, openstaand=None
) -> None:
    """End plans set-based: status, recorded decision, the chain's pause, open call tasks, letters."""
    if not regelingen:
        return
    ids = [r.pk for r in regelingen]
    for r in regelingen:
        r.status = status
        r.beeindigd_op = datum
        r.besluit = besluiten[r.pk]
    Betalingsregeling.objects.bulk_update(regelingen, ["status", "beeindigd_op", "besluit"])
    services.pauzes_beeindig_voor_bronnen(
        bronnen=[f"regeling:{pk}" for pk in ids], datum=datum, reden=str(RegelingStatus(status).label)
    )
    RegelingGebeurtenis.objects.bulk_create(
        _gebeurtenis(r, datum, soort, toelichting=besluiten[r.pk], door=door) for r in regelingen
    )
    taak_ids = RegelingTermijn.objects.filter(regeling_id__in=ids, beltaak__isnull=False).values_list(
        "beltaak_id", flat=True
    )
    if status != RegelingStatus.VERVALLEN:
        _verloop_taken(list(taak_ids), datum)
    if status == RegelingStatus.VERVALLEN:
        if openstaand is None:
            openstaand = openstaand_per_regeling(ids)
        brieven_maak(
            [
                _brief(
                    sleutel=f"regeling_vervallen:regeling:{r.pk}",
                    sjabloon=Sjabloon.REGELING_VERVALLEN,
                    datum=datum,
                    persoon=r.belastingplichtige,
                    gegevens={
                        "regeling": r.pk,
                        "openstaand": _bedrag(openstaand.get(r.pk, (NUL, 0))[0]),
                        "besluit": besluiten[r.pk],
                    },
                )
                for r in regelingen
            ]
        )


def openstaand_per_regeling(ids) -> dict[int, tuple[Decimal, int]]:
    """Per plan: what its open aanslagen owe and how many are still open (one query)."""
    rijen = (
        Betalingsregeling.aanslagen.through.objects.filter(
            betalingsregeling_id__in=ids, aanslag__status=AanslagStatus.OPEN
        )
        .order_by()
        .values("betalingsregeling_id")
        .annotate(s=som_bedrag("aanslag__openstaand"), n=Count("id"))
        .values_list("betalingsregeling_id", "s", "n")
    )
    return {pk: (geld(s), n) for pk, s, n in rijen}


# --- Reads ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RegelingStand:
    regeling_id: int
    openstaand: Decimal
    termijnen: tuple[TermijnStand, ...]
    achterstand: Decimal

    @property
    def volgende(self) -> TermijnStand | None:
        return next((t for t in self.termijnen if t.open > 0), None)


def regeling_stand(*, regeling: Betalingsregeling, datum: date) -> RegelingStand:
    """The plan's installments with what is paid on each, and the arrears on ``datum``."""
    termijnen = _actieve_termijnen(regeling)
    openstaand = _openstaand(regeling)
    stand = stand_bereken([(t.volgnummer, t.vervaldatum, t.bedrag) for t in termijnen], openstaand)
    achterstand = sum((s.open for s in stand if s.vervaldatum < datum), NUL)
    return RegelingStand(regeling.pk, openstaand, tuple(stand), achterstand)


def actieve_regeling(*, belastingplichtige: Belastingplichtige) -> Betalingsregeling | None:
    return Betalingsregeling.objects.filter(
        belastingplichtige=belastingplichtige, status=RegelingStatus.ACTIEF
    ).first()


# --- The daily watch ------------------------------------------------------------------------------
@dataclass
class Bewakingsresultaat:
    bekeken: int = 0
    herinneringen: int = 0
    beltaken: int = 0
    vervallen: int = 0
    afgerond: int = 0


def regelingen_bewaken(*, datum: date) -> Bewakingsresultaat:
    """The daily job for plan installments (seed 001: reminder of a missed installment).

    Per running plan, the earliest missed installment (unpaid ``herinnering_na_dagen`` after its due
    date) gets, one step per run and each once: a free reminder letter (REGELING_GEMISTE_TERMIJN);
    when still unpaid ``gratie_dagen`` later, a call task (GEMISTE_TERMIJN); when still unpaid
    ``bel_dagen`` after that, the plan lapses with a recorded decision, the chain's pause ends and the
    resident gets REGELING_VERVALLEN. A plan whose aanslagen are all settled is finished. Idempotent;
    a constant number of queries per chunk of plans.
    """
    beleid = beleid_op(datum)
    resultaat = Bewakingsresultaat()
    laatste_id = 0
    while True:
        with transaction.atomic():
            regelingen = list(
                Betalingsregeling.objects.select_for_update(of=("self",))
                .select_related("belastingplichtige")
                .filter(status=RegelingStatus.ACTIEF, id__gt=laatste_id)
                .order_by("id")[:REGELINGEN_BATCH]
            )
            if not regelingen:
                return resultaat
            laatste_id = regelingen[-1].pk
            _bewaak_deel(regelingen, datum=datum, beleid=beleid, resultaat=resultaat)


def _bewaak_deel(regelingen, *, datum: date, beleid: Regelingbeleid, resultaat: Bewakingsresultaat) -> None:
    ids = [r.pk for r in regelingen]
    resultaat.bekeken += len(ids)
    openstaand = openstaand_per_regeling(ids)
    termijnen = defaultdict(list)
    for t in (
        RegelingTermijn.objects.filter(regeling_id__in=ids, status=RegelingTermijnStatus.ACTIEF)
        .order_by("regeling_id", "vervaldatum", "volgnummer")
        .select_related("beltaak")
    ):
        termijnen[t.regeling_id].append(t)

    afgerond, vervallen, besluiten = [], [], {}
    herinneren, bellen, gewijzigd, gebeurtenissen, brieven, verlopen = [], [], [], [], [], []
    for r in regelingen:
        open_bedrag, open_aantal = openstaand.get(r.pk, (NUL, 0))
        if open_aantal == 0:
            afgerond.append(r)
            besluiten[r.pk] = BESLUIT_AFGEROND
            continue
        rij = termijnen[r.pk]
        stand = stand_bereken([(t.volgnummer, t.vervaldatum, t.bedrag) for t in rij], open_bedrag)
        verlopen += [t.beltaak_id for t, s in zip(rij, stand, strict=True) if s.open == 0 and t.beltaak_id]
        gemist = [
            (t, s)
            for t, s in zip(rij, stand, strict=True)
            if s.open > 0 and t.vervaldatum + timedelta(days=beleid.herinnering_na_dagen) <= datum
        ]
        if not gemist:
            continue
        t, s = gemist[0]
        achterstand = sum((g.open for _, g in gemist), NUL)
        if t.herinnerd_op is None:
            t.herinnerd_op = datum
            gewijzigd.append(t)
            herinneren.append(r)
            uiterste = datum + timedelta(days=beleid.gratie_dagen)
            brieven.append(
                _brief(
                    sleutel=f"regeling_gemiste_termijn:regeling:{r.pk}:termijn:{t.volgnummer}",
                    sjabloon=Sjabloon.REGELING_GEMISTE_TERMIJN,
                    datum=datum,
                    persoon=r.belastingplichtige,
                    gegevens={
                        "regeling": r.pk,
                        "termijn_volgnummer": t.volgnummer,
                        "termijn_datum": t.vervaldatum.isoformat(),
                        "termijn_bedrag": _bedrag(s.open),
                        "achterstand": _bedrag(achterstand),
                        "betaling": {
                            "bedrag": _bedrag(achterstand),
                            "kenmerk": r.betalingskenmerk,
                            "doel": f"regeling:{r.pk}",
                        },
                        "uiterste_datum": uiterste.isoformat(),
                    },
                )
            )
            gebeurtenissen.append(
                _gebeurtenis(
                    r,
                    datum,
                    RegelingGebeurtenisSoort.HERINNERING,
                    gegevens={
                        "termijn": t.volgnummer,
                        "achterstand": _bedrag(achterstand),
                        "uiterste_datum": uiterste.isoformat(),
                    },
                )
            )
        elif t.beltaak_id is None:
            if datum >= t.herinnerd_op + timedelta(days=beleid.gratie_dagen):
                bellen.append((r, t, achterstand))
        elif datum >= t.herinnerd_op + timedelta(days=beleid.gratie_dagen + beleid.bel_dagen):
            vervallen.append(r)
            besluiten[r.pk] = BESLUIT_VERVALLEN.format(
                datum=datum,
                volgnummer=t.volgnummer,
                vervaldatum=t.vervaldatum,
                herinnerd=t.herinnerd_op,
                gebeld=t.beltaak.aangemaakt_op,
                uitkomst=t.beltaak.get_uitkomst_display()
                if t.beltaak.uitkomst
                else "geen contact vastgelegd",
                beleid=beleid.geldig_vanaf,
            )

    if bellen:
        sleutels = {f"regeling:{r.pk}:termijn:{t.volgnummer}:bellen": (r, t, a) for r, t, a in bellen}
        Taak.objects.bulk_create(
            [
                Taak(
                    soort=TaakSoort.GEMISTE_TERMIJN,
                    belastingplichtige_id=r.belastingplichtige_id,
                    aangemaakt_op=datum,
                    deadline=datum + timedelta(days=beleid.bel_dagen),
                    bron=f"regeling:{r.pk}",
                    sleutel=sleutel,
                    toelichting=(
                        f"Termijn {t.volgnummer} van {t.vervaldatum:%d-%m-%Y} is niet betaald, ook niet na de "
                        f"herinnering van {t.herinnerd_op:%d-%m-%Y}. Achterstand: {_bedrag(a)}."
                    ),
                )
                for sleutel, (r, t, a) in sleutels.items()
            ],
            ignore_conflicts=True,
        )
        taak_ids = dict(Taak.objects.filter(sleutel__in=list(sleutels)).values_list("sleutel", "id"))
        for sleutel, (r, t, _) in sleutels.items():
            t.beltaak_id = taak_ids[sleutel]
            gewijzigd.append(t)
            gebeurtenissen.append(
                _gebeurtenis(
                    r,
                    datum,
                    RegelingGebeurtenisSoort.BELTAAK,
                    gegevens={"termijn": t.volgnummer, "taak": t.beltaak_id},
                )
            )
        resultaat.beltaken += len(sleutels)
    if gewijzigd:
        RegelingTermijn.objects.bulk_update(gewijzigd, ["herinnerd_op", "beltaak"])
    if gebeurtenissen:
        RegelingGebeurtenis.objects.bulk_create(gebeurtenissen)
    if brieven:
        brieven_maak(brieven)
    resultaat.herinneringen += len(herinneren)
    _verloop_taken(verlopen, datum)
    _sluit(
        afgerond,
        datum=datum,
        status=RegelingStatus.AFGEROND,
        soort=RegelingGebeurtenisSoort.AFGEROND,
        besluiten=besluiten,
    )
    _sluit(
        vervallen,
        datum=datum,
        status=RegelingStatus.VERVALLEN,
        soort=RegelingGebeurtenisSoort.VERVALLEN,
        besluiten=besluiten,
        openstaand=openstaand,
    )
    resultaat.afgerond += len(afgerond)
    resultaat.vervallen += len(vervallen)

"""Direct debit (automatische incasso): SEPA mandates, the collection batch of a day, stopping after returns.

Seed 001: promote paying in installments with direct debit. EPC SDD Core rulebook: a mandate with a
unique id and the signature date; FRST for the first collection under a mandate, RCUR after. Dutch tax
offices stop collecting after two reversals in a row and tell the resident (issue 4); so do we.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import F

from communicatie.services import Briefverzoek, brieven_maak
from communicatie.sjablonen import Sjabloon

from .bank import pain008
from .bank.sepa import FOUT_INCASSANT_ID, FOUT_MANDAAT_ID, is_geldig_incassant_id, is_geldig_mandaat_id
from .constants import (
    NUL,
    AanslagStatus,
    Bron,
    IncassopostStatus,
    MachtigingStatus,
    RegelingGebeurtenisSoort,
    RegelingStatus,
    RegelingTermijnStatus,
    Sequentietype,
)
from .models import (
    Belastingplichtige,
    Betalingsregeling,
    Incassobatch,
    Incassopost,
    Machtiging,
    RegelingGebeurtenis,
    RegelingTermijn,
    Termijn,
)
from .regelingen import openstaand_per_regeling, stand_bereken
from .selectors import gepauzeerde_aanslag_ids
from .validators import is_geldig_iban, normaliseer_iban

STORNERINGEN_OP_RIJ = 2

FOUT_INCASSANT_ONTBREEKT = (
    "SEPA_CREDITOR_ID is niet ingesteld; zonder incassant-ID kan er niet worden geïncasseerd."
)
FOUT_ORGANISATIE_IBAN = "ORGANISATIE_IBAN {waarde!r} is geen geldig IBAN."
FOUT_IBAN = "Het IBAN {waarde!r} is ongeldig."
FOUT_AL_MACHTIGING = "Er is al een actieve machtiging voor deze belastingplichtige; trek die eerst in."
FOUT_NAAM = "De naam van de rekeninghouder ontbreekt."
FOUT_NIET_ACTIEF = "Deze machtiging is niet actief."

REDEN_GESTOPT = (
    "De automatische incasso is {n} keer achter elkaar teruggeboekt. Daarom stoppen we ermee. "
    "U kunt zelf overmaken of een nieuwe machtiging geven."
)


def incassant() -> pain008.Incassant:
    """The creditor from settings, checked (the creditor id is issued by the Dutch Chamber of Commerce)."""
    incassant_id = (settings.SEPA_CREDITOR_ID or "").replace(" ", "").upper()
    if not incassant_id:
        raise ValueError(FOUT_INCASSANT_ONTBREEKT)
    if not is_geldig_incassant_id(incassant_id):
        raise ValueError(FOUT_INCASSANT_ID.format(waarde=incassant_id))
    iban = normaliseer_iban(settings.ORGANISATIE_IBAN)
    if not is_geldig_iban(iban):
        raise ValueError(FOUT_ORGANISATIE_IBAN.format(waarde=settings.ORGANISATIE_IBAN))
    return pain008.Incassant(
        naam=settings.ORGANISATIE_NAAM, iban=iban, bic=settings.ORGANISATIE_BIC, incassant_id=incassant_id
    )


# --- Mandates -------------------------------------------------------------------------------------
def machtiging_maak(
    *,
    belastingplichtige: Belastingplichtige,
    iban: str,
    naam_rekeninghouder: str,
    ondertekend_op: date,
    bron: Bron | str,
    mandaat_id: str | None = None,
    bic: str = "",
    door=None,
) -> Machtiging:
    """Record a signed SEPA mandate (EPC SDD Core): a valid IBAN (ISO 13616) and a unique mandate id.

    Without ``mandaat_id`` one is made from the resident's id (never the BSN: it travels to banks).
    One active mandate per resident.
    """
    iban = normaliseer_iban(iban)
    if not is_geldig_iban(iban):
        raise ValueError(FOUT_IBAN.format(waarde=iban))
    if not naam_rekeninghouder.strip():
        raise ValueError(FOUT_NAAM)
    with transaction.atomic():
        persoon = Belastingplichtige.objects.select_for_update().get(pk=belastingplichtige.pk)
        if Machtiging.objects.filter(belastingplichtige=persoon, status=MachtigingStatus.ACTIEF).exists():
            raise ValueError(FOUT_AL_MACHTIGING)
        if mandaat_id is None:
            volgnummer = Machtiging.objects.filter(belastingplichtige=persoon).count() + 1
            mandaat_id = f"SI-{persoon.pk}-{volgnummer}"
        if not is_geldig_mandaat_id(mandaat_id):
            raise ValueError(FOUT_MANDAAT_ID.format(waarde=mandaat_id))
        return Machtiging.objects.create(
            belastingplichtige=persoon,
            mandaat_id=mandaat_id,
            iban=iban,
            bic=bic.strip().upper(),
            naam_rekeninghouder=naam_rekeninghouder.strip()[:70],
            ondertekend_op=ondertekend_op,
            bron=bron,
            vastgelegd_door=door,
        )


def machtiging_intrekken(*, machtiging: Machtiging, datum: date, reden: str = "") -> Machtiging:
    """The resident withdraws the mandate: nothing is collected from ``datum`` on."""
    with transaction.atomic():
        machtiging = Machtiging.objects.select_for_update().get(pk=machtiging.pk)
        if machtiging.status != MachtigingStatus.ACTIEF:
            raise ValueError(FOUT_NIET_ACTIEF)
        machtiging.status = MachtigingStatus.INGETROKKEN
        machtiging.beeindigd_op = datum
        machtiging.reden_beeindiging = reden[:200]
        machtiging.save(update_fields=["status", "beeindigd_op", "reden_beeindiging"])
    return machtiging


# --- The day's batch ------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Kandidaat:
    machtiging_id: int
    bedrag: Decimal
    end_to_end_id: str
    omschrijving: str
    termijn_id: int | None = None
    regelingtermijn_id: int | None = None


def _regelingtermijnen(datum: date) -> list[_Kandidaat]:
    """Due plan installments under an active mandate, not collected before, for what is still unpaid."""
    due = list(
        RegelingTermijn.objects.filter(
            status=RegelingTermijnStatus.ACTIEF,
            vervaldatum__lte=datum,
            vervaldatum__gte=F("regeling__machtiging__ondertekend_op"),
            regeling__status=RegelingStatus.ACTIEF,
            regeling__machtiging__status=MachtigingStatus.ACTIEF,
            incassopost__isnull=True,
        ).values_list(
            "id", "regeling_id", "regeling__machtiging_id", "volgnummer", "regeling__betalingskenmerk"
        )
    )
    if not due:
        return []
    regeling_ids = {r for _, r, *_ in due}
    openstaand = openstaand_per_regeling(regeling_ids)
    schema = defaultdict(list)
    for regeling_id, volgnummer, vervaldatum, bedrag in (
        RegelingTermijn.objects.filter(regeling_id__in=regeling_ids, status=RegelingTermijnStatus.ACTIEF)
        .order_by("regeling_id", "vervaldatum", "volgnummer")
        .values_list("regeling_id", "volgnummer", "vervaldatum", "bedrag")
    ):
        schema[regeling_id].append((volgnummer, vervaldatum, bedrag))
    open_per_termijn = {}
    for regeling_id, rij in schema.items():
        for s in stand_bereken(rij, openstaand.get(regeling_id, (NUL, 0))[0]):
            open_per_termijn[(regeling_id, s.volgnummer)] = s.open
    uitkomst = []
    for termijn_id, regeling_id, machtiging_id, volgnummer, kenmerk in due:
        bedrag = open_per_termijn.get((regeling_id, volgnummer), NUL)
        if bedrag > 0:
            uitkomst.append(
                _Kandidaat(
                    machtiging_id=machtiging_id,
                    bedrag=bedrag,
                    end_to_end_id=f"SI-R{termijn_id}",
                    omschrijving=f"Betalingsregeling {regeling_id} termijn {volgnummer} kenmerk {kenmerk}",
                    regelingtermijn_id=termijn_id,
                )
            )
    return uitkomst


def _aanslagtermijnen(datum: date) -> list[_Kandidaat]:
    """Due installments of open aanslagen of residents with an active mandate, not paused, not collected."""
    due = list(
        Termijn.objects.filter(
            vervaldatum__lte=datum,
            aanslag__status=AanslagStatus.OPEN,
            aanslag__belastingplichtige__machtigingen__status=MachtigingStatus.ACTIEF,
            vervaldatum__gte=F("aanslag__belastingplichtige__machtigingen__ondertekend_op"),
            incassopost__isnull=True,
        ).values_list(
            "id",
            "aanslag_id",
            "volgnummer",
            "aanslag__belastingplichtige__machtigingen__id",
            "aanslag__aanslagnummer",
            "aanslag__betalingskenmerk",
            "aanslag__openstaand",
        )
    )
    if not due:
        return []
    aanslag_ids = {a for _, a, *_ in due}
    # A pause (a plan, a remission request, debt help) stops collection of the aanslag itself.
    gepauzeerd = gepauzeerde_aanslag_ids(datum=datum, aanslag_ids=aanslag_ids)
    later: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for aanslag_id, volgnummer, bedrag in Termijn.objects.filter(aanslag_id__in=aanslag_ids).values_list(
        "aanslag_id", "volgnummer", "bedrag"
    ):
        later[aanslag_id].append((volgnummer, bedrag))
    uitkomst = []
    al_gevraagd: dict[int, Decimal] = defaultdict(lambda: NUL)
    for termijn_id, aanslag_id, volgnummer, machtiging_id, nummer, kenmerk, openstaand in sorted(
        due, key=lambda d: (d[1], d[2])
    ):
        if aanslag_id in gepauzeerd:
            continue
        nog_later = sum((b for v, b in later[aanslag_id] if v > volgnummer), NUL)
        eigen = next(b for v, b in later[aanslag_id] if v == volgnummer)
        # Collect only what must be paid now, so that exactly the later installments remain open.
        bedrag = min(eigen, openstaand - al_gevraagd[aanslag_id] - nog_later)
        if bedrag > 0:
            al_gevraagd[aanslag_id] += bedrag
            uitkomst.append(
                _Kandidaat(
                    machtiging_id=machtiging_id,
                    bedrag=bedrag,
                    end_to_end_id=f"SI-T{termijn_id}",
                    omschrijving=f"Aanslag {nummer} termijn {volgnummer} kenmerk {kenmerk}",
                    termijn_id=termijn_id,
                )
            )
    return uitkomst


def incassobatch_maak(*, datum: date, aangemaakt_op: datetime) -> Incassobatch | None:
    """Collect on ``datum`` every installment due by then under an active mandate (aanslagen and plans).

    Each installment is collected at most once (a returned one is not collected again: the resident is
    told and pays it another way); installments due before the mandate was signed are left alone.
    FRST for a mandate's first collection, RCUR after (EPC SDD Core). None when nothing is due.
    """
    with transaction.atomic():
        kandidaten = _regelingtermijnen(datum) + _aanslagtermijnen(datum)
        if not kandidaten:
            return None
        machtiging_ids = {k.machtiging_id for k in kandidaten}
        eerder = set(
            Incassopost.objects.filter(machtiging_id__in=machtiging_ids).values_list(
                "machtiging_id", flat=True
            )
        )
        volgnummer = Incassobatch.objects.filter(incassodatum=datum).count() + 1
        batch = Incassobatch.objects.create(
            incassodatum=datum,
            bericht_id=f"SI-INC-{datum:%Y%m%d}-{volgnummer}",
            aangemaakt_op=aangemaakt_op,
            aantal=len(kandidaten),
            totaal=sum((k.bedrag for k in kandidaten), NUL),
        )
        Incassopost.objects.bulk_create(
            Incassopost(
                batch=batch,
                machtiging_id=k.machtiging_id,
                termijn_id=k.termijn_id,
                regelingtermijn_id=k.regelingtermijn_id,
                bedrag=k.bedrag,
                sequentie=Sequentietype.RCUR if k.machtiging_id in eerder else Sequentietype.FRST,
                end_to_end_id=k.end_to_end_id,
                omschrijving=k.omschrijving[:140],
            )
            for k in kandidaten
        )
    return batch


def incassobestand(*, batch: Incassobatch) -> bytes:
    """The pain.008.001.02 file of a batch, validated against the official XSD before it is returned."""
    posten = batch.posten.select_related("machtiging").order_by("id")
    xml = pain008.schrijf(
        bericht_id=batch.bericht_id,
        aangemaakt_op=batch.aangemaakt_op,
        incassodatum=batch.incassodatum,
        incassant=incassant(),
        incassos=[
            pain008.Incasso(
                end_to_end_id=p.end_to_end_id,
                bedrag=p.bedrag,
                sequentie=p.sequentie,
                mandaat_id=p.machtiging.mandaat_id,
                ondertekend_op=p.machtiging.ondertekend_op,
                naam=p.machtiging.naam_rekeninghouder,
                iban=p.machtiging.iban,
                bic=p.machtiging.bic,
                omschrijving=p.omschrijving,
            )
            for p in posten
        ],
    )
    pain008.valideer(xml)
    return xml


# --- Returns --------------------------------------------------------------------------------------
def incasso_stoppen_na_storneringen(*, machtiging_ids, datum: date) -> list[Machtiging]:
    """Stop direct debit under a mandate when two collections in a row were returned, and tell the resident.

    "In a row": two consecutive collections of the mandate (by collection date) both returned. The
    resident gets INCASSO_GESTOPT; a plan paid by this mandate records the stop on its timeline.
    Set-based: a constant number of queries for any number of mandates.
    """
    ids = set(machtiging_ids)
    if not ids:
        return []
    reeksen: dict[int, list[str]] = defaultdict(list)
    for machtiging_id, status in (
        Incassopost.objects.filter(machtiging_id__in=ids, machtiging__status=MachtigingStatus.ACTIEF)
        .order_by("machtiging_id", "batch__incassodatum", "id")
        .values_list("machtiging_id", "status")
    ):
        reeksen[machtiging_id].append(status)
    te_stoppen = [
        m
        for m, reeks in reeksen.items()
        if any(
            all(s == IncassopostStatus.TERUGGEBOEKT for s in reeks[i : i + STORNERINGEN_OP_RIJ])
            for i in range(len(reeks) - STORNERINGEN_OP_RIJ + 1)
        )
    ]
    if not te_stoppen:
        return []
    reden = REDEN_GESTOPT.format(n=STORNERINGEN_OP_RIJ)
    machtigingen = list(
        Machtiging.objects.select_for_update(of=("self",))
        .select_related("belastingplichtige")
        .filter(id__in=te_stoppen, status=MachtigingStatus.ACTIEF)
    )
    for m in machtigingen:
        m.status = MachtigingStatus.GESTOPT
        m.beeindigd_op = datum
        m.reden_beeindiging = reden[:200]
    Machtiging.objects.bulk_update(machtigingen, ["status", "beeindigd_op", "reden_beeindiging"])
    brieven_maak(
        [
            Briefverzoek(
                sleutel=f"incasso_gestopt:machtiging:{m.pk}",
                sjabloon=Sjabloon.INCASSO_GESTOPT,
                datum=datum,
                ontvanger=f"belastingplichtige:{m.belastingplichtige_id}",
                naam=m.belastingplichtige.naam,
                adresregels=m.belastingplichtige.adresregels,
                gegevens={"reden": reden, "machtiging": m.mandaat_id},
                taal=m.belastingplichtige.taal,
            )
            for m in machtigingen
        ]
    )
    RegelingGebeurtenis.objects.bulk_create(
        RegelingGebeurtenis(
            regeling_id=regeling_id,
            datum=datum,
            soort=RegelingGebeurtenisSoort.INCASSO_GESTOPT,
            toelichting=reden,
        )
        for regeling_id in Betalingsregeling.objects.filter(
            machtiging__in=machtigingen, status=RegelingStatus.ACTIEF
        ).values_list("id", flat=True)
    )
    return machtigingen

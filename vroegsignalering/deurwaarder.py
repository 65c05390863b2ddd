"""The bailiff handover: the social facts a bailiff needs, and the bailiff's report coming back.

Seed 000 asks for agreements with bailiffs: how contact with the resident is sought, how payment
plans are aligned, how coercion is prevented. The handover carries what those agreements need (docs/
vroegsignalering.md, "Afspraken met de deurwaarder"): contact attempts and their outcomes, known income
against the beslagvrije voet with the repayment capacity, the customer group, an active pause, and an
advice from ``advies_bepalen``. It carries nothing SHV told us beyond the pause itself.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from invordering import services as kern
from invordering.beslagvrije_voet import Capaciteit, capaciteit_voor
from invordering.constants import (
    BEREIKT,
    CENT,
    AanslagStatus,
    ContactRichting,
    ContactUitkomst,
    StapSoort,
    TaakSoort,
)
from invordering.models import Aanslag, Contact, Pauze, Taak

from .constants import (
    FOUT_AANSLAG_NIET_OPEN,
    FOUT_BEDRAG,
    FOUT_BESTAND_KOLOMMEN,
    FOUT_DATUM,
    FOUT_DATUM_TOEKOMST,
    FOUT_LEEG,
    FOUT_ONBEKENDE_REGEL,
    FOUT_ONBEKENDE_UITKOMST,
    FOUT_REGEL,
    Advies,
    DeurwaarderUitkomst,
    Exportformaat,
)
from .models import Deurwaarderoverdracht, Deurwaarderterugmelding, Overdrachtregel
from .uitwisseling import ImportFout, Importverslag, csv_bytes, formaat_voor

# At the bottom of the scale the bvv is this share of the net income (Wvbv; DOMEIN.md).
BVV_LAAG_AANDEEL = Decimal("0.95")
# How many of the latest contacts the handover lists (all are counted).
LAATSTE_CONTACTEN = 5
OVERDRACHT_VELDEN = (
    "aanslagnummer",
    "betalingskenmerk",
    "belastingjaar",
    "openstaand",
    "open_belasting",
    "open_kosten",
    "bsn",
    "naam",
    "adres",
    "telefoon",
    "email",
    "klantgroep",
    "contactpogingen",
    "contact_bereikt",
    "laatste_contact_datum",
    "laatste_contact_uitkomst",
    "inkomen_bekend",
    "netto_maandinkomen",
    "beslagvrije_voet",
    "bvv_bron",
    "aflossingscapaciteit",
    "pauze",
    "advies",
    "advies_toelichting",
)
TERUGMELDING_KOLOMMEN = ("aanslagnummer", "uitkomst", "datum")


def advies_bepalen(
    *, capaciteit: Capaciteit | None, laatste_bereikt_uitkomst: str | None, pauze_reden: str | None
) -> Advies:
    """The advice to the bailiff, in the order of the agreements (seed 001 "Stap 3", ONTWERP's gate):

    1. an active pause (plan, remission, adempauze, debt help): no coercive step;
    2. known income at or below the bvv (no repayment capacity): no garnishment, social track;
    3. the resident said they cannot pay: social track (remission, debt help), no coercion;
    4. never reached: first a home visit, before any garnishment;
    5. the resident will not pay: collect, keeping the bvv;
    6. otherwise: offer a plan within the repayment capacity.
    """
    if pauze_reden:
        return Advies.NIET_DWINGEN_PAUZE
    if capaciteit is not None and (
        (capaciteit.capaciteit is not None and capaciteit.capaciteit <= 0) or _op_bijstandsniveau(capaciteit)
    ):
        return Advies.GEEN_BESLAG_ONDER_BVV
    if laatste_bereikt_uitkomst == ContactUitkomst.BEREIKT_KAN_NIET:
        return Advies.SOCIAAL_SPOOR
    if laatste_bereikt_uitkomst is None:
        return Advies.EERST_HUISBEZOEK
    if laatste_bereikt_uitkomst == ContactUitkomst.BEREIKT_WIL_NIET:
        return Advies.INVORDEREN_MET_MAATWERK
    return Advies.REGELING_BINNEN_CAPACITEIT


def _op_bijstandsniveau(capaciteit: Capaciteit) -> bool:
    """Income at or below the bijstand level: the bvv is then 95% of the income itself (Wvbv, DOMEIN.md),
    so the 5% left is what a voluntary plan may ask, not a reason to garnish."""
    if capaciteit.inkomen is None or capaciteit.bvv is None:
        return False
    return capaciteit.bvv >= (capaciteit.inkomen * BVV_LAAG_AANDEEL).quantize(CENT) - CENT


def _bedrag(waarde: Decimal | None) -> str | None:
    return None if waarde is None else str(waarde)


def overdracht_maak(
    *,
    aanslagen: Sequence[Aanslag],
    datum: date,
    uit: Path | str,
    deurwaarder: str = "",
    formaat: str | None = None,
) -> Deurwaarderoverdracht:
    """Write the handover file for these aanslagen and record it; set-based (a fixed number of queries).

    An aanslag already with the bailiff (a handover not yet reported back) is left out, so a rerun
    hands nothing over twice. Only open aanslagen can be handed over.
    """
    uit = Path(uit)
    formaat = formaat_voor(pad=uit, formaat=formaat)
    ids = [a.pk for a in aanslagen]
    with transaction.atomic():
        al = set(
            Overdrachtregel.objects.filter(aanslag_id__in=ids, afgesloten_op__isnull=True).values_list(
                "aanslag_id", flat=True
            )
        )
        rijen = list(
            Aanslag.objects.select_for_update(of=("self",))
            .filter(id__in=[i for i in ids if i not in al])
            .select_related("belastingplichtige")
            .order_by("id")
        )
        for a in rijen:
            if a.status != AanslagStatus.OPEN:
                raise ValueError(FOUT_AANSLAG_NIET_OPEN.format(aanslag=a.aanslagnummer))
        personen = {a.belastingplichtige_id for a in rijen}
        contacten: dict[int, list] = {}
        for c in Contact.objects.filter(belastingplichtige_id__in=personen).order_by("-tijdstip", "-id"):
            contacten.setdefault(c.belastingplichtige_id, []).append(c)
        pauzes = {}
        for persoon_id, reden in (
            Pauze.objects.actief_op(datum)
            .filter(belastingplichtige_id__in=personen)
            .order_by("start")
            .values_list("belastingplichtige_id", "reden")
        ):
            pauzes.setdefault(persoon_id, reden)
        capaciteiten = capaciteit_voor(personen, datum)
        regels, inhoud_rijen = [], []
        for a in rijen:
            p = a.belastingplichtige
            eigen = contacten.get(p.pk, [])
            bereikt = [c for c in eigen if c.uitkomst in BEREIKT]
            cap = capaciteiten.get(p.pk)
            advies = advies_bepalen(
                capaciteit=cap,
                laatste_bereikt_uitkomst=bereikt[0].uitkomst if bereikt else None,
                pauze_reden=pauzes.get(p.pk),
            )
            gegevens = {
                "aanslagnummer": a.aanslagnummer,
                "betalingskenmerk": a.betalingskenmerk,
                "belastingjaar": a.belastingjaar,
                "openstaand": str(a.openstaand),
                "open_belasting": str(a.open_belasting),
                "open_kosten": str(a.open_kosten),
                "bsn": p.bsn,
                "naam": p.naam,
                "adres": ", ".join(p.adresregels),
                "telefoon": p.telefoon,
                "email": p.email,
                "klantgroep": p.klantgroep,
                "contactpogingen": sum(1 for c in eigen if c.richting == ContactRichting.UITGAAND),
                "contact_bereikt": bool(bereikt),
                "laatste_contact_datum": timezone.localtime(eigen[0].tijdstip).date().isoformat()
                if eigen
                else None,
                "laatste_contact_uitkomst": eigen[0].uitkomst if eigen else None,
                "contacten": [
                    {
                        "datum": timezone.localtime(c.tijdstip).date().isoformat(),
                        "kanaal": c.kanaal,
                        "richting": c.richting,
                        "uitkomst": c.uitkomst,
                    }
                    for c in eigen[:LAATSTE_CONTACTEN]
                ],
                "inkomen_bekend": bool(cap and cap.inkomen is not None),
                "netto_maandinkomen": _bedrag(cap.inkomen if cap else None),
                "beslagvrije_voet": _bedrag(cap.bvv if cap else None),
                "bvv_bron": cap.bvv_bron if cap else "",
                "aflossingscapaciteit": _bedrag(cap.capaciteit if cap else None),
                "pauze": pauzes.get(p.pk),
                "advies": advies.value,
                "advies_toelichting": str(advies.label),
            }
            regels.append(Overdrachtregel(aanslag=a, belastingplichtige=p, advies=advies, gegevens=gegevens))
            inhoud_rijen.append(gegevens)
        inhoud = _schrijf(formaat=formaat, rijen=inhoud_rijen, datum=datum, deurwaarder=deurwaarder)
        overdracht = Deurwaarderoverdracht.objects.create(
            datum=datum,
            deurwaarder=deurwaarder,
            bestandsnaam=str(uit),
            aantal=len(regels),
            sha256=hashlib.sha256(inhoud).hexdigest(),
        )
        for r in regels:
            r.overdracht = overdracht
        Overdrachtregel.objects.bulk_create(regels)
        uit.parent.mkdir(parents=True, exist_ok=True)
        uit.write_bytes(inhoud)
    return overdracht


def _schrijf(*, formaat: str, rijen: list[dict], datum: date, deurwaarder: str) -> bytes:
    if formaat == Exportformaat.JSON:
        document = {"versie": "1", "datum": datum.isoformat(), "deurwaarder": deurwaarder, "aanslagen": rijen}
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return csv_bytes(rijen, velden=OVERDRACHT_VELDEN, extra="ignore")


# --- What the bailiff reports back ---------------------------------------------------------------------
@dataclass
class Terugmeldverslag(Importverslag):
    taken: list[int] = field(default_factory=list)


def terugmelding_importeren(*, pad: Path | str, datum: date) -> Terugmeldverslag:
    """Read the bailiff's report (CSV: aanslagnummer, uitkomst, datum[, bedrag]) and act on it:

    - betaald: the handover closes (the money itself arrives through the bank statement);
    - regeling: recorded; the aanslag stays with the bailiff, who watches the plan;
    - oninbaar: the handover closes and an officer gets the four-eyes task to approve the write-off.
    Whole file checked first, errors by line and field, nothing stored on any error; a rerun adds nothing.
    """
    pad = Path(pad)
    verslag = Terugmeldverslag(bestand=str(pad))
    tekst = pad.read_text(encoding="utf-8-sig")
    lezer = csv.DictReader(io.StringIO(tekst), delimiter=";" if tekst.split("\n", 1)[0].count(";") else ",")
    ontbrekend = [k for k in TERUGMELDING_KOLOMMEN if k not in (lezer.fieldnames or [])]
    if ontbrekend:
        raise ImportFout([FOUT_BESTAND_KOLOMMEN.format(kolommen=", ".join(ontbrekend))])
    rijen = list(enumerate(lezer, start=2))
    verslag.regels = len(rijen)
    nummers = {(r.get("aanslagnummer") or "").strip() for _, r in rijen}
    # The latest handover of each aanslag (open or closed, so a rerun after closing still matches).
    open_regels: dict[str, Overdrachtregel] = {}
    for regel in (
        Overdrachtregel.objects.filter(aanslag__aanslagnummer__in=nummers)
        .select_related("aanslag", "belastingplichtige")
        .order_by("id")
    ):
        open_regels[regel.aanslag.aanslagnummer] = regel
    goed = []
    for regelnummer, r in rijen:
        voor = len(verslag.fouten)

        def fout(veld, tekst, regelnummer=regelnummer):
            verslag.fouten.append(FOUT_REGEL.format(regel=regelnummer, veld=veld, fout=tekst))

        waarden = {k: (r.get(k) or "").strip() for k in (*TERUGMELDING_KOLOMMEN, "bedrag")}
        for k in TERUGMELDING_KOLOMMEN:
            if not waarden[k]:
                fout(k, FOUT_LEEG)
        overdrachtregel = open_regels.get(waarden["aanslagnummer"])
        if waarden["aanslagnummer"] and overdrachtregel is None:
            fout("aanslagnummer", FOUT_ONBEKENDE_REGEL.format(waarde=waarden["aanslagnummer"]))
        if waarden["uitkomst"] and waarden["uitkomst"] not in DeurwaarderUitkomst.values:
            fout(
                "uitkomst",
                FOUT_ONBEKENDE_UITKOMST.format(
                    waarde=waarden["uitkomst"], keuzes=", ".join(DeurwaarderUitkomst.values)
                ),
            )
        gemeld = None
        if waarden["datum"]:
            try:
                gemeld = date.fromisoformat(waarden["datum"])
            except ValueError:
                fout("datum", FOUT_DATUM.format(waarde=waarden["datum"]))
            else:
                if gemeld > datum:
                    fout(
                        "datum",
                        FOUT_DATUM_TOEKOMST.format(waarde=gemeld.isoformat(), datum=datum.isoformat()),
                    )
        bedrag = None
        if waarden["bedrag"]:
            try:
                bedrag = Decimal(waarden["bedrag"].replace(",", "."))
                if bedrag < 0 or bedrag.as_tuple().exponent < -2:
                    raise InvalidOperation
            except InvalidOperation:
                fout("bedrag", FOUT_BEDRAG.format(waarde=waarden["bedrag"]))
        if len(verslag.fouten) == voor:
            goed.append((regelnummer, overdrachtregel, waarden["uitkomst"], gemeld, bedrag))
    if verslag.fouten:
        raise ImportFout(verslag.fouten)
    bekend = set(
        Deurwaarderterugmelding.objects.filter(regel__in=[g[1] for g in goed]).values_list(
            "regel_id", "uitkomst"
        )
    )
    with transaction.atomic():
        for regelnummer, overdrachtregel, uitkomst, gemeld, bedrag in goed:
            if (overdrachtregel.pk, uitkomst) in bekend:
                verslag.al_bekend += 1
                continue
            Deurwaarderterugmelding.objects.create(
                regel=overdrachtregel,
                uitkomst=uitkomst,
                datum=gemeld,
                bedrag=bedrag,
                bestand=pad.name,
                regelnummer=regelnummer,
            )
            bekend.add((overdrachtregel.pk, uitkomst))
            verslag.nieuw += 1
            if uitkomst in (DeurwaarderUitkomst.BETAALD, DeurwaarderUitkomst.ONINBAAR):
                Overdrachtregel.objects.filter(pk=overdrachtregel.pk, afgesloten_op__isnull=True).update(
                    afgesloten_op=gemeld
                )
            if uitkomst == DeurwaarderUitkomst.ONINBAAR:
                taak: Taak = kern.taak_maak(
                    soort=TaakSoort.DEURWAARDER_ONINBAAR,
                    belastingplichtige=overdrachtregel.belastingplichtige,
                    aanslag=overdrachtregel.aanslag,
                    datum=datum,
                    deadline=datum + timedelta(days=10),
                    bron=f"deurwaarder:{overdrachtregel.pk}",
                    sleutel=f"deurwaarder-oninbaar:{overdrachtregel.pk}",
                    toelichting=(
                        "De deurwaarder gaf de aanslag terug als oninbaar: beoordeel het dossier en stel zo "
                        "nodig oninbaar voor (een teamleider keurt dat goed)."
                    ),
                )
                verslag.taken.append(taak.pk)
    return verslag


def te_overdragen(*, datum: date):
    """Open aanslagen the chain handed to the bailiff (a ``deurwaarder`` step on or before ``datum``)
    that no handover file has carried yet: the default selection of ``export_deurwaarder``."""
    return (
        Aanslag.objects.filter(
            status=AanslagStatus.OPEN,
            ketenstappen__soort=StapSoort.DEURWAARDER,
            ketenstappen__datum__lte=datum,
        )
        .exclude(id__in=Overdrachtregel.objects.values("aanslag_id"))
        .distinct()
        .order_by("id")
    )

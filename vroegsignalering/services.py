"""Writes of vroegsignalering: the daily signal job, the resident's own signal, warm referral, feedback.

Keyword-only, dates passed in, no clock. The chain pauses only through ``invordering.services``.
Legal frame (DOMEIN.md): there is no general legal basis for a tax office to send arrears signals, so a
signal leaves on the resident's consent or on a basis the municipality configures (``Signaalbeleid``),
and only after the Besluit gemeentelijke schuldhulpverlening art. 2 conditions: personal contact tried,
pointed to debt help, and a written reminder that offered to pass the details on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, DateField, Exists, IntegerField, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from communicatie.services import Briefverzoek, brieven_maak
from communicatie.sjablonen import Sjabloon
from invordering import services as kern
from invordering.constants import (
    AanslagStatus,
    ContactKanaal,
    ContactRichting,
    ContactUitkomst,
    PauzeReden,
    TaakSoort,
    ToestemmingSoort,
)
from invordering.datums import plus_maanden
from invordering.geld import geld, som_bedrag
from invordering.models import Aanslag, Belastingplichtige, Contact, Taak, Toestemming

from . import criteria as criteria_module
from .constants import (
    FOUT_GEEN_BELEID,
    FOUT_GEEN_TOESTEMMING,
    FOUT_SIGNAAL_NIET_DOORGEGEVEN,
    FOUT_TOELICHTING_LEEG,
    FOUT_TOELICHTING_TE_LANG,
    OPEN_STATUSSEN,
    SIGNAAL_BATCH,
    SLUITENDE_UITKOMSTEN,
    TOELICHTING_MAX,
    Criterium,
    Grondslag,
    SignaalSoort,
    SignaalStatus,
    Uitkomst,
)
from .models import Signaal, Signaalbeleid, Terugkoppeling, Verwijzing


class GeenToestemming(ValueError):
    """A warm referral without the resident's consent to pass their details to debt help."""


# Contact attempts in this many days before a signal count towards the Besluit's "contact tried".
CONTACT_TERUGKIJK_DAGEN = 180
# What the stored precondition notes say (Dutch: officers read them).
ONTBREEKT_CONTACT = "nog geen poging tot persoonlijk contact"
ONTBREEKT_BRIEF = "de brief met het aanbod is nog niet verstuurd"
ONTBREEKT_WACHTTIJD = "de wachttijd na de brief loopt tot {datum}"
ONTBREEKT_GRONDSLAG = "geen toestemming en geen gemeentelijke grondslag"
BEZWAAR = "de inwoner heeft de toestemming ingetrokken (bezwaar): niet doorgeven"
VERVALLEN_BETAALD = "er staat geen achterstand meer open"
VERVALLEN_PERIODE = "niet doorgegeven binnen de periode; ontbrak: {ontbrak}"
VERVULD = "voorwaarden vervuld; grondslag: {grondslag}"
VERWIJZING_VERVULD = "warme verwijzing met toestemming"


# --- Policy ----------------------------------------------------------------------------------------
def beleid_op(*, datum: date) -> Signaalbeleid:
    """The signal policy in force on ``datum`` (raises with a clear message when there is none)."""
    beleid = (
        Signaalbeleid.objects.filter(geldig_vanaf__lte=datum)
        .order_by("-geldig_vanaf")
        .prefetch_related("criteria")
        .first()
    )
    if beleid is None:
        raise Signaalbeleid.DoesNotExist(FOUT_GEEN_BELEID.format(datum=datum.isoformat()))
    return beleid


def periode_start(*, datum: date, maanden: int) -> date:
    """Start of the calendar block of ``maanden`` months that holds ``datum`` (one signal per block)."""
    return date(datum.year, (datum.month - 1) // maanden * maanden + 1, 1)


# --- Preconditions (pure) ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Beoordeling:
    vervuld: bool
    grondslag: str  # a Grondslag value, or "" when there is none
    ontbreekt: tuple[str, ...]
    bezwaar: bool = False

    @property
    def toelichting(self) -> str:
        if self.bezwaar:
            return BEZWAAR
        if self.vervuld:
            return VERVULD.format(grondslag=Grondslag(self.grondslag).label)
        return "; ".join(self.ontbreekt)[:300]


def voorwaarden_beoordelen(
    *,
    datum: date,
    beleid: Signaalbeleid,
    contactpogingen: int,
    aanbod_brief_op: date | None,
    toestemming: bool,
    ingetrokken: bool = False,
) -> Beoordeling:
    """May a signal leave on ``datum``? Besluit gemeentelijke schuldhulpverlening art. 2 and DOMEIN.md.

    - personal contact tried: at least ``beleid.min_contactpogingen`` contacts or attempts;
    - basis: the resident's consent in force, else the municipality's own basis (``beleid.grondslag``);
    - under the municipal basis also: pointed to debt help and a written offer to pass the details on
      (the TOESTEMMING_SIGNAAL letter), at least ``beleid.wachttijd_dagen`` before. With consent the
      resident has answered that offer already.
    A withdrawn consent and none in force is an objection: the signal does not leave on any basis.
    """
    if ingetrokken and not toestemming:
        return Beoordeling(False, "", (BEZWAAR,), bezwaar=True)
    ontbreekt = []
    if contactpogingen < beleid.min_contactpogingen:
        ontbreekt.append(ONTBREEKT_CONTACT)
    if toestemming:
        grondslag = Grondslag.TOESTEMMING
    elif beleid.grondslag.strip():
        grondslag = Grondslag.GEMEENTELIJK
        if aanbod_brief_op is None:
            ontbreekt.append(ONTBREEKT_BRIEF)
        elif aanbod_brief_op + timedelta(days=beleid.wachttijd_dagen) > datum:
            vanaf = aanbod_brief_op + timedelta(days=beleid.wachttijd_dagen)
            ontbreekt.append(ONTBREEKT_WACHTTIJD.format(datum=vanaf.isoformat()))
    else:
        grondslag = ""
        ontbreekt.append(ONTBREEKT_GRONDSLAG)
    return Beoordeling(not ontbreekt, grondslag if not ontbreekt else "", tuple(ontbreekt))


# --- The daily job ----------------------------------------------------------------------------------
@dataclass
class Verslag:
    datum: date
    nieuw: int = 0
    gereed: int = 0
    bezwaar: int = 0
    vervallen: int = 0
    al_gesignaleerd: int = 0

    def als_dict(self) -> dict:
        return {
            "datum": self.datum.isoformat(),
            "nieuw": self.nieuw,
            "gereed": self.gereed,
            "bezwaar": self.bezwaar,
            "vervallen": self.vervallen,
            "al_gesignaleerd": self.al_gesignaleerd,
        }


def signalen_bepalen(*, datum: date) -> Verslag:
    """The daily job: find residents the policy's criteria name, open a signal for each (one open
    signal per resident, one criteria signal per policy period), send the offer letter and a contact
    task, then check the Besluit's preconditions of every signal in preparation and set it ready.

    Set-based and idempotent: a rerun finds the signals it made and sends no letter or task twice
    (unique constraints and letter/task keys). Queries per chunk are constant.
    """
    beleid = beleid_op(datum=datum)
    verslag = Verslag(datum=datum)
    start = periode_start(datum=datum, maanden=beleid.periode_maanden)
    # First the signals already in preparation (some become ready, some lapse and free the resident for
    # a new signal), then the new ones made today.
    _voorbereiding_beoordelen(beleid=beleid, datum=datum, verslag=verslag)
    treffers = criteria_module.treffers(instellingen=beleid.criteria.all(), datum=datum)
    al = set(
        Signaal.objects.filter(
            Q(status__in=OPEN_STATUSSEN) | Q(soort=SignaalSoort.CRITERIUM, periode_start=start)
        ).values_list("belastingplichtige_id", flat=True)
    )
    nieuw_ids = sorted(set(treffers) - al)
    verslag.al_gesignaleerd = len(set(treffers) & al)
    for begin in range(0, len(nieuw_ids), SIGNAAL_BATCH):
        verslag.nieuw += _signalen_maak(
            treffers=[treffers[p] for p in nieuw_ids[begin : begin + SIGNAAL_BATCH]],
            beleid=beleid,
            datum=datum,
            periode=start,
        )
    if verslag.nieuw:
        _voorbereiding_beoordelen(beleid=beleid, datum=datum, verslag=verslag, alleen_van=datum)
    verslag.vervallen += _zonder_achterstand_vervallen(datum=datum)
    return verslag


def _signalen_maak(*, treffers: Sequence[criteria_module.Treffer], beleid, datum: date, periode: date) -> int:
    """One chunk: signals (bulk, behind the unique constraints), offer letters and contact tasks."""
    with transaction.atomic():
        Signaal.objects.bulk_create(
            [
                Signaal(
                    belastingplichtige_id=t.belastingplichtige_id,
                    soort=SignaalSoort.CRITERIUM,
                    criterium=t.criteria[0],
                    criteria=list(t.criteria),
                    datum=datum,
                    periode_start=periode,
                    beleid=beleid,
                    bedrag=t.bedrag,
                    achterstand_sinds=t.sinds,
                    aanbod_brief_op=datum,
                    contact_vanaf=datum - timedelta(days=CONTACT_TERUGKIJK_DAGEN),
                )
                for t in treffers
            ],
            ignore_conflicts=True,
        )
        gemaakt = list(
            Signaal.objects.filter(
                belastingplichtige_id__in_lijst=[t.belastingplichtige_id for t in treffers],
                soort=SignaalSoort.CRITERIUM,
                periode_start=periode,
                datum=datum,
            ).select_related("belastingplichtige")
        )
        _aanbod_en_taak(signalen=gemaakt, datum=datum, beleid=beleid)
    return len(gemaakt)


def _aanbod_en_taak(*, signalen: Sequence[Signaal], datum: date, beleid: Signaalbeleid) -> None:
    """The Besluit's written offer (points to debt help, offers to pass the details on) and a task to
    try personal contact; keyed per signal, so a rerun sends neither twice."""
    brieven_maak(
        [
            Briefverzoek(
                sleutel=f"vroegsignaal-aanbod:{s.pk}",
                sjabloon=Sjabloon.TOESTEMMING_SIGNAAL,
                datum=datum,
                ontvanger=f"belastingplichtige:{s.belastingplichtige_id}",
                naam=s.belastingplichtige.naam,
                adresregels=s.belastingplichtige.adresregels,
                gegevens={
                    "openstaand": str(s.bedrag),
                    "signaal": s.pk,
                    "bezwaar_tot": (datum + timedelta(days=beleid.wachttijd_dagen)).isoformat(),
                },
                taal=s.belastingplichtige.taal,
            )
            for s in signalen
        ]
    )
    kern.taken_maak(
        taken=[
            Taak(
                soort=TaakSoort.PROACTIEF_CONTACT,
                belastingplichtige_id=s.belastingplichtige_id,
                aangemaakt_op=datum,
                deadline=datum + timedelta(days=beleid.wachttijd_dagen),
                bron=f"vroegsignaal:{s.pk}",
                sleutel=f"vroegsignaal-contact:{s.pk}",
                toelichting=", ".join(str(Criterium(c).label) for c in s.criteria),
            )
            for s in signalen
        ]
    )


def _voorbereiding_beoordelen(
    *, beleid: Signaalbeleid, datum: date, verslag: Verslag, alleen_van: date | None = None
) -> None:
    """Check the preconditions of every signal in preparation (or only those made on ``alleen_van``);
    record what was found.

    Set-based: per chunk one plain UPDATE per distinct outcome (status, basis, note: a handful, bounded
    by the policy, not by the number of signals) and two UPDATEs that set the contact facts and the
    consent from subqueries. ``bulk_update`` would build a CASE per row and field, which costs Django
    and the database quadratic work on thousands of rows.
    """
    huidige_periode = periode_start(datum=datum, maanden=beleid.periode_maanden)
    qs = Signaal.objects.filter(status=SignaalStatus.VOORBEREIDING)
    if alleen_van is not None:
        qs = qs.filter(datum=alleen_van)
    te_doen = list(
        met_feiten(qs, datum=datum).values_list(
            "id", "aanbod_brief_op", "periode_start", "f_pogingen", "f_toestemming", "f_ingetrokken"
        )
    )
    for begin in range(0, len(te_doen), SIGNAAL_BATCH):
        deel = te_doen[begin : begin + SIGNAAL_BATCH]
        groepen: dict[tuple, list[int]] = {}
        for pk, brief_op, periode, pogingen, toestemming_id, ingetrokken in deel:
            b = voorwaarden_beoordelen(
                datum=datum,
                beleid=beleid,
                contactpogingen=pogingen,
                aanbod_brief_op=brief_op,
                toestemming=toestemming_id is not None,
                ingetrokken=ingetrokken,
            )
            # (status, afgesloten_op, voorwaarden_vervuld_op, grondslag, grondslag_tekst, toelichting)
            if b.bezwaar:
                sleutel = (SignaalStatus.VERVALLEN, datum, None, "", "", b.toelichting)
                verslag.bezwaar += 1
            elif not b.vervuld and periode < huidige_periode:
                # Not ready within its period (usually: no consent came): it lapses; a new period may
                # bring a new signal and a new offer letter.
                sleutel = (
                    SignaalStatus.VERVALLEN,
                    datum,
                    None,
                    "",
                    "",
                    VERVALLEN_PERIODE.format(ontbrak=b.toelichting),
                )
                verslag.vervallen += 1
            elif b.vervuld:
                tekst = beleid.grondslag if b.grondslag == Grondslag.GEMEENTELIJK else ""
                sleutel = (SignaalStatus.GEREED, None, datum, b.grondslag, tekst, b.toelichting)
                verslag.gereed += 1
            else:
                sleutel = (SignaalStatus.VOORBEREIDING, None, None, "", "", b.toelichting)
            groepen.setdefault(sleutel, []).append(pk)
        ids = [d[0] for d in deel]
        with transaction.atomic():
            contactfeiten_bijwerken(ids=ids, datum=datum)
            for (status, afgesloten, vervuld, grondslag, tekst, toelichting), pks in groepen.items():
                Signaal.objects.filter(id__in_lijst=pks).update(
                    status=status,
                    afgesloten_op=afgesloten,
                    voorwaarden_vervuld_op=vervuld,
                    grondslag=grondslag,
                    grondslag_tekst=tekst,
                    voorwaarden_toelichting=toelichting[:300],
                    # The consent in force, set in the same statement (the basis check needs both).
                    toestemming_id=Subquery(
                        _toestemmingen().filter(ingetrokken_op__isnull=True).values("id")[:1]
                    )
                    if grondslag == Grondslag.TOESTEMMING
                    else None,
                )


def _contacten(datum: date):
    """A resident's contacts and attempts that count for a signal: from its ``contact_vanaf`` to ``datum``."""
    return Contact.objects.filter(
        belastingplichtige_id=OuterRef("belastingplichtige_id"),
        tijdstip__date__gte=OuterRef("contact_vanaf"),
        tijdstip__date__lte=datum,
    ).order_by()


def _toestemmingen():
    return Toestemming.objects.filter(
        belastingplichtige_id=OuterRef("belastingplichtige_id"),
        soort=ToestemmingSoort.GEGEVENS_NAAR_SCHULDHULP,
    )


def _pogingen(datum: date):
    return Coalesce(
        Subquery(
            _contacten(datum).values("belastingplichtige_id").annotate(n=Count("id")).values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _laatste(datum: date):
    return Subquery(
        _contacten(datum).values("belastingplichtige_id").annotate(m=Max(TruncDate("tijdstip"))).values("m"),
        output_field=DateField(),
    )


def contactfeiten_bijwerken(*, ids: Sequence[int], datum: date) -> None:
    """Store the contact count and the last contact of these signals, computed in the database."""
    Signaal.objects.filter(id__in_lijst=list(ids)).update(
        contactpogingen=_pogingen(datum), laatste_contactpoging=_laatste(datum)
    )


def met_feiten(qs, *, datum: date):
    """Signals with the facts the preconditions read, annotated in the same query."""
    return qs.annotate(
        f_pogingen=_pogingen(datum),
        f_laatste=_laatste(datum),
        f_toestemming=Subquery(_toestemmingen().filter(ingetrokken_op__isnull=True).values("id")[:1]),
        f_ingetrokken=Exists(_toestemmingen().filter(ingetrokken_op__isnull=False)),
    )


def _zonder_achterstand_vervallen(*, datum: date) -> int:
    """Signals not yet passed on whose resident owes nothing any more lapse (nothing left to signal)."""
    schuld = Aanslag.objects.filter(
        belastingplichtige_id=OuterRef("belastingplichtige_id"), status=AanslagStatus.OPEN, openstaand__gt=0
    )
    return (
        Signaal.objects.filter(status__in=(SignaalStatus.VOORBEREIDING, SignaalStatus.GEREED))
        .exclude(soort=SignaalSoort.VERWIJZING)
        .filter(~Exists(schuld))
        .update(
            status=SignaalStatus.VERVALLEN, afgesloten_op=datum, voorwaarden_toelichting=VERVALLEN_BETAALD
        )
    )


# --- Signals made by people ---------------------------------------------------------------------------
def _tijdstip(datum: date) -> datetime:
    return timezone.make_aware(datetime.combine(datum, time(12, 0)))


def _achterstand(*, belastingplichtige: Belastingplichtige, datum: date):
    rij = Aanslag.objects.filter(
        belastingplichtige=belastingplichtige, status=AanslagStatus.OPEN, openstaand__gt=0
    ).aggregate(totaal=som_bedrag("openstaand"))
    oudste = (
        Aanslag.objects.filter(
            belastingplichtige=belastingplichtige,
            status=AanslagStatus.OPEN,
            openstaand__gt=0,
            vervaldatum__lt=datum,
        )
        .order_by("vervaldatum")
        .values_list("vervaldatum", flat=True)
        .first()
    )
    return geld(rij["totaal"]), oudste


def _open_signaal(belastingplichtige: Belastingplichtige) -> Signaal | None:
    return (
        Signaal.objects.select_for_update()
        .filter(belastingplichtige=belastingplichtige, status__in=OPEN_STATUSSEN)
        .first()
    )


@dataclass
class KanNietBetalen:
    taak: Taak
    contact: Contact
    signaal: Signaal | None = None
    nieuw_signaal: bool = False
    extra: dict = field(default_factory=dict)


def ik_kan_niet_betalen(
    *, belastingplichtige: Belastingplichtige, datum: date, toelichting: str = "", bron: str = "portaal"
) -> KanNietBetalen:
    """The resident's own signal ("I cannot pay"): recorded as their contact, a callback task for an
    officer, and, unless one is open or was made this period, a signal in preparation (criterion
    'kan niet betalen') with the offer letter. Asking again the same day changes nothing."""
    beleid = beleid_op(datum=datum)
    kanaal = ContactKanaal.PORTAAL if bron == "portaal" else ContactKanaal.TELEFOON
    with transaction.atomic():
        persoon = Belastingplichtige.objects.select_for_update().get(pk=belastingplichtige.pk)
        taak = kern.taak_maak(
            soort=TaakSoort.TERUGBELVERZOEK,
            belastingplichtige=persoon,
            datum=datum,
            deadline=datum + timedelta(days=2),
            bron=f"kan-niet-betalen:{bron}",
            sleutel=f"kan-niet-betalen:{persoon.pk}:{datum.isoformat()}",
            toelichting=toelichting,
        )
        contact = Contact.objects.filter(taak=taak, uitkomst=ContactUitkomst.BEREIKT_KAN_NIET).first()
        if contact is None:
            contact = Contact.objects.create(
                belastingplichtige=persoon,
                taak=taak,
                tijdstip=_tijdstip(datum),
                kanaal=kanaal,
                richting=ContactRichting.INKOMEND,
                uitkomst=ContactUitkomst.BEREIKT_KAN_NIET,
                notitie=toelichting,
            )
        uitkomst = KanNietBetalen(taak=taak, contact=contact)
        signaal = _open_signaal(persoon)
        start = periode_start(datum=datum, maanden=beleid.periode_maanden)
        if (
            signaal is None
            and not Signaal.objects.filter(
                belastingplichtige=persoon, soort=SignaalSoort.CRITERIUM, periode_start=start
            ).exists()
        ):
            bedrag, sinds = _achterstand(belastingplichtige=persoon, datum=datum)
            signaal = Signaal.objects.create(
                belastingplichtige=persoon,
                soort=SignaalSoort.CRITERIUM,
                criterium=Criterium.KAN_NIET_BETALEN,
                criteria=[Criterium.KAN_NIET_BETALEN],
                datum=datum,
                periode_start=start,
                beleid=beleid,
                bedrag=bedrag,
                achterstand_sinds=sinds,
                aanbod_brief_op=datum,
                contact_vanaf=datum - timedelta(days=CONTACT_TERUGKIJK_DAGEN),
            )
            signaal.belastingplichtige = persoon
            _aanbod_en_taak(signalen=[signaal], datum=datum, beleid=beleid)
            uitkomst.nieuw_signaal = True
        uitkomst.signaal = signaal
    return uitkomst


def verwijzen(
    *,
    belastingplichtige: Belastingplichtige,
    datum: date,
    toelichting: str,
    door=None,
    bron: str = "medewerker",
    toestemming: bool = False,
) -> Verwijzing:
    """Warm referral to SHV: needs the resident's consent to pass their details to debt help (given
    now with ``toestemming=True``, which records it). The referral rides on the resident's open signal
    (flagged 'warme overdracht' and passed on again) or on a new one, ready for the next export; the
    chain pauses for ``verwijzing_pauze_dagen`` while SHV picks it up (feedback ends or replaces it)."""
    toelichting = (toelichting or "").strip()
    if not toelichting:
        raise ValueError(FOUT_TOELICHTING_LEEG)
    if len(toelichting) > TOELICHTING_MAX:
        raise ValueError(FOUT_TOELICHTING_TE_LANG.format(max=TOELICHTING_MAX))
    beleid = beleid_op(datum=datum)
    with transaction.atomic():
        persoon = Belastingplichtige.objects.select_for_update().get(pk=belastingplichtige.pk)
        if toestemming:
            instemming = kern.toestemming_geef(
                belastingplichtige=persoon,
                soort=ToestemmingSoort.GEGEVENS_NAAR_SCHULDHULP,
                tijdstip=_tijdstip(datum),
                bron=bron,
                door=door,
            )
        else:
            instemming = Toestemming.objects.filter(
                belastingplichtige=persoon,
                soort=ToestemmingSoort.GEGEVENS_NAAR_SCHULDHULP,
                ingetrokken_op__isnull=True,
            ).first()
            if instemming is None:
                raise GeenToestemming(FOUT_GEEN_TOESTEMMING)
        pogingen = Contact.objects.filter(
            belastingplichtige=persoon, tijdstip__date__gte=datum - timedelta(days=CONTACT_TERUGKIJK_DAGEN)
        ).aggregate(n=Count("id"), m=Max("tijdstip"))
        signaal = _open_signaal(persoon)
        bedrag, sinds = _achterstand(belastingplichtige=persoon, datum=datum)
        gereed = {
            "warme_overdracht": True,
            "grondslag": Grondslag.TOESTEMMING,
            "toestemming": instemming,
            "grondslag_tekst": "",
            "voorwaarden_vervuld_op": datum,
            "voorwaarden_toelichting": VERWIJZING_VERVULD,
            "contactpogingen": pogingen["n"],
            "laatste_contactpoging": timezone.localtime(pogingen["m"]).date() if pogingen["m"] else None,
            "bedrag": bedrag,
        }
        if signaal is None:
            signaal = Signaal.objects.create(
                belastingplichtige=persoon,
                soort=SignaalSoort.VERWIJZING,
                criterium=Criterium.WARME_VERWIJZING,
                criteria=[Criterium.WARME_VERWIJZING],
                status=SignaalStatus.GEREED,
                datum=datum,
                periode_start=periode_start(datum=datum, maanden=beleid.periode_maanden),
                beleid=beleid,
                achterstand_sinds=sinds,
                contact_vanaf=datum - timedelta(days=CONTACT_TERUGKIJK_DAGEN),
                **gereed,
            )
        else:
            for veld, waarde in gereed.items():
                setattr(signaal, veld, waarde)
            if Criterium.WARME_VERWIJZING not in signaal.criteria:
                signaal.criteria = [*signaal.criteria, Criterium.WARME_VERWIJZING]
            if signaal.status != SignaalStatus.IN_BEHANDELING:
                # Passed on (again) in the next export, now with the warm-handover flag and the note.
                signaal.status = SignaalStatus.GEREED
            signaal.save()
        verwijzing = Verwijzing.objects.create(
            belastingplichtige=persoon,
            signaal=signaal,
            datum=datum,
            toelichting=toelichting,
            toestemming=instemming,
            bron=bron,
            door=door,
        )
        kern.pauze_start(
            belastingplichtige=persoon,
            reden=PauzeReden.SCHULDHULP,
            start=datum,
            geplande_einde=datum + timedelta(days=beleid.verwijzing_pauze_dagen),
            bron=pauze_bron(signaal, "verwijzing"),
            toelichting="Warme verwijzing naar schuldhulpverlening",
            door=door,
        )
    return verwijzing


def pauze_bron(signaal: Signaal, soort: str) -> str:
    """The ``bron`` of a pause this app starts, e.g. 'vroegsignaal:12:adempauze'."""
    return f"vroegsignaal:{signaal.pk}:{soort}"


PAUZE_SOORTEN = ("verwijzing", "adempauze", "schuldhulp")


# --- Feedback ---------------------------------------------------------------------------------------
def terugkoppeling_vastleggen(
    *,
    signaal: Signaal,
    uitkomst: Uitkomst | str,
    datum: date,
    door=None,
    bron: str = "medewerker",
    bestand: str = "",
    regel: int | None = None,
) -> Terugkoppeling:
    """Record SHV's outcome for a signal passed on, and act on it (DDAS terugmelding):

    - opgepakt: SHV is in touch; the signal is in their hands.
    - adempauze: the chain pauses ``adempauze_maanden`` from ``datum`` and restarts by itself.
    - hulp_aanvaard: the chain pauses ``schuldhulp_maanden`` (start of debt help); signal closed.
    - niet_opgepakt: every pause of this signal ends, the chain continues; an officer gets a task.
    The reason is never asked for nor stored. The same outcome twice for a signal changes nothing.
    """
    uitkomst = Uitkomst(uitkomst)
    with transaction.atomic():
        signaal = Signaal.objects.select_for_update().select_related("beleid").get(pk=signaal.pk)
        if signaal.status not in (
            SignaalStatus.GEEXPORTEERD,
            SignaalStatus.IN_BEHANDELING,
            SignaalStatus.AFGEROND,
        ):
            raise ValueError(FOUT_SIGNAAL_NIET_DOORGEGEVEN.format(signaal=signaal.pk))
        bestaand = Terugkoppeling.objects.filter(signaal=signaal, uitkomst=uitkomst).first()
        if bestaand:
            return bestaand
        terugkoppeling = Terugkoppeling.objects.create(
            signaal=signaal,
            uitkomst=uitkomst,
            datum=datum,
            bron=bron,
            bestand=bestand,
            regel=regel,
            door=door,
        )
        beleid = beleid_op(datum=datum)
        persoon = signaal.belastingplichtige
        if uitkomst == Uitkomst.ADEMPAUZE:
            kern.pauzes_beeindig_voor_bron(
                bron=pauze_bron(signaal, "verwijzing"), datum=datum, reden="Vervangen door adempauze"
            )
            kern.pauze_start(
                belastingplichtige=persoon,
                reden=PauzeReden.ADEMPAUZE,
                start=datum,
                geplande_einde=plus_maanden(datum, beleid.adempauze_maanden),
                bron=pauze_bron(signaal, "adempauze"),
                toelichting="Adempauze gevraagd door schuldhulpverlening",
                door=door,
            )
        elif uitkomst == Uitkomst.HULP_AANVAARD:
            kern.pauzes_beeindig_voor_bronnen(
                bronnen=[pauze_bron(signaal, "verwijzing"), pauze_bron(signaal, "adempauze")],
                datum=datum,
                reden="Vervangen door pauze voor schuldhulp",
            )
            kern.pauze_start(
                belastingplichtige=persoon,
                reden=PauzeReden.SCHULDHULP,
                start=datum,
                geplande_einde=plus_maanden(datum, beleid.schuldhulp_maanden),
                bron=pauze_bron(signaal, "schuldhulp"),
                toelichting="Start schuldhulpverlening",
                door=door,
            )
        elif uitkomst == Uitkomst.NIET_OPGEPAKT:
            kern.pauzes_beeindig_voor_bronnen(
                bronnen=[pauze_bron(signaal, s) for s in PAUZE_SOORTEN],
                datum=datum,
                reden="Schuldhulp heeft het signaal niet opgepakt",
            )
            kern.taak_maak(
                soort=TaakSoort.SIGNAAL_TERUGKOPPELING,
                belastingplichtige=persoon,
                datum=datum,
                deadline=datum + timedelta(days=5),
                bron=f"vroegsignaal:{signaal.pk}",
                sleutel=f"vroegsignaal-terugkoppeling:{signaal.pk}",
                toelichting="Schuldhulp heeft het signaal niet opgepakt: zoek zelf contact.",
            )
        if signaal.status != SignaalStatus.AFGEROND:
            if uitkomst in SLUITENDE_UITKOMSTEN:
                signaal.status, signaal.afgesloten_op = SignaalStatus.AFGEROND, datum
            else:
                signaal.status = SignaalStatus.IN_BEHANDELING
            signaal.save(update_fields=["status", "afgesloten_op"])
    return terugkoppeling


def terugkoppeling_behandeld(*, terugkoppeling: Terugkoppeling, datum: date, door=None) -> Terugkoppeling:
    """An officer has seen and acted on a feedback row: it leaves the worklist."""
    with transaction.atomic():
        t = Terugkoppeling.objects.select_for_update().get(pk=terugkoppeling.pk)
        if t.behandeld_op is None:
            t.behandeld_op, t.behandeld_door = datum, door
            t.save(update_fields=["behandeld_op", "behandeld_door"])
    return t

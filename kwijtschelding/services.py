"""Writes of the kwijtschelding app: requests and their workflow, documents, consent, help, the re-test.

Every status change of a request goes through ``_overgang`` (one door, the map in
``constants.OVERGANGEN``, a row lock and an event row). The core is changed only through
``invordering.services``: pauses, tasks, consents and the write-off of remitted tax.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from communicatie.services import brief_maak, brieven_maak
from invordering import services as kern
from invordering.constants import (
    NUL,
    AanslagStatus,
    Bron,
    Leefsituatie,
    PauzeReden,
    TaakSoort,
    ToestemmingSoort,
)
from invordering.datums import plus_maanden
from invordering.models import Aanslag, Belastingplichtige, Bijstandsnorm, Taak, Toestemming

from . import brieven, selectors
from .berekening import Berekening, Huishouden, Inkomstenpost, bereken
from .constants import (
    AFGESLOTEN,
    FOUT_AANSLAG_ANDERE_PERSOON,
    FOUT_AANSLAG_NIET_OPEN,
    FOUT_AFWIJZINGSGROND,
    FOUT_ALLEEN_MEDEWERKER,
    FOUT_BEDRAG,
    FOUT_DOCUMENT_ANDERE_PERSOON,
    FOUT_DOCUMENT_GESLOTEN,
    FOUT_GEEN_AANSLAGEN,
    FOUT_HULP_TELEFOON,
    FOUT_HULP_VOORKEUR,
    FOUT_LEEFSITUATIE,
    FOUT_ONTBREKEND_LEEG,
    FOUT_OVERGANG,
    FOUT_PARTNER_ZONDER_PARTNER,
    FOUT_ZAKELIJKE_REGEL,
    HERTOETS_BATCH,
    OVERGANGEN,
    VERLEEND,
    HertoetsStatus,
    HulpVoorkeur,
    Inkomstensoort,
    Persoon,
    Uitkomst,
    VerzoekBron,
    VerzoekStatus,
)
from .documenten import bestandstype
from .models import Besluit, Document, Documentinzage, Gebeurtenis, Hertoets, Inkomen, Kwijtscheldingsverzoek
from .uitwisseling import Aanvraagregel, Uitwisselfout, Uitwisseling, standaard_uitwisseling

RECHT_BEOORDELEN = "kwijtschelding.beoordeel_kwijtscheldingsverzoek"
ECHTGENOTEN = (Leefsituatie.GEHUWD, Leefsituatie.GEHUWD_MET_KINDEREN)


# --- The request's facts -----------------------------------------------------------------------------
@dataclass(frozen=True)
class VerzoekGegevens:
    """What a resident (or an officer on their behalf) fills in. Amounts per month, assets on the day."""

    leefsituatie: str
    inkomsten: Sequence[Inkomstenpost] = ()
    partner_naam: str = ""
    aantal_kinderen: int = 0
    aow_aanvrager: bool = False
    aow_partner: bool = False
    ondernemer: bool = False
    woonlasten: Decimal = NUL
    huurtoeslag: Decimal = NUL
    zorgpremie: Decimal = NUL
    zorgtoeslag: Decimal = NUL
    alimentatie_betaald: Decimal = NUL
    kinderopvang_netto: Decimal = NUL
    banktegoed: Decimal = NUL
    auto_waarde: Decimal = NUL
    auto_onmisbaar: bool = False
    overig_vermogen: Decimal = NUL
    toestemming_automatische_toets: bool = False

    def feiten(self) -> dict:
        """The model fields of a request (everything but the incomes)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "inkomsten"}


BEDRAGVELDEN = (
    "woonlasten",
    "huurtoeslag",
    "zorgpremie",
    "zorgtoeslag",
    "alimentatie_betaald",
    "kinderopvang_netto",
    "banktegoed",
    "auto_waarde",
    "overig_vermogen",
)


def _controleer_gegevens(gegevens: VerzoekGegevens) -> None:
    fouten: dict[str, list[str]] = {}
    if gegevens.leefsituatie not in Leefsituatie.values:
        fouten["leefsituatie"] = [FOUT_LEEFSITUATIE]
    for veld in BEDRAGVELDEN:
        waarde = getattr(gegevens, veld)
        if not isinstance(waarde, Decimal) or waarde < 0:
            fouten[veld] = [FOUT_BEDRAG.format(veld=veld)]
    for post in gegevens.inkomsten:
        if not isinstance(post.bedrag, Decimal) or post.bedrag < 0:
            fouten["inkomsten"] = [FOUT_BEDRAG.format(veld="inkomsten")]
        elif post.persoon == Persoon.PARTNER and gegevens.leefsituatie not in ECHTGENOTEN:
            fouten["inkomsten"] = [FOUT_PARTNER_ZONDER_PARTNER]
    if fouten:
        raise ValidationError(fouten)


def _controleer_aanslagen(belastingplichtige: Belastingplichtige, aanslagen: Sequence[Aanslag]) -> None:
    if not aanslagen:
        raise ValidationError({"aanslagen": [FOUT_GEEN_AANSLAGEN]})
    for aanslag in aanslagen:
        if aanslag.belastingplichtige_id != belastingplichtige.pk:
            raise ValidationError({"aanslagen": [FOUT_AANSLAG_ANDERE_PERSOON]})
        if aanslag.status != AanslagStatus.OPEN:
            raise ValidationError(
                {"aanslagen": [FOUT_AANSLAG_NIET_OPEN.format(nummer=aanslag.aanslagnummer)]}
            )


def _inkomens(verzoek_id: int, inkomsten: Sequence[Inkomstenpost], toelichting: str = "") -> list[Inkomen]:
    return [
        Inkomen(
            verzoek_id=verzoek_id, persoon=p.persoon, soort=p.soort, bedrag=p.bedrag, toelichting=toelichting
        )
        for p in inkomsten
    ]


def _middag(datum: date) -> datetime:
    return timezone.make_aware(datetime.combine(datum, time(12)))


def is_beoordelaar(gebruiker) -> bool:
    return bool(gebruiker is not None and gebruiker.is_active and gebruiker.has_perm(RECHT_BEOORDELEN))


# --- The one door for status changes -----------------------------------------------------------------
def controleer_overgang(van: str, naar: str) -> None:
    if naar not in OVERGANGEN.get(van, ()):
        raise ValueError(FOUT_OVERGANG.format(van=van, naar=naar))


def _overgang(
    *,
    verzoek: Kwijtscheldingsverzoek,
    naar: str,
    datum: date,
    door=None,
    toelichting: str = "",
    hervat_op: date | None = None,
) -> Kwijtscheldingsverzoek:
    """Move a request to ``naar`` if the map allows it, with its effect on collection, and log it.

    In behandeling pauses collection of the requested aanslagen (URI art. 9: no enforcement while a
    request is handled); a decision or withdrawal ends that pause on ``hervat_op`` (default ``datum``).
    """
    with transaction.atomic():
        v = (
            Kwijtscheldingsverzoek.objects.select_for_update()
            .select_related("belastingplichtige")
            .get(pk=verzoek.pk)
        )
        van = v.status
        controleer_overgang(van, naar)
        if naar == VerzoekStatus.IN_BEHANDELING:
            kern.pauze_start(
                belastingplichtige=v.belastingplichtige,
                reden=PauzeReden.KWIJTSCHELDING,
                start=datum,
                aanslagen=list(v.aanslagen.all()),
                bron=v.bron_sleutel,
                toelichting="Kwijtscheldingsverzoek in behandeling.",
                door=door,
            )
        elif naar in AFGESLOTEN:
            kern.pauzes_beeindig_voor_bron(
                bron=v.bron_sleutel, datum=hervat_op or datum, reden=f"Kwijtscheldingsverzoek: {naar}."
            )
        v.status = naar
        v.save(update_fields=["status", "gewijzigd_op"])
        Gebeurtenis.objects.create(
            verzoek=v, datum=datum, van_status=van, naar_status=naar, door=door, toelichting=toelichting
        )
    return v


def _taken_afronden(
    *, verzoek: Kwijtscheldingsverzoek, soorten: Sequence[str], datum: date, toelichting: str
) -> None:
    for taak in Taak.objects.open().filter(bron=verzoek.bron_sleutel, soort__in=soorten):
        kern.taak_afronden(taak=taak, datum=datum, toelichting=toelichting)


# --- Filing and handling a request -------------------------------------------------------------------
def verzoek_indienen(
    *,
    belastingplichtige: Belastingplichtige,
    aanslagen: Sequence[Aanslag],
    gegevens: VerzoekGegevens,
    datum: date,
    bron: str = VerzoekBron.PORTAAL,
    door=None,
    zakelijke_regel_ids: Sequence[int] = (),
    tijdstip: datetime | None = None,
) -> Kwijtscheldingsverzoek:
    """File a remission request (resident in the portal, or an officer on their behalf) and take it in
    behandeling at once: collection of those aanslagen pauses (URI art. 9). With the policy's automatic
    grant on, a request the calculation fully grants is decided right away; otherwise an officer gets a
    task to assess it within the decision term (Awb art. 4:13)."""
    aanslagen = list(aanslagen)
    _controleer_aanslagen(belastingplichtige, aanslagen)
    _controleer_gegevens(gegevens)
    beleid = selectors.beleid_op(peildatum=datum)
    regel_ids = {r.pk for a in aanslagen for r in a.regels.all()}
    if not set(zakelijke_regel_ids) <= regel_ids:
        raise ValidationError({"zakelijke_regels": [FOUT_ZAKELIJKE_REGEL]})
    with transaction.atomic():
        verzoek = Kwijtscheldingsverzoek.objects.create(
            belastingplichtige=belastingplichtige,
            status=VerzoekStatus.INGEDIEND,
            ingediend_op=datum,
            bron=bron,
            ingediend_door=door,
            **gegevens.feiten(),
        )
        verzoek.aanslagen.set(aanslagen)
        verzoek.zakelijke_regels.set(list(zakelijke_regel_ids))
        Inkomen.objects.bulk_create(_inkomens(verzoek.pk, gegevens.inkomsten))
        Gebeurtenis.objects.create(
            verzoek=verzoek,
            datum=datum,
            naar_status=VerzoekStatus.INGEDIEND,
            door=door,
            toelichting=f"Ingediend via {VerzoekBron(bron).label}.",
        )
        if gegevens.toestemming_automatische_toets:
            toestemming_automatische_toets_geven(
                belastingplichtige=belastingplichtige,
                tijdstip=tijdstip or _middag(datum),
                bron=Bron.MEDEWERKER if door is not None else Bron.PORTAAL,
                door=door,
            )
        verzoek = _overgang(
            verzoek=verzoek, naar=VerzoekStatus.IN_BEHANDELING, datum=datum, toelichting="Verzoek ontvangen."
        )
        if beleid.automatisch_toewijzen and (
            selectors.berekening_voor_verzoek(verzoek=verzoek).uitkomst == Uitkomst.TOEGEWEZEN
        ):
            verzoek_beslissen(verzoek=verzoek, datum=datum)
            verzoek.refresh_from_db()
        else:
            kern.taak_maak(
                soort=TaakSoort.KWIJTSCHELDING_BEOORDELEN,
                belastingplichtige=belastingplichtige,
                datum=datum,
                deadline=datum + timedelta(weeks=beleid.beslistermijn_weken),
                bron=verzoek.bron_sleutel,
                sleutel=f"kwijtschelding:beoordelen:{verzoek.pk}",
                toelichting="Beoordeel het kwijtscheldingsverzoek.",
            )
    return verzoek


def verzoek_gegevens_bijwerken(
    *, verzoek: Kwijtscheldingsverzoek, gegevens: VerzoekGegevens, datum: date, door=None
) -> Kwijtscheldingsverzoek:
    """Replace the household facts and incomes of an open request (e.g. after a phone call)."""
    _controleer_gegevens(gegevens)
    with transaction.atomic():
        v = Kwijtscheldingsverzoek.objects.select_for_update().get(pk=verzoek.pk)
        if v.status in AFGESLOTEN:
            raise ValueError(FOUT_OVERGANG.format(van=v.status, naar=v.status))
        for naam, waarde in gegevens.feiten().items():
            setattr(v, naam, waarde)
        v.save()
        v.inkomsten.all().delete()
        Inkomen.objects.bulk_create(_inkomens(v.pk, gegevens.inkomsten))
        Gebeurtenis.objects.create(
            verzoek=v,
            datum=datum,
            van_status=v.status,
            naar_status=v.status,
            door=door,
            toelichting="Gegevens bijgewerkt.",
        )
    return v


def verzoek_aanvullende_gegevens_vragen(
    *, verzoek: Kwijtscheldingsverzoek, ontbrekend: Sequence[str], datum: date, door=None
) -> Kwijtscheldingsverzoek:
    """Ask for missing data with a deadline (Leidraad Invordering 2008, 26.1.3), by letter, and give an
    officer a task to phone the resident before it lapses: residents who drop out on missing data are
    called (seed 000, LVLB Handvaten sociaal invorderen). Collection stays paused."""
    ontbrekend = [o.strip() for o in ontbrekend if o and o.strip()]
    if not ontbrekend:
        raise ValidationError({"ontbrekend": [FOUT_ONTBREKEND_LEEG]})
    beleid = selectors.beleid_op(peildatum=datum)
    uiterste_datum = datum + timedelta(days=beleid.termijn_aanvullen_dagen)
    with transaction.atomic():
        v = _overgang(
            verzoek=verzoek,
            naar=VerzoekStatus.AANVULLENDE_GEGEVENS_NODIG,
            datum=datum,
            door=door,
            toelichting="Ontbreekt: " + "; ".join(ontbrekend),
        )
        v.ontbrekend = "\n".join(ontbrekend)
        v.aanvullen_voor = uiterste_datum
        v.save(update_fields=["ontbrekend", "aanvullen_voor", "gewijzigd_op"])
        volgnummer = v.gebeurtenissen.filter(naar_status=VerzoekStatus.AANVULLENDE_GEGEVENS_NODIG).count()
        kern.taak_maak(
            soort=TaakSoort.ONTBREKENDE_GEGEVENS,
            belastingplichtige=v.belastingplichtige,
            datum=datum,
            deadline=uiterste_datum,
            bron=v.bron_sleutel,
            sleutel=f"kwijtschelding:ontbrekend:{v.pk}:{volgnummer}",
            toelichting="Bel de inwoner en help met: " + "; ".join(ontbrekend),
        )
        brief_maak(
            brieven.ontbrekend_brief(
                verzoek_id=v.pk,
                volgnummer=volgnummer,
                persoon=v.belastingplichtige,
                datum=datum,
                ontbrekend=ontbrekend,
                uiterste_datum=uiterste_datum,
            )
        )
    return v


def verzoek_gegevens_aangevuld(
    *, verzoek: Kwijtscheldingsverzoek, datum: date, door=None, gegevens: VerzoekGegevens | None = None
) -> Kwijtscheldingsverzoek:
    """The missing data arrived (optionally with corrected facts): back in behandeling, call task done."""
    with transaction.atomic():
        if gegevens is not None:
            verzoek_gegevens_bijwerken(verzoek=verzoek, gegevens=gegevens, datum=datum, door=door)
        v = _overgang(
            verzoek=verzoek,
            naar=VerzoekStatus.IN_BEHANDELING,
            datum=datum,
            door=door,
            toelichting="Gegevens aangevuld.",
        )
        v.aanvullen_voor = None
        v.save(update_fields=["aanvullen_voor", "gewijzigd_op"])
        _taken_afronden(
            verzoek=v,
            soorten=[TaakSoort.ONTBREKENDE_GEGEVENS],
            datum=datum,
            toelichting="Gegevens ontvangen.",
        )
    return v


def verzoek_beslissen(
    *, verzoek: Kwijtscheldingsverzoek, datum: date, door=None, afwijzingsgrond: str = ""
) -> Besluit:
    """Decide a request: the calculation's outcome, or a refusal on a ground outside it (URI art. 8).

    Only an officer with the right to assess may refuse, fully or partly; without an officer only a full
    grant is possible (the policy's automatic grant). The remitted tax is written off, the pause ends
    (after a refusal only after the waiting time of Leidraad Invordering 26.4.6) and the decision letter
    with the breakdown and the way to administratief beroep (URI art. 24 and 28) is made.
    """
    afwijzingsgrond = afwijzingsgrond.strip()
    with transaction.atomic():
        v = (
            Kwijtscheldingsverzoek.objects.select_for_update()
            .select_related("belastingplichtige")
            .get(pk=verzoek.pk)
        )
        if v.status not in (VerzoekStatus.IN_BEHANDELING, VerzoekStatus.AANVULLENDE_GEGEVENS_NODIG):
            raise ValueError(FOUT_OVERGANG.format(van=v.status, naar="besluit"))
        if v.status == VerzoekStatus.AANVULLENDE_GEGEVENS_NODIG and not afwijzingsgrond:
            raise ValidationError({"afwijzingsgrond": [FOUT_AFWIJZINGSGROND]})
        berekening = selectors.berekening_voor_verzoek(verzoek=v)
        uitkomst = Uitkomst.AFGEWEZEN if afwijzingsgrond else Uitkomst(berekening.uitkomst)
        if (door is not None or uitkomst != Uitkomst.TOEGEWEZEN) and not is_beoordelaar(door):
            raise PermissionDenied(FOUT_ALLEEN_MEDEWERKER)
        procedure = selectors.beleid_op(peildatum=datum)
        kwijt = {} if uitkomst == Uitkomst.AFGEWEZEN else berekening.per_aanslag
        kwijtgescholden = sum(kwijt.values(), NUL)
        te_betalen = berekening.gevraagd - kwijtgescholden
        kern.kwijtschelding_afboeken(
            afboekingen=[
                kern.Afboeking(aanslag_id=a, bedrag=b, omschrijving=v.bron_sleutel) for a, b in kwijt.items()
            ],
            datum=datum,
        )
        bezwaar_tot = datum + timedelta(days=procedure.beroeptermijn_dagen)
        hervat_op = datum
        if uitkomst != Uitkomst.TOEGEWEZEN:
            hervat_op = datum + timedelta(days=procedure.wachttermijn_na_afwijzing_dagen)
        besluit = Besluit.objects.create(
            verzoek=v,
            uitkomst=uitkomst,
            datum=datum,
            kwijtgescholden=kwijtgescholden,
            te_betalen=te_betalen,
            bezwaar_tot=bezwaar_tot,
            berekening=berekening.als_dict(),
            automatisch=door is None,
            genomen_door=door,
            afwijzingsgrond=afwijzingsgrond,
        )
        _overgang(
            verzoek=v,
            naar=uitkomst,
            datum=datum,
            door=door,
            toelichting=afwijzingsgrond or f"Kwijtgescholden {kwijtgescholden}, te betalen {te_betalen}.",
            hervat_op=hervat_op,
        )
        _taken_afronden(
            verzoek=v,
            soorten=[TaakSoort.KWIJTSCHELDING_BEOORDELEN, TaakSoort.ONTBREKENDE_GEGEVENS],
            datum=datum,
            toelichting=f"Besluit: {uitkomst.label}.",
        )
        brief_maak(
            brieven.besluit_brief(
                verzoek_id=v.pk,
                persoon=v.belastingplichtige,
                datum=datum,
                gegevens=brieven.besluit_gegevens(
                    uitkomst=uitkomst,
                    berekening=berekening,
                    kwijtgescholden=kwijtgescholden,
                    te_betalen=te_betalen,
                    bezwaar_tot=bezwaar_tot,
                    beroeptermijn_dagen=procedure.beroeptermijn_dagen,
                    invordering_hervat_op=hervat_op,
                    afwijzingsgrond=afwijzingsgrond,
                ),
            )
        )
    return besluit


def verzoek_intrekken(
    *, verzoek: Kwijtscheldingsverzoek, datum: date, door=None, toelichting: str = ""
) -> Kwijtscheldingsverzoek:
    """The resident withdraws the request: collection continues from ``datum``."""
    with transaction.atomic():
        v = _overgang(
            verzoek=verzoek,
            naar=VerzoekStatus.INGETROKKEN,
            datum=datum,
            door=door,
            toelichting=toelichting or "Ingetrokken.",
        )
        _taken_afronden(
            verzoek=v,
            soorten=[TaakSoort.KWIJTSCHELDING_BEOORDELEN, TaakSoort.ONTBREKENDE_GEGEVENS],
            datum=datum,
            toelichting="Verzoek ingetrokken.",
        )
    return v


# --- Documents ---------------------------------------------------------------------------------------
def document_toevoegen(
    *,
    verzoek: Kwijtscheldingsverzoek,
    bestand,
    soort: str,
    belastingplichtige: Belastingplichtige | None = None,
    door=None,
) -> Document:
    """Store a proof with a request in private storage, after checking its type (by content) and size.

    A resident (``belastingplichtige``) may only add to their own request; nothing is stored on any error.
    """
    if belastingplichtige is not None and verzoek.belastingplichtige_id != belastingplichtige.pk:
        raise PermissionDenied(FOUT_DOCUMENT_ANDERE_PERSOON)
    if verzoek.status in AFGESLOTEN:
        raise ValidationError({"verzoek": [FOUT_DOCUMENT_GESLOTEN]})
    try:
        content_type = bestandstype(bestand)
    except ValidationError as fout:
        raise ValidationError({"bestand": fout.messages}) from fout
    naam = (bestand.name or "document").rsplit("/", 1)[-1][:200]
    return Document.objects.create(
        verzoek=verzoek,
        soort=soort,
        bestand=bestand,
        naam=naam,
        content_type=content_type,
        grootte=bestand.size,
        geupload_door=door,
    )


def document_inzage_vastleggen(
    *, document: Document, gebruiker=None, belastingplichtige: Belastingplichtige | None = None
) -> Documentinzage:
    return Documentinzage.objects.create(
        document=document,
        gebruiker=gebruiker if gebruiker is not None and gebruiker.is_authenticated else None,
        belastingplichtige=belastingplichtige,
    )


# --- Consent and help --------------------------------------------------------------------------------
def toestemming_automatische_toets_geven(
    *, belastingplichtige: Belastingplichtige, tijdstip: datetime, bron: str, door=None
) -> Toestemming:
    """Consent to be tested for remission automatically in later years (seed 000: a consent field)."""
    return kern.toestemming_geef(
        belastingplichtige=belastingplichtige,
        soort=ToestemmingSoort.AUTOMATISCHE_KWIJTSCHELDINGSTOETS,
        tijdstip=tijdstip,
        bron=bron,
        door=door,
    )


def toestemming_automatische_toets_intrekken(
    *, belastingplichtige: Belastingplichtige, tijdstip: datetime
) -> int:
    return kern.toestemming_trek_in(
        belastingplichtige=belastingplichtige,
        soort=ToestemmingSoort.AUTOMATISCHE_KWIJTSCHELDINGSTOETS,
        tijdstip=tijdstip,
    )


def hulp_bij_aanvraag_vragen(
    *,
    belastingplichtige: Belastingplichtige,
    datum: date,
    voorkeur: str,
    telefoon: str = "",
    toelichting: str = "",
) -> Taak:
    """An appointment request for help with the application (in the library, the community centre, at the
    counter or by phone; seed 001): an officer task to call back. Asking twice on one day gives one task."""
    if voorkeur not in HulpVoorkeur.values:
        raise ValidationError({"voorkeur": [FOUT_HULP_VOORKEUR]})
    telefoon = (telefoon or belastingplichtige.telefoon or "").strip()
    if not telefoon:
        raise ValidationError({"telefoon": [FOUT_HULP_TELEFOON]})
    beleid = selectors.beleid_op(peildatum=datum)
    tekst = (
        f"Hulp bij kwijtschelding aanvragen. Voorkeur: {HulpVoorkeur(voorkeur).label}. Telefoon: {telefoon}."
    )
    if toelichting.strip():
        tekst += f"\n{toelichting.strip()}"
    return kern.taak_maak(
        soort=TaakSoort.HULP_BIJ_AANVRAAG,
        belastingplichtige=belastingplichtige,
        datum=datum,
        deadline=datum + timedelta(days=beleid.afspraak_termijn_dagen),
        bron="kwijtschelding:hulp",
        sleutel=f"kwijtschelding:hulp:{belastingplichtige.pk}:{datum.isoformat()}",
        toelichting=tekst,
    )


# --- Offer of a payment plan after a failed re-test ---------------------------------------------------
@dataclass(frozen=True)
class Regelingaanbod:
    belastingplichtige: Belastingplichtige
    aanslagen: Sequence[Aanslag]
    belastingjaar: int
    berekening: Berekening | None = None


def regeling_aanbieden(*, aanbiedingen: Sequence[Regelingaanbod], datum: date) -> dict[str, int]:
    """Offer residents whose re-test failed a payment plan and the quick check, by letter, in bulk.

    The pre-filled plan proposal comes from ``invordering.regelingen.regeling_voorstel`` once that is
    merged: it goes into the letter's ``regeling_voorstel`` field here (now None; the letter links to
    the portal's plan page). Returns ``{letter key: letter id}``.
    """
    verzoeken = []
    for aanbod in aanbiedingen:
        openstaand = sum((a.openstaand for a in aanbod.aanslagen), NUL)
        verzoeken.append(
            brieven.hertoets_niet_geslaagd_brief(
                jaar=aanbod.belastingjaar,
                persoon=aanbod.belastingplichtige,
                datum=datum,
                openstaand=openstaand,
                aanslagen=[
                    {
                        "aanslagnummer": a.aanslagnummer,
                        "belastingjaar": a.belastingjaar,
                        "openstaand": str(a.openstaand),
                    }
                    for a in aanbod.aanslagen
                ],
                berekening=aanbod.berekening.als_rijen() if aanbod.berekening else [],
            )
        )
    return brieven_maak(verzoeken) if verzoeken else {}


# --- The yearly automatic re-test --------------------------------------------------------------------
@dataclass
class HertoetsVerslag:
    belastingjaar: int
    aangeboden: int = 0
    uitslagen: int = 0
    niet_gevonden: int = 0
    toegewezen: int = 0
    naar_medewerker: int = 0
    niet_geslaagd: int = 0
    overgeslagen: int = 0
    wacht_op_aanslag: int = 0
    fouten: list[str] = field(default_factory=list)

    def als_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _toestemming_actief(datum: date):
    eind = timezone.make_aware(datetime.combine(datum + timedelta(days=1), time.min))
    return Toestemming.objects.filter(
        belastingplichtige=OuterRef("verzoek__belastingplichtige"),
        soort=ToestemmingSoort.AUTOMATISCHE_KWIJTSCHELDINGSTOETS,
        gegeven_op__lt=eind,
    ).filter(Q(ingetrokken_op__isnull=True) | Q(ingetrokken_op__gte=eind))


def hertoets_uitvoeren(
    *, datum: date, belastingjaar: int | None = None, uitwisseling: Uitwisseling | None = None
) -> HertoetsVerslag:
    """The yearly automatic re-test (seed 001: "jaarlijks geautomatiseerd na 1e aanvraag"). Idempotent;
    meant to run daily. Three steps, each only doing what is not done yet:

    1. Offer: residents with consent in force and remission granted in the years before (decision on or
       before 31 December of the year before, and within the policy's validity) are written to the
       exchange once per tax year (the Inlichtingenbureau's 31 December peildatum).
    2. Read results: income and asset figures per resident.
    3. Decide on the open aanslagen of ``belastingjaar``: a full pass is granted and written off at once,
       so no reminder becomes due; a partial pass goes to an officer (only an officer refuses); a fail gets
       the offer of a payment plan and the quick check. A resident without aanslagen of the year yet waits
       for the next run, so the job may run before or after ``import_aanslagen``.
    """
    jaar = belastingjaar or datum.year
    uitwisseling = uitwisseling or standaard_uitwisseling()
    verslag = HertoetsVerslag(belastingjaar=jaar)
    verslag.aangeboden = _hertoets_aanbieden(datum=datum, jaar=jaar, uitwisseling=uitwisseling)
    try:
        _hertoets_uitslagen_lezen(datum=datum, jaar=jaar, uitwisseling=uitwisseling, verslag=verslag)
    except Uitwisselfout as fout:
        verslag.fouten += fout.fouten
    ids = list(
        Hertoets.objects.filter(belastingjaar=jaar, status=HertoetsStatus.ONTVANGEN)
        .order_by("id")
        .values_list("id", flat=True)
    )
    for start in range(0, len(ids), HERTOETS_BATCH):
        _hertoets_verwerken(ids=ids[start : start + HERTOETS_BATCH], datum=datum, jaar=jaar, verslag=verslag)
    return verslag


def _hertoets_aanbieden(*, datum: date, jaar: int, uitwisseling: Uitwisseling) -> int:
    beleid = selectors.beleid_op(peildatum=datum)
    peildatum = date(jaar - 1, 12, 31)
    vanaf = plus_maanden(peildatum, -beleid.hertoets_geldigheid_maanden)
    besluiten = (
        Besluit.objects.filter(uitkomst__in=VERLEEND, datum__gt=vanaf, datum__lte=peildatum)
        .filter(Exists(_toestemming_actief(datum)))
        .exclude(verzoek__belastingplichtige__kwijtschelding_hertoetsen__belastingjaar=jaar)
        .order_by("verzoek__belastingplichtige_id", "-datum", "-id")
        .values_list("verzoek__belastingplichtige_id", "verzoek_id")
    )
    basis: dict[int, int] = {}
    for persoon_id, verzoek_id in besluiten:
        basis.setdefault(persoon_id, verzoek_id)
    with transaction.atomic():
        Hertoets.objects.bulk_create(
            [
                Hertoets(
                    belastingplichtige_id=persoon_id,
                    belastingjaar=jaar,
                    peildatum=peildatum,
                    basis_verzoek_id=verzoek_id,
                    geexporteerd_op=datum,
                )
                for persoon_id, verzoek_id in basis.items()
            ],
            ignore_conflicts=True,
        )
        nieuw = list(
            Hertoets.objects.filter(
                belastingjaar=jaar, status=HertoetsStatus.GEEXPORTEERD, geexporteerd_op=datum
            )
            .select_related("belastingplichtige")
            .order_by("id")
        )
        uitwisseling.exporteer(
            jaar=jaar,
            datum=datum,
            regels=[
                Aanvraagregel(
                    kenmerk=str(h.pk),
                    bsn=h.belastingplichtige.bsn,
                    geboortedatum=h.belastingplichtige.geboortedatum,
                    postcode=h.belastingplichtige.postcode,
                    huisnummer=h.belastingplichtige.huisnummer,
                    peildatum=h.peildatum,
                )
                for h in nieuw
            ],
        )
    return len(basis)


FOUT_UITSLAG_BSN = "uitslag met kenmerk {kenmerk}: bsn past niet bij de aangeboden inwoner."


def _hertoets_uitslagen_lezen(
    *, datum: date, jaar: int, uitwisseling: Uitwisseling, verslag: HertoetsVerslag
) -> None:
    uitslagen = {u.kenmerk: u for u in uitwisseling.lees_uitslagen(jaar=jaar)}
    ids = [int(k) for k in uitslagen if k.isdigit()]
    if not ids:
        return
    rijen = list(
        Hertoets.objects.filter(
            belastingjaar=jaar, status=HertoetsStatus.GEEXPORTEERD, pk__in=ids
        ).select_related("belastingplichtige")
    )
    bijgewerkt = []
    for h in rijen:
        uitslag = uitslagen[str(h.pk)]
        if uitslag.bsn != h.belastingplichtige.bsn:
            verslag.fouten.append(FOUT_UITSLAG_BSN.format(kenmerk=uitslag.kenmerk))
            continue
        h.ontvangen_op = datum
        if uitslag.gevonden:
            h.status = HertoetsStatus.ONTVANGEN
            h.netto_inkomen_aanvrager = uitslag.netto_inkomen_aanvrager
            h.netto_inkomen_partner = uitslag.netto_inkomen_partner
            h.banktegoed = uitslag.banktegoed
            h.auto_waarde = uitslag.auto_waarde
            verslag.uitslagen += 1
        else:
            h.status = HertoetsStatus.NIET_GEVONDEN
            verslag.niet_gevonden += 1
        bijgewerkt.append(h)
    Hertoets.objects.bulk_update(
        bijgewerkt,
        [
            "status",
            "ontvangen_op",
            "netto_inkomen_aanvrager",
            "netto_inkomen_partner",
            "banktegoed",
            "auto_waarde",
        ],
        batch_size=HERTOETS_BATCH,
    )


FEITVELDEN = tuple(f for f in VerzoekGegevens.__dataclass_fields__ if f != "inkomsten")


def _hertoets_huishouden(h: Hertoets) -> tuple[dict, list[Inkomstenpost]]:
    """The household of the earlier request with this year's income and assets from the exchange."""
    basis = h.basis_verzoek
    feiten = {naam: getattr(basis, naam) for naam in FEITVELDEN}
    feiten.update(banktegoed=h.banktegoed, auto_waarde=h.auto_waarde, toestemming_automatische_toets=True)
    inkomsten = [Inkomstenpost(Persoon.AANVRAGER, Inkomstensoort.OVERIG, h.netto_inkomen_aanvrager)]
    if basis.leefsituatie in ECHTGENOTEN:
        inkomsten.append(Inkomstenpost(Persoon.PARTNER, Inkomstensoort.OVERIG, h.netto_inkomen_partner))
    return feiten, inkomsten


def _normen_op(datum: date) -> dict[tuple[str, bool], Decimal]:
    normen: dict[tuple[str, bool], Decimal] = {}
    for rij in Bijstandsnorm.objects.filter(geldig_vanaf__lte=datum).order_by("geldig_vanaf"):
        normen[(rij.leefsituatie, rij.aow)] = rij.bedrag
    return normen


def _hertoets_verwerken(*, ids: Sequence[int], datum: date, jaar: int, verslag: HertoetsVerslag) -> None:
    """Decide one chunk of received re-tests with a constant number of queries."""
    with transaction.atomic():
        hertoetsen = list(
            Hertoets.objects.select_for_update(of=("self",))
            .filter(pk__in=ids, status=HertoetsStatus.ONTVANGEN)
            .select_related("belastingplichtige", "basis_verzoek")
            .order_by("id")
        )
        persoon_ids = [h.belastingplichtige_id for h in hertoetsen]
        eind = timezone.make_aware(datetime.combine(datum + timedelta(days=1), time.min))
        met_toestemming = set(
            Toestemming.objects.filter(
                belastingplichtige_id__in=persoon_ids,
                soort=ToestemmingSoort.AUTOMATISCHE_KWIJTSCHELDINGSTOETS,
                gegeven_op__lt=eind,
            )
            .filter(Q(ingetrokken_op__isnull=True) | Q(ingetrokken_op__gte=eind))
            .values_list("belastingplichtige_id", flat=True)
        )
        lopend = set(
            Kwijtscheldingsverzoek.objects.lopend()
            .filter(belastingplichtige_id__in=persoon_ids)
            .values_list("belastingplichtige_id", flat=True)
        )
        aanslagen_per_persoon: dict[int, list[Aanslag]] = {}
        for aanslag in selectors.met_regels(
            Aanslag.objects.filter(
                belastingplichtige_id__in=persoon_ids,
                belastingjaar=jaar,
                status=AanslagStatus.OPEN,
                open_belasting__gt=0,
            ).order_by("vervaldatum", "aanslagnummer")
        ):
            aanslagen_per_persoon.setdefault(aanslag.belastingplichtige_id, []).append(aanslag)
        beleidsrij = selectors.beleid_op(peildatum=datum)
        beleid = selectors.beleid_waarden(beleidsrij)
        normen = _normen_op(datum)

        geslaagd, medewerker, niet_geslaagd, bijgewerkt = [], [], [], []
        for h in hertoetsen:
            if h.belastingplichtige_id not in met_toestemming or h.belastingplichtige_id in lopend:
                h.status, h.verwerkt_op = HertoetsStatus.OVERGESLAGEN, datum
                verslag.overgeslagen += 1
                bijgewerkt.append(h)
                continue
            aanslagen = aanslagen_per_persoon.get(h.belastingplichtige_id, [])
            if not aanslagen:
                verslag.wacht_op_aanslag += 1
                continue
            feiten, inkomsten = _hertoets_huishouden(h)
            sleutel = (feiten["leefsituatie"], feiten["aow_aanvrager"] or feiten["aow_partner"])
            if sleutel not in normen:
                verslag.fouten.append(
                    f"Geen bijstandsnorm voor {sleutel} op {datum:%d-%m-%Y}; vul de tabel aan."
                )
                continue
            huishouden = Huishouden(
                inkomsten=tuple(inkomsten),
                **{k: v for k, v in feiten.items() if k in Huishouden.__dataclass_fields__},
            )
            berekening = bereken(
                huishouden=huishouden,
                regels=selectors.open_regels(aanslagen=aanslagen),
                bijstandsnorm=normen[sleutel],
                beleid=beleid,
            )
            h.resultaat, h.verwerkt_op = berekening.als_dict(), datum
            item = (h, feiten, inkomsten, aanslagen, berekening)
            # An entrepreneur's business lines cannot be known for new aanslagen: an officer marks them.
            if berekening.uitkomst == Uitkomst.TOEGEWEZEN and not feiten["ondernemer"]:
                h.status = HertoetsStatus.TOEGEWEZEN
                geslaagd.append(item)
            elif berekening.uitkomst == Uitkomst.AFGEWEZEN and not feiten["ondernemer"]:
                h.status = HertoetsStatus.NIET_GESLAAGD
                niet_geslaagd.append(item)
            else:
                h.status = HertoetsStatus.NAAR_MEDEWERKER
                medewerker.append(item)
            bijgewerkt.append(h)

        _hertoets_toewijzen(geslaagd, datum=datum, jaar=jaar, beleid=beleidsrij)
        _hertoets_naar_medewerker(medewerker, datum=datum, beleid=beleidsrij)
        regeling_aanbieden(
            aanbiedingen=[
                Regelingaanbod(
                    belastingplichtige=h.belastingplichtige, aanslagen=a, belastingjaar=jaar, berekening=b
                )
                for h, _, _, a, b in niet_geslaagd
            ],
            datum=datum,
        )
        verslag.toegewezen += len(geslaagd)
        verslag.naar_medewerker += len(medewerker)
        verslag.niet_geslaagd += len(niet_geslaagd)
        Hertoets.objects.bulk_update(
            bijgewerkt, ["status", "verzoek", "resultaat", "verwerkt_op"], batch_size=HERTOETS_BATCH
        )


def _verzoeken_bulk(items, *, datum: date, status: str) -> list[Kwijtscheldingsverzoek]:
    """Create the re-test's requests with their aanslagen and incomes (bulk; ids come back on both
    PostgreSQL and SQLite >= 3.35)."""
    verzoeken = Kwijtscheldingsverzoek.objects.bulk_create(
        [
            Kwijtscheldingsverzoek(
                belastingplichtige_id=h.belastingplichtige_id,
                status=status,
                ingediend_op=datum,
                bron=VerzoekBron.HERTOETS,
                **feiten,
            )
            for h, feiten, _, _, _ in items
        ]
    )
    Koppeling = Kwijtscheldingsverzoek.aanslagen.through
    Koppeling.objects.bulk_create(
        Koppeling(kwijtscheldingsverzoek_id=v.pk, aanslag_id=a.pk)
        for v, (_, _, _, aanslagen, _) in zip(verzoeken, items, strict=True)
        for a in aanslagen
    )
    Inkomen.objects.bulk_create(
        inkomen
        for v, (_, _, inkomsten, _, _) in zip(verzoeken, items, strict=True)
        for inkomen in _inkomens(v.pk, inkomsten, toelichting="Inlichtingenbureau")
    )
    for v, (h, _, _, _, _) in zip(verzoeken, items, strict=True):
        h.verzoek = v
    return verzoeken


def _gebeurtenissen(
    verzoek: Kwijtscheldingsverzoek, pad: Sequence[str], datum: date, toelichting: str
) -> list[Gebeurtenis]:
    """The events of a request created straight into ``pad[-1]``, each step checked against the map."""
    stappen = []
    van = ""
    for naar in pad:
        if van:
            controleer_overgang(van, naar)
        stappen.append(
            Gebeurtenis(
                verzoek=verzoek, datum=datum, van_status=van, naar_status=naar, toelichting=toelichting
            )
        )
        van = naar
    return stappen


def _hertoets_toewijzen(items, *, datum: date, jaar: int, beleid) -> None:
    if not items:
        return
    verzoeken = _verzoeken_bulk(items, datum=datum, status=VerzoekStatus.TOEGEWEZEN)
    bezwaar_tot = datum + timedelta(days=beleid.beroeptermijn_dagen)
    pad = (VerzoekStatus.INGEDIEND, VerzoekStatus.IN_BEHANDELING, VerzoekStatus.TOEGEWEZEN)
    Gebeurtenis.objects.bulk_create(
        g for v in verzoeken for g in _gebeurtenissen(v, pad, datum, f"Automatische toets {jaar}: geslaagd.")
    )
    Besluit.objects.bulk_create(
        Besluit(
            verzoek=v,
            uitkomst=Uitkomst.TOEGEWEZEN,
            datum=datum,
            kwijtgescholden=b.kwijtgescholden,
            te_betalen=b.gevraagd - b.kwijtgescholden,
            bezwaar_tot=bezwaar_tot,
            berekening=b.als_dict(),
            automatisch=True,
        )
        for v, (_, _, _, _, b) in zip(verzoeken, items, strict=True)
    )
    kern.kwijtschelding_afboeken(
        afboekingen=[
            kern.Afboeking(aanslag_id=a, bedrag=bedrag, omschrijving=v.bron_sleutel)
            for v, (_, _, _, _, b) in zip(verzoeken, items, strict=True)
            for a, bedrag in b.per_aanslag.items()
        ],
        datum=datum,
    )
    brieven_maak(
        [
            brieven.hertoets_geslaagd_brief(
                jaar=jaar,
                persoon=h.belastingplichtige,
                datum=datum,
                besluit=brieven.besluit_gegevens(
                    uitkomst=Uitkomst.TOEGEWEZEN,
                    berekening=b,
                    kwijtgescholden=b.kwijtgescholden,
                    te_betalen=b.gevraagd - b.kwijtgescholden,
                    bezwaar_tot=bezwaar_tot,
                    beroeptermijn_dagen=beleid.beroeptermijn_dagen,
                    invordering_hervat_op=datum,
                ),
            )
            for h, _, _, _, b in items
        ]
    )


def _hertoets_naar_medewerker(items, *, datum: date, beleid) -> None:
    if not items:
        return
    verzoeken = _verzoeken_bulk(items, datum=datum, status=VerzoekStatus.IN_BEHANDELING)
    pad = (VerzoekStatus.INGEDIEND, VerzoekStatus.IN_BEHANDELING)
    Gebeurtenis.objects.bulk_create(
        g
        for v in verzoeken
        for g in _gebeurtenissen(v, pad, datum, "Automatische toets: gedeeltelijk; ter beoordeling.")
    )
    kern.pauzes_start(
        pauzes=[
            kern.NieuwePauze(
                belastingplichtige_id=v.belastingplichtige_id,
                reden=PauzeReden.KWIJTSCHELDING,
                start=datum,
                bron=v.bron_sleutel,
                aanslag_ids=tuple(a.pk for a in aanslagen),
                toelichting="Kwijtscheldingsverzoek in behandeling (automatische toets).",
            )
            for v, (_, _, _, aanslagen, _) in zip(verzoeken, items, strict=True)
        ]
    )
    kern.taken_maak(
        taken=[
            Taak(
                soort=TaakSoort.KWIJTSCHELDING_BEOORDELEN,
                belastingplichtige_id=v.belastingplichtige_id,
                aangemaakt_op=datum,
                deadline=datum + timedelta(weeks=beleid.beslistermijn_weken),
                bron=v.bron_sleutel,
                sleutel=f"kwijtschelding:beoordelen:{v.pk}",
                toelichting="Automatische toets: kwijtschelding deels mogelijk of ondernemer. Beoordeel het verzoek.",
            )
            for v in verzoeken
        ]
    )

"""Every action an officer takes in the dashboard: one domain service call plus a row in the dossier's
action log, in one transaction. No domain rule lives here; the services decide and refuse."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from invordering import bankafschriften, beslagvrije_voet, oninbaar, regelingen, services
from invordering.constants import Bron, TaakStatus
from invordering.models import Aanslag, Bankmutatie, Belastingplichtige, Pauze, Taak
from invordering.schuldenoverzicht import schuldenoverzicht_sturen
from kwijtschelding import services as kwijtschelding
from kwijtschelding.constants import VerzoekBron
from vroegsignalering import services as vroegsignalering

from .models import ActieSoort, Dossieractie, Oninbaarvoorstel, VoorstelStatus

# How long the second person has to judge an uncollectable proposal (work planning, not law).
ONINBAAR_BEOORDELEN_DAGEN = 10


def log(
    *, persoon: Belastingplichtige, door, soort: str, omschrijving: str = "", gegevens=None
) -> Dossieractie:
    return Dossieractie.objects.create(
        tijdstip=timezone.now(),
        gebruiker=door,
        belastingplichtige=persoon,
        soort=soort,
        omschrijving=omschrijving,
        gegevens=gegevens or {},
    )


@transaction.atomic
def contact(*, persoon, door, tijdstip: datetime, kanaal, uitkomst, richting, notitie="", taak=None):
    uitkomst_contact = services.contact_vastleggen(
        belastingplichtige=persoon,
        tijdstip=tijdstip,
        kanaal=kanaal,
        uitkomst=uitkomst,
        richting=richting,
        taak=taak,
        notitie=notitie,
        medewerker=door,
    )
    log(persoon=persoon, door=door, soort=ActieSoort.CONTACT, gegevens={"contact": uitkomst_contact.pk})
    return uitkomst_contact


@transaction.atomic
def regeling(
    *, persoon, door, datum: date, aantal_termijnen=None, eerste_vervaldatum=None, afwijking_reden=""
):
    r = regelingen.regeling_maak(
        belastingplichtige=persoon,
        datum=datum,
        aantal_termijnen=aantal_termijnen,
        eerste_vervaldatum=eerste_vervaldatum,
        afwijking_reden=afwijking_reden,
        bron=Bron.MEDEWERKER,
        door=door,
    )
    log(persoon=persoon, door=door, soort=ActieSoort.REGELING, gegevens={"regeling": r.pk})
    return r


@transaction.atomic
def kwijtschelding_indienen(*, persoon, door, datum: date, aanslagen, gegevens):
    verzoek = kwijtschelding.verzoek_indienen(
        belastingplichtige=persoon,
        aanslagen=aanslagen,
        gegevens=gegevens,
        datum=datum,
        bron=VerzoekBron.MEDEWERKER,
        door=door,
    )
    log(persoon=persoon, door=door, soort=ActieSoort.KWIJTSCHELDING, gegevens={"verzoek": verzoek.pk})
    return verzoek


@transaction.atomic
def kwijtschelding_beslissen(*, verzoek, door, datum: date, afwijzingsgrond=""):
    besluit = kwijtschelding.verzoek_beslissen(
        verzoek=verzoek, datum=datum, door=door, afwijzingsgrond=afwijzingsgrond
    )
    log(
        persoon=verzoek.belastingplichtige,
        door=door,
        soort=ActieSoort.KWIJTSCHELDING_BESLUIT,
        omschrijving=besluit.get_uitkomst_display(),
        gegevens={"verzoek": verzoek.pk, "besluit": besluit.pk},
    )
    return besluit


@transaction.atomic
def kwijtschelding_aanvullen(*, verzoek, door, datum: date, ontbrekend: Sequence[str]):
    v = kwijtschelding.verzoek_aanvullende_gegevens_vragen(
        verzoek=verzoek, ontbrekend=ontbrekend, datum=datum, door=door
    )
    log(
        persoon=verzoek.belastingplichtige,
        door=door,
        soort=ActieSoort.KWIJTSCHELDING_AANVULLEN,
        omschrijving="; ".join(ontbrekend),
        gegevens={"verzoek": verzoek.pk},
    )
    return v


@transaction.atomic
def pauze(*, persoon, door, reden, start: date, geplande_einde=None, toelichting="", aanslagen=None):
    p = services.pauze_start(
        belastingplichtige=persoon,
        reden=reden,
        start=start,
        geplande_einde=geplande_einde,
        aanslagen=aanslagen or None,
        toelichting=toelichting,
        door=door,
    )
    log(persoon=persoon, door=door, soort=ActieSoort.PAUZE, gegevens={"pauze": p.pk})
    return p


@transaction.atomic
def pauze_beeindigen(*, pauze: Pauze, door, datum: date, reden=""):
    p = services.pauze_beeindig(pauze=pauze, datum=datum, reden=reden)
    log(persoon=p.belastingplichtige, door=door, soort=ActieSoort.PAUZE_EINDE, gegevens={"pauze": p.pk})
    return p


@transaction.atomic
def inkomen(*, persoon, door, netto_maandinkomen: Decimal, bron, peildatum: date, toelichting=""):
    rij = services.inkomen_vastleggen(
        belastingplichtige=persoon,
        netto_maandinkomen=netto_maandinkomen,
        bron=bron,
        peildatum=peildatum,
        toelichting=toelichting,
        door=door,
    )
    log(persoon=persoon, door=door, soort=ActieSoort.INKOMEN, gegevens={"inkomen": rij.pk})
    return rij


@transaction.atomic
def bvv(*, persoon, door, bedrag: Decimal, bron, vastgesteld_op: date, geldig_tot=None, toelichting=""):
    rij = beslagvrije_voet.bvv_vastleggen(
        belastingplichtige=persoon,
        bedrag=bedrag,
        bron=bron,
        vastgesteld_op=vastgesteld_op,
        geldig_tot=geldig_tot,
        toelichting=toelichting,
        door=door,
    )
    log(persoon=persoon, door=door, soort=ActieSoort.BVV, gegevens={"bvv": rij.pk})
    return rij


@transaction.atomic
def toestemming(*, persoon, door, soort, geven: bool, tijdstip: datetime):
    if geven:
        services.toestemming_geef(
            belastingplichtige=persoon, soort=soort, tijdstip=tijdstip, bron=Bron.MEDEWERKER, door=door
        )
    else:
        services.toestemming_trek_in(belastingplichtige=persoon, soort=soort, tijdstip=tijdstip)
    log(
        persoon=persoon,
        door=door,
        soort=ActieSoort.TOESTEMMING,
        omschrijving=("gegeven" if geven else "ingetrokken"),
        gegevens={"soort": str(soort), "gegeven": geven},
    )


@transaction.atomic
def verwijzen(*, persoon, door, datum: date, toelichting: str, toestemming_gegeven: bool):
    verwijzing = vroegsignalering.verwijzen(
        belastingplichtige=persoon,
        datum=datum,
        toelichting=toelichting,
        door=door,
        bron="medewerker",
        toestemming=toestemming_gegeven,
    )
    log(
        persoon=persoon,
        door=door,
        soort=ActieSoort.VERWIJZING,
        omschrijving=toelichting,
        gegevens={"verwijzing": getattr(verwijzing, "pk", None)},
    )
    return verwijzing


@transaction.atomic
def schuldenoverzicht(*, persoon, door, datum: date):
    brief = schuldenoverzicht_sturen(belastingplichtige=persoon, datum=datum, door=door)
    log(
        persoon=persoon,
        door=door,
        soort=ActieSoort.SCHULDENOVERZICHT,
        gegevens={"brief": getattr(brief, "pk", None)},
    )
    return brief


@transaction.atomic
def contactgegevens(*, persoon: Belastingplichtige, door, wijzigingen: dict) -> dict:
    """Correct contact details; the old and new values go into the record's history and the action log."""
    veranderd = services.contactgegevens_wijzigen(
        belastingplichtige=persoon,
        wijzigingen=wijzigingen,
        tijdstip=timezone.now(),
        bron=Bron.MEDEWERKER,
        door=door,
    )
    if veranderd:
        log(
            persoon=persoon,
            door=door,
            soort=ActieSoort.CONTACTGEGEVENS,
            omschrijving=", ".join(veranderd),
            gegevens=veranderd,
        )
    return veranderd


@transaction.atomic
def oninbaar_voorstellen(*, persoon, door, datum: date, aanslagen: Sequence[Aanslag], reden: str):
    aanslagen = list(aanslagen)
    for a in aanslagen:
        if a.belastingplichtige_id != persoon.pk:
            raise ValueError(oninbaar.FOUT_ANDERE_PERSONEN)
    voorstel = Oninbaarvoorstel.objects.create(
        belastingplichtige=persoon, reden=reden.strip(), voorgesteld_door=door, voorgesteld_op=datum
    )
    voorstel.aanslagen.set(aanslagen)
    voorstel.taak = oninbaar.oninbaar_voorstel_taak(
        belastingplichtige=persoon,
        aanslagen=aanslagen,
        datum=datum,
        deadline=datum + timedelta(days=ONINBAAR_BEOORDELEN_DAGEN),
        reden=reden,
        bron=f"oninbaarvoorstel:{voorstel.pk}",
    )
    voorstel.save(update_fields=["taak"])
    log(
        persoon=persoon,
        door=door,
        soort=ActieSoort.ONINBAAR_VOORSTEL,
        omschrijving=reden.strip(),
        gegevens={"voorstel": voorstel.pk, "aanslagen": [a.aanslagnummer for a in aanslagen]},
    )
    return voorstel


@transaction.atomic
def oninbaar_beoordelen(*, voorstel: Oninbaarvoorstel, door, datum: date, goedkeuren: bool, toelichting=""):
    voorstel = Oninbaarvoorstel.objects.select_for_update().get(pk=voorstel.pk)
    if voorstel.status != VoorstelStatus.VOORGESTELD:
        raise ValueError("Dit voorstel is al beoordeeld.")
    if goedkeuren:
        oninbaar.oninbaar_verklaren(
            aanslagen=list(voorstel.aanslagen.all()),
            datum=datum,
            voorgesteld_door=voorstel.voorgesteld_door,
            goedgekeurd_door=door,
            reden=voorstel.reden,
        )
    elif voorstel.voorgesteld_door_id == door.pk:
        raise ValueError(oninbaar.FOUT_ZELFDE_PERSOON)
    voorstel.status = VoorstelStatus.GOEDGEKEURD if goedkeuren else VoorstelStatus.AFGEWEZEN
    voorstel.beoordeeld_door = door
    voorstel.beoordeeld_op = datum
    voorstel.toelichting_besluit = toelichting.strip()
    voorstel.save(update_fields=["status", "beoordeeld_door", "beoordeeld_op", "toelichting_besluit"])
    if voorstel.taak_id:
        services.taak_afronden(taak=voorstel.taak, datum=datum, toelichting=voorstel.get_status_display())
    log(
        persoon=voorstel.belastingplichtige,
        door=door,
        soort=ActieSoort.ONINBAAR_BESLUIT,
        omschrijving=voorstel.get_status_display(),
        gegevens={"voorstel": voorstel.pk, "goedgekeurd": goedkeuren},
    )
    return voorstel


@transaction.atomic
def taken_toewijzen(*, taak_ids: Sequence[int], aan, door, alleen_vrij_of_eigen: bool) -> tuple[int, int]:
    """``services.taken_toewijzen`` with one line in the action log per resident whose tasks changed.
    ``alleen_vrij_of_eigen``: the officer may take free tasks or hand back their own, not a
    colleague's (a teamleider may reassign any). Returns how many tasks changed and how many of those
    were not chosen but came along (the same resident's other calls or visits)."""
    rijen = services.taken_toewijzen(
        taak_ids=taak_ids, aan=aan, alleen_vrij_of_van=door if alleen_vrij_of_eigen else None
    )
    naam = aan.get_full_name() or aan.get_username() if aan else "niemand"
    per_persoon: dict[int, list[int]] = {}
    for taak_id, persoon_id in rijen:
        per_persoon.setdefault(persoon_id, []).append(taak_id)
    Dossieractie.objects.bulk_create(
        Dossieractie(
            tijdstip=timezone.now(),
            gebruiker=door,
            belastingplichtige_id=persoon_id,
            soort=ActieSoort.TAAK,
            omschrijving=f"Toegewezen aan {naam}",
            gegevens={"taken": ids},
        )
        for persoon_id, ids in per_persoon.items()
    )
    gekozen = set(taak_ids)
    return len(rijen), sum(1 for taak_id, _ in rijen if taak_id not in gekozen)


@transaction.atomic
def taak_afronden(*, taak: Taak, door, datum: date, toelichting=""):
    t = services.taak_afronden(taak=taak, datum=datum, toelichting=toelichting)
    log(
        persoon=t.belastingplichtige,
        door=door,
        soort=ActieSoort.TAAK,
        omschrijving=f"Afgerond: {t.get_soort_display()}",
        gegevens={"taak": t.pk},
    )
    return t


@transaction.atomic
def bankmutatie_koppelen(*, mutatie: Bankmutatie, persoon, door, datum: date, aanslagen=(), toelichting=""):
    m = bankafschriften.bankmutatie_koppelen(
        mutatie=mutatie,
        datum=datum,
        door=door,
        belastingplichtige=persoon,
        aanslagen=aanslagen,
        toelichting=toelichting,
    )
    log(
        persoon=persoon,
        door=door,
        soort=ActieSoort.BETALING,
        omschrijving=f"{m.bedrag} van {m.tegenrekening_naam or m.tegenrekening}",
        gegevens={"bankmutatie": m.pk},
    )
    return m


@transaction.atomic
def terugkoppeling_behandeld(*, terugkoppeling, door, datum: date):
    t = vroegsignalering.terugkoppeling_behandeld(terugkoppeling=terugkoppeling, datum=datum, door=door)
    log(
        persoon=terugkoppeling.signaal.belastingplichtige,
        door=door,
        soort=ActieSoort.TAAK,
        omschrijving="Terugkoppeling van schuldhulp afgehandeld",
        gegevens={"terugkoppeling": t.pk},
    )
    return t


def bankmutatie_afhandelen(*, mutatie: Bankmutatie, door, datum: date, toelichting: str):
    return bankafschriften.bankmutatie_afhandelen(
        mutatie=mutatie, datum=datum, door=door, toelichting=toelichting
    )


OPEN_TAAKSTATUS = (TaakStatus.OPEN, TaakStatus.IN_BEHANDELING)

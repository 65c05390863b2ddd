"""Channels: a resident who chose e-mail or SMS gets a short notice that a letter waits in the portal.

The notice carries no personal or financial details (no name, amount or kenmerk): only that there is a
letter and where to read it. Every send is recorded (``Bericht``), once per letter and channel.
communicatie knows no resident: ``COMMUNICATIE_CONTACTGEGEVENS`` names the function that answers
"how does this recipient want to hear, and at which address" for a list of recipient keys.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from . import sms
from .constants import BerichtStatus, BriefStatus, Kanaal
from .models import Bericht, Brief
from .sjablonen import Sjabloon

logger = logging.getLogger(__name__)

# Served or formal letters always go on paper as well (a dwangbevel is served by the bailiff; an
# aanmaning is the legal demand): a digital notice comes on top, never instead.
ALTIJD_PAPIER = frozenset({Sjabloon.AANMANING, Sjabloon.DWANGBEVEL, Sjabloon.HERNIEUWD_BEVEL})
MAX_POGINGEN = 3

ONDERWERP = "Er staat een nieuwe brief voor u klaar"
TEKST_EMAIL = (
    "Beste inwoner,\n\n"
    "Er staat een nieuwe brief van {org} voor u klaar in het portaal.\n"
    "Log in met DigiD op {portaal} om de brief te lezen.\n\n"
    "Vragen? Bel ons op {telefoon}.\n\n"
    "Met vriendelijke groet,\n{org}\n\n"
    "Dit bericht is automatisch verstuurd. U kunt er niet op antwoorden."
)
TEKST_SMS = "{org}: er staat een nieuwe brief voor u klaar in het portaal. Log in op {portaal}. Vragen? Bel {telefoon}."


@dataclass(frozen=True)
class Contact:
    kanaal: str = Kanaal.BRIEF
    email: str = ""
    telefoon: str = ""


@dataclass
class Verzendresultaat:
    verstuurd: int = 0
    mislukt: int = 0
    geen_adres: int = 0
    fouten: list[str] = field(default_factory=list)


def contactgegevens(ontvangers: Iterable[str]) -> dict[str, Contact]:
    """Channel and addresses per recipient key, from the function the settings name."""
    ontvangers = sorted(set(ontvangers))
    if not ontvangers:
        return {}
    antwoord = import_string(settings.COMMUNICATIE_CONTACTGEGEVENS)(ontvangers)
    return {k: v if isinstance(v, Contact) else Contact(**v) for k, v in antwoord.items()}


def kanalen_bepalen(brieven: list[Brief]) -> None:
    """Settle, once, how each letter reaches its recipient (the preference on the day it is made)."""
    open_ = [b for b in brieven if not b.kanaal]
    if not open_:
        return
    contacten = contactgegevens(b.ontvanger for b in open_)
    for b in open_:
        b.kanaal = contacten.get(b.ontvanger, Contact()).kanaal or Kanaal.BRIEF
    Brief.objects.bulk_update(open_, ["kanaal"], batch_size=1000)


def op_papier(brief: Brief) -> bool:
    return brief.kanaal in ("", Kanaal.BRIEF) or brief.sjabloon in ALTIJD_PAPIER


def _teksten() -> dict[str, str]:
    waarden = {
        "org": settings.ORGANISATIE_NAAM,
        "portaal": settings.PORTAAL_BASIS_URL.rstrip("/") + "/portaal/",
        "telefoon": settings.ORGANISATIE_TELEFOON,
    }
    return {Kanaal.EMAIL: TEKST_EMAIL.format(**waarden), Kanaal.SMS: TEKST_SMS.format(**waarden)}


def berichten_verstuur(*, datum: date) -> Verzendresultaat:
    """Send the notices for the letters of ``datum`` whose recipient chose e-mail or SMS.

    At most once: the row is claimed (status ``bezig``) and committed before the send, so a crash
    mid-send never sends twice; a failure is recorded with its error and retried on the next run
    (up to ``MAX_POGINGEN``). Letters without an address are recorded as ``geen_adres`` and go on paper.
    """
    resultaat = Verzendresultaat()
    brieven = list(
        Brief.objects.filter(datum=datum, kanaal__in=[Kanaal.EMAIL, Kanaal.SMS])
        .exclude(status=BriefStatus.VERVALLEN)
        .order_by("id")
    )
    if not brieven:
        return resultaat
    contacten = contactgegevens(b.ontvanger for b in brieven)
    teksten = _teksten()
    Bericht.objects.bulk_create(
        [
            Bericht(brief=b, kanaal=b.kanaal, naar="", tekst=teksten[b.kanaal], status=BerichtStatus.MISLUKT)
            for b in brieven
        ],
        ignore_conflicts=True,
    )
    te_doen = list(
        Bericht.objects.filter(
            brief__in=brieven, status=BerichtStatus.MISLUKT, pogingen__lt=MAX_POGINGEN
        ).select_related("brief")
    )
    geen_adres = []
    for bericht in te_doen:
        contact = contacten.get(bericht.brief.ontvanger, Contact())
        naar = contact.email if bericht.kanaal == Kanaal.EMAIL else contact.telefoon
        if not naar:
            bericht.status = BerichtStatus.GEEN_ADRES
            geen_adres.append(bericht)
            continue
        with transaction.atomic():
            geclaimd = Bericht.objects.filter(pk=bericht.pk, status=BerichtStatus.MISLUKT).update(
                status=BerichtStatus.BEZIG, naar=naar, pogingen=bericht.pogingen + 1
            )
        if not geclaimd:
            continue
        try:
            if bericht.kanaal == Kanaal.EMAIL:
                send_mail(ONDERWERP, bericht.tekst, settings.DEFAULT_FROM_EMAIL, [naar])
            else:
                sms.verstuur(naar, bericht.tekst)
        except Exception as fout:  # noqa: BLE001 - any provider error is recorded, the run goes on
            logger.warning("Bericht %s (%s) mislukt: %s", bericht.pk, bericht.kanaal, type(fout).__name__)
            Bericht.objects.filter(pk=bericht.pk).update(status=BerichtStatus.MISLUKT, fout=str(fout)[:500])
            resultaat.mislukt += 1
            resultaat.fouten.append(f"bericht {bericht.pk}: {fout}")
            continue
        Bericht.objects.filter(pk=bericht.pk).update(
            status=BerichtStatus.VERSTUURD, fout="", verstuurd_op=timezone.now()
        )
        resultaat.verstuurd += 1
    if geen_adres:
        Bericht.objects.bulk_update(geen_adres, ["status"])
        # Nobody can be told digitally: the letter goes on paper after all.
        Brief.objects.filter(pk__in=[b.brief_id for b in geen_adres]).update(kanaal=Kanaal.BRIEF)
        resultaat.geen_adres = len(geen_adres)
    return resultaat

"""The quick check (kwijtscheldingscheck): a few anonymous questions, an indication, and the way onward.

Seed 001 (VNG Belastingconferentie 2025) names the check as a step to keep debts small. It uses the same
rules as the statutory calculation (berekening), simplified: no allowances, no premium, one amount of
income for the household. An answer left open makes the outcome "we cannot tell" unless the other answers
already decide it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from invordering import selectors as kern
from invordering.constants import NUL

from . import selectors
from .berekening import MAANDEN, VERHOGING_FACTOR, Beleid, centen, procent, woonlasten_uitgave
from .constants import CheckUitkomst


class AutoAntwoord(models.TextChoices):
    GEEN = "geen", _("Ik heb geen auto")
    ONDER_GRENS = "onder_grens", _("Mijn auto is minder waard dan de grens")
    NODIG = "nodig", _("Mijn auto is meer waard, maar ik heb hem nodig voor werk of door een handicap")
    BOVEN_GRENS = "boven_grens", _("Mijn auto is meer waard en ik heb hem niet echt nodig")
    WEET_NIET = "weet_niet", _("Weet ik niet")


@dataclass(frozen=True)
class CheckAntwoorden:
    """The resident's answers; ``None`` means "I don't know" or not answered."""

    leefsituatie: str | None
    aow: bool | None
    netto_inkomen: Decimal | None
    woonlasten: Decimal | None = None
    spaargeld: Decimal | None = None
    auto: str = AutoAntwoord.WEET_NIET
    ondernemer: bool = False
    belastingbedrag: Decimal | None = None


@dataclass(frozen=True)
class CheckResultaat:
    uitkomst: str
    redenen: tuple[str, ...]

    @property
    def tekst(self) -> str:
        return str(CheckUitkomst(self.uitkomst).label)


REDEN_ONBEKEND_HUISHOUDEN = _("We weten niet hoe uw huishouden eruitziet of hoe hoog uw inkomen is.")
REDEN_ONDERNEMER = _("U heeft een eigen bedrijf. Dan kijken we samen met u naar uw situatie.")
REDEN_AUTO = _("Uw auto is meer waard dan de grens. De waarde telt dan mee.")
REDEN_AUTO_ONBEKEND = _("We weten niet hoeveel uw auto waard is.")
REDEN_SPAARGELD = _("U heeft meer spaargeld dan u mag houden.")
REDEN_SPAARGELD_ONBEKEND = _("We weten niet hoeveel geld u op de bank heeft.")
REDEN_GEEN_RUIMTE = _("Uw inkomen is niet hoger dan wat u nodig heeft om van te leven.")
REDEN_RUIMTE_GENOEG = _("Uw inkomen is hoog genoeg om de belasting te betalen.")
REDEN_RUIMTE_DEELS = _(
    "U kunt de belasting waarschijnlijk niet helemaal betalen. U krijgt dan misschien een deel kwijtgescholden."
)
REDEN_BEDRAG_ONBEKEND = _(
    "Uw inkomen is iets hoger dan de norm. Of dat genoeg is, hangt af van het bedrag dat u moet betalen."
)


def beoordeel(
    antwoorden: CheckAntwoorden, *, bijstandsnorm: Decimal | None, beleid: Beleid
) -> CheckResultaat:
    """Indication of remission from a few answers (pure). Rules: URI art. 11-16 and the dated policy, as in
    berekening.bereken, with the housing costs as the only expense."""
    a = antwoorden
    niet: list[str] = []
    onbekend: list[str] = []
    if a.ondernemer:
        return CheckResultaat(CheckUitkomst.ONBEKEND, (str(REDEN_ONDERNEMER),))
    if a.auto == AutoAntwoord.BOVEN_GRENS:
        niet.append(str(REDEN_AUTO))
    elif a.auto == AutoAntwoord.WEET_NIET:
        onbekend.append(str(REDEN_AUTO_ONBEKEND))
    if bijstandsnorm is None or a.netto_inkomen is None:
        if niet:
            return CheckResultaat(CheckUitkomst.WAARSCHIJNLIJK_NIET, tuple(niet))
        return CheckResultaat(CheckUitkomst.ONBEKEND, (str(REDEN_ONBEKEND_HUISHOUDEN), *onbekend))

    kosten_van_bestaan = procent(bijstandsnorm, beleid.kosten_van_bestaan_percentage)
    woon = woonlasten_uitgave(a.woonlasten or NUL, NUL, beleid)
    if a.spaargeld is None:
        onbekend.append(str(REDEN_SPAARGELD_ONBEKEND))
    elif a.spaargeld > kosten_van_bestaan + woon + centen(
        beleid.vermogen_verhoging * VERHOGING_FACTOR.get(a.leefsituatie, Decimal(1))
    ):
        niet.append(str(REDEN_SPAARGELD))

    ruimte_per_jaar = max(NUL, a.netto_inkomen - woon - kosten_van_bestaan) * MAANDEN
    aanwendbaar = procent(ruimte_per_jaar, beleid.betalingscapaciteit_percentage)
    if aanwendbaar <= 0:
        wel = str(REDEN_GEEN_RUIMTE)
    elif a.belastingbedrag is None:
        onbekend.append(str(REDEN_BEDRAG_ONBEKEND))
        wel = ""
    elif aanwendbaar >= a.belastingbedrag:
        niet.append(str(REDEN_RUIMTE_GENOEG))
        wel = ""
    else:
        wel = str(REDEN_RUIMTE_DEELS)

    if niet:
        return CheckResultaat(CheckUitkomst.WAARSCHIJNLIJK_NIET, tuple(niet))
    if onbekend:
        return CheckResultaat(CheckUitkomst.ONBEKEND, tuple(onbekend))
    return CheckResultaat(CheckUitkomst.WAARSCHIJNLIJK_WEL, (wel,))


def kwijtscheldingscheck(antwoorden: CheckAntwoorden, *, peildatum: date) -> CheckResultaat:
    """The quick check with the norm and policy in force on ``peildatum``."""
    beleid = selectors.beleid_waarden(selectors.beleid_op(peildatum=peildatum))
    norm = None
    if antwoorden.leefsituatie and antwoorden.aow is not None:
        norm = kern.bijstandsnorm(
            leefsituatie=antwoorden.leefsituatie, aow=antwoorden.aow, peildatum=peildatum
        ).bedrag
    return beoordeel(antwoorden, bijstandsnorm=norm, beleid=beleid)

"""What the portal shows about an aanslag, in plain words (B1): its state and the resident's next step.

Presentation only: the facts come from invordering's selectors and services (balances, pauses, plans);
this module turns them into sentences with a date and an amount.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from invordering.constants import NUL, AanslagStatus, PauzeReden, StapSoort
from invordering.keten.vooruitblik import Vooruitblik
from invordering.models import Aanslag, Belastingplichtige, Pauze
from invordering.regelingen import actieve_regeling, regeling_stand, stand_bereken


@dataclass
class Stap:
    """The next step for the resident: a sentence, the date that matters, and how urgent it is."""

    tekst: str
    datum: date | None = None
    soort: str = "info"  # info | actie | waarschuwing | klaar
    betalen: bool = False  # the page offers the pay button
    gevolg: str = ""  # what the chain does next if the resident does not pay, and what it costs


@dataclass
class AanslagRegel:
    aanslag: Aanslag
    stap: Stap


def euro(bedrag: Decimal) -> str:
    tekst = f"{bedrag:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"€ {tekst}"


def datum_tekst(d: date) -> str:
    return date_format(d, "j F Y")


AFGEHANDELD = {
    AanslagStatus.BETAALD: lambda: _("Betaald. U hoeft niets meer te doen."),
    AanslagStatus.KWIJTGESCHOLDEN: lambda: _("Kwijtgescholden. U hoeft dit niet te betalen."),
    AanslagStatus.ONINBAAR: lambda: _("Afgesloten. U hoeft niets te doen."),
    AanslagStatus.VERMINDERD: lambda: _("Verminderd tot nul. U hoeft niets te betalen."),
}


def _pauze_tekst(reden: str) -> str:
    if reden == PauzeReden.KWIJTSCHELDING:
        return _("We bekijken uw verzoek om kwijtschelding. Tot we beslissen, hoeft u niet te betalen.")
    if reden in (PauzeReden.ADEMPAUZE, PauzeReden.SCHULDHULP):
        return _("U krijgt hulp bij uw schulden. Wij wachten met innen.")
    return _("Wij wachten even met innen. U hoort van ons wat de volgende stap is.")


def pauzes_per_aanslag(*, belastingplichtige: Belastingplichtige, datum: date) -> dict[int | None, str]:
    """The reason of the pause on each aanslag; key ``None`` holds a pause on everything of the resident."""
    uitkomst: dict[int | None, str] = {}
    for pauze in (
        Pauze.objects.actief_op(datum)
        .filter(belastingplichtige=belastingplichtige)
        .prefetch_related("aanslagen")
    ):
        ids = [a.pk for a in pauze.aanslagen.all()]
        for pk in ids or [None]:
            uitkomst.setdefault(pk, pauze.reden)
    return uitkomst


ESCALATIE_TEKST = {
    StapSoort.AANMANING: lambda: _(
        "Betaalt u niet? Dan sturen wij u op zijn vroegst op %(datum)s een aanmaning."
    ),
    StapSoort.VOORAANKONDIGING: lambda: _(
        "Betaalt u niet? Dan sturen wij u op zijn vroegst op %(datum)s een laatste waarschuwing."
    ),
    StapSoort.DWANGBEVEL: lambda: _(
        "Betaalt u niet? Dan sturen wij u op zijn vroegst op %(datum)s een dwangbevel. "
        "Daarna kan de deurwaarder komen."
    ),
    StapSoort.HERNIEUWD_BEVEL: lambda: _(
        "Betaalt u niet? Dan sturen wij u op zijn vroegst op %(datum)s een nieuw dwangbevel."
    ),
    StapSoort.DEURWAARDER: lambda: _(
        "Betaalt u niet? Dan geven wij uw schuld op zijn vroegst op %(datum)s aan de deurwaarder."
    ),
}


def gevolg(blik: Vooruitblik | None) -> str:
    """The chain's next escalation in one or more plain sentences (empty when none is coming)."""
    if blik is None or blik.soort not in ESCALATIE_TEKST:
        return ""
    zinnen = [ESCALATIE_TEKST[blik.soort]() % {"datum": datum_tekst(blik.vanaf)}]
    if blik.kosten > 0:
        zinnen.append(_("Dat kost u %(bedrag)s extra.") % {"bedrag": euro(blik.kosten)})
    if blik.eerst_bellen:
        zinnen.append(_("Voor die tijd proberen wij u te bellen."))
    return " ".join(zinnen)


def volgende_stap(
    *,
    aanslag: Aanslag,
    datum: date,
    pauzes: dict[int | None, str],
    regeling_stap: Stap | None,
    blik: Vooruitblik | None = None,
) -> Stap:
    if aanslag.status != AanslagStatus.OPEN or aanslag.openstaand <= 0:
        tekst = AFGEHANDELD.get(aanslag.status, AFGEHANDELD[AanslagStatus.BETAALD])()
        return Stap(tekst, aanslag.afgehandeld_op, "klaar")
    reden = pauzes.get(aanslag.pk) or pauzes.get(None)
    if reden == PauzeReden.BETALINGSREGELING and regeling_stap is not None:
        return regeling_stap
    if reden:
        return Stap(_pauze_tekst(reden), None, "info")
    termijnen = [(t.volgnummer, t.vervaldatum, t.bedrag) for t in aanslag.termijnen.all()]
    stand = stand_bereken(termijnen, aanslag.open_belasting) if termijnen else []
    volgende = next((t for t in stand if t.open > 0), None)
    if volgende is not None and volgende.vervaldatum >= datum:
        return Stap(
            _("Betaal %(bedrag)s uiterlijk op %(datum)s.")
            % {"bedrag": euro(volgende.open), "datum": datum_tekst(volgende.vervaldatum)},
            volgende.vervaldatum,
            "actie",
            betalen=True,
        )
    verlopen = volgende.vervaldatum if volgende else aanslag.vervaldatum
    return Stap(
        _(
            "De betaaldatum (%(datum)s) is voorbij. Betaal %(bedrag)s zo snel mogelijk. "
            "Lukt dat niet? Kies een betalingsregeling of vraag ons om hulp."
        )
        % {"datum": datum_tekst(verlopen), "bedrag": euro(aanslag.openstaand)},
        verlopen,
        "waarschuwing",
        betalen=True,
        gevolg=gevolg(blik),
    )


def regeling_stap(*, belastingplichtige: Belastingplichtige, datum: date):
    """The active plan, its state and the step it implies (or ``(None, None, None)``)."""
    regeling = actieve_regeling(belastingplichtige=belastingplichtige)
    if regeling is None:
        return None, None, None
    stand = regeling_stand(regeling=regeling, datum=datum)
    volgende = stand.volgende
    if stand.achterstand > NUL:
        stap = Stap(
            _("U heeft een termijn van uw betalingsregeling gemist. Betaal %(bedrag)s zo snel mogelijk.")
            % {"bedrag": euro(stand.achterstand)},
            None,
            "waarschuwing",
            betalen=True,
        )
    elif volgende is not None:
        stap = Stap(
            _("U betaalt in termijnen. Betaal de volgende termijn van %(bedrag)s uiterlijk op %(datum)s.")
            % {"bedrag": euro(volgende.open), "datum": datum_tekst(volgende.vervaldatum)},
            volgende.vervaldatum,
            "actie",
            betalen=True,
        )
    else:
        stap = Stap(_("Uw betalingsregeling is helemaal betaald."), None, "klaar")
    return regeling, stand, stap

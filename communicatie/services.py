"""The front door of communicatie: domain apps ask for letters here and never touch its models."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from .models import Brief
from .sjablonen import controleer

BRIEVEN_BATCH = 2000


@dataclass(frozen=True)
class Briefverzoek:
    sleutel: str
    sjabloon: str
    datum: date
    ontvanger: str
    naam: str
    adresregels: list[str] = field(default_factory=list)
    gegevens: dict = field(default_factory=dict)
    taal: str = "nl"

    def als_model(self) -> Brief:
        return Brief(
            sleutel=self.sleutel,
            sjabloon=self.sjabloon,
            datum=self.datum,
            ontvanger=self.ontvanger,
            naam=self.naam,
            adresregels=list(self.adresregels),
            gegevens=self.gegevens,
            taal=self.taal,
        )


def brief_maak(verzoek: Briefverzoek) -> Brief:
    """Record a letter to be produced; the same ``sleutel`` again returns the first letter unchanged."""
    controleer(verzoek.sjabloon, verzoek.gegevens)
    brief, _ = Brief.objects.get_or_create(sleutel=verzoek.sleutel, defaults=_velden(verzoek))
    return brief


def brieven_maak(verzoeken: Sequence[Briefverzoek]) -> dict[str, int]:
    """Record many letters set-based; returns ``{sleutel: brief id}`` for every request, new or existing."""
    for verzoek in verzoeken:
        controleer(verzoek.sjabloon, verzoek.gegevens)
    with transaction.atomic():
        for start in range(0, len(verzoeken), BRIEVEN_BATCH):
            deel = verzoeken[start : start + BRIEVEN_BATCH]
            Brief.objects.bulk_create([v.als_model() for v in deel], ignore_conflicts=True)
        sleutels = [v.sleutel for v in verzoeken]
        ids = {}
        for start in range(0, len(sleutels), BRIEVEN_BATCH):
            ids.update(
                Brief.objects.filter(sleutel__in=sleutels[start : start + BRIEVEN_BATCH]).values_list(
                    "sleutel", "id"
                )
            )
    return ids


def _velden(verzoek: Briefverzoek) -> dict:
    return {
        "sjabloon": verzoek.sjabloon,
        "datum": verzoek.datum,
        "ontvanger": verzoek.ontvanger,
        "naam": verzoek.naam,
        "adresregels": list(verzoek.adresregels),
        "gegevens": verzoek.gegevens,
        "taal": verzoek.taal,
    }


# --- Letter texts (functioneel beheer) ------------------------------------------------------------
LEESGEMAK_MINIMUM = 60
FOUT_SJABLOON_RENDER = "De tekst werkt niet met de voorbeeldgegevens ({toestand}): {fout}"


def _voorbeeldbrief(*, sleutel: str, onderwerp: str, inhoud: str, toestand: str | None) -> tuple[str, float]:
    from datetime import date

    from django.template import TemplateSyntaxError

    from . import leesbaarheid, pdf, voorbeelden, weergave

    tekst = weergave.Tekst(onderwerp=onderwerp, inhoud=inhoud, versie=-1)
    try:
        html = weergave.html(
            sjabloon=sleutel,
            gegevens=voorbeelden.voorbeeld(sleutel, toestand),
            datum=date(2026, 4, 16),
            naam="J. de Vries",
            adresregels=["Dorpsstraat 1", "1234 AB  Voorbeeldstad"],
            tekst=tekst,
            css=pdf.css(),
        )
    except (TemplateSyntaxError, ValueError, TypeError, AttributeError) as fout:
        raise ValueError(FOUT_SJABLOON_RENDER.format(toestand=toestand or "standaard", fout=fout)) from fout
    return html, leesbaarheid.flesch_douma_html(html).score


def sjabloon_voorbeeld(*, sleutel: str, onderwerp: str, inhoud: str, toestand: str | None = None):
    """HTML and reading ease of an (unsaved) letter text with the example data: the admin's live preview."""
    return _voorbeeldbrief(sleutel=sleutel, onderwerp=onderwerp, inhoud=inhoud, toestand=toestand)


def sjabloon_toetsen(*, sleutel: str, onderwerp: str, inhoud: str) -> float:
    """Render a text in every example state; raise ValueError naming the state that fails. Returns the
    lowest Flesch-Douma reading ease over the states."""
    from . import voorbeelden

    return min(
        _voorbeeldbrief(sleutel=sleutel, onderwerp=onderwerp, inhoud=inhoud, toestand=t)[1]
        for t in voorbeelden.VOORBEELDEN[sleutel]
    )


def sjabloon_opslaan(*, sjabloon, leesgemak: float, door=None, toelichting: str = ""):
    """Save a letter text as a new version and keep the old one in the history (never overwritten)."""
    from decimal import Decimal

    from .models import Briefsjabloon, Sjabloonversie

    with transaction.atomic():
        if sjabloon.pk:
            vorige = Briefsjabloon.objects.select_for_update().get(pk=sjabloon.pk)
            sjabloon.versie = vorige.versie + 1
        else:
            sjabloon.versie = 1
        sjabloon.leesgemak = Decimal(str(leesgemak))
        sjabloon.gewijzigd_door = door if getattr(door, "pk", None) else None
        sjabloon.save()
        Sjabloonversie.objects.create(
            sjabloon=sjabloon,
            versie=sjabloon.versie,
            onderwerp=sjabloon.onderwerp,
            inhoud=sjabloon.inhoud,
            leesgemak=sjabloon.leesgemak,
            toelichting=toelichting,
            door=sjabloon.gewijzigd_door,
        )
    return sjabloon

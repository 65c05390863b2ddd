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

"""Pilot comparison: two policy variants side by side on the same period, with the residents behind
each figure and, for counts, the figure per 1,000 residents so groups of different size compare."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from .kader import AANTAL, BEDRAG, GETAL, PCT, PER_RIJ, Kolom, Rij, Tabel
from .rapport import Rapport

# Per section: the column that counts the residents behind its figures.
INWONERS_KOLOM = {
    "trechter": "inwoners",
    "keten": "inwoners",
    "niet_escaleren": "inwoners",
    "contact_voor_dwangbevel": "inwoners",
    "aanslagen": "inwoners",
    "kosten": "inwoners",
    "regelingen": "gestart_inwoners",
    "kwijtschelding": "ingediend_inwoners",
    "contact": "gebeld_inwoners",
    "vroegsignalering": "doorgegeven_inwoners",
    "pauzes": "gestart_inwoners",
}
# The group size a variant's rates are computed on: residents with a chain step in the period.
GROOTTE = ("keten", "inwoners")


@dataclass
class Proefvergelijking:
    a: str
    b: str
    grootte_a: int
    grootte_b: int
    tabellen: list[Tabel] = field(default_factory=list)


def _per_duizend(waarde, grootte: int) -> Decimal | None:
    if not grootte or waarde is None:
        return None
    return (Decimal(waarde) * 1000 / grootte).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def vergelijk(rapport: Rapport, *, a: str, b: str) -> Proefvergelijking:
    """Turn a report grouped per variant into comparison tables: one row per figure, A and B side by side."""
    keten = next((t for t in rapport.tabellen if t.sleutel == GROOTTE[0]), None)
    grootte_a = (keten.waarde(GROOTTE[1], a) or 0) if keten else 0
    grootte_b = (keten.waarde(GROOTTE[1], b) or 0) if keten else 0
    uit = Proefvergelijking(a=a, b=b, grootte_a=grootte_a, grootte_b=grootte_b)
    kolommen = [
        Kolom("a", f"A: {a}", PER_RIJ),
        Kolom("b", f"B: {b}", PER_RIJ),
        Kolom("verschil", str(_("verschil (B - A)")), PER_RIJ),
        Kolom("a_per_1000", str(_("A per 1.000 inwoners")), GETAL),
        Kolom("b_per_1000", str(_("B per 1.000 inwoners")), GETAL),
        Kolom("inwoners_a", str(_("inwoners achter A")), AANTAL),
        Kolom("inwoners_b", str(_("inwoners achter B")), AANTAL),
    ]
    for tabel in rapport.tabellen:
        inwoners = INWONERS_KOLOM.get(tabel.sleutel)
        rijen = []
        for k in tabel.kolommen:
            if k.sleutel.endswith(("_vj", "_verschil")) or k.sleutel == inwoners:
                continue
            va, vb = tabel.waarde(k.sleutel, a), tabel.waarde(k.sleutel, b)
            verschil = (vb or 0) - (va or 0) if (va is not None or vb is not None) else None
            tellen = k.soort == AANTAL
            rijen.append(
                Rij(
                    groep=str(k.label)
                    + (
                        " (€)"
                        if k.soort == BEDRAG
                        else " (%)"
                        if k.soort == PCT and "%" not in str(k.label)
                        else ""
                    ),
                    waarden={
                        "_soort": k.soort,
                        "_bron": k.sleutel,
                        "a": va,
                        "b": vb,
                        "verschil": verschil,
                        "a_per_1000": _per_duizend(va, grootte_a) if tellen else None,
                        "b_per_1000": _per_duizend(vb, grootte_b) if tellen else None,
                        "inwoners_a": tabel.waarde(inwoners, a) if inwoners else None,
                        "inwoners_b": tabel.waarde(inwoners, b) if inwoners else None,
                    },
                )
            )
        uit.tabellen.append(
            Tabel(
                sleutel=tabel.sleutel,
                titel=tabel.titel,
                uitleg=tabel.uitleg,
                kolommen=kolommen,
                rijen=rijen,
                totaal=None,
                groep_label=str(_("Cijfer")),
            )
        )
    return uit

"""What the HTML page and the PDF share: the report's charts, built from its tables."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from . import grafieken
from .kader import BEDRAG, PCT, Tabel
from .keten_kpi import TRECHTER_STAPPEN
from .rapport import Rapport


@dataclass(frozen=True)
class Grafiek:
    sleutel: str
    svg: SafeString
    breed: bool = True


def _per_groep(tabel: Tabel, sleutel: str, titel: str) -> Grafiek:
    kolom = tabel.kolom(sleutel)
    eenheid = {BEDRAG: "€", PCT: "%"}.get(kolom.soort, "")
    rijen = tabel.rijen
    return Grafiek(
        f"{tabel.sleutel}-{sleutel}",
        grafieken.staafdiagram(
            titel, [r.groep for r in rijen], [(kolom.label, [r.waarde(sleutel) for r in rijen])], eenheid
        ),
    )


def grafieken_voor(rapport: Rapport) -> list[Grafiek]:
    uit: list[Grafiek] = []
    tabellen = {t.sleutel: t for t in rapport.tabellen}
    if "trechter" in tabellen:
        t = tabellen["trechter"]
        uit.append(
            Grafiek(
                "trechter",
                grafieken.trechter(
                    _("Hoe ver aanslagen in de keten kwamen (%(periode)s)")
                    % {"periode": rapport.periode.label},
                    [(str(label), t.waarde(sleutel) or 0) for sleutel, label in TRECHTER_STAPPEN],
                    leeg=_(
                        "Geen aanslagen met een dagtekening in deze periode. Kies een periode waarin de "
                        "aanslagen zijn opgelegd, bijvoorbeeld het hele jaar."
                    ),
                ),
            )
        )
    if "keten" in tabellen:
        t = tabellen["keten"]
        stappen = [
            ("aanmaningen", _("aanmaningen")),
            ("dwangbevelen", _("dwangbevelen")),
            ("hernieuwde_bevelen", _("hernieuwde bevelen")),
            ("deurwaarder", _("naar deurwaarder")),
        ]
        uit.append(
            Grafiek(
                "keten-vj",
                grafieken.staafdiagram(
                    _("Stappen in de keten: deze periode en vorig jaar"),
                    [str(label) for _s, label in stappen],
                    [
                        (_("deze periode"), [t.waarde(s) for s, _l in stappen]),
                        (_("zelfde periode vorig jaar"), [t.waarde(f"{s}_vj") for s, _l in stappen]),
                    ],
                ),
            )
        )
    if "afboekingen" in tabellen:
        t = tabellen["afboekingen"]
        uit.append(
            Grafiek(
                "afboekingen-vj",
                grafieken.staafdiagram(
                    _("Kwijtschelding en oninbaar: dit jaar en vorig jaar"),
                    [_("kwijtgescholden"), _("oninbaar verklaard")],
                    [
                        (_("deze periode"), [t.waarde("kwijtgescholden"), t.waarde("oninbaar")]),
                        (
                            _("zelfde periode vorig jaar"),
                            [t.waarde("kwijtgescholden_vj"), t.waarde("oninbaar_vj")],
                        ),
                    ],
                    "€",
                ),
            )
        )
    if "vroegsignalering" in tabellen:
        t = tabellen["vroegsignalering"]
        cijfers = [
            ("doorgegeven", _("signalen doorgegeven")),
            ("hulp_aanvaard", _("hulp aanvaard")),
            ("niet_opgepakt", _("niet opgepakt")),
            ("verwijzingen", _("warme verwijzingen")),
        ]
        uit.append(
            Grafiek(
                "vroegsignalering-vj",
                grafieken.staafdiagram(
                    _("Vroegsignalering: deze periode en vorig jaar"),
                    [str(label) for _s, label in cijfers],
                    [
                        (_("deze periode"), [t.waarde(s) for s, _l in cijfers]),
                        (_("zelfde periode vorig jaar"), [t.waarde(f"{s}_vj") for s, _l in cijfers]),
                    ],
                ),
            )
        )
    if rapport.dimensie.sleutel != "totaal":
        if "contact" in tabellen:
            uit.append(
                _per_groep(tabellen["contact"], "bereik_pct", _("Bereik van gebelde inwoners per groep"))
            )
        if "aanslagen" in tabellen:
            uit.append(_per_groep(tabellen["aanslagen"], "op_tijd_pct", _("Op tijd betaald per groep")))
    if rapport.trend is not None and len(rapport.trend.rijen) > 1:
        labels = maand_labels([r.groep for r in rapport.trend.rijen])
        for kolom in rapport.trend.kolommen:
            eenheid = "€" if kolom.soort == BEDRAG else ""
            uit.append(
                Grafiek(
                    f"trend-{kolom.sleutel}",
                    grafieken.lijndiagram(
                        _("%(wat)s per maand") % {"wat": kolom.label.capitalize()},
                        labels,
                        [r.waarde(kolom.sleutel) for r in rapport.trend.rijen],
                        eenheid,
                    ),
                    breed=False,
                )
            )
    return uit


MAANDEN = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def maand_labels(maanden: list[str]) -> list[str]:
    """'2026-03' -> 'mrt'; with more than one year in view, 'mrt 26'."""
    jaren = {m[:4] for m in maanden}
    return [MAANDEN[int(m[5:7]) - 1] + (f" {m[2:4]}" if len(jaren) > 1 else "") for m in maanden]


# The figures a board looks at first in a pilot: (table, column, label).
PROEF_KERNCIJFERS = (
    ("keten", "aanmaningen", _("aanmaningen")),
    ("keten", "dwangbevelen", _("dwangbevelen")),
    ("keten", "hernieuwde_bevelen", _("hernieuwde bevelen")),
    ("keten", "deurwaarder", _("naar deurwaarder")),
    ("niet_escaleren", "dwang_voorkomen", _("dwang voorkomen (bvv)")),
    ("contact", "bereikt_inwoners", _("inwoners bereikt")),
    ("regelingen", "gestart", _("regelingen gestart")),
)


def proef_grafieken(vergelijking) -> list[Grafiek]:
    """Per 1,000 residents with a chain step, so a small pilot and the large control group compare."""
    tabellen = {t.sleutel: t for t in vergelijking.tabellen}
    labels, a, b = [], [], []
    for sectie, kolom, label in PROEF_KERNCIJFERS:
        t = tabellen.get(sectie)
        if t is None:
            continue
        rij = next((r for r in t.rijen if r.waarden.get("_bron") == kolom), None)
        if rij is None:
            continue
        labels.append(str(label))
        a.append(rij.waarde("a_per_1000"))
        b.append(rij.waarde("b_per_1000"))
    if not labels:
        return []
    return [
        Grafiek(
            "proef",
            grafieken.staafdiagram(
                _(
                    "Per 1.000 inwoners met een ketenstap: %(a)s (%(na)s inwoners) tegen %(b)s (%(nb)s inwoners)"
                )
                % {
                    "a": vergelijking.a,
                    "na": grafieken.getal(vergelijking.grootte_a),
                    "b": vergelijking.b,
                    "nb": grafieken.getal(vergelijking.grootte_b),
                },
                labels,
                [(f"A: {vergelijking.a}", a), (f"B: {vergelijking.b}", b)],
            ),
        )
    ]

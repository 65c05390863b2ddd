"""The KPI framework: grouping keys, columns, tables, and turning grouped aggregates into rows.

Every KPI section runs a fixed number of grouped aggregate queries (``values(groep).annotate(...)``),
so a report costs the same number of queries for ten residents or a million. Groups are properties of
the resident (place, customer group, policy variant), so residents are partitioned by them and the
total row is the sum of the group rows; percentages are recomputed from the summed counts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import CharField, F, Value
from django.db.models.functions import Coalesce, NullIf, Substr
from django.utils.translation import gettext_lazy as _

from invordering.geld import geld

ONBEKEND = "(onbekend)"
TOTAAL = "Totaal"


@dataclass(frozen=True)
class Dimensie:
    """A grouping key. ``expressie(pad)`` builds it from the lookup path to the resident."""

    sleutel: str
    label: str
    expressie: Callable[[str], object]


def _veld(naam: str) -> Callable[[str], object]:
    return lambda pad: Coalesce(
        NullIf(F(f"{pad}{naam}"), Value("")), Value(ONBEKEND), output_field=CharField()
    )


DIMENSIES: dict[str, Dimensie] = {
    d.sleutel: d
    for d in (
        Dimensie("totaal", _("Alles samen"), lambda pad: Value(TOTAAL, output_field=CharField())),
        Dimensie("woonplaats", _("Woonplaats"), _veld("woonplaats")),
        Dimensie(
            "wijk",
            _("Wijk (postcode, 4 cijfers)"),
            lambda pad: Coalesce(
                NullIf(Substr(F(f"{pad}postcode"), 1, 4), Value("")),
                Value(ONBEKEND),
                output_field=CharField(),
            ),
        ),
        Dimensie("klantgroep", _("Klantgroep"), _veld("klantgroep")),
    )
}


def dimensie_registreer(dimensie: Dimensie) -> None:
    """Add a grouping key (the chain's policy variant registers itself here)."""
    DIMENSIES[dimensie.sleutel] = dimensie


AANTAL, BEDRAG, PCT = "aantal", "bedrag", "pct"
GETAL = "getal"  # a plain figure with decimals (a rate)
PER_RIJ = "per_rij"  # the row says what it is (comparison tables): waarden["_soort"]


@dataclass(frozen=True)
class Kolom:
    sleutel: str
    label: str
    soort: str = AANTAL
    teller: str = ""
    noemer: str = ""
    uitleg: str = ""


@dataclass
class Rij:
    groep: str
    waarden: dict[str, object]

    def waarde(self, sleutel: str):
        return self.waarden.get(sleutel)


@dataclass
class Tabel:
    sleutel: str
    titel: str
    uitleg: str
    kolommen: list[Kolom]
    rijen: list[Rij] = field(default_factory=list)
    totaal: Rij | None = None
    groep_label: str = ""

    def kolom(self, sleutel: str) -> Kolom:
        return next(k for k in self.kolommen if k.sleutel == sleutel)

    def alle_rijen(self) -> list[Rij]:
        return [*self.rijen, *([self.totaal] if self.totaal and len(self.rijen) != 1 else [])]

    def waarde(self, sleutel: str, groep: str | None = None):
        """A figure of the total row, or of one group."""
        if groep is None:
            return (self.totaal or self.rijen[0]).waarde(sleutel) if (self.totaal or self.rijen) else None
        rij = next((r for r in self.rijen if r.groep == groep), None)
        return rij.waarde(sleutel) if rij else None


def percentage(teller, noemer) -> Decimal | None:
    if not noemer:
        return None
    return (Decimal(teller or 0) * 100 / Decimal(noemer)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _normaal(soort: str, waarde):
    if soort == BEDRAG:
        return geld(waarde)
    if soort == AANTAL:
        return int(waarde or 0)
    return waarde


def groepeer(qs, *, dimensie: Dimensie, pad: str, **aggregaten) -> dict[str, dict]:
    """One grouped aggregate query: {groep: {name: value}}."""
    rijen = qs.annotate(groep=dimensie.expressie(pad)).order_by().values("groep").annotate(**aggregaten)
    return {
        r.pop("groep"): {k: geld(v) if isinstance(v, float | Decimal) else v for k, v in r.items()}
        for r in rijen
    }


def samenvoegen(*delen: dict[str, dict]) -> dict[str, dict]:
    uit: dict[str, dict] = {}
    for deel in delen:
        for groep, waarden in deel.items():
            uit.setdefault(groep, {}).update(waarden)
    return uit


def tabel_maak(
    *,
    sleutel: str,
    titel: str,
    uitleg: str,
    kolommen: Iterable[Kolom],
    cijfers: dict[str, dict],
    dimensie: Dimensie,
    vorig_jaar: dict[str, dict] | None = None,
    vergelijk: Iterable[str] = (),
) -> Tabel:
    """Rows per group, a total row, and for the ``vergelijk`` columns last year's figure and the change."""
    kolommen = list(kolommen)
    vergelijk = list(vergelijk)
    if vorig_jaar is not None:
        extra = []
        for k in kolommen:
            extra.append(k)
            if k.sleutel in vergelijk:
                extra.append(
                    Kolom(f"{k.sleutel}_vj", _("%(label)s vorig jaar") % {"label": k.label}, k.soort)
                )
                extra.append(
                    Kolom(
                        f"{k.sleutel}_verschil",
                        _("verschil %"),
                        PCT,
                        uitleg=_("Verandering tegen vorig jaar."),
                    )
                )
        kolommen = extra
    groepen = sorted(set(cijfers) | set(vorig_jaar or {}), key=lambda g: (g == ONBEKEND, g))
    if not groepen:
        groepen = [TOTAAL] if dimensie.sleutel == "totaal" else []

    def rij_voor(groep: str, bron: dict, vj: dict) -> Rij:
        waarden: dict[str, object] = {}
        for k in kolommen:
            if k.soort != PCT:
                if k.sleutel.endswith("_vj"):
                    waarden[k.sleutel] = _normaal(k.soort, vj.get(k.sleutel[:-3]))
                else:
                    waarden[k.sleutel] = _normaal(k.soort, bron.get(k.sleutel))
        for k in kolommen:
            if k.soort == PCT:
                if k.sleutel.endswith("_verschil"):
                    basis = k.sleutel[: -len("_verschil")]
                    nu, toen = waarden.get(basis), waarden.get(f"{basis}_vj")
                    waarden[k.sleutel] = percentage((nu or 0) - (toen or 0), toen) if toen else None
                else:
                    # Numerator and denominator may be helper figures that are not shown as columns.
                    waarden[k.sleutel] = percentage(
                        waarden.get(k.teller, bron.get(k.teller)), waarden.get(k.noemer, bron.get(k.noemer))
                    )
        return Rij(groep=groep, waarden=waarden)

    rijen = [rij_voor(g, cijfers.get(g, {}), (vorig_jaar or {}).get(g, {})) for g in groepen]
    totaal = rij_voor(TOTAAL, _optellen(cijfers.values()), _optellen((vorig_jaar or {}).values()))
    return Tabel(
        sleutel=sleutel,
        titel=str(titel),
        uitleg=str(uitleg),
        kolommen=kolommen,
        rijen=rijen,
        totaal=totaal,
        groep_label=str(dimensie.label),
    )


def _optellen(rijen: Iterable[dict]) -> dict:
    som: dict = {}
    for rij in rijen:
        for k, v in rij.items():
            som[k] = som.get(k, 0) + (v or 0)
    return som


def tabel_naar_dict(tabel: Tabel) -> dict:
    """A table as JSON-able data (Decimals as strings by the JSON encoder), for the snapshots."""
    return {
        "sleutel": tabel.sleutel,
        "titel": str(tabel.titel),
        "uitleg": str(tabel.uitleg),
        "groep_label": str(tabel.groep_label),
        "kolommen": [
            {
                "sleutel": k.sleutel,
                "label": str(k.label),
                "soort": k.soort,
                "teller": k.teller,
                "noemer": k.noemer,
                "uitleg": str(k.uitleg),
            }
            for k in tabel.kolommen
        ],
        "rijen": [{"groep": r.groep, "waarden": r.waarden} for r in tabel.rijen],
        "totaal": {"groep": tabel.totaal.groep, "waarden": tabel.totaal.waarden} if tabel.totaal else None,
    }


def _terug(soort: str, waarde):
    if waarde is None:
        return None
    return Decimal(waarde) if soort in (BEDRAG, PCT) else int(waarde)


def tabel_uit_dict(gegevens: dict) -> Tabel:
    kolommen = [Kolom(**k) for k in gegevens["kolommen"]]
    soorten = {k.sleutel: k.soort for k in kolommen}

    def rij(r: dict) -> Rij:
        return Rij(
            groep=r["groep"], waarden={k: _terug(soorten.get(k, AANTAL), v) for k, v in r["waarden"].items()}
        )

    return Tabel(
        sleutel=gegevens["sleutel"],
        titel=gegevens["titel"],
        uitleg=gegevens["uitleg"],
        kolommen=kolommen,
        rijen=[rij(r) for r in gegevens["rijen"]],
        totaal=rij(gegevens["totaal"]) if gegevens["totaal"] else None,
        groep_label=gegevens["groep_label"],
    )

"""The whole report: every KPI section for a period and a grouping, and the monthly trend."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from invordering.constants import Boekingsoort, Component, ContactKanaal, ContactRichting
from invordering.geld import geld, som_bedrag
from invordering.models import Betalingsregeling, Boeking, Contact

from . import keten_kpi, selectors, signaal_kpi
from .kader import BEDRAG, DIMENSIES, Dimensie, Kolom, Rij, Tabel, tabel_naar_dict, tabel_uit_dict
from .models import Rapportsnapshot
from .periodes import Periode

# Section key -> function(periode, dimensie) -> Tabel, in the order of the report.
SECTIES: dict[str, Callable[..., Tabel]] = {
    "trechter": keten_kpi.kpi_trechter,
    "keten": keten_kpi.kpi_keten,
    "niet_escaleren": keten_kpi.kpi_niet_escaleren,
    "contact_voor_dwangbevel": keten_kpi.kpi_contact_voor_dwangbevel,
    "aanslagen": selectors.kpi_aanslagen,
    "kosten": selectors.kpi_kosten,
    "afboekingen": selectors.kpi_afboekingen,
    "regelingen": selectors.kpi_regelingen,
    "kwijtschelding": selectors.kpi_kwijtschelding,
    "contact": selectors.kpi_contact,
    "vroegsignalering": signaal_kpi.kpi_vroegsignalering,
    "taken": selectors.kpi_taken,
    "pauzes": selectors.kpi_pauzes,
}


def sectie_registreer(sleutel: str, functie: Callable[..., Tabel], *, na: str | None = None) -> None:
    """Add a section (the chain's KPIs register themselves), optionally right after another one."""
    if na is None or na not in SECTIES:
        SECTIES[sleutel] = functie
        return
    items = list(SECTIES.items())
    positie = [k for k, _v in items].index(na) + 1
    items.insert(positie, (sleutel, functie))
    SECTIES.clear()
    SECTIES.update(items)


def maandtrend(*, periode: Periode) -> Tabel:
    """Per month: money received, costs charged, calls made, plans started (three queries)."""
    maanden = periode.maanden()
    boekingen = (
        Boeking.objects.filter(datum__gte=periode.van, datum__lte=periode.tot)
        .annotate(maand=TruncMonth("datum"))
        .order_by()
        .values("maand")
        .annotate(
            ontvangen=som_bedrag(
                "bedrag", filter=Q(soort__in=(Boekingsoort.BETALING, Boekingsoort.TERUGBOEKING))
            ),
            kosten=som_bedrag("bedrag", filter=Q(soort=Boekingsoort.KOSTEN, component=Component.KOSTEN)),
        )
    )
    contacten = (
        Contact.objects.filter(
            tijdstip__gte=selectors.begin_van_dag(periode.van),
            tijdstip__lt=selectors.begin_van_dag(periode.tot + timedelta(days=1)),
            kanaal=ContactKanaal.TELEFOON,
            richting=ContactRichting.UITGAAND,
        )
        .annotate(maand=TruncMonth("tijdstip"))
        .order_by()
        .values("maand")
        .annotate(n=Count("id"))
    )
    regelingen = (
        Betalingsregeling.objects.filter(startdatum__gte=periode.van, startdatum__lte=periode.tot)
        .annotate(maand=TruncMonth("startdatum"))
        .order_by()
        .values("maand")
        .annotate(n=Count("id"))
    )
    per_maand: dict = {m: {} for m in maanden}

    def sleutel(m):
        return (m.date() if hasattr(m, "date") else m).replace(day=1)

    for r in boekingen:
        per_maand.setdefault(sleutel(r["maand"]), {}).update(
            ontvangen=-geld(r["ontvangen"]), kosten=geld(r["kosten"])
        )
    for r in contacten:
        per_maand.setdefault(sleutel(r["maand"]), {})["gebeld"] = r["n"]
    for r in regelingen:
        per_maand.setdefault(sleutel(r["maand"]), {})["regelingen"] = r["n"]
    kolommen = [
        Kolom("ontvangen", str(_("ontvangen")), BEDRAG),
        Kolom("kosten", str(_("kosten opgelegd")), BEDRAG),
        Kolom("gebeld", str(_("belpogingen"))),
        Kolom("regelingen", str(_("regelingen gestart"))),
    ]
    rijen = [
        Rij(
            groep=m.strftime("%Y-%m"),
            waarden={
                "ontvangen": per_maand[m].get("ontvangen", geld(0)),
                "kosten": per_maand[m].get("kosten", geld(0)),
                "gebeld": per_maand[m].get("gebeld", 0),
                "regelingen": per_maand[m].get("regelingen", 0),
            },
        )
        for m in sorted(per_maand)
    ]
    return Tabel(
        sleutel="maandtrend",
        titel=str(_("Per maand")),
        uitleg=str(_("Ontvangsten, kosten, belpogingen en nieuwe regelingen per kalendermaand.")),
        kolommen=kolommen,
        rijen=rijen,
        totaal=None,
        groep_label=str(_("Maand")),
    )


@dataclass
class Rapport:
    periode: Periode
    dimensie: Dimensie
    tabellen: list[Tabel] = field(default_factory=list)
    trend: Tabel | None = None
    snapshot_op: datetime | None = None

    def tabel(self, sleutel: str) -> Tabel:
        if self.trend is not None and sleutel == self.trend.sleutel:
            return self.trend
        return next(t for t in self.tabellen if t.sleutel == sleutel)


def rapport_maak(*, periode: Periode, dimensie: str = "totaal", secties: list[str] | None = None) -> Rapport:
    """Build the report; ``secties`` limits it (an export of one table runs only that table's queries)."""
    dim = DIMENSIES[dimensie]
    gekozen = list(SECTIES) if secties is None else [s for s in SECTIES if s in secties]
    rapport = Rapport(periode=periode, dimensie=dim)
    rapport.tabellen = [SECTIES[s](periode=periode, dimensie=dim) for s in gekozen]
    if secties is None or "maandtrend" in secties:
        rapport.trend = maandtrend(periode=periode)
    return rapport


def rapport_lees(*, periode: Periode, dimensie: str = "totaal", vers: bool = False) -> Rapport:
    """The nightly snapshot of this period and grouping when there is a complete one, else computed now."""
    if not vers:
        snapshot = Rapportsnapshot.objects.filter(van=periode.van, tot=periode.tot, dimensie=dimensie).first()
        if snapshot is not None and set(snapshot.secties) >= set(SECTIES):
            g = snapshot.gegevens
            tabellen = {t["sleutel"]: tabel_uit_dict(t) for t in g["tabellen"]}
            return Rapport(
                periode=periode,
                dimensie=DIMENSIES[dimensie],
                tabellen=[tabellen[s] for s in SECTIES],
                trend=tabel_uit_dict(g["trend"]) if g.get("trend") else None,
                snapshot_op=snapshot.gemaakt_op,
            )
    return rapport_maak(periode=periode, dimensie=dimensie)


def snapshot_maak(*, periode: Periode, dimensie: str, nu: datetime) -> Rapportsnapshot:
    """Compute the report and store it (replacing the previous snapshot of the same period and grouping)."""
    r = rapport_maak(periode=periode, dimensie=dimensie)
    snapshot, _nieuw = Rapportsnapshot.objects.update_or_create(
        van=periode.van,
        tot=periode.tot,
        dimensie=dimensie,
        defaults={
            "gemaakt_op": nu,
            "secties": list(SECTIES),
            "gegevens": {
                "tabellen": [tabel_naar_dict(t) for t in r.tabellen],
                "trend": tabel_naar_dict(r.trend) if r.trend else None,
            },
        },
    )
    return snapshot


def standaardperiodes(*, datum: date) -> list[Periode]:
    """What the nightly job stores: this year up to yesterday (the page's default) and last year."""
    gisteren = datum - timedelta(days=1)
    periodes = [Periode.jaar(datum.year - 1)]
    if gisteren.year == datum.year:
        periodes.insert(0, Periode(date(datum.year, 1, 1), gisteren))
    return periodes


def snapshots_bijwerken(*, datum: date, nu: datetime) -> int:
    """The nightly job: the standard periods for every grouping. Returns how many were stored."""
    aantal = 0
    for periode in standaardperiodes(datum=datum):
        for dimensie in DIMENSIES:
            snapshot_maak(periode=periode, dimensie=dimensie, nu=nu)
            aantal += 1
    return aantal

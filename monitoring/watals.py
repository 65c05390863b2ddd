"""What-if: run the real chain over a past period with another policy and compare the KPIs, without
changing the real data. Everything happens inside one transaction that is always rolled back.

How: the chain's facts from the period's first day on are "rewound" (facts, the costs they booked,
the tasks they opened, and each aanslag's chain position rebuilt from the facts before that day);
then ``keten_draaien`` runs day by day, once with the policy in force (with its pilot variants) and
once with the other policy, each from a savepoint. Both runs see the same residents and the same
recorded payments and contacts, so the difference is the policy's. Residents' reactions to a
different policy are not modelled here (they paid when they really paid); ``simuleer`` is for that.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Max, Q, Sum
from django.utils.translation import gettext_lazy as _

from invordering.constants import NUL, Boekingsoort, StapSoort
from invordering.keten.run import keten_draaien
from invordering.models import Boeking, Invorderingsbeleid, Ketenstand, Ketenstap, Taak
from invordering.services import saldo_bijwerken

from .kader import DIMENSIES, GETAL, PER_RIJ, Kolom, Rij, Tabel
from .keten_kpi import kpi_contact_voor_dwangbevel, kpi_keten, kpi_niet_escaleren
from .periodes import Periode
from .selectors import kpi_kosten

MAX_DAGEN_WEB = 400
FOUT_TE_LANG = "Een wat-als-berekening gaat over hoogstens {dagen} dagen; kies een kortere periode."
FOUT_ONBEKEND_BELEID = "Er is geen beleid met de naam '{naam}'. Kies uit: {namen}."

# The KPIs a what-if compares (table, column).
WAT_ALS_CIJFERS: tuple[tuple[Callable, tuple[str, ...]], ...] = (
    (
        kpi_keten,
        (
            "herinneringen",
            "aanmaningen",
            "vooraankondigingen",
            "dwangbevelen",
            "hernieuwde_bevelen",
            "deurwaarder",
            "dwang_inwoners",
            "sociaal_spoor",
            "regeling_aanbod",
            "kosten",
            "kosten_niet",
        ),
    ),
    (kpi_niet_escaleren, ("besluiten", "dwang_voorkomen")),
    (kpi_contact_voor_dwangbevel, ("dwangbevelen", "contact_pct")),
    (kpi_kosten, ("opgelegd", "ontvangen")),
)

# Fields of the chain position (Ketenstand) and the fact whose latest date fills each.
STAND_DATUMS = {
    "herinnering_op": StapSoort.HERINNERING_NA_VERVALDATUM,
    "aanmaning_op": StapSoort.AANMANING,
    "vooraankondiging_op": StapSoort.VOORAANKONDIGING,
    "dwangbevel_op": StapSoort.DWANGBEVEL,
    "hernieuwd_bevel_op": StapSoort.HERNIEUWD_BEVEL,
}


def klassiek_beleid(basis: Invorderingsbeleid) -> Invorderingsbeleid:
    """The 'classic' policy for comparison (issue 10): no calls, visits or proactive contact, no free
    reminders before the due date, costs on every step without a cap, no small-debt gate. The legal
    beslagvrije-voet gate stays: the chain always applies it. Unsaved: a what-if only."""
    beleid = copy.copy(basis)
    beleid.pk = beleid.id = None
    beleid.basis_id = None
    beleid.naam = "Klassiek"
    beleid.herinnering_halverwege = False
    beleid.herinnering_dagen_voor_einde = None
    beleid.voorbellen_aanmaning = False
    beleid.voorbellen_dwangbevel = False
    beleid.huisbezoek = False
    beleid.proactief_meerjarig = False
    beleid.kosten_aanmaning = beleid.kosten_dwangbevel = beleid.kosten_hernieuwd_bevel = True
    beleid.kosten_maximum_procent = None
    beleid.kleine_schuld_grens = NUL
    beleid.bvv_minimale_capaciteit = NUL
    return beleid


def beleid_kiezen(*, naam: str, datum: date) -> Invorderingsbeleid:
    """A saved policy by name, or 'Klassiek' (built from the policy in force on ``datum``)."""
    from invordering.keten.beleid import beleidskeuze

    if naam.lower() == "klassiek":
        return klassiek_beleid(beleidskeuze(datum=datum).basis)
    beleid = Invorderingsbeleid.objects.filter(naam=naam).order_by("-geldig_vanaf", "-id").first()
    if beleid is None:
        namen = ", ".join(["Klassiek", *Invorderingsbeleid.objects.values_list("naam", flat=True).distinct()])
        raise LookupError(FOUT_ONBEKEND_BELEID.format(naam=naam, namen=namen))
    return beleid


def _terugspoelen(van: date) -> None:
    """Undo the chain from ``van`` on: its facts, the costs it booked, the tasks it opened; rebuild the
    position of every touched aanslag from the facts before ``van``. Only inside a rolled-back block."""
    stappen = Ketenstap.objects.filter(datum__gte=van)
    geraakt = set(stappen.values_list("aanslag_id", flat=True))
    stappen.delete()
    Taak.objects.filter(aangemaakt_op__gte=van, bron__startswith="keten:").delete()
    kosten = Boeking.objects.filter(datum__gte=van, soort=Boekingsoort.KOSTEN)
    geraakt |= set(kosten.values_list("aanslag_id", flat=True))
    kosten.delete()
    Ketenstand.objects.filter(aanslag_id__in=geraakt).delete()
    eerder = Ketenstap.objects.filter(aanslag_id__in=geraakt).order_by()
    datums = eerder.values("aanslag_id").annotate(
        **{veld: Max("datum", filter=Q(soort=soort)) for veld, soort in STAND_DATUMS.items()},
        kosten_totaal=Sum("kosten"),
        laatste=Max("datum"),
    )
    laatste_soort = {}
    for aanslag_id, soort, datum in eerder.order_by("aanslag_id", "datum", "id").values_list(
        "aanslag_id", "soort", "datum"
    ):
        if soort != StapSoort.GEEN_ESCALATIE:
            laatste_soort[aanslag_id] = (soort, datum)
    Ketenstand.objects.bulk_create(
        [
            Ketenstand(
                aanslag_id=r["aanslag_id"],
                fase=laatste_soort.get(r["aanslag_id"], ("", None))[0],
                fase_datum=laatste_soort.get(r["aanslag_id"], ("", None))[1],
                kosten_totaal=r["kosten_totaal"] or NUL,
                bijgewerkt_op=r["laatste"],
                **{veld: r[veld] for veld in STAND_DATUMS},
            )
            for r in datums
        ]
    )
    saldo_bijwerken(aanslag_ids=geraakt, datum=van)


def _naspelen(periode: Periode, beleid: Invorderingsbeleid | None) -> None:
    dag = periode.van
    while dag <= periode.tot:
        keten_draaien(datum=dag, beleid=beleid)
        dag += timedelta(days=1)


def _cijfers(periode: Periode) -> dict[tuple[str, str], tuple[str, str, object]]:
    uit = {}
    for functie, kolommen in WAT_ALS_CIJFERS:
        tabel = functie(periode=periode, dimensie=DIMENSIES["totaal"])
        for k in kolommen:
            kolom = tabel.kolom(k)
            uit[(tabel.sleutel, k)] = (tabel.titel, str(kolom.label), kolom.soort, tabel.waarde(k))
    return uit


@dataclass
class WatAls:
    periode: Periode
    beleid_naam: str
    tabel: Tabel
    dagen: int
    verschillen: dict = field(default_factory=dict)


def wat_als(*, periode: Periode, beleid: Invorderingsbeleid, max_dagen: int | None = None) -> WatAls:
    """Replay the chain over ``periode`` with the policy in force and with ``beleid``; compare."""
    dagen = (periode.tot - periode.van).days + 1
    if max_dagen is not None and dagen > max_dagen:
        raise ValueError(FOUT_TE_LANG.format(dagen=max_dagen))
    with transaction.atomic():
        try:
            punt = transaction.savepoint()
            _terugspoelen(periode.van)
            _naspelen(periode, None)
            huidig = _cijfers(periode)
            transaction.savepoint_rollback(punt)
            _terugspoelen(periode.van)
            _naspelen(periode, beleid)
            ander = _cijfers(periode)
        finally:
            transaction.set_rollback(True)
    rijen = []
    verschillen = {}
    for sleutel, (titel, label, soort, nu) in huidig.items():
        straks = ander[sleutel][3]
        verschil = (straks or 0) - (nu or 0)
        verschillen[sleutel] = verschil
        rijen.append(
            Rij(
                groep=f"{titel}: {label}",
                waarden={
                    "_soort": soort,
                    "nu": nu,
                    "ander": straks,
                    "verschil": verschil,
                    "verschil_pct": (Decimal(verschil) * 100 / Decimal(nu)).quantize(
                        Decimal("0.1"), rounding=ROUND_HALF_UP
                    )
                    if nu
                    else None,
                },
            )
        )
    tabel = Tabel(
        sleutel="wat_als",
        titel=str(_("Wat als: %(naam)s") % {"naam": beleid.naam}),
        uitleg=str(
            _(
                "De keten opnieuw gedraaid over %(periode)s: met het beleid dat gold (en de proeven) en met "
                "'%(naam)s'. Betalingen en contacten zijn zoals ze echt gebeurden."
            )
            % {"periode": periode.label, "naam": beleid.naam}
        ),
        kolommen=[
            Kolom("nu", str(_("met het beleid dat gold")), PER_RIJ),
            Kolom("ander", str(_("met %(naam)s") % {"naam": beleid.naam}), PER_RIJ),
            Kolom("verschil", str(_("verschil")), PER_RIJ),
            Kolom("verschil_pct", str(_("verschil %")), GETAL),
        ],
        rijen=rijen,
        groep_label=str(_("Cijfer")),
    )
    return WatAls(periode=periode, beleid_naam=beleid.naam, tabel=tabel, dagen=dagen, verschillen=verschillen)

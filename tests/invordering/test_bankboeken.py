"""The statement import's set-based allocation books exactly what the general service books."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection, transaction

from invordering import bankboeken, selectors, services
from invordering.bulk import invoegen, rij_klasse
from invordering.constants import AanslagStatus, Betaalbron, BetalingStatus, Boekingsoort, Component
from invordering.models import Aanslag, Betaling, Boeking
from tests.invordering.factories import AanslagFactory, BelastingplichtigeFactory

pytestmark = pytest.mark.django_db

DAG = date(2026, 4, 2)


class Terugdraaien(Exception):
    pass


def scenario():
    """Residents with costs and interest, several aanslagen, a paid one, and one without open debt."""
    a, b, c, d = (BelastingplichtigeFactory() for _ in range(4))
    a1 = AanslagFactory(belastingplichtige=a, bedrag=D("100.00"))
    a2 = AanslagFactory(
        belastingplichtige=a,
        bedrag=D("60.00"),
        belastingjaar=2025,
        dagtekening=date(2025, 2, 28),
        eerste_vervaldatum=date(2025, 4, 30),
    )
    a3 = AanslagFactory(belastingplichtige=a, bedrag=D("40.00"), eerste_vervaldatum=date(2026, 6, 30))
    b1 = AanslagFactory(belastingplichtige=b, bedrag=D("80.00"))
    c1 = AanslagFactory(belastingplichtige=c, bedrag=D("25.00"))
    services.boekingen_maak(
        boekingen=[
            Boeking(
                aanslag=a1,
                datum=DAG,
                component=Component.KOSTEN,
                soort=Boekingsoort.KOSTEN,
                bedrag=D("18.00"),
            ),
            Boeking(
                aanslag=a1, datum=DAG, component=Component.RENTE, soort=Boekingsoort.RENTE, bedrag=D("1.50")
            ),
            Boeking(
                aanslag=b1, datum=DAG, component=Component.KOSTEN, soort=Boekingsoort.KOSTEN, bedrag=D("7.00")
            ),
        ],
        datum=DAG,
    )
    Aanslag.objects.filter(pk=c1.pk).update(status=AanslagStatus.KWIJTGESCHOLDEN)  # not open: never paid
    # (resident, amount, named aanslagen): partial, named order, in full, overpaid, two for one person,
    # a named aanslag that is not open, and a resident with nothing open (all credit).
    aanslagen = {"a1": a1, "a2": a2, "a3": a3, "b1": b1, "c1": c1}
    return aanslagen, [
        (a, D("10.00"), [a3.pk]),
        (a, D("150.00"), [a1.pk, a3.pk]),
        (b, D("87.00"), [b1.pk]),
        (a, D("120.00"), []),
        (b, D("5.00"), [b1.pk]),
        (c, D("25.00"), [c1.pk]),
        (d, D("12.34"), []),
    ]


def boek(betalingen, pad):
    BetalingRij = rij_klasse(Betaling)
    rijen = [
        BetalingRij(
            datum=DAG,
            bedrag=bedrag,
            bron=Betaalbron.BANK,
            referentie=f"ref-{i}",
            belastingplichtige_id=persoon.pk,
            status=BetalingStatus.TOEGEREKEND,
        )
        for i, (persoon, bedrag, _) in enumerate(betalingen)
    ]
    invoegen(rijen, model=Betaling)
    toewijzingen = [(rij, ids) for rij, (_, _, ids) in zip(rijen, betalingen, strict=True)]
    if pad == "dienst":
        uitkomst = services.betalingen_toerekenen(toewijzingen=toewijzingen, datum=DAG)
        toegerekend = {pk: sum((t.bedrag for t in ts), D("0")) for pk, ts in uitkomst.items()}
    else:
        toegerekend = bankboeken.nieuwe_betalingen_toerekenen(
            toewijzingen=toewijzingen, datum=DAG, snel=pad == "snel"
        )
    return {rij.referentie: toegerekend[rij.pk] for rij in rijen}


def toestand():
    boekingen = list(
        Boeking.objects.filter(soort=Boekingsoort.BETALING)
        .order_by("id")
        .values_list("betaling__referentie", "aanslag__aanslagnummer", "component", "bedrag", "datum")
    )
    aanslagen = list(
        Aanslag.objects.order_by("aanslagnummer").values_list(
            "aanslagnummer",
            "open_kosten",
            "open_rente",
            "open_belasting",
            "openstaand",
            "status",
            "afgehandeld_op",
        )
    )
    betalingen = list(
        Betaling.objects.order_by("referentie").values_list("referentie", "status", "belastingplichtige")
    )
    return boekingen, aanslagen, betalingen


def na(betalingen, pad):
    """The allocation and the resulting state, then everything rolled back."""
    try:
        with transaction.atomic():
            toegerekend = boek(betalingen, pad)
            uitkomst = (toegerekend, *toestand())
            raise Terugdraaien
    except Terugdraaien:
        pass
    return uitkomst


@pytest.mark.parametrize("pad", ["snel", "algemeen"])
def test_zelfde_boekingen_saldi_en_status_als_de_algemene_dienst(pad):
    if pad == "snel" and connection.vendor != "postgresql":
        pytest.skip("the direct update of the cached balances is PostgreSQL's")
    aanslagen, betalingen = scenario()
    verwacht = na(betalingen, "dienst")
    assert na(betalingen, pad) == verwacht
    # And what both book is what the rules say (not the same mistake twice).
    toegerekend, boekingen, saldi, _ = verwacht
    assert toegerekend == {
        "ref-0": D("10.00"),
        "ref-1": D("150.00"),
        "ref-2": D("87.00"),
        "ref-3": D("59.50"),
        "ref-4": D("0.00"),
        "ref-5": D("0.00"),
        "ref-6": D("0.00"),
    }
    nummer = {a.aanslagnummer: naam for naam, a in aanslagen.items()}
    assert [(r, nummer[n], c, b) for r, n, c, b, _ in boekingen] == [
        ("ref-0", "a3", Component.BELASTING, D("-10.00")),  # named
        ("ref-1", "a1", Component.KOSTEN, D("-18.00")),  # named first: costs, interest, tax
        ("ref-1", "a1", Component.RENTE, D("-1.50")),
        ("ref-1", "a1", Component.BELASTING, D("-100.00")),
        ("ref-1", "a3", Component.BELASTING, D("-30.00")),  # named second
        ("ref-1", "a2", Component.BELASTING, D("-0.50")),  # then the oldest other one
        ("ref-2", "b1", Component.KOSTEN, D("-7.00")),
        ("ref-2", "b1", Component.BELASTING, D("-80.00")),
        ("ref-3", "a2", Component.BELASTING, D("-59.50")),  # the rest (60.50) is credit
    ]
    assert {nummer[n]: (status, op, open_) for n, *_, open_, status, op in saldi} == {
        "a1": (AanslagStatus.BETAALD, DAG, D("0.00")),
        "a2": (AanslagStatus.BETAALD, DAG, D("0.00")),
        "a3": (AanslagStatus.BETAALD, DAG, D("0.00")),
        "b1": (AanslagStatus.BETAALD, DAG, D("0.00")),
        "c1": (AanslagStatus.KWIJTGESCHOLDEN, None, D("25.00")),
    }


def test_deelbetaling_laat_de_aanslag_open_met_het_juiste_saldo():
    aanslag = AanslagFactory(bedrag=D("42.00"))
    boek(
        [(aanslag.belastingplichtige, D("12.00"), [aanslag.pk])],
        "snel" if connection.vendor == "postgresql" else "algemeen",
    )
    aanslag.refresh_from_db()
    assert (aanslag.status, aanslag.afgehandeld_op, aanslag.openstaand, aanslag.open_belasting) == (
        AanslagStatus.OPEN,
        None,
        D("30.00"),
        D("30.00"),
    )
    assert selectors.saldo_uit_grootboek(aanslag=aanslag).totaal == D("30.00")

from datetime import date
from decimal import Decimal as D

import pytest

from invordering import selectors, services
from invordering.constants import AanslagStatus, Betaalbron, BetalingStatus, Boekingsoort, Component
from invordering.models import Aanslag, Betaling, Boeking
from invordering.services import Toerekening, toerekenvolgorde, verdeel
from tests.invordering.factories import AanslagFactory, BelastingplichtigeFactory

pytestmark = pytest.mark.django_db


def _betaling(bedrag, datum=date(2026, 5, 1), ref="r1", **kw):
    return Betaling.objects.create(datum=datum, bedrag=D(bedrag), bron=Betaalbron.BANK, referentie=ref, **kw)


def _kosten(aanslag, bedrag, datum=date(2026, 5, 20)):
    services.boekingen_maak(
        boekingen=[
            Boeking(
                aanslag=aanslag,
                datum=datum,
                component=Component.KOSTEN,
                soort=Boekingsoort.KOSTEN,
                bedrag=D(bedrag),
            )
        ],
        datum=datum,
    )
    aanslag.refresh_from_db()


def test_verdeel_kosten_dan_rente_dan_belasting():
    uitkomst = verdeel(
        D("30.00"),
        [(1, {Component.BELASTING: D("100.00"), Component.KOSTEN: D("18.00"), Component.RENTE: D("2.50")})],
    )
    assert uitkomst == [
        Toerekening(1, Component.KOSTEN, D("18.00")),
        Toerekening(1, Component.RENTE, D("2.50")),
        Toerekening(1, Component.BELASTING, D("9.50")),
    ]


def test_verdeel_over_aanslagen_in_volgorde_en_laat_rest_over():
    uitkomst = verdeel(
        D("150.00"),
        [(1, {Component.BELASTING: D("100.00")}), (2, {Component.BELASTING: D("20.00")})],
    )
    assert sum(t.bedrag for t in uitkomst) == D("120.00")
    assert [t.aanslag_id for t in uitkomst] == [1, 2]


@pytest.mark.parametrize(
    "genoemd, volgorde",
    [
        ([], [3, 1, 2]),  # no designation: oldest first (Leidraad Invordering 2008 art. 7)
        ([2], [2, 3, 1]),
        ([2, 3], [2, 3, 1]),  # in the order named, not by age
        ([2, 9, 2], [2, 3, 1]),  # another resident's or a closed aanslag, and repeats, are ignored
    ],
)
def test_toerekenvolgorde_eerst_wat_de_betaling_noemt_dan_de_oudste(genoemd, volgorde):
    assert toerekenvolgorde([3, 1, 2], genoemd) == volgorde


def test_saldo_is_belasting_plus_kosten_plus_rente_min_betalingen():
    aanslag = AanslagFactory(bedrag=D("300.00"))
    _kosten(aanslag, "18.00")
    assert selectors.saldo_aanslag(aanslag=aanslag).totaal == D("318.00")
    services.betaling_toerekenen(
        betaling=_betaling("100.00", belastingplichtige=aanslag.belastingplichtige), aanslagen=[aanslag]
    )
    aanslag.refresh_from_db()
    # 18 costs first, then 82 off the tax.
    assert (aanslag.open_kosten, aanslag.open_belasting, aanslag.openstaand) == (
        D("0.00"),
        D("218.00"),
        D("218.00"),
    )
    assert selectors.saldo_uit_grootboek(aanslag=aanslag) == selectors.saldo_aanslag(aanslag=aanslag)
    assert aanslag.status == AanslagStatus.OPEN


def test_volledige_betaling_sluit_aanslag_op_de_betaaldag():
    aanslag = AanslagFactory(bedrag=D("120.00"))
    services.betaling_toerekenen(betaling=_betaling("120.00", datum=date(2026, 4, 2)), aanslagen=[aanslag])
    aanslag.refresh_from_db()
    assert aanslag.status == AanslagStatus.BETAALD
    assert aanslag.afgehandeld_op == date(2026, 4, 2)
    assert aanslag.openstaand == D("0.00")


def test_eerst_genoemde_aanslag_dan_oudste_dan_tegoed():
    persoon = BelastingplichtigeFactory()
    oud = AanslagFactory(
        belastingplichtige=persoon,
        bedrag=D("50.00"),
        belastingjaar=2025,
        dagtekening=date(2025, 2, 28),
        eerste_vervaldatum=date(2025, 4, 30),
    )
    nieuw = AanslagFactory(belastingplichtige=persoon, bedrag=D("80.00"))
    nieuwst = AanslagFactory(
        belastingplichtige=persoon, bedrag=D("40.00"), eerste_vervaldatum=date(2026, 6, 30)
    )
    betaling = _betaling("200.00")
    uitkomst = services.betaling_toerekenen(betaling=betaling, aanslagen=[nieuw])
    assert [(t.aanslag_id, t.bedrag) for t in uitkomst] == [
        (nieuw.pk, D("80.00")),
        (oud.pk, D("50.00")),
        (nieuwst.pk, D("40.00")),
    ]
    assert selectors.tegoed(belastingplichtige=persoon) == D("30.00")
    assert selectors.saldo_belastingplichtige(belastingplichtige=persoon).totaal == D("0.00")
    betaling.refresh_from_db()
    assert betaling.status == BetalingStatus.TOEGEREKEND and betaling.belastingplichtige == persoon


def test_opnieuw_toerekenen_boekt_niets_dubbel():
    aanslag = AanslagFactory(bedrag=D("100.00"))
    betaling = _betaling("60.00")
    services.betaling_toerekenen(betaling=betaling, aanslagen=[aanslag])
    assert services.betaling_toerekenen(betaling=betaling, aanslagen=[aanslag]) == []
    aanslag.refresh_from_db()
    assert aanslag.openstaand == D("40.00")
    assert Boeking.objects.filter(betaling=betaling).count() == 1


def test_saldo_per_persoon_telt_alleen_open_aanslagen():
    persoon = BelastingplichtigeFactory()
    AanslagFactory(belastingplichtige=persoon, bedrag=D("100.00"))
    betaald = AanslagFactory(belastingplichtige=persoon, bedrag=D("10.00"))
    _kosten(AanslagFactory(belastingplichtige=persoon, bedrag=D("5.00")), "8.00")
    services.betaling_toerekenen(betaling=_betaling("10.00"), aanslagen=[betaald])
    saldo = selectors.saldo_belastingplichtige(belastingplichtige=persoon)
    assert (saldo.belasting, saldo.kosten, saldo.totaal) == (D("105.00"), D("8.00"), D("113.00"))


def test_betaling_van_andere_persoon_wordt_geweigerd():
    a = AanslagFactory()
    b = AanslagFactory()
    with pytest.raises(ValueError):
        services.betaling_toerekenen(betaling=_betaling("10.00"), aanslagen=[a, b])
    assert Aanslag.objects.get(pk=a.pk).openstaand == a.openstaand


def test_terugboeking_kan_niet_worden_toegerekend():
    with pytest.raises(ValueError):
        services.betaling_toerekenen(betaling=_betaling("-10.00"), aanslagen=[AanslagFactory()])


def test_saldo_bijwerken_heropent_betaalde_aanslag_bij_nieuwe_schuld():
    aanslag = AanslagFactory(bedrag=D("10.00"))
    services.betaling_toerekenen(betaling=_betaling("10.00"), aanslagen=[aanslag])
    services.boekingen_maak(
        boekingen=[
            Boeking(
                aanslag=aanslag,
                datum=date(2026, 6, 1),
                component=Component.BELASTING,
                soort=Boekingsoort.TERUGBOEKING,
                bedrag=D("10.00"),
            )
        ],
        datum=date(2026, 6, 1),
    )
    aanslag.refresh_from_db()
    assert aanslag.status == AanslagStatus.OPEN and aanslag.afgehandeld_op is None

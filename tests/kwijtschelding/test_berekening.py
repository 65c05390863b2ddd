"""Rules of the calculation beyond the worked examples: which lines qualify, order, policy knobs, rounding."""

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest
from django.db import IntegrityError

from kwijtschelding import selectors
from kwijtschelding.berekening import (
    OPMERKING_BANK,
    REDEN_ONDERNEMER,
    REDEN_ZAKELIJK,
    Belastingregel,
    Huishouden,
    Inkomstenpost,
    bereken,
    premie_uitgave,
    woonlasten_uitgave,
)
from kwijtschelding.models import Kwijtscheldingsbeleid
from kwijtschelding.selectors import GeenBeleid, verdeel_open
from tests.kwijtschelding.factories import BELEID

NORM = D("1369.06")  # kosten van bestaan 1,232.15


def _regel(nummer, bedrag, vervaldatum=date(2026, 4, 30), kwijtscheldbaar=True, zakelijk=False, volgnummer=1):
    return Belastingregel(
        aanslag_id=hash(nummer) % 1000,
        aanslagnummer=nummer,
        volgnummer=volgnummer,
        belastingsoort="afvalstoffenheffing",
        kwijtscheldbaar=kwijtscheldbaar,
        open_bedrag=D(bedrag),
        vervaldatum=vervaldatum,
        zakelijk=zakelijk,
    )


def _huishouden(inkomen="1232.15", **kwargs):
    return Huishouden(
        leefsituatie="alleenstaande", inkomsten=(Inkomstenpost("aanvrager", "loon", D(inkomen)),), **kwargs
    )


def test_woonlasten_tussen_eigen_bijdrage_en_maximale_huur():
    assert woonlasten_uitgave(D("200.00"), D("0"), BELEID) == D("0")  # below the own contribution
    assert woonlasten_uitgave(D("1200.00"), D("0"), BELEID) == D("680.44")  # capped at 932.93
    assert woonlasten_uitgave(D("1200.00"), D("400.00"), BELEID) == D("547.51")  # 800 after huurtoeslag


def test_premie_boven_normpremie_min_zorgtoeslag():
    assert premie_uitgave(D("300.00"), D("50.00"), "gehuwd", BELEID) == D("144.00")
    assert premie_uitgave(D("300.00"), D("50.00"), "alleenstaande", BELEID) == D("203.00")


def test_precies_op_de_norm_geen_capaciteit_een_cent_erboven_wel():
    regels = [_regel("A", "100.00")]
    assert bereken(
        huishouden=_huishouden(), regels=regels, bijstandsnorm=NORM, beleid=BELEID
    ).kwijtgescholden == D("100.00")
    erboven = bereken(huishouden=_huishouden("1232.16"), regels=regels, bijstandsnorm=NORM, beleid=BELEID)
    # 0.01 a month, 0.12 a year, 80% = 0.096 -> 0.10 (rounded half up to cents)
    assert (erboven.aanwendbare_capaciteit, erboven.kwijtgescholden) == (D("0.10"), D("99.90"))


def test_capaciteit_eerst_op_de_oudste_regel():
    regels = [_regel("NIEUW", "300.00"), _regel("OUD", "300.00", vervaldatum=date(2025, 4, 30))]
    uitkomst = bereken(huishouden=_huishouden("1282.15"), regels=regels, bijstandsnorm=NORM, beleid=BELEID)
    assert uitkomst.aanwendbare_capaciteit == D("480.00")  # 50 x 12 x 80%
    per_nummer = {r.aanslagnummer: (r.te_betalen, r.kwijtgescholden) for r in uitkomst.regels}
    assert per_nummer == {"OUD": (D("300.00"), D("0.00")), "NIEUW": (D("180.00"), D("120.00"))}


def test_beleid_honderd_procent_capaciteit():
    beleid = replace(BELEID, betalingscapaciteit_percentage=D("100"))
    uitkomst = bereken(
        huishouden=_huishouden("1282.15"), regels=[_regel("A", "900.00")], bijstandsnorm=NORM, beleid=beleid
    )
    assert uitkomst.aanwendbare_capaciteit == D("600.00") and uitkomst.kwijtgescholden == D("300.00")


def test_ondernemer_zakelijke_regel_en_beleid_zonder_privedeel():
    regels = [_regel("A", "100.00", volgnummer=1), _regel("A", "50.00", zakelijk=True, volgnummer=2)]
    uitkomst = bereken(
        huishouden=_huishouden(ondernemer=True), regels=regels, bijstandsnorm=NORM, beleid=BELEID
    )
    assert [r.reden for r in uitkomst.regels] == ["", REDEN_ZAKELIJK]
    assert uitkomst.kwijtgescholden == D("100.00") and uitkomst.uitkomst == "gedeeltelijk"
    geen = bereken(
        huishouden=_huishouden(ondernemer=True),
        regels=regels,
        bijstandsnorm=NORM,
        beleid=replace(BELEID, ondernemer_prive=False),
    )
    assert geen.kwijtgescholden == D("0") and {r.reden for r in geen.regels} == {REDEN_ONDERNEMER}
    # Not an entrepreneur: the mark does not matter.
    particulier = bereken(huishouden=_huishouden(), regels=regels, bijstandsnorm=NORM, beleid=BELEID)
    assert particulier.kwijtgescholden == D("150.00")


def test_vermogensverhoging_per_leefsituatie():
    beleid = replace(BELEID, vermogen_verhoging=D("2000.00"))
    for leefsituatie, verhoging in (
        ("alleenstaande", "1500.00"),
        ("alleenstaande_ouder", "1800.00"),
        ("gehuwd", "2000.00"),
    ):
        h = Huishouden(leefsituatie=leefsituatie, banktegoed=D("10000.00"))
        uitkomst = bereken(huishouden=h, regels=[], bijstandsnorm=NORM, beleid=beleid)
        assert uitkomst.vrijstelling_banktegoed == D("1232.15") + D(verhoging)
        assert OPMERKING_BANK in uitkomst.opmerkingen


def test_kinderopvang_alleen_als_het_beleid_dat_kiest():
    h = _huishouden("1332.15", kinderopvang_netto=D("100.00"))
    met = bereken(huishouden=h, regels=[_regel("A", "500.00")], bijstandsnorm=NORM, beleid=BELEID)
    zonder = bereken(
        huishouden=h,
        regels=[_regel("A", "500.00")],
        bijstandsnorm=NORM,
        beleid=replace(BELEID, kinderopvang_meetellen=False),
    )
    assert met.capaciteit_per_maand == D("0") and zonder.capaciteit_per_maand == D("100.00")


def test_geen_regels_is_afgewezen_en_breakdown_is_json():
    uitkomst = bereken(huishouden=_huishouden(), regels=[], bijstandsnorm=NORM, beleid=BELEID)
    assert uitkomst.uitkomst == "afgewezen"
    data = uitkomst.als_dict()
    assert data["rijen"][0] == {"omschrijving": "Bijstandsnorm per maand", "bedrag": "1369.06"}


def test_open_bedrag_per_regel_naar_rato():
    assert verdeel_open([D("200.00"), D("100.00")], opgelegd=D("300.00"), open_bedrag=D("100.00")) == [
        D("66.67"),
        D("33.33"),
    ]
    assert verdeel_open([D("200.00"), D("100.00")], opgelegd=D("300.00"), open_bedrag=D("300.00")) == [
        D("200.00"),
        D("100.00"),
    ]
    assert verdeel_open([D("200.00")], opgelegd=D("200.00"), open_bedrag=D("0.00")) == [D("0")]


@pytest.mark.django_db
def test_beleid_is_gevuld_en_heeft_grenzen():
    rij = selectors.beleid_op(peildatum=date(2026, 6, 1))
    assert (rij.kosten_van_bestaan_percentage, rij.betalingscapaciteit_percentage, rij.auto_grens) == (
        D("90.00"),
        D("80.00"),
        D("3350.00"),
    )
    with pytest.raises(GeenBeleid, match="31-12-2025"):
        selectors.beleid_op(peildatum=date(2025, 12, 31))
    with pytest.raises(IntegrityError):
        Kwijtscheldingsbeleid.objects.filter(pk=rij.pk).update(kosten_van_bestaan_percentage=D("85"))

"""The beslagvrije voet and repayment capacity, with the worked examples of docs/beslagvrije-voet.md."""

import re
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from invordering import beslagvrije_voet as bvv
from invordering.constants import BvvBron, Inkomensbron, Leefsituatie
from invordering.models import BvvMaximum, BvvRekenregel, Inkomensgegeven, VastgesteldeBvv
from tests.invordering.factories import BelastingplichtigeFactory

pytestmark = pytest.mark.django_db

DOC = Path(__file__).resolve().parents[2] / "docs" / "beslagvrije-voet.md"


def voorbeelden():
    tekst = DOC.read_text(encoding="utf-8")
    blok = tekst.split("<!-- voorbeelden:begin -->")[1].split("<!-- voorbeelden:end -->")[0]
    rijen = [r for r in blok.strip().splitlines()[2:] if r.startswith("|")]
    for rij in rijen:
        cellen = [c.strip() for c in rij.strip("|").split("|")]
        nummer, peildatum, leefsituatie, aow, inkomen, correcties, uitkomst, regel, _ = cellen
        kw = {}
        for deel in filter(None, (d.strip() for d in correcties.split(";"))):
            naam, waarde = deel.split("=")
            kw[naam.strip()] = D(waarde)
        yield pytest.param(
            date.fromisoformat(peildatum),
            leefsituatie,
            aow == "ja",
            D(inkomen),
            kw,
            D(uitkomst),
            regel,
            id=f"voorbeeld-{nummer}",
        )


def test_documentatie_heeft_voorbeelden_voor_elke_leefsituatie_en_elke_regel():
    rijen = list(voorbeelden())
    assert len(rijen) >= 12
    assert {r.values[1] for r in rijen} == set(Leefsituatie.values)
    assert {r.values[6] for r in rijen} == {
        bvv.TAK_ONDER_NORM,
        bvv.TAK_NORM,
        bvv.TAK_INKOMEN,
        bvv.TAK_MAXIMUM,
    }
    assert any(r.values[2] for r in rijen)  # AOW


@pytest.mark.parametrize(
    "peildatum, leefsituatie, aow, inkomen, correcties, verwacht, regel", list(voorbeelden())
)
def test_voorbeeld_uit_de_documentatie(peildatum, leefsituatie, aow, inkomen, correcties, verwacht, regel):
    assert (
        bvv.bereken(
            leefsituatie=leefsituatie, netto_maandinkomen=inkomen, peildatum=peildatum, aow=aow, **correcties
        )
        == verwacht
    )
    uitleg = bvv.berekening(
        leefsituatie=leefsituatie, netto_maandinkomen=inkomen, peildatum=peildatum, aow=aow, **correcties
    )
    assert uitleg.tak == regel
    assert uitleg.bvv == verwacht


def test_onder_de_norm_altijd_vijf_procent_te_betalen():
    for inkomen in (D("0.00"), D("100.00"), D("999.99"), D("1369.06")):
        uitkomst = bvv.bereken(
            leefsituatie="alleenstaande", netto_maandinkomen=inkomen, peildatum=date(2025, 7, 1)
        )
        assert uitkomst == (inkomen * D("0.95")).quantize(D("0.01"), rounding="ROUND_UP")
        assert inkomen - uitkomst >= (inkomen * D("0.05")).quantize(D("0.01"), rounding="ROUND_DOWN")


def test_bvv_loopt_niet_terug_als_het_inkomen_stijgt():
    vorige = D("0")
    for inkomen in range(1200, 3001, 25):
        uitkomst = bvv.bereken(
            leefsituatie="alleenstaande",
            netto_maandinkomen=D(inkomen),
            peildatum=date(2025, 7, 1),
            woonkosten=D("800.00"),
        )
        assert uitkomst >= vorige
        assert D(inkomen) - uitkomst >= 0
        vorige = uitkomst


def test_nieuwe_rij_in_de_tabel_geldt_vanaf_haar_datum():
    BvvMaximum.objects.create(
        geldig_vanaf=date(2026, 1, 1), leefsituatie="alleenstaande", bedrag=D("1400.00"), bron="test"
    )
    regel = BvvRekenregel.objects.get(geldig_vanaf=date(2025, 7, 1))
    regel.pk = None
    regel.geldig_vanaf = date(2026, 1, 1)
    regel.percentage_norm = D("90.00")
    regel.save()
    voor = bvv.bereken(
        leefsituatie="alleenstaande", netto_maandinkomen=D("2000.00"), peildatum=date(2025, 12, 31)
    )
    na = bvv.bereken(
        leefsituatie="alleenstaande", netto_maandinkomen=D("2000.00"), peildatum=date(2026, 1, 1)
    )
    assert voor == D("1300.61")
    assert na == D("1232.16")  # 90% x 1,369.06 (the 1 Jul 2025 norm still applies) = 1,232.154
    na_max = bvv.bereken(
        leefsituatie="alleenstaande",
        netto_maandinkomen=D("3000.00"),
        peildatum=date(2026, 1, 1),
        woonkosten=D("900.00"),
    )
    assert na_max == D("1400.00")


@pytest.mark.parametrize(
    "kwargs, fout",
    [
        ({"leefsituatie": "samenwonend"}, "Onbekende leefsituatie"),
        ({"netto_maandinkomen": 1500.0}, "netto_maandinkomen moet een bedrag"),
        ({"netto_maandinkomen": D("-1.00")}, "netto_maandinkomen moet een bedrag"),
        ({"woonkosten": 700}, "woonkosten moet een bedrag"),
    ],
)
def test_slechte_invoer_geeft_een_duidelijke_fout(kwargs, fout):
    args = {
        "leefsituatie": "alleenstaande",
        "netto_maandinkomen": D("1500.00"),
        "peildatum": date(2025, 7, 1),
    }
    args.update(kwargs)
    with pytest.raises(ValueError, match=fout):
        bvv.bereken(**args)


def test_onbekende_correctie_wordt_geweigerd():
    with pytest.raises(TypeError, match="Onbekende correctie 'huur'"):
        bvv.bereken(
            leefsituatie="gehuwd",
            netto_maandinkomen=D("2500.00"),
            peildatum=date(2025, 7, 1),
            huur=D("800.00"),
        )


def test_zonder_tabel_op_de_peildatum_een_duidelijke_fout():
    with pytest.raises(LookupError, match="Geen rekenregel beslagvrije voet in de tabel op 01-01-2020"):
        bvv.bereken(leefsituatie="gehuwd", netto_maandinkomen=D("2500.00"), peildatum=date(2020, 1, 1))


@pytest.mark.parametrize(
    "geboren, peildatum, verwacht",
    [
        (date(1958, 6, 15), date(2025, 6, 15), True),  # 67 on the day
        (date(1958, 6, 15), date(2025, 6, 14), False),
        (date(1960, 12, 15), date(2028, 1, 5), True),  # reached at 67 in Dec 2027
        (date(1961, 1, 10), date(2028, 2, 1), False),  # 67 and 3 months in 2028: 10 Apr 2028
        (date(1961, 1, 10), date(2028, 4, 10), True),
        (None, date(2025, 7, 1), False),
    ],
)
def test_aow_leeftijd_uit_de_tabel(geboren, peildatum, verwacht):
    tabel = bvv.tabellen(peildatum).aow_leeftijden
    assert bvv.heeft_aow_leeftijd(geboortedatum=geboren, peildatum=peildatum, tabel=tabel) is verwacht


# --- Repayment capacity ---------------------------------------------------------------------------
def _persoon(inkomen="2000.00", peildatum=date(2025, 9, 1), **kw):
    persoon = BelastingplichtigeFactory(**kw)
    if inkomen is not None:
        Inkomensgegeven.objects.create(
            belastingplichtige=persoon,
            netto_maandinkomen=D(inkomen),
            bron=Inkomensbron.LOONSTROOK,
            peildatum=peildatum,
        )
    return persoon


def test_capaciteit_is_inkomen_min_geschatte_bvv():
    persoon = _persoon()
    cap = bvv.aflossingscapaciteit(belastingplichtige=persoon, peildatum=date(2025, 9, 1))
    assert (cap.inkomen, cap.bvv, cap.bvv_bron, cap.capaciteit) == (
        D("2000.00"),
        D("1300.61"),
        bvv.BVV_SCHATTING,
        D("699.39"),
    )


def test_capaciteit_met_vastgestelde_bvv_van_de_deurwaarder():
    persoon = _persoon()
    VastgesteldeBvv.objects.create(
        belastingplichtige=persoon,
        bedrag=D("1750.00"),
        bron=BvvBron.DEURWAARDER,
        vastgesteld_op=date(2025, 8, 15),
    )
    cap = bvv.aflossingscapaciteit(belastingplichtige=persoon, peildatum=date(2025, 9, 1))
    assert (cap.bvv, cap.bvv_bron, cap.capaciteit) == (D("1750.00"), bvv.BVV_VASTGESTELD, D("250.00"))
    assert "Belastingdeurwaarder" in cap.toelichting and "15-08-2025" in cap.toelichting
    # Before the bailiff's figure and the income were known, nothing is known.
    eerder = bvv.aflossingscapaciteit(belastingplichtige=persoon, peildatum=date(2025, 8, 14))
    assert (eerder.bvv, eerder.capaciteit) == (None, None)
    assert bvv.capaciteit_voor([persoon.pk], date(2025, 9, 1))[persoon.pk].bvv == D("1750.00")


def test_capaciteit_nooit_negatief():
    persoon = _persoon()
    VastgesteldeBvv.objects.create(
        belastingplichtige=persoon,
        bedrag=D("2100.00"),
        bron=BvvBron.REKENHULP,
        vastgesteld_op=date(2025, 8, 15),
    )
    assert bvv.aflossingscapaciteit(belastingplichtige=persoon, peildatum=date(2025, 9, 1)).capaciteit == D(
        "0.00"
    )


def test_vastgestelde_bvv_vervalt_na_geldig_tot_en_nieuwste_telt():
    persoon = _persoon()
    VastgesteldeBvv.objects.create(
        belastingplichtige=persoon,
        bedrag=D("1750.00"),
        bron=BvvBron.DEURWAARDER,
        vastgesteld_op=date(2025, 8, 15),
        geldig_tot=date(2025, 9, 30),
    )
    VastgesteldeBvv.objects.create(
        belastingplichtige=persoon, bedrag=D("1600.00"), bron=BvvBron.UWV, vastgesteld_op=date(2025, 9, 10)
    )
    assert bvv.aflossingscapaciteit(belastingplichtige=persoon, peildatum=date(2025, 9, 5)).bvv == D(
        "1750.00"
    )
    assert bvv.aflossingscapaciteit(belastingplichtige=persoon, peildatum=date(2025, 9, 15)).bvv == D(
        "1600.00"
    )


def test_capaciteit_onbekend_zonder_inkomen_of_leefsituatie():
    zonder_inkomen = _persoon(inkomen=None)
    zonder_leefsituatie = _persoon(leefsituatie="")
    uitkomst = bvv.capaciteit_voor([zonder_inkomen.pk, zonder_leefsituatie.pk], date(2025, 9, 1))
    assert uitkomst[zonder_inkomen.pk].capaciteit is None
    assert uitkomst[zonder_inkomen.pk].toelichting == bvv.UITLEG_INKOMEN_ONBEKEND
    assert uitkomst[zonder_leefsituatie.pk].capaciteit is None
    assert uitkomst[zonder_leefsituatie.pk].toelichting == bvv.UITLEG_LEEFSITUATIE_ONBEKEND


def test_capaciteit_gebruikt_laatste_inkomen_aow_en_woonkosten_van_de_persoon():
    persoon = _persoon(
        inkomen="1000.00", peildatum=date(2025, 1, 10), geboortedatum=date(1950, 3, 1), woonkosten=D("700.00")
    )
    Inkomensgegeven.objects.create(
        belastingplichtige=persoon,
        netto_maandinkomen=D("1700.00"),
        bron=Inkomensbron.SVB,
        peildatum=date(2025, 8, 1),
    )
    Inkomensgegeven.objects.create(  # after the peildatum: not yet known then
        belastingplichtige=persoon,
        netto_maandinkomen=D("5000.00"),
        bron=Inkomensbron.SVB,
        peildatum=date(2025, 12, 1),
    )
    cap = bvv.aflossingscapaciteit(belastingplichtige=persoon, peildatum=date(2025, 9, 1))
    # AOW norm 1,530.21: 1,453.70 + housing 700.00 - 477.20 = 1,676.50; 5% of 1,700 bound: 1,615.00.
    assert (cap.inkomen, cap.inkomen_peildatum, cap.bvv, cap.capaciteit) == (
        D("1700.00"),
        date(2025, 8, 1),
        D("1615.00"),
        D("85.00"),
    )


def test_capaciteit_voor_is_set_based(django_assert_max_num_queries):
    klein = [_persoon().pk for _ in range(3)]
    groot = klein + [_persoon(inkomen=str(1000 + i)).pk for i in range(40)]
    with django_assert_max_num_queries(7):
        uitkomst_klein = bvv.capaciteit_voor(klein, date(2025, 9, 1))
    with django_assert_max_num_queries(7):
        uitkomst_groot = bvv.capaciteit_voor(groot, date(2025, 9, 1))
    assert len(uitkomst_klein) == 3 and len(uitkomst_groot) == 43
    assert uitkomst_groot[groot[-1]].capaciteit == D("1039.00") - D("987.05")  # 95% x 1,039.00 below the norm
    assert re.search(r"schatting|Geschatte", uitkomst_groot[klein[0]].toelichting)


def test_bvv_vastleggen_controleert_en_overschrijft_de_schatting():
    persoon = _persoon()
    with pytest.raises(ValueError, match="bedrag moet een bedrag"):
        bvv.bvv_vastleggen(
            belastingplichtige=persoon,
            bedrag=1750.0,
            bron=BvvBron.DEURWAARDER,
            vastgesteld_op=date(2025, 8, 15),
        )
    with pytest.raises(ValueError, match="laatste geldige dag"):
        bvv.bvv_vastleggen(
            belastingplichtige=persoon,
            bedrag=D("1750.00"),
            bron=BvvBron.DEURWAARDER,
            vastgesteld_op=date(2025, 8, 15),
            geldig_tot=date(2025, 8, 1),
        )
    with pytest.raises(Exception, match="bron"):
        bvv.bvv_vastleggen(
            belastingplichtige=persoon, bedrag=D("1750.00"), bron="buurman", vastgesteld_op=date(2025, 8, 15)
        )
    bvv.bvv_vastleggen(
        belastingplichtige=persoon,
        bedrag=D("1750.00"),
        bron=BvvBron.DEURWAARDER,
        vastgesteld_op=date(2025, 8, 15),
    )
    assert bvv.aflossingscapaciteit(belastingplichtige=persoon, peildatum=date(2025, 9, 1)).capaciteit == D(
        "250.00"
    )

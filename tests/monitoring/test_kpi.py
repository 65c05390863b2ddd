"""Each KPI on the known data set (tests/monitoring/gegevens.py) with the exact expected figure."""

from datetime import date
from decimal import Decimal as D

import pytest

from monitoring import selectors
from monitoring.kader import DIMENSIES, TOTAAL
from monitoring.periodes import OngeldigePeriode, Periode, periode_uit_query
from monitoring.rapport import maandtrend

from .gegevens import JAAR, bekende_gegevens

pytestmark = pytest.mark.django_db

JAAR_2026 = Periode.jaar(JAAR)
TOT = DIMENSIES["totaal"]
PLAATS = DIMENSIES["woonplaats"]


@pytest.fixture
def bekend():
    return bekende_gegevens()


def test_aanslagen_en_betalingen(bekend):
    t = selectors.kpi_aanslagen(periode=JAAR_2026, dimensie=TOT)
    assert [r.groep for r in t.rijen] == [TOTAAL]
    assert t.waarde("opgelegd") == 4
    assert t.waarde("opgelegd_bedrag") == D("750.00")
    assert t.waarde("inwoners") == 4
    assert t.waarde("op_tijd") == 1
    assert t.waarde("op_tijd_pct") == D("25.0")
    assert t.waarde("nu_open") == 1
    assert t.waarde("nu_open_bedrag") == D("100.00")
    assert t.waarde("ontvangen") == D("446.00")  # 300 + 100 + 46


def test_aanslagen_per_woonplaats_en_totaalrij(bekend):
    t = selectors.kpi_aanslagen(periode=JAAR_2026, dimensie=PLAATS)
    assert [r.groep for r in t.rijen] == ["Kampen", "Zwolle"]
    assert t.waarde("opgelegd", "Zwolle") == 2
    assert t.waarde("opgelegd_bedrag", "Zwolle") == D("450.00")
    assert t.waarde("op_tijd_pct", "Zwolle") == D("50.0")
    assert t.waarde("op_tijd_pct", "Kampen") == D("0.0")
    assert t.waarde("ontvangen", "Kampen") == D("100.00")
    # The total row adds the groups and recomputes the percentage from the summed counts.
    assert t.totaal.waarde("opgelegd") == 4
    assert t.totaal.waarde("op_tijd_pct") == D("25.0")


def test_aanslagen_per_wijk_en_klantgroep(bekend):
    t = selectors.kpi_aanslagen(periode=JAAR_2026, dimensie=DIMENSIES["wijk"])
    assert [r.groep for r in t.rijen] == ["8011", "8012", "8261", "8262"]
    t = selectors.kpi_aanslagen(periode=JAAR_2026, dimensie=DIMENSIES["klantgroep"])
    assert t.waarde("op_tijd", "betaalt_op_tijd") == 1
    assert t.waarde("opgelegd", "meerjarige_achterstand") == 1


def test_kosten_invorderbaten(bekend):
    t = selectors.kpi_kosten(periode=JAAR_2026, dimensie=TOT)
    assert t.waarde("opgelegd") == D("64.00")
    assert t.waarde("inwoners") == 2
    assert t.waarde("ontvangen") == D("46.00")
    assert t.waarde("vervallen") == D("18.00")
    assert t.waarde("afgeboekt") == D("0.00")
    assert t.waarde("opgelegd_vj") == D("0.00")
    assert t.waarde("opgelegd_verschil") is None  # no base last year: no percentage


def test_kwijtschelding_en_oninbaar_tegen_vorig_jaar(bekend):
    t = selectors.kpi_afboekingen(periode=JAAR_2026, dimensie=TOT)
    assert t.waarde("kwijtgescholden") == D("150.00")
    assert t.waarde("kwijt_inwoners") == 1
    assert t.waarde("oninbaar") == D("100.00")
    assert t.waarde("oninbaar_inwoners") == 1
    assert t.waarde("oninbaar_vj") == D("80.00")
    assert t.waarde("oninbaar_verschil") == D("25.0")
    t = selectors.kpi_afboekingen(periode=Periode.jaar(2025), dimensie=TOT)
    assert t.waarde("oninbaar") == D("80.00")
    assert t.waarde("kwijtgescholden") == D("0.00")


def test_regelingen(bekend):
    t = selectors.kpi_regelingen(periode=JAAR_2026, dimensie=TOT)
    assert t.waarde("gestart") == 2
    assert t.waarde("gestart_inwoners") == 2
    assert t.waarde("gestart_bedrag") == D("160.00")
    assert t.waarde("afgerond") == 1
    assert t.waarde("vervallen") == 1
    assert t.waarde("beeindigd") == 0
    assert t.waarde("afgerond_pct") == D("50.0")
    assert t.waarde("lopend_einde") == 1
    # On 31 May only A's plan had started in 2026 and C's had lapsed; none ran at the end.
    t = selectors.kpi_regelingen(periode=Periode(date(2026, 1, 1), date(2026, 5, 31)), dimensie=TOT)
    assert (t.waarde("gestart"), t.waarde("lopend_einde")) == (1, 0)


def test_kwijtschelding_verzoeken_besluiten_hertoets(bekend):
    t = selectors.kpi_kwijtschelding(periode=JAAR_2026, dimensie=TOT)
    assert t.waarde("ingediend") == 2  # the re-test's own request is not a resident's request
    assert t.waarde("ingediend_inwoners") == 2
    assert t.waarde("besluiten") == 3
    assert t.waarde("toegewezen") == 2
    assert t.waarde("gedeeltelijk") == 0
    assert t.waarde("afgewezen") == 1
    assert t.waarde("verleend_pct") == D("66.7")
    assert t.waarde("bedrag") == D("190.00")
    assert t.waarde("automatisch") == 1
    assert t.waarde("hertoets") == 2
    assert t.waarde("hertoets_toegewezen") == 1
    assert t.waarde("hertoets_onbekend") == 1


def test_contact_bereik(bekend):
    t = selectors.kpi_contact(periode=JAAR_2026, dimensie=TOT)
    assert t.waarde("gebeld") == 4
    assert t.waarde("gebeld_inwoners") == 3
    assert t.waarde("bereikt_inwoners") == 2
    assert t.waarde("bereik_pct") == D("66.7")
    assert (t.waarde("wil_wel"), t.waarde("kan_niet"), t.waarde("wil_niet")) == (1, 1, 0)
    assert t.waarde("huisbezoek") == 1
    assert t.waarde("huisbezoek_bereikt") == 1
    assert t.waarde("inkomend") == 1
    assert t.waarde("contact_inwoners") == 4
    # The call late on 31-12-2025 (local time) belongs to 2025.
    t = selectors.kpi_contact(periode=Periode.jaar(2025), dimensie=TOT)
    assert t.waarde("gebeld") == 1


def test_taken_over_deadline(bekend):
    t = selectors.kpi_taken(periode=JAAR_2026, dimensie=TOT)
    assert t.waarde("aangemaakt") == 4
    assert t.waarde("met_deadline") == 3
    assert t.waarde("op_tijd") == 1
    assert t.waarde("te_laat") == 1
    assert t.waarde("open_over") == 1
    assert t.waarde("over_deadline") == 2
    assert t.waarde("over_pct") == D("66.7")


def test_pauzes(bekend):
    t = selectors.kpi_pauzes(periode=JAAR_2026, dimensie=TOT)
    assert t.waarde("gestart") == 2
    assert t.waarde("gestart_inwoners") == 2
    assert t.waarde("reden_betalingsregeling") == 1
    assert t.waarde("reden_kwijtschelding") == 1
    assert t.waarde("reden_adempauze") == 0
    assert t.waarde("actief_einde") == 1
    t = selectors.kpi_pauzes(periode=Periode(date(2026, 1, 1), date(2026, 1, 31)), dimensie=TOT)
    assert (t.waarde("gestart"), t.waarde("actief_einde")) == (0, 1)  # D's adempauze ran until 1 Feb


def test_maandtrend(bekend):
    t = maandtrend(periode=JAAR_2026)
    per_maand = {r.groep: r.waarden for r in t.rijen}
    assert len(per_maand) == 12
    assert per_maand["2026-04"]["ontvangen"] == D("300.00")
    assert per_maand["2026-06"]["ontvangen"] == D("100.00")
    assert per_maand["2026-06"]["kosten"] == D("46.00")
    assert per_maand["2026-05"]["gebeld"] == 2
    assert per_maand["2026-06"]["regelingen"] == 1


def test_lege_periode_geeft_nullen():
    t = selectors.kpi_contact(periode=JAAR_2026, dimensie=TOT)
    assert t.waarde("gebeld") == 0
    assert t.waarde("bereik_pct") is None


@pytest.mark.parametrize(
    ("query", "verwacht"),
    [
        ({}, Periode(date(2026, 1, 1), date(2026, 11, 22))),
        ({"jaar": "2025"}, Periode.jaar(2025)),
        ({"van": "2026-03-01", "tot": "2026-03-31"}, Periode.maand(2026, 3)),
    ],
)
def test_periode_uit_query(query, verwacht):
    assert periode_uit_query(query, vandaag=date(2026, 11, 23)) == verwacht


@pytest.mark.parametrize(
    ("query", "tekst"),
    [
        ({"van": "2026-13-01"}, "'2026-13-01' in 'van'"),
        ({"van": "2026-05-01", "tot": "2026-04-01"}, "ligt na de einddatum"),
        ({"jaar": "abc"}, "'abc' in 'jaar'"),
        ({"van": "2015-01-01", "tot": "2026-01-01"}, "vijf jaar"),
    ],
)
def test_ongeldige_periode_noemt_het_veld(query, tekst):
    with pytest.raises(OngeldigePeriode, match=tekst):
        periode_uit_query(query, vandaag=date(2026, 11, 23))


def test_vorig_jaar_schrikkeldag():
    assert Periode(date(2028, 2, 1), date(2028, 2, 29)).vorig_jaar() == Periode(
        date(2027, 2, 1), date(2027, 2, 28)
    )

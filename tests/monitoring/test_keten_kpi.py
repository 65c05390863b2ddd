"""The chain KPIs on the known data set plus known chain facts, with exact expected figures."""

from decimal import Decimal as D

import pytest

from monitoring import keten_kpi
from monitoring.kader import DIMENSIES
from monitoring.periodes import Periode

from .gegevens import bekende_gegevens, keten_gegevens

pytestmark = pytest.mark.django_db

JAAR = Periode.jaar(2026)
TOT = DIMENSIES["totaal"]


@pytest.fixture
def bekend():
    b = bekende_gegevens()
    keten_gegevens(b)
    return b


def test_stappen_per_soort_tegen_vorig_jaar(bekend):
    t = keten_kpi.kpi_keten(periode=JAAR, dimensie=TOT)
    assert t.waarde("herinneringen") == 5
    assert t.waarde("aanmaningen") == 2
    assert t.waarde("aanmaningen_vj") == 1
    assert t.waarde("aanmaningen_verschil") == D("100.0")
    assert t.waarde("dwangbevelen") == 1
    assert t.waarde("dwangbevelen_verschil") == D("0.0")
    assert (t.waarde("hernieuwde_bevelen"), t.waarde("deurwaarder")) == (0, 0)
    assert t.waarde("dwang_inwoners") == 1
    assert t.waarde("sociaal_spoor") == 1
    assert t.waarde("inwoners") == 4
    assert t.waarde("kosten") == D("64.00")
    assert t.waarde("kosten_niet") == D("18.00")


def test_stappen_per_variant_gebruiken_het_beleid_van_het_feit(bekend):
    t = keten_kpi.kpi_keten(periode=JAAR, dimensie=DIMENSIES["variant"])
    assert [r.groep for r in t.rijen] == ["Proef bellen", "Sociaal"]
    assert (t.waarde("aanmaningen", "Proef bellen"), t.waarde("dwangbevelen", "Proef bellen")) == (1, 1)
    assert (t.waarde("aanmaningen", "Sociaal"), t.waarde("dwangbevelen", "Sociaal")) == (1, 0)
    assert t.waarde("dwangbevelen_vj", "Sociaal") == 1


def test_niet_escaleren_en_bvv_poort(bekend):
    t = keten_kpi.kpi_niet_escaleren(periode=JAAR, dimensie=TOT)
    assert t.waarde("besluiten") == 1  # one aanslag, three decisions
    assert t.waarde("reden_beslagvrije_voet") == 1
    assert t.waarde("reden_pauze") == 1
    assert t.waarde("reden_open_taak") == 0
    assert t.waarde("dwang_voorkomen") == 1
    assert t.waarde("dwang_voorkomen_inwoners") == 1


def test_contact_voor_dwangbevel(bekend):
    t = keten_kpi.kpi_contact_voor_dwangbevel(periode=JAAR, dimensie=TOT)
    assert t.waarde("dwangbevelen") == 1
    assert t.waarde("met_poging") == 1
    assert t.waarde("contact_pct") == D("100.0")
    # Last year's dwangbevel for D (01-07-2025): D was only called in 2026, so no contact before it.
    t = keten_kpi.kpi_contact_voor_dwangbevel(periode=Periode.jaar(2025), dimensie=TOT)
    assert (t.waarde("dwangbevelen"), t.waarde("met_poging"), t.waarde("poging_pct")) == (1, 0, D("0.0"))


def test_trechter_en_betaald_na_herinnering(bekend):
    t = keten_kpi.kpi_trechter(periode=JAAR, dimensie=TOT)
    assert t.waarde("aanslagen") == 5
    assert t.waarde("herinnering") == 4
    assert t.waarde("inwoners_herinnering") == 4
    assert t.waarde("betaald_na_herinnering") == 1
    assert t.waarde("betaald_na_herinnering_pct") == D("25.0")
    assert t.waarde("aanmaning") == 2
    assert t.waarde("vooraankondiging") == 0
    assert t.waarde("dwangbevel") == 1


def test_andere_cijfers_per_variant_van_de_inwoner(bekend):
    from monitoring import selectors

    t = selectors.kpi_contact(periode=JAAR, dimensie=DIMENSIES["variant"])
    # C's latest chain fact is under the pilot; A, B and D under 'Sociaal'.
    assert t.waarde("gebeld_inwoners", "Proef bellen") == 1
    assert t.waarde("gebeld_inwoners", "Sociaal") == 2

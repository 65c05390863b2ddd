"""The early-warning KPIs on a known data set built with the vroegsignalering services
(tests/monitoring/gegevens.py, ``bekende_signalen``), each with the exact expected figure."""

from datetime import date
from decimal import Decimal as D

import pytest

from monitoring.kader import DIMENSIES, TOTAAL
from monitoring.keten_kpi import GEEN_KETEN
from monitoring.periodes import Periode
from monitoring.signaal_kpi import kpi_vroegsignalering
from vroegsignalering.constants import SignaalStatus
from vroegsignalering.models import Signaal

from .gegevens import JAAR, bekende_signalen

pytestmark = pytest.mark.django_db

JAAR_2026 = Periode.jaar(JAAR)


@pytest.fixture
def signalen():
    return bekende_signalen()


@pytest.fixture
def totaal(signalen):
    return kpi_vroegsignalering(periode=JAAR_2026, dimensie=DIMENSIES["totaal"])


def test_de_gegevens_volgen_de_echte_stroom(signalen):
    # The data set is what the services made of it, not rows written by hand.
    statussen = {
        (s.belastingplichtige_id, s.datum): (s.status, s.warme_overdracht, s.geexporteerd_op)
        for s in Signaal.objects.all()
    }
    assert statussen == {
        (signalen.e.pk, date(2025, 10, 1)): (SignaalStatus.AFGEROND, True, date(2025, 10, 2)),
        (signalen.e.pk, date(2026, 2, 2)): (SignaalStatus.AFGEROND, True, date(2026, 2, 3)),
        (signalen.f.pk, date(2026, 4, 1)): (SignaalStatus.AFGEROND, True, date(2026, 4, 2)),
        (signalen.g.pk, date(2026, 5, 20)): (SignaalStatus.GEEXPORTEERD, False, date(2026, 5, 21)),
        (signalen.h.pk, date(2026, 12, 20)): (SignaalStatus.GEREED, True, None),
    }


def test_signalen_ontstaan(totaal):
    assert [r.groep for r in totaal.rijen] == [TOTAAL]
    assert totaal.waarde("ontstaan") == 4  # E, F, G, H


def test_signalen_doorgegeven(totaal):
    assert totaal.waarde("doorgegeven") == 3  # E, F, G (H not yet)
    assert totaal.waarde("doorgegeven_inwoners") == 3
    assert totaal.waarde("doorgegeven_warm") == 2  # E and F were referrals, G a criteria signal


def test_opgepakt(totaal):
    assert totaal.waarde("opgepakt") == 1  # E


def test_adempauzes(totaal):
    assert totaal.waarde("adempauze") == 1  # F


def test_hulp_aanvaard(totaal):
    assert totaal.waarde("hulp_aanvaard") == 1  # E
    # Of the signals SHV closed in the period (E help accepted, F not taken up).
    assert totaal.waarde("hulp_aanvaard_pct") == D("50.0")


def test_niet_opgepakt(totaal):
    assert totaal.waarde("niet_opgepakt") == 1  # F in 2026; E's 2025 one counts last year


def test_warme_verwijzingen(totaal):
    assert totaal.waarde("verwijzingen") == 3  # E, F, H
    assert totaal.waarde("verwijzingen_inwoners") == 3


def test_tegen_vorig_jaar(totaal):
    # 2025: E referred, passed on, not taken up.
    assert totaal.waarde("doorgegeven_vj") == 1
    assert totaal.waarde("doorgegeven_verschil") == D("200.0")
    assert totaal.waarde("hulp_aanvaard_vj") == 0
    assert totaal.waarde("hulp_aanvaard_verschil") is None  # no base last year
    assert totaal.waarde("niet_opgepakt_vj") == 1
    assert totaal.waarde("niet_opgepakt_verschil") == D("0.0")
    assert totaal.waarde("verwijzingen_vj") == 1
    assert totaal.waarde("verwijzingen_verschil") == D("200.0")


def test_vorig_jaar_zelf(signalen):
    t = kpi_vroegsignalering(periode=Periode.jaar(2025), dimensie=DIMENSIES["totaal"])
    assert (t.waarde("ontstaan"), t.waarde("doorgegeven"), t.waarde("niet_opgepakt")) == (1, 1, 1)
    assert (t.waarde("opgepakt"), t.waarde("hulp_aanvaard"), t.waarde("verwijzingen")) == (0, 0, 1)


def test_per_woonplaats(signalen):
    t = kpi_vroegsignalering(periode=JAAR_2026, dimensie=DIMENSIES["woonplaats"])
    assert [r.groep for r in t.rijen] == ["Kampen", "Zwolle"]
    # Zwolle: E and G.
    assert [
        t.waarde(k, "Zwolle")
        for k in ("ontstaan", "doorgegeven", "opgepakt", "hulp_aanvaard", "niet_opgepakt", "verwijzingen")
    ] == [2, 2, 1, 1, 0, 1]
    assert t.waarde("hulp_aanvaard_pct", "Zwolle") == D("100.0")
    assert t.waarde("doorgegeven_vj", "Zwolle") == 1
    # Kampen: F and H.
    assert [
        t.waarde(k, "Kampen")
        for k in ("ontstaan", "doorgegeven", "adempauze", "niet_opgepakt", "verwijzingen")
    ] == [2, 1, 1, 1, 2]
    assert t.waarde("hulp_aanvaard_pct", "Kampen") == D("0.0")
    assert t.waarde("doorgegeven_verschil", "Kampen") is None
    # The total row is the sum of the groups.
    assert t.totaal.waarde("doorgegeven") == 3
    assert t.totaal.waarde("hulp_aanvaard_pct") == D("50.0")


def test_per_wijk_en_klantgroep(signalen):
    t = kpi_vroegsignalering(periode=JAAR_2026, dimensie=DIMENSIES["wijk"])
    assert [r.groep for r in t.rijen] == ["8011", "8012", "8261", "8262"]
    assert t.waarde("hulp_aanvaard", "8011") == 1
    assert t.waarde("doorgegeven", "8012") == 1
    assert t.waarde("verwijzingen", "8262") == 1
    t = kpi_vroegsignalering(periode=JAAR_2026, dimensie=DIMENSIES["klantgroep"])
    assert t.waarde("verwijzingen", "vergeet") == 2  # F and H
    assert t.waarde("adempauze", "vergeet") == 1
    assert t.waarde("doorgegeven", "meerjarige_achterstand") == 1


def test_per_variant(signalen):
    # The variant of a non-chain fact is that of the resident's latest chain step: G's pilot.
    t = kpi_vroegsignalering(periode=JAAR_2026, dimensie=DIMENSIES["variant"])
    assert [r.groep for r in t.rijen] == [GEEN_KETEN, "Proef bellen"]
    assert (t.waarde("ontstaan", "Proef bellen"), t.waarde("doorgegeven", "Proef bellen")) == (1, 1)
    assert t.waarde("verwijzingen", "Proef bellen") == 0
    assert (t.waarde("ontstaan", GEEN_KETEN), t.waarde("verwijzingen", GEEN_KETEN)) == (3, 3)

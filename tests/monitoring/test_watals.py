"""What-if: the replay with the policy in force equals a real run, the other policy differs as its
knobs say, and nothing of the real data changes."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.urls import reverse

from invordering.keten.run import keten_draaien
from invordering.models import Boeking, Ketenstand, Ketenstap, Taak
from monitoring.kader import DIMENSIES
from monitoring.keten_kpi import kpi_keten
from monitoring.periodes import Periode
from monitoring.watals import beleid_kiezen, wat_als
from tests.invordering.factories import AanslagFactory, BelastingplichtigeFactory

pytestmark = pytest.mark.django_db

PERIODE = Periode(date(2026, 5, 1), date(2026, 7, 15))


@pytest.fixture
def open_aanslagen():
    """Three residents who do not pay an aanslag of 300 due on 30-04-2026 (no income known)."""
    return [
        AanslagFactory(belastingplichtige=BelastingplichtigeFactory(), bedrag=D("300.00")) for _ in range(3)
    ]


def _staat():
    return (
        list(Ketenstap.objects.order_by("id").values_list("sleutel", flat=True)),
        list(Boeking.objects.order_by("id").values_list("id", "bedrag")),
        list(Taak.objects.order_by("id").values_list("id", "status")),
        list(Ketenstand.objects.order_by("aanslag_id").values_list("aanslag_id", "fase")),
    )


def test_wat_als_klassiek(open_aanslagen):
    # The chain already ran until 15 May for real: the what-if rewinds from 1 May.
    dag = date(2026, 4, 1)
    while dag <= date(2026, 5, 15):
        keten_draaien(datum=dag)
        dag += timedelta(days=1)
    voor = _staat()
    uitkomst = wat_als(periode=PERIODE, beleid=beleid_kiezen(naam="Klassiek", datum=PERIODE.van))
    assert _staat() == voor  # nothing real changed
    rijen = {r.groep: r.waarden for r in uitkomst.tabel.rijen}
    dwang = rijen["De keten: stappen per soort: dwangbevelen"]
    # Classic: no calls before the dwangbevel, so each of the three unpaid aanslagen gets one.
    assert dwang["ander"] == 3
    assert dwang["nu"] < dwang["ander"]
    assert rijen["De keten: stappen per soort: aanmaningen"]["ander"] == 3

    # The replay with the policy in force equals what a real run over the period stores.
    dag = date(2026, 5, 16)
    while dag <= PERIODE.tot:
        keten_draaien(datum=dag)
        dag += timedelta(days=1)
    echt = kpi_keten(periode=PERIODE, dimensie=DIMENSIES["totaal"])
    for sleutel in ("herinneringen", "aanmaningen", "dwangbevelen", "kosten"):
        assert rijen[f"De keten: stappen per soort: {echt.kolom(sleutel).label}"]["nu"] == echt.waarde(
            sleutel
        )


def test_wat_als_onbekend_beleid_noemt_de_keuzes():
    with pytest.raises(LookupError, match="Klassiek, Standaard"):
        beleid_kiezen(naam="Bestaat niet", datum=date(2026, 5, 1))


def test_wat_als_te_lange_periode():
    from invordering.models import Invorderingsbeleid

    with pytest.raises(ValueError, match="hoogstens 10 dagen"):
        wat_als(periode=PERIODE, beleid=Invorderingsbeleid.objects.first(), max_dagen=10)


def test_wat_als_pagina(client, django_user_model, open_aanslagen):
    from invordering import rollen

    from .test_views import gebruiker_met_rol

    client.force_login(gebruiker_met_rol(django_user_model, rollen.TEAMLEIDER))
    url = reverse("monitoring:wat_als")
    assert client.get(url).status_code == 200
    antwoord = client.post(url, {"van": "2026-05-01", "tot": "2026-06-30", "beleid": "Klassiek"})
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "Wat als: Klassiek" in html
    assert Ketenstap.objects.count() == 0

"""Pilot comparison on the known data set with chain facts under 'Sociaal' and 'Proef bellen'."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from invordering import rollen
from monitoring.periodes import Periode
from monitoring.proef import vergelijk
from monitoring.rapport import rapport_maak

from .gegevens import bekende_gegevens, keten_gegevens
from .test_views import gebruiker_met_rol

pytestmark = pytest.mark.django_db


@pytest.fixture
def bekend():
    b = bekende_gegevens()
    keten_gegevens(b)
    return b


def _rij(tabel, bron):
    return next(r for r in tabel.rijen if r.waarden["_bron"] == bron)


def test_vergelijking_met_inwoners_en_per_duizend(bekend):
    r = rapport_maak(periode=Periode.jaar(2026), dimensie="variant")
    v = vergelijk(r, a="Sociaal", b="Proef bellen")
    # Residents with a chain step in 2026: A, B, D under 'Sociaal', C under the pilot.
    assert (v.grootte_a, v.grootte_b) == (3, 1)
    keten = next(t for t in v.tabellen if t.sleutel == "keten")
    dwang = _rij(keten, "dwangbevelen")
    assert (dwang.waarde("a"), dwang.waarde("b"), dwang.waarde("verschil")) == (0, 1, 1)
    assert (dwang.waarde("a_per_1000"), dwang.waarde("b_per_1000")) == (D("0.0"), D("1000.0"))
    assert (dwang.waarde("inwoners_a"), dwang.waarde("inwoners_b")) == (3, 1)
    aanmaning = _rij(keten, "aanmaningen")
    assert aanmaning.waarde("a_per_1000") == D("333.3")
    kosten = _rij(keten, "kosten")
    assert (kosten.waarde("a"), kosten.waarde("b"), kosten.waarde("a_per_1000")) == (
        D("18.00"),
        D("46.00"),
        None,
    )


def test_proef_pagina_en_export(client, django_user_model, bekend):
    client.force_login(gebruiker_met_rol(django_user_model, rollen.TEAMLEIDER))
    url = reverse("monitoring:proef")
    html = client.get(url, {"jaar": "2026", "a": "Sociaal", "b": "Proef bellen"}).content.decode()
    assert "A = Sociaal: 3 inwoners met een ketenstap. B = Proef bellen: 1 inwoners" in html
    assert 'id="grafiek-proef"' in html
    csv = client.get(url, {"jaar": "2026", "a": "Sociaal", "b": "Proef bellen", "formaat": "csv"})
    regels = csv.content.decode("utf-8-sig").splitlines()
    assert any(r.startswith("dwangbevelen;0;1;1;0,0;1000,0;3;1") for r in regels)
    xlsx = client.get(url, {"jaar": "2026", "formaat": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_vroegsignalering_per_variant(bekend):
    from .gegevens import bekende_signalen

    bekende_signalen()  # G's aanslag had a step under the pilot: B now has C and G
    r = rapport_maak(periode=Periode.jaar(2026), dimensie="variant")
    v = vergelijk(r, a="Sociaal", b="Proef bellen")
    assert (v.grootte_a, v.grootte_b) == (3, 2)
    signalen = next(t for t in v.tabellen if t.sleutel == "vroegsignalering")
    doorgegeven = _rij(signalen, "doorgegeven")
    # Only G (the pilot) was passed on; the 'Sociaal' residents A, B, D have no signal at all, so no figure.
    assert (doorgegeven.waarde("a"), doorgegeven.waarde("b"), doorgegeven.waarde("verschil")) == (None, 1, 1)
    assert (doorgegeven.waarde("a_per_1000"), doorgegeven.waarde("b_per_1000")) == (None, D("500.0"))
    assert (doorgegeven.waarde("inwoners_a"), doorgegeven.waarde("inwoners_b")) == (None, 1)

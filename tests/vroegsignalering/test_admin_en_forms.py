from datetime import date

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group

from invordering.rollen import FUNCTIONEEL_BEHEER, MEDEWERKER, rollen_bijwerken
from tests.invordering.factories import BelastingplichtigeFactory
from vroegsignalering import deurwaarder, uitwisseling
from vroegsignalering.constants import SignaalStatus, Uitkomst
from vroegsignalering.forms import KanNietBetalenForm, TerugkoppelingForm, VerwijzingForm
from vroegsignalering.models import Terugkoppeling, Verwijzing

from .conftest import persoon_met_achterstand

D1 = date(2026, 5, 20)


def test_admin_pagina_s_laden_met_gegevens(beleid, client, django_user_model, tmp_path):
    p = persoon_met_achterstand("100.00")
    form = VerwijzingForm({"toelichting": "Warm.", "toestemming": "on"}, belastingplichtige=p, datum=D1)
    assert form.is_valid()
    verwijzing = form.opslaan()
    uitwisseling.signalen_exporteren(datum=D1, uit=tmp_path / "s.csv")
    TerugkoppelingForm(
        {"signaal": verwijzing.signaal.pk, "uitkomst": "opgepakt", "datum": "2026-05-21"},
        vandaag=D1.replace(day=22),
    ).is_valid()
    deurwaarder.overdracht_maak(aanslagen=list(p.aanslagen.all()), datum=D1, uit=tmp_path / "o.json")
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "x"))
    for model in admin.site._registry:
        meta = model._meta
        if meta.app_label != "vroegsignalering":
            continue
        assert client.get(f"/admin/vroegsignalering/{meta.model_name}/").status_code == 200, meta.label
        obj = model.objects.first()
        if obj is not None:
            assert (
                client.get(f"/admin/vroegsignalering/{meta.model_name}/{obj.pk}/change/").status_code == 200
            )


def test_verwijzingform_zonder_toestemming_noemt_het_veld(beleid):
    p = BelastingplichtigeFactory()
    form = VerwijzingForm({"toelichting": "Warm."}, belastingplichtige=p, datum=D1)
    assert form.is_valid()
    assert form.opslaan() is None
    assert "toestemming" in form.errors
    assert not Verwijzing.objects.exists()


def test_terugkoppelingform(beleid, tmp_path):
    p = persoon_met_achterstand("100.00")
    form = VerwijzingForm({"toelichting": "Warm.", "toestemming": "on"}, belastingplichtige=p, datum=D1)
    form.is_valid()
    signaal = form.opslaan().signaal
    toekomst = TerugkoppelingForm(
        {"signaal": signaal.pk, "uitkomst": "adempauze", "datum": "2026-05-30"}, vandaag=D1
    )
    assert not toekomst.is_valid() and "signaal" in toekomst.errors  # not passed on yet
    uitwisseling.signalen_exporteren(datum=D1, uit=tmp_path / "s.csv")
    toekomst = TerugkoppelingForm(
        {"signaal": signaal.pk, "uitkomst": "adempauze", "datum": "2026-05-30"}, vandaag=D1
    )
    assert not toekomst.is_valid() and "datum" in toekomst.errors
    goed = TerugkoppelingForm(
        {"signaal": signaal.pk, "uitkomst": "adempauze", "datum": "2026-05-20"}, vandaag=D1
    )
    assert goed.is_valid(), goed.errors
    t = goed.opslaan()
    assert (t.uitkomst, t.bron) == (Uitkomst.ADEMPAUZE, "medewerker")
    assert Terugkoppeling.objects.count() == 1
    signaal.refresh_from_db()
    assert signaal.status == SignaalStatus.IN_BEHANDELING
    assert "reden" not in TerugkoppelingForm.base_fields


def test_kan_niet_betalen_form(beleid):
    p = persoon_met_achterstand("100.00")
    form = KanNietBetalenForm({"toelichting": ""})
    assert form.is_valid()
    assert form.opslaan(belastingplichtige=p, datum=D1).taak.soort == "terugbelverzoek"


@pytest.mark.django_db
def test_rollen_krijgen_rechten_op_vroegsignalering():
    rollen_bijwerken()
    beheer = set(Group.objects.get(name=FUNCTIONEEL_BEHEER).permissions.values_list("codename", flat=True))
    medewerker = set(Group.objects.get(name=MEDEWERKER).permissions.values_list("codename", flat=True))
    assert {"change_signaalbeleid", "add_signaalcriterium"} <= beheer
    assert {"view_signaal", "add_terugkoppeling", "add_verwijzing"} <= medewerker
    assert "change_signaal" not in medewerker

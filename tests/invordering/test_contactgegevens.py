"""Changing a resident's contact details: only contact fields, all or nothing, history with old values."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError

from invordering import services
from invordering.constants import Bron
from invordering.models import Belastingplichtige, Gegevenswijziging
from tests.invordering.factories import BelastingplichtigeFactory

pytestmark = pytest.mark.django_db

TIJD = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def wijzig(persoon, **wijzigingen):
    return services.contactgegevens_wijzigen(
        belastingplichtige=persoon, wijzigingen=wijzigingen, tijdstip=TIJD, bron=Bron.PORTAAL
    )


def test_alleen_wat_verandert_komt_in_de_geschiedenis():
    persoon = BelastingplichtigeFactory(telefoon="0612345678", email="")
    veranderd = wijzig(persoon, telefoon="0612345678", email="jan@example.org")
    assert veranderd == {"email": {"oud": "", "nieuw": "jan@example.org"}}
    assert persoon.email == "jan@example.org"  # the caller's object follows the record
    rij = Gegevenswijziging.objects.get()
    assert (rij.tijdstip, rij.bron, rij.wijzigingen) == (TIJD, Bron.PORTAAL, veranderd)
    assert wijzig(persoon, email="jan@example.org") == {}
    assert Gegevenswijziging.objects.count() == 1


def test_geen_contactgegeven_wordt_geweigerd_en_niets_veranderd():
    persoon = BelastingplichtigeFactory(telefoon="0612345678")
    with pytest.raises(ValueError, match="achternaam"):
        wijzig(persoon, telefoon="0698765432", achternaam="Anders")
    assert Belastingplichtige.objects.get(pk=persoon.pk).telefoon == "0612345678"
    assert not Gegevenswijziging.objects.exists()


def test_een_ongeldige_waarde_noemt_het_veld_en_bewaart_niets():
    persoon = BelastingplichtigeFactory(telefoon="0612345678", postcode="1234 AB")
    with pytest.raises(ValidationError) as fout:
        wijzig(persoon, telefoon="0698765432", postcode="12345")
    assert "postcode" in fout.value.message_dict
    opgeslagen = Belastingplichtige.objects.get(pk=persoon.pk)
    assert (opgeslagen.telefoon, opgeslagen.postcode) == ("0612345678", "1234 AB")
    assert not Gegevenswijziging.objects.exists()


def test_functioneel_beheer_leest_de_geschiedenis_en_kan_niets_wijzigen(admin_client):
    persoon = BelastingplichtigeFactory(telefoon="")
    wijzig(persoon, telefoon="0612345678")
    rij = Gegevenswijziging.objects.get()
    lijst = admin_client.get("/admin/invordering/gegevenswijziging/")
    assert lijst.status_code == 200 and "telefoon (02-03-2026)" in lijst.content.decode()
    assert admin_client.get("/admin/invordering/gegevenswijziging/add/").status_code == 403
    admin_client.post(f"/admin/invordering/gegevenswijziging/{rij.pk}/delete/", {"post": "yes"})
    assert Gegevenswijziging.objects.filter(pk=rij.pk).exists()

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile

from kwijtschelding import services
from tests.invordering.factories import BelastingplichtigeFactory
from tests.kwijtschelding.factories import DATUM, aanslag, gegevens_arm, medewerker

pytestmark = pytest.mark.django_db


def test_admin_pagina_s_van_kwijtschelding_laden_met_gegevens(client, django_user_model):
    persoon = BelastingplichtigeFactory()
    verzoek = services.verzoek_indienen(
        belastingplichtige=persoon, aanslagen=[aanslag(persoon)], gegevens=gegevens_arm(), datum=DATUM
    )
    services.document_toevoegen(
        verzoek=verzoek, bestand=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n"), soort="overig"
    )
    services.verzoek_beslissen(verzoek=verzoek, datum=DATUM, door=medewerker(django_user_model))
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "x"))
    for model in admin.site._registry:
        meta = model._meta
        if meta.app_label != "kwijtschelding":
            continue
        assert client.get(f"/admin/kwijtschelding/{meta.model_name}/").status_code == 200, meta.label
        obj = model.objects.first()
        if obj is not None:
            assert (
                client.get(f"/admin/kwijtschelding/{meta.model_name}/{obj.pk}/change/").status_code == 200
            ), meta.label

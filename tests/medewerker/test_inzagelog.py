"""Every view of a dossier leaves exactly one row: who, when, which resident, via which worklist or search."""

import pytest
from django.urls import reverse

from invordering import services
from invordering.constants import TaakSoort
from medewerker.models import Dossierinzage, Herkomst

from .conftest import VANDAAG, als

pytestmark = pytest.mark.django_db


def test_elke_inzage_een_regel_met_wie_wie_en_waarvandaan(client, medewerker, persoon):
    als(client, medewerker)
    url = reverse("medewerker:dossier", args=[persoon.pk])
    client.get(url)
    client.get(url, {"via": "werkbak:voorbellen"})
    client.get(url, {"via": "zoeken:bsn"})
    client.get(url, {"via": "werkbak:bestaat-niet"})
    rijen = list(Dossierinzage.objects.order_by("id"))
    assert [(r.herkomst, r.herkomst_detail) for r in rijen] == [
        (Herkomst.DIRECT, ""),
        (Herkomst.WERKBAK, "voorbellen"),
        (Herkomst.ZOEKEN, "bsn"),
        (Herkomst.DIRECT, ""),
    ]
    assert {(r.gebruiker_id, r.belastingplichtige_id, r.bsn) for r in rijen} == {
        (medewerker.pk, persoon.pk, persoon.bsn)
    }
    assert all(r.tijdstip is not None for r in rijen)


def test_zoeken_legt_de_soort_vast_maar_nooit_de_zoekterm(client, medewerker, persoon):
    als(client, medewerker)
    antwoord = client.get(reverse("medewerker:zoeken"), {"q": "Bakker"}, follow=True)
    assert antwoord.status_code == 200
    rij = Dossierinzage.objects.get()
    assert (rij.herkomst, rij.herkomst_detail) == (Herkomst.ZOEKEN, "naam_of_aanslagnummer")
    assert "Bakker" not in str(Dossierinzage.objects.values().get())


def test_vanuit_de_werkbak_staat_de_werkbak_in_het_log(client, medewerker, persoon):
    services.taak_maak(soort=TaakSoort.HUISBEZOEK, belastingplichtige=persoon, datum=VANDAAG)
    als(client, medewerker)
    lijst = client.get(reverse("medewerker:werkbak", args=["huisbezoek"])).content.decode()
    link = f"{reverse('medewerker:dossier', args=[persoon.pk])}?via=werkbak:huisbezoek"
    assert link in lijst
    client.get(link)
    assert Dossierinzage.objects.get().herkomst_detail == "huisbezoek"


def test_een_lijst_of_zoekresultaat_zonder_openen_telt_niet(client, medewerker, persoon, collega):
    als(client, medewerker)
    client.get(reverse("medewerker:zoeken"), {"q": "1234 AB 7999"})
    client.get(reverse("medewerker:start"))
    assert not Dossierinzage.objects.exists()


def test_functioneel_beheerder_leest_het_log_met_filter(client, medewerker, collega, beheerder, persoon):
    als(client, medewerker).get(reverse("medewerker:dossier", args=[persoon.pk]), {"via": "zoeken:bsn"})
    als(client, collega).get(reverse("medewerker:dossier", args=[persoon.pk]))
    pagina = als(client, beheerder).get(reverse("medewerker:inzagelog"), {"bsn": persoon.bsn})
    tekst = pagina.content.decode()
    assert "Mila Medewerker" in tekst and "Karim Collega" in tekst
    alleen_mila = client.get(reverse("medewerker:inzagelog"), {"gebruiker": "mila"}).content.decode()
    assert "Mila Medewerker" in alleen_mila and "Karim Collega" not in alleen_mila


def test_een_actiepagina_met_gegevens_van_de_inwoner_telt_ook(client, medewerker, persoon):
    """The action pages show the resident's aanslagen and details too: each GET leaves a row, the
    POST that follows does not (its redirect to the dossier does, as any dossier view)."""
    als(client, medewerker)
    for naam in ("pauze", "contactgegevens", "regeling", "kwijtschelding"):
        assert client.get(reverse(f"medewerker:{naam}", args=[persoon.pk])).status_code == 200
    rijen = list(Dossierinzage.objects.order_by("id"))
    assert [(r.herkomst, r.herkomst_detail, r.belastingplichtige_id) for r in rijen] == [
        (Herkomst.ACTIE, naam, persoon.pk)
        for naam in ("pauze", "contactgegevens", "regeling", "kwijtschelding")
    ]
    client.post(reverse("medewerker:pauze", args=[persoon.pk]), {})
    assert Dossierinzage.objects.count() == 4

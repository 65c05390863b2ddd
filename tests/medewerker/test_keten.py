"""The dashboard on top of the real chain: its facts on the timeline, and a contact outcome that
changes what the chain does next."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from invordering.constants import ContactUitkomst, StapSoort, TaakSoort
from invordering.keten.run import keten_draaien
from invordering.models import Ketenstap, Taak

from .conftest import als

pytestmark = pytest.mark.django_db


def draai(van, tot):
    dag = van
    while dag <= tot:
        keten_draaien(datum=dag)
        dag += timedelta(days=1)


def test_contact_wil_wel_betalen_stuurt_de_keten_en_alles_staat_op_de_tijdlijn(
    client, medewerker, persoon, monkeypatch
):
    # The seeded policy: reminders, aanmaning, vooraankondiging, then a call before the dwangbevel.
    draai(date(2026, 5, 1), date(2026, 6, 23))
    taak = Taak.objects.get(soort=TaakSoort.VOORBELLEN_DWANGBEVEL)
    from medewerker import views

    monkeypatch.setattr(views, "vandaag", lambda: date(2026, 6, 24))
    als(client, medewerker)
    werkbak = client.get(reverse("medewerker:werkbak", args=["voorbellen"]))
    assert [t.pk for t in werkbak.context["pagina"]] == [taak.pk]
    client.post(
        reverse("medewerker:contact", args=[persoon.pk]),
        {
            "kanaal": "telefoon",
            "richting": "uitgaand",
            "uitkomst": ContactUitkomst.BEREIKT_WIL_WEL,
            "taak": taak.pk,
        },
    )
    keten_draaien(datum=date(2026, 6, 24))
    # The outcome drove the chain: a plan offer instead of the next escalation.
    assert Ketenstap.objects.filter(
        aanslag=taak.aanslag, soort=StapSoort.REGELING_AANBOD, datum=date(2026, 6, 24)
    ).exists()
    assert not Ketenstap.objects.filter(aanslag=taak.aanslag, soort=StapSoort.DWANGBEVEL).exists()
    antwoord = client.get(reverse("medewerker:dossier", args=[persoon.pk]))
    regels = [(r.soort, r.titel) for r in antwoord.context["d"].tijdlijn]
    for titel in (
        "Kosteloze herinnering na de vervaldatum",
        "Aanmaning",
        "Vooraankondiging dwangbevel",
        "Bellen voor het dwangbevel",
        "Betalingsregeling aangeboden",
    ):
        assert ("stap", titel) in regels, titel
    assert ("contact", "Telefoon: Bereikt: wil wel betalen") in regels
    assert any(s == "brief" for s, _ in regels)
    # Newest first: the plan offer (and the call) above the reminders.
    titels = [t for _, t in regels]
    assert titels.index("Betalingsregeling aangeboden") < titels.index("Aanmaning")
    # The aanslag's place in the chain is on the dossier.
    stand = {a.pk: a.stand for a in antwoord.context["d"].aanslagen}[taak.aanslag_id]
    assert stand is not None and stand.get_fase_display() in antwoord.content.decode()

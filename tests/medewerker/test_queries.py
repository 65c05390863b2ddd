"""Constant query counts: the worklists and the dossier cost the same number of queries with 1 item as
with 30 (aanslagen, payments, letters, contacts, pauses, tasks). Measured after a warm-up request, so
the session and permission caches are the same for both."""

from datetime import datetime, time, timedelta
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communicatie.models import Brief
from invordering import services
from invordering.constants import (
    Betaalbron,
    Boekingsoort,
    Component,
    ContactKanaal,
    ContactUitkomst,
    PauzeReden,
    TaakSoort,
)
from invordering.models import Betaling, Boeking
from tests.invordering.factories import (
    AanslagFactory,
    BankafschriftFactory,
    BankmutatieFactory,
    BelastingplichtigeFactory,
)

from .conftest import VANDAAG, als

pytestmark = pytest.mark.django_db
# Ceilings: a page that grows past these has started to query per row or per source it did not before.
# Every signed-in page: the session, then the user with their permissions (one statement). Dossier:
# those two, resident (with which sources hold rows), audit row, 13 reads of the page, the timeline
# (1), the pauses' aanslagen; 19 with uncollectable proposals (their aanslagen) and rows in every
# source; fewer when sources are empty. Worklist: session, user, count, the page's ids, its rows (1),
# the staff to assign to (teamleider): 6. The start page (every count in one statement) and the
# unmatched payments: 3 and 4. The benchmark's signed-in baseline: 2.
MAX_DOSSIER = 19
MAX_WERKBAK = 6
MAX_START = 3
MAX_BETALINGEN = 4
MAX_IJKPUNT = 2


def vul(persoon, aantal, medewerker):
    """A resident with ``aantal`` of everything the dossier shows."""
    for i in range(aantal):
        aanslag = AanslagFactory(belastingplichtige=persoon, bedrag=D("200.00"))
        Boeking.objects.create(
            aanslag=aanslag,
            datum=VANDAAG,
            component=Component.KOSTEN,
            soort=Boekingsoort.KOSTEN,
            bedrag=D("16.00"),
        )
        betaling = Betaling.objects.create(
            datum=VANDAAG,
            bedrag=D("50.00"),
            bron=Betaalbron.BANK,
            referentie=f"q-{persoon.pk}-{i}",
            belastingplichtige=persoon,
        )
        services.betaling_toerekenen(betaling=betaling, aanslagen=[aanslag])
        Brief.objects.create(
            sleutel=f"q:{persoon.pk}:{i}",
            sjabloon="aanmaning",
            datum=VANDAAG,
            ontvanger=f"belastingplichtige:{persoon.pk}",
            naam=persoon.naam,
        )
        services.contact_vastleggen(
            belastingplichtige=persoon,
            tijdstip=timezone.make_aware(datetime.combine(VANDAAG, time(10, i % 60))),
            kanaal=ContactKanaal.TELEFOON,
            uitkomst=ContactUitkomst.NIET_BEREIKT,
            medewerker=medewerker,
        )
        services.taak_maak(
            soort=TaakSoort.HUISBEZOEK,
            belastingplichtige=persoon,
            datum=VANDAAG,
            aanslag=aanslag,
            deadline=VANDAAG,
        )
        services.pauze_start(
            belastingplichtige=persoon,
            reden=PauzeReden.HANDMATIG,
            start=VANDAAG,
            aanslagen=[aanslag],
            toelichting=str(i),
        )
    return persoon


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        antwoord = client.get(url)
    assert antwoord.status_code == 200
    return len(ctx.captured_queries)


def test_dossier_met_1_en_30_van_alles(client, medewerker, django_assert_max_num_queries):
    een = vul(BelastingplichtigeFactory(), 1, medewerker)
    dertig = vul(BelastingplichtigeFactory(), 30, medewerker)
    als(client, medewerker)
    client.get(reverse("medewerker:dossier", args=[een.pk]))  # warm-up
    bij_een = queries(client, reverse("medewerker:dossier", args=[een.pk]))
    assert bij_een <= MAX_DOSSIER
    with django_assert_max_num_queries(bij_een):
        antwoord = client.get(reverse("medewerker:dossier", args=[dertig.pk]))
    assert len(antwoord.context["d"].aanslagen) == 30
    assert sum(1 for r in antwoord.context["d"].tijdlijn if r.soort == "betaling") == 30


def _taken(aantal, medewerker, start=0):
    """Tasks i = start..: even ones assigned to ``medewerker``, all but every third one overdue."""
    for i in range(start, start + aantal):
        p = BelastingplichtigeFactory()
        AanslagFactory(belastingplichtige=p)
        taak = services.taak_maak(
            soort=TaakSoort.VOORBELLEN_AANMANING,
            belastingplichtige=p,
            datum=VANDAAG,
            deadline=VANDAAG - timedelta(days=0 if i % 3 == 2 else 1),
            aanslag=p.aanslagen.first(),
        )
        if i % 2 == 0:
            taak.toegewezen_aan = medewerker
            taak.save()


@pytest.mark.parametrize(
    ("filter", "verwacht"), [("", 30), ("toegewezen", 15), ("te_laat", 20), ("niemand", 15)]
)
def test_werkbak_met_1_en_30_taken(
    client, medewerker, teamleider, django_assert_max_num_queries, filter, verwacht
):
    filters = {
        "": {},
        "toegewezen": {"toegewezen": str(medewerker.pk)},
        "te_laat": {"te_laat": "1"},
        "niemand": {"toegewezen": "niemand"},
    }[filter]
    start = 1 if filter == "niemand" else 0  # the single task matches the filter
    _taken(1, medewerker, start)
    als(client, teamleider)  # the teamleider's page also lists the officers to assign to
    url = reverse("medewerker:werkbak", args=["voorbellen"])
    client.get(url)
    bij_een = queries(client, url + "?" + "&".join(f"{k}={v}" for k, v in filters.items()))
    assert bij_een <= MAX_WERKBAK
    _taken(29, medewerker, start + 1)
    with django_assert_max_num_queries(bij_een):
        antwoord = client.get(url, filters)
    assert antwoord.context["pagina"].paginator.count == verwacht


def test_startpagina_en_betalingen_met_1_en_30(client, medewerker, django_assert_max_num_queries):
    afschrift = BankafschriftFactory()

    def mutaties(n):
        BankmutatieFactory.create_batch(n, afschrift=afschrift, boekdatum=VANDAAG)

    _taken(1, medewerker)
    mutaties(1)
    als(client, medewerker)
    client.get(reverse("medewerker:start"))
    start_een = queries(client, reverse("medewerker:start"))
    betalingen_een = queries(client, reverse("medewerker:betalingen"))
    assert start_een <= MAX_START
    assert betalingen_een <= MAX_BETALINGEN
    _taken(29, medewerker, 1)
    mutaties(29)
    with django_assert_max_num_queries(start_een):
        client.get(reverse("medewerker:start"))
    with django_assert_max_num_queries(betalingen_een):
        antwoord = client.get(reverse("medewerker:betalingen"))
    assert antwoord.context["pagina"].paginator.count == 30


def test_ijkpunt_leest_alleen_sessie_en_gebruiker(client, medewerker):
    als(client, medewerker)
    client.get(reverse("medewerker:ijkpunt"))  # warm-up (the session's renewal stamp is written)
    assert queries(client, reverse("medewerker:ijkpunt")) == MAX_IJKPUNT

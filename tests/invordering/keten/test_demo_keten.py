"""The optional demo step runs the real chain over the demo's days, with a demo team working the calls."""

from datetime import date, timedelta

import pytest
from django.db import transaction

from invordering.constants import ContactUitkomst
from invordering.demo import demo_keten, demo_maak, demo_team
from invordering.models import Aanslag, Betaling, Contact, Ketenstap

pytestmark = pytest.mark.django_db

DAG = date(2025, 9, 30)


def _jaar(team: bool):
    demo_maak(inwoners=60, seed=11, datum=DAG)
    return demo_keten(datum=DAG, team=team)


def test_demo_keten_zonder_en_met_team_idempotent():
    # Without the team: the chain's history alone; every call lapses.
    with transaction.atomic():
        zonder = _jaar(team=False)
        assert Aanslag.objects.filter(status="open").exists()
        assert sum(zonder.verslag.stappen.values()) == Ketenstap.objects.count() > 0
        assert zonder.verslag.stappen["aanmaning"] > 0
        assert not zonder.contacten and not Contact.objects.exists()
        assert not Ketenstap.objects.filter(datum__gt=DAG).exists()
        transaction.set_rollback(True)

    # With the team, on the same demo: calls through the real service, whose outcome drives the chain.
    k = _jaar(team=True)
    contacten = Contact.objects.all()
    assert sum(k.contacten.values()) == contacten.count() > 0
    for c in contacten.select_related("taak"):  # a working day after the task was opened
        assert c.tijdstip.date() > c.taak.aangemaakt_op and c.tijdstip.weekday() < 5
    # 'Wil wel' pays the aanslag the same day; 'kan niet' goes to the social track, not the dwangbevel.
    wil_wel = contacten.filter(uitkomst=ContactUitkomst.BEREIKT_WIL_WEL)
    assert Betaling.objects.filter(referentie__startswith="DEMO-TEAM-").count() == wil_wel.count() > 0
    for c in wil_wel.select_related("taak__aanslag"):
        assert c.taak.aanslag.openstaand == 0
    assert contacten.filter(uitkomst=ContactUitkomst.BEREIKT_KAN_NIET).exists()
    assert k.verslag.niet_escaleren["contact_kan_niet"] > 0
    assert k.verslag.stappen["dwangbevel"] < zonder.verslag.stappen["dwangbevel"]
    # The team's days again record no contact or payment twice (the chain's own rerun is tested in
    # test_idempotent).
    aantal = (Contact.objects.count(), Betaling.objects.count())
    dag = min(Contact.objects.values_list("tijdstip", flat=True)).date()
    while dag <= DAG:
        assert not demo_team(dag=dag)
        dag += timedelta(days=1)
    assert (Contact.objects.count(), Betaling.objects.count()) == aantal

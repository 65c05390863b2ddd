"""The optional demo step runs the real chain over the demo's days."""

from datetime import date

import pytest

from invordering.demo import demo_keten, demo_maak
from invordering.models import Aanslag, Ketenstap

pytestmark = pytest.mark.django_db


def test_demo_keten_geeft_ketengeschiedenis_en_draait_idempotent():
    demo_maak(inwoners=40, seed=7, datum=date(2025, 9, 30))
    verslag = demo_keten(datum=date(2025, 9, 30))
    open_aanslagen = Aanslag.objects.filter(status="open").count()
    assert open_aanslagen > 0
    assert sum(verslag.stappen.values()) == Ketenstap.objects.count() > 0
    assert verslag.stappen["aanmaning"] > 0
    # Every fact belongs to a day on or before the demo date, and a second pass adds nothing.
    assert not Ketenstap.objects.filter(datum__gt=date(2025, 9, 30)).exists()
    assert sum(demo_keten(datum=date(2025, 9, 30)).stappen.values()) == 0

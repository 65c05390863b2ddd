from datetime import date
from decimal import Decimal as D

import pytest

from invordering.models import Bijstandsnorm

# Norms the tests compute with, pinned from 1 January 2026 so that a real 2026 row added to the seed later
# does not change the expected amounts (values of 1 July 2025, DOMEIN.md).
TESTNORMEN = {
    ("alleenstaande", False): "1369.06",
    ("alleenstaande_ouder", False): "1369.06",
    ("gehuwd", False): "1955.80",
    ("gehuwd_met_kinderen", False): "1955.80",
    ("alleenstaande", True): "1530.21",
    ("alleenstaande_ouder", True): "1530.21",
    ("gehuwd", True): "2094.98",
    ("gehuwd_met_kinderen", True): "2094.98",
}


@pytest.fixture(autouse=True)
def _normen(db):
    for (leefsituatie, aow), bedrag in TESTNORMEN.items():
        Bijstandsnorm.objects.update_or_create(
            geldig_vanaf=date(2026, 1, 1), leefsituatie=leefsituatie, aow=aow, defaults={"bedrag": D(bedrag)}
        )


@pytest.fixture(autouse=True)
def _uitwisselmap(settings, tmp_path):
    settings.KWIJTSCHELDING_UITWISSELING_MAP = tmp_path / "uitwisseling"

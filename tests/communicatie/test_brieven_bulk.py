"""brieven_vastleggen: many letter records from plain rows, the same as brieven_maak, once per key."""

from datetime import date

import pytest
from django.db import transaction

from communicatie import voorbeelden
from communicatie.brieven_bulk import brieven_vastleggen
from communicatie.models import Brief
from communicatie.services import Briefverzoek, brieven_maak

pytestmark = pytest.mark.django_db

DATUM = date(2026, 6, 1)
VELDEN = (
    "sjabloon",
    "datum",
    "ontvanger",
    "naam",
    "adresregels",
    "gegevens",
    "taal",
    "status",
    "pdf",
    "kanaal",
)


def _rij(n: int, sleutel: str) -> tuple:
    gegevens = voorbeelden.voorbeeld("aanmaning", None)
    return (
        sleutel,
        "aanmaning",
        DATUM,
        f"belastingplichtige:{n}",
        f"A. Éénmans {n}",
        ["Kerkstraat 1", '1234 AB  "Dorp"'],
        gegevens,
        "nl" if n % 2 else "en",
    )


def test_zelfde_brieven_als_brieven_maak_en_een_keer_per_sleutel():
    rijen = [_rij(n, f"bulk:{n}") for n in range(5)]
    ids = brieven_vastleggen(rijen)
    gewoon = brieven_maak([Briefverzoek(*_rij(n, f"orm:{n}")) for n in range(5)])
    assert set(ids) == {f"bulk:{n}" for n in range(5)}
    for n in range(5):
        bulk = Brief.objects.get(pk=ids[f"bulk:{n}"])
        orm = Brief.objects.get(pk=gewoon[f"orm:{n}"])
        assert bulk.sleutel == f"bulk:{n}" and bulk.aangemaakt_op is not None
        assert {v: getattr(bulk, v) for v in VELDEN} == {v: getattr(orm, v) for v in VELDEN}

    # Again, with one new key and an existing key with other data: only the new one is written, the
    # existing letter is left as it was, and every key gets its id.
    veranderd = list(_rij(0, "bulk:0"))
    veranderd[4] = "Iemand anders"
    opnieuw = brieven_vastleggen([tuple(veranderd), _rij(9, "bulk:9")])
    assert opnieuw["bulk:0"] == ids["bulk:0"]
    assert Brief.objects.get(pk=ids["bulk:0"]).naam == "A. Éénmans 0"
    assert Brief.objects.filter(sleutel__startswith="bulk:").count() == 6


def test_onbekend_sjabloon_of_ontbrekende_gegevens_schrijft_niets():
    goed = _rij(1, "bulk:goed")
    fout = (*_rij(2, "bulk:fout")[:6], {}, "nl")
    with pytest.raises(ValueError):
        brieven_vastleggen([goed, fout])
    assert not Brief.objects.filter(sleutel__startswith="bulk:").exists()


def test_binnen_een_transactie_twee_keer_achter_elkaar():
    with transaction.atomic():
        a = brieven_vastleggen([_rij(1, "bulk:a")])
        b = brieven_vastleggen([_rij(2, "bulk:b")])
    assert set(a) == {"bulk:a"} and set(b) == {"bulk:b"}
    assert brieven_vastleggen([]) == {}

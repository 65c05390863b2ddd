from datetime import date
from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model

from invordering import rollen, selectors
from invordering.constants import AanslagStatus, Leefsituatie
from invordering.demo import demo_iban, demo_maak
from invordering.models import (
    Aanslag,
    AanslagRegel,
    Belastingplichtige,
    Betaling,
    Boeking,
    Inkomensgegeven,
    Termijn,
)
from invordering.validators import is_geldig_bsn, is_geldig_iban

pytestmark = pytest.mark.django_db

DATUM = date(2026, 11, 23)


def _foto():
    return (
        list(
            Belastingplichtige.objects.order_by("bsn").values_list(
                "bsn", "achternaam", "postcode", "leefsituatie", "iban"
            )
        ),
        list(Aanslag.objects.order_by("aanslagnummer").values_list("aanslagnummer", "openstaand", "status")),
        list(Betaling.objects.order_by("referentie").values_list("referentie", "datum", "bedrag")),
    )


def test_zelfde_seed_geeft_zelfde_data():
    demo_maak(inwoners=40, seed=7, datum=DATUM)
    eerste = _foto()
    # Reset the demo in dependency order (the ledger protects payments and aanslagen).
    Boeking.objects.all().delete()
    Betaling.objects.all().delete()
    AanslagRegel.objects.all().delete()
    Termijn.objects.all().delete()
    Aanslag.objects.all().delete()
    Belastingplichtige.objects.all().delete()
    demo_maak(inwoners=40, seed=7, datum=DATUM)
    assert _foto() == eerste


def test_realistische_verdeling_en_kloppend_grootboek():
    s = demo_maak(inwoners=300, seed=2026, datum=DATUM)
    assert s.inwoners == Belastingplichtige.objects.count() == 300
    # Two years of aanslagen, entered through the import.
    assert set(Aanslag.objects.values_list("belastingjaar", flat=True)) == {2025, 2026}
    assert Aanslag.objects.count() == 600
    # Every household situation occurs; every BSN and IBAN is valid and invented.
    assert set(Belastingplichtige.objects.values_list("leefsituatie", flat=True)) == set(Leefsituatie.values)
    assert all(
        is_geldig_bsn(b) and b.startswith("999")
        for b in Belastingplichtige.objects.values_list("bsn", flat=True)
    )
    assert all(
        is_geldig_iban(i) and i[4:8] == "DEMO"
        for i in Belastingplichtige.objects.exclude(iban="").values_list("iban", flat=True)
    )
    # Around 90% pay on time; the rest is spread over forget, cannot, will not (seed 001).
    assert 0.80 <= s.gedrag["op_tijd"] / 300 <= 0.92
    assert s.gedrag["kan_niet"] > 0 and s.gedrag["wil_niet"] > 0 and s.gedrag["vergeet"] > 0
    # Last year's aanslagen are mostly paid; what stays open is the few who cannot or will not pay.
    open_vorig_jaar = Aanslag.objects.filter(belastingjaar=2025, status=AanslagStatus.OPEN).count()
    assert 0.02 <= open_vorig_jaar / 300 <= 0.15
    # Incomes spread around the bijstandsnorm: some below it, most above.
    assert Inkomensgegeven.objects.count() > 30
    # The cached balances equal the ledger for every aanslag.
    for aanslag in Aanslag.objects.all():
        assert selectors.saldo_uit_grootboek(aanslag=aanslag) == selectors.saldo_aanslag(aanslag=aanslag)
    betaald = Aanslag.objects.filter(status=AanslagStatus.BETAALD)
    assert betaald.exists() and not betaald.exclude(openstaand=D("0.00")).exists()
    assert all(a.afgehandeld_op <= DATUM for a in betaald)


def test_demo_accounts_met_rollen():
    s = demo_maak(inwoners=5, seed=1, datum=DATUM)
    gebruikers = {u.username: u for u in get_user_model().objects.all()}
    assert gebruikers["medewerker"].groups.get().name == rollen.MEDEWERKER
    assert gebruikers["teamleider"].groups.get().name == rollen.TEAMLEIDER
    assert gebruikers["beheerder"].groups.get().name == rollen.FUNCTIONEEL_BEHEER
    for username, wachtwoord, _ in s.accounts:
        assert gebruikers[username].check_password(wachtwoord)


def test_demo_iban_is_geldig():
    import random

    rnd = random.Random(3)
    assert all(is_geldig_iban(demo_iban(rnd)) for _ in range(200))

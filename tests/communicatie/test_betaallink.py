from datetime import date
from decimal import Decimal

import pytest

from communicatie.betaallink import BetaallinkOngeldig, betaal_url, lees_token, maak_token


def test_token_roundtrip_keeps_target_amount_and_reference():
    token = maak_token(
        "aanslag:12", bedrag=Decimal("41.5"), kenmerk="5000000000001234", geldig_tot=date(2026, 12, 31)
    )
    link = lees_token(token, vandaag=date(2026, 12, 31))
    assert (link.doel, link.bedrag, link.kenmerk, link.geldig_tot) == (
        "aanslag:12",
        Decimal("41.50"),
        "5000000000001234",
        date(2026, 12, 31),
    )


def test_expired_token_is_refused():
    token = maak_token("aanslag:12", bedrag=Decimal("10"), kenmerk="1", geldig_tot=date(2026, 12, 31))
    with pytest.raises(BetaallinkOngeldig, match="verlopen"):
        lees_token(token, vandaag=date(2027, 1, 1))


def test_altered_token_is_refused():
    token = maak_token("aanslag:12", bedrag=Decimal("10"), kenmerk="1", geldig_tot=date(2026, 12, 31))
    other = maak_token("aanslag:13", bedrag=Decimal("10"), kenmerk="1", geldig_tot=date(2026, 12, 31))
    forged = other.split(":")[0] + token[token.index(":") :]
    with pytest.raises(BetaallinkOngeldig):
        lees_token(forged, vandaag=date(2026, 12, 1))
    with pytest.raises(BetaallinkOngeldig):
        lees_token("niet-een-token", vandaag=date(2026, 12, 1))


def test_url_points_to_the_portal_pay_page(settings):
    settings.PORTAAL_BASIS_URL = "https://portaal.example.org/"
    assert betaal_url("abc") == "https://portaal.example.org/portaal/betalen/abc/"

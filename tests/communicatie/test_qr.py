from decimal import Decimal

import pytest

from communicatie import qr


def test_epc_payload_volgens_epc069_12_versie_002():
    payload = qr.epc_payload(
        "Belastingsamenwerking Voorbeeldregio",
        "NL44 RABO 0123 4567 89",
        Decimal("61.2"),
        kenmerk="5000 0012 3456 7890",
        bic="rabonl2u",
    )
    assert payload.split("\n") == [
        "BCD",
        "002",
        "1",
        "SCT",
        "RABONL2U",
        "Belastingsamenwerking Voorbeeldregio",
        "NL44RABO0123456789",
        "EUR61.20",
        "",
        "5000001234567890",
    ]


def test_epc_payload_met_omschrijving_en_zonder_bic():
    payload = qr.epc_payload("Gemeente", "NL44RABO0123456789", Decimal("10"), omschrijving="Aanslag 2026-1")
    assert payload.split("\n") == [
        "BCD",
        "002",
        "1",
        "SCT",
        "",
        "Gemeente",
        "NL44RABO0123456789",
        "EUR10.00",
        "",
        "",
        "Aanslag 2026-1",
    ]


@pytest.mark.parametrize(
    ("argumenten", "fout"),
    [
        ({"naam": "x" * 71}, "naam"),
        ({"naam": ""}, "naam"),
        ({"iban": "NL45RABO0123456789"}, "IBAN"),
        ({"bedrag": Decimal("0")}, "bedrag"),
        ({"bedrag": Decimal("1000000000")}, "bedrag"),
        ({"kenmerk": "1" * 36}, "betalingskenmerk"),
        ({"omschrijving": "x" * 141}, "omschrijving"),
        ({"kenmerk": "5000001234567890", "omschrijving": "ook tekst"}, "niet allebei"),
        ({"bic": "ABC"}, "BIC"),
    ],
)
def test_epc_payload_weigert_onjuiste_velden_met_naam_van_het_veld(argumenten, fout):
    basis = {"naam": "Gemeente", "iban": "NL44RABO0123456789", "bedrag": Decimal("10.00")}
    with pytest.raises(ValueError, match=fout):
        qr.epc_payload(**{**basis, **argumenten})


def test_qr_svg_is_inline_svg():
    svg = qr.qr_svg("BCD\n002")
    assert svg.startswith("<svg") and "<path" in svg and "<?xml" not in svg

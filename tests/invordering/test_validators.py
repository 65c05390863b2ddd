import pytest
from hypothesis import given
from hypothesis import strategies as st

from invordering.validators import is_geldig_bsn, is_geldig_iban, normaliseer_postcode, valideer_postcode
from tests.invordering.factories import geldig_bsn


@pytest.mark.parametrize(
    "bsn",
    [
        "111222333",  # the example used in Logius' documentation of the elfproef
        "123456782",
        "999990019",
    ],
)
def test_elfproef_geldig(bsn):
    assert is_geldig_bsn(bsn)


@pytest.mark.parametrize(
    "bsn",
    ["123456789", "111222334", "12345678", "1234567890", "abcdefghi", "", "000000000", "11122233 ", None],
)
def test_elfproef_ongeldig(bsn):
    assert not is_geldig_bsn(bsn)


@given(st.integers(min_value=0, max_value=200))
def test_elfproef_een_cijfer_anders_valt_altijd_op(n):
    bsn = geldig_bsn(n)
    for positie in range(9):
        for cijfer in "0123456789":
            if cijfer == bsn[positie]:
                continue
            anders = bsn[:positie] + cijfer + bsn[positie + 1 :]
            assert not is_geldig_bsn(anders), anders


@pytest.mark.parametrize(
    "iban",
    [
        "NL91ABNA0417164300",
        "nl91 abna 0417 1643 00",
        "DE89370400440532013000",
        "BE68539007547034",
        "GB29NWBK60161331926819",
    ],
)
def test_iban_geldig(iban):
    assert is_geldig_iban(iban)


@pytest.mark.parametrize(
    "iban",
    [
        "NL91ABNA0417164301",
        "NL91ABNA041716430",
        "DE8937040044053201300",
        "XX91ABNA0417164300",
        "NL9IABNA0417164300",
        "",
    ],
)
def test_iban_ongeldig(iban):
    assert not is_geldig_iban(iban)


def test_postcode():
    assert normaliseer_postcode("1234ab") == "1234 AB"
    valideer_postcode("1234 AB")
    with pytest.raises(Exception, match="vier cijfers"):
        valideer_postcode("0123 AB")

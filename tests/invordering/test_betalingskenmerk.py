import pytest
from hypothesis import given
from hypothesis import strategies as st

from invordering import betalingskenmerk
from invordering.betalingskenmerk import MAX_VOLGNUMMER, is_geldig, maak, zoek_in_tekst


def test_controlecijfer_met_de_hand_uitgerekend():
    # Fifteen digits 000000000000001: the rightmost digit has weight 2, sum 2, 11 - 2 = 9.
    assert maak(1) == "9000000000000001"
    # 000000000000010: weight 4 on the 1, sum 4, check 7.
    assert maak(10) == "7000000000000010"
    # 123456789012345, weights from the right 2,4,8,5,10,9,7,3,6,1,2,4,8,5,10:
    # 5*2+4*4+3*8+2*5+1*10+0*9+9*7+8*3+7*6+6*1+5*2+4*4+3*8+2*5+1*10 = 275, 275 mod 11 = 0, 11 -> 0.
    assert maak(123456789012345) == "0123456789012345"


def test_controlecijfer_tien_wordt_een_en_elf_wordt_nul():
    # 000000000000006: sum 12, mod 11 = 1, 11 - 1 = 10, written as 1.
    assert maak(6) == "1000000000000006"
    # 000000000000005: sum 10, mod 11 = 10, 11 - 10 = 1.
    assert maak(5) == "1000000000000005"
    # All zeros: sum 0, 11 - 0 = 11, written as 0.
    assert maak(0) == "0000000000000000"


WEGINGEN = (2, 4, 8, 5, 10, 9, 7, 3, 6, 1)


def _rest(cijfers: str) -> int:
    """Independent oracle: the weighted sum mod 11 of the 15 digits after the check digit."""
    return sum(int(c) * WEGINGEN[i % 10] for i, c in enumerate(reversed(cijfers))) % 11


@given(st.integers(min_value=0, max_value=MAX_VOLGNUMMER))
def test_maak_geeft_altijd_geldig_kenmerk(volgnummer):
    kenmerk = maak(volgnummer)
    assert len(kenmerk) == 16 and kenmerk.isdigit()
    assert is_geldig(kenmerk)
    assert int(kenmerk[1:]) == volgnummer


@given(
    st.integers(min_value=0, max_value=MAX_VOLGNUMMER),
    st.integers(min_value=1, max_value=15),
    st.integers(1, 9),
)
def test_een_cijfer_fout_wordt_altijd_herkend(volgnummer, positie, delta):
    kenmerk = maak(volgnummer)
    cijfer = (int(kenmerk[positie]) + delta) % 10
    fout = kenmerk[:positie] + str(cijfer) + kenmerk[positie + 1 :]
    # No weight is a multiple of 11, so a single-digit error always changes the remainder; it can only
    # slip through where 10 -> 1 makes remainders 1 and 10 share check digit 1.
    if is_geldig(fout):
        assert {_rest(kenmerk[1:]), _rest(fout[1:])} == {1, 10}


@given(st.integers(min_value=0, max_value=MAX_VOLGNUMMER), st.integers(min_value=1, max_value=14))
def test_verwisseling_van_buren_wordt_herkend(volgnummer, positie):
    kenmerk = maak(volgnummer)
    if kenmerk[positie] == kenmerk[positie + 1]:
        return
    verwisseld = kenmerk[:positie] + kenmerk[positie + 1] + kenmerk[positie] + kenmerk[positie + 2 :]
    if is_geldig(verwisseld):
        assert {_rest(kenmerk[1:]), _rest(verwisseld[1:])} == {1, 10}


@given(st.integers(min_value=0, max_value=MAX_VOLGNUMMER), st.integers(1, 9))
def test_fout_in_het_controlecijfer_wordt_altijd_herkend(volgnummer, delta):
    kenmerk = maak(volgnummer)
    assert not is_geldig(str((int(kenmerk[0]) + delta) % 10) + kenmerk[1:])


@pytest.mark.parametrize("waarde", [-1, MAX_VOLGNUMMER + 1])
def test_volgnummer_buiten_bereik(waarde):
    with pytest.raises(ValueError):
        maak(waarde)


@pytest.mark.parametrize("waarde", ["1", 1.0, True, None])
def test_volgnummer_moet_int_zijn(waarde):
    with pytest.raises(TypeError):
        maak(waarde)


@pytest.mark.parametrize(
    "kenmerk",
    [
        "",
        "900000000000000",
        "90000000000000011",
        "9000 0000 0000 0001",
        "900000000000000a",
        None,
        9000000000000001,
    ],
)
def test_is_geldig_weigert_vorm(kenmerk):
    assert not is_geldig(kenmerk)


def test_zoek_in_vrije_tekst_met_spaties_en_punten():
    kenmerk = maak(4711)
    met_spaties = " ".join(kenmerk[i : i + 4] for i in range(0, 16, 4))
    met_punten = ".".join(kenmerk[i : i + 4] for i in range(0, 16, 4))
    assert zoek_in_tekst(f"aanslag 2026 kenmerk {met_spaties} dank") == [kenmerk]
    assert zoek_in_tekst(f"BETALING {met_punten}") == [kenmerk]
    assert zoek_in_tekst(f"twee: {maak(1)} en {maak(2)}") == [maak(1), maak(2)]
    # A number with a wrong check digit is not a betalingskenmerk.
    assert zoek_in_tekst("2000000000000001") == []
    assert betalingskenmerk.normaliseer("1234.5678 9") == "123456789"


def test_plan_range_is_reserved_and_aanslag_range_is_not():
    from invordering.betalingskenmerk import GERESERVEERD_VANAF, is_gereserveerd

    assert is_gereserveerd(maak(GERESERVEERD_VANAF))
    assert is_gereserveerd(maak(MAX_VOLGNUMMER))
    assert not is_gereserveerd(maak(GERESERVEERD_VANAF - 1))
    assert not is_gereserveerd("1234567890123456")  # not a valid kenmerk at all

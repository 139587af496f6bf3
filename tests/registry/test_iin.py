"""IIN validation against values worked out by hand from the rules (weights 1..11, second pass 3..11,1,2)."""

from __future__ import annotations

import random
from datetime import date

import pytest

from drugcontrol.registry.iin import (
    IinMismatch,
    InvalidIin,
    check_digit,
    check_iin_agrees,
    generate_iin,
    is_valid_iin,
    make_iin,
    parse_iin,
)

# Male born 1988-04-12, serial 0001: 880412 3 0001 + K.
# 8·1 + 8·2 + 0·3 + 4·4 + 1·5 + 2·6 + 3·7 + 0·8 + 0·9 + 0·10 + 1·11 = 8+16+0+16+5+12+21+0+0+0+11 = 89;
# 89 mod 11 = 1, so K = 1.
MALE_1988 = "880412300011"
# Female born 2001-07-19, serial 0002: 010719 6 0002 + K.
# First pass: 0+2+0+28+5+54+42+0+0+0+22 = 153; 153 mod 11 = 10, so the second pass:
# 0·3 + 1·4 + 0·5 + 7·6 + 1·7 + 9·8 + 6·9 + 0·10 + 0·11 + 0·1 + 2·2 = 0+4+0+42+7+72+54+0+0+0+4 = 183;
# 183 mod 11 = 7, so K = 7.
FEMALE_2001 = "010719600027"
# 880412 3 0002 5: first pass 8+16+0+16+5+12+21+0+0+20+55 = 153 → 10;
# second pass 24+32+0+24+7+16+27+0+0+2+10 = 142; 142 mod 11 = 10 → no check digit exists: never issued.
SECOND_PASS_TEN = "88041230025"


def test_known_valid_iins() -> None:
    male = parse_iin(MALE_1988)
    assert (male.birth_date, male.sex, male.serial) == (date(1988, 4, 12), "M", "0001")
    female = parse_iin(FEMALE_2001)
    assert (female.birth_date, female.sex, female.serial) == (date(2001, 7, 19), "F", "0002")
    # Serial 0021 instead of 0025: first pass 8+16+0+16+5+12+21+0+0+20+11 = 109 → 10;
    # second pass 24+32+0+24+7+16+27+0+0+2+2 = 134; 134 mod 11 = 2, so K = 2.
    assert check_digit("88041230021") == 2
    assert is_valid_iin("880412300212")


def test_wrong_check_digit_is_refused_with_the_expected_digit() -> None:
    with pytest.raises(InvalidIin, match=r"check digit must be 1\. Got 2"):
        parse_iin("880412300012")


def test_second_pass_ten_is_invalid_for_every_last_digit() -> None:
    with pytest.raises(InvalidIin, match="second pass"):
        check_digit(SECOND_PASS_TEN)
    for last in range(10):
        assert not is_valid_iin(SECOND_PASS_TEN + str(last))
    with pytest.raises(InvalidIin):
        make_iin(date(1988, 4, 12), "M", 25)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("880230300011", "not a date|no date"),  # 30 February
        ("881312300011", "not a date|no date"),  # month 13
        ("880412700011", "7th digit"),  # century/sex digit 7 does not exist
        ("880412000011", "7th digit"),
        ("88041230001", "12 digits"),
        ("88041230001a", "12 digits"),
        ("８８０４１２３０００１１", "12 digits"),  # full-width digits are not ASCII
    ],
)
def test_malformed_iins(text: str, message: str) -> None:
    with pytest.raises(InvalidIin, match=message):
        parse_iin(text)


def test_agreement_with_birth_date_and_sex() -> None:
    assert check_iin_agrees(MALE_1988, birth_date=date(1988, 4, 12), sex="M").value == MALE_1988
    with pytest.raises(IinMismatch, match="sex M"):
        check_iin_agrees(MALE_1988, birth_date=date(1988, 4, 12), sex="F")
    with pytest.raises(IinMismatch, match="1988-04-12"):
        check_iin_agrees(MALE_1988, birth_date=date(1988, 4, 13), sex="M")
    # Same six digits, other century: digit 5 means 2088, which disagrees with a 1988 birth date.
    iin_2088 = make_iin(date(2088, 4, 12), "M", 1)
    assert iin_2088[6] == "5"
    with pytest.raises(IinMismatch, match="2088-04-12"):
        check_iin_agrees(iin_2088, birth_date=date(1988, 4, 12), sex="M")


def test_century_digits() -> None:
    assert make_iin(date(1899, 12, 31), "F", 3)[6] == "2"
    assert make_iin(date(1950, 1, 1), "F", 3)[6] == "4"
    assert make_iin(date(2010, 1, 1), "M", 3)[6] == "5"
    with pytest.raises(ValueError, match="1800 to 2099"):
        make_iin(date(2100, 1, 1), "M", 3)


def test_generator_yields_valid_iins_that_agree() -> None:
    rng = random.Random(4)
    for day in range(1, 29):
        born = date(1990, 2, day)
        iin = generate_iin(born, "F", rng)
        assert check_iin_agrees(iin, birth_date=born, sex="F").birth_date == born

"""Kazakhstan's individual identification number (IIN): parse, validate, check against a record, generate.

Layout of the 12 digits: YYMMDD (birth date), C (century and sex), NNNN (serial), K (check digit).

C: 1/2 = born in the 19th century, 3/4 = 20th, 5/6 = 21st; odd = male, even = female.
K: the sum of the first 11 digits weighted 1..11, modulo 11; when that gives 10, the sum is taken again with
the weights 3..11, 1, 2; when the second pass also gives 10 the number is never issued, so it is invalid.

Pure Python: no Django, so the importer, the generator and the benchmarks can use it anywhere.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from drugcontrol.errors import CodedError
from drugcontrol.messages import Message

FIRST_WEIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_CENTURY_BASE = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


# What is wrong with an IIN, as codes + parameters: the page, the API and the command line say it in their
# reader's language (the registry's `BAD_IIN` and the import's row errors carry it as their `detail`).
ELEVEN_DIGITS = Message("iin.eleven_digits", "an IIN check digit needs exactly 11 digits. Got %(text)r instead.")
NEVER_ISSUED = Message("iin.never_issued", "IIN %(iin)s…: the second pass of the check digit gives 10 (never issued)")
TWELVE_DIGITS = Message("iin.twelve_digits", "an IIN must be exactly 12 digits. Got %(text)r instead.")
CENTURY_DIGIT = Message(
    "iin.century_digit", "IIN %(iin)s: the 7th digit (century and sex) must be 1 to 6. Got %(digit)s instead."
)
NO_DATE = Message("iin.no_date", "IIN %(iin)s: the first six digits are no date (%(date)s)")
CHECK_DIGIT = Message("iin.check_digit", "IIN %(iin)s: the check digit must be %(expected)s. Got %(got)s instead.")
BIRTH_DATE_DIFFERS = Message(
    "iin.birth_date_differs", "IIN %(iin)s encodes the birth date %(encoded)s, the record says %(recorded)s"
)
SEX_DIFFERS = Message("iin.sex_differs", "IIN %(iin)s encodes sex %(encoded)s, the record says %(recorded)s")


class InvalidIin(CodedError, ValueError):
    """The text is not a valid IIN; the message says which part is wrong."""


class IinMismatch(CodedError, ValueError):
    """A valid IIN that disagrees with the birth date or sex recorded for the person."""


@dataclass(frozen=True)
class Iin:
    value: str
    birth_date: date
    sex: str  # "M" or "F"
    serial: str


def check_digit(first_eleven: str) -> int:
    """The check digit for the first 11 digits; raises InvalidIin when no check digit exists (second pass 10)."""
    if len(first_eleven) != 11 or not first_eleven.isascii() or not first_eleven.isdigit():
        raise InvalidIin(ELEVEN_DIGITS, text=first_eleven)
    digits = [int(c) for c in first_eleven]
    first = sum(d * w for d, w in zip(digits, FIRST_WEIGHTS, strict=True)) % 11
    if first != 10:
        return first
    second = sum(d * w for d, w in zip(digits, SECOND_WEIGHTS, strict=True)) % 11
    if second == 10:
        raise InvalidIin(NEVER_ISSUED, iin=first_eleven)
    return second


def parse_iin(text: str) -> Iin:
    """Validate all of an IIN (length, date, century/sex digit, check digit) and return its parts."""
    value = text.strip() if isinstance(text, str) else text
    if not isinstance(value, str) or len(value) != 12 or not value.isascii() or not value.isdigit():
        raise InvalidIin(TWELVE_DIGITS, text=text)
    century_digit = int(value[6])
    if century_digit not in _CENTURY_BASE:
        raise InvalidIin(CENTURY_DIGIT, iin=value, digit=century_digit)
    year = _CENTURY_BASE[century_digit] + int(value[0:2])
    try:
        born = date(year, int(value[2:4]), int(value[4:6]))
    except ValueError as exc:
        raise InvalidIin(NO_DATE, iin=value, date=f"{year}-{value[2:4]}-{value[4:6]}") from exc
    expected = check_digit(value[:11])
    if int(value[11]) != expected:
        raise InvalidIin(CHECK_DIGIT, iin=value, expected=expected, got=value[11])
    return Iin(value=value, birth_date=born, sex="M" if century_digit % 2 else "F", serial=value[7:11])


def is_valid_iin(text: str) -> bool:
    try:
        parse_iin(text)
    except InvalidIin:
        return False
    return True


def check_iin_agrees(iin: str, *, birth_date: date | None, sex: str | None) -> Iin:
    """Parse the IIN and make sure the recorded birth date and sex say the same; raise IinMismatch otherwise."""
    parsed = parse_iin(iin)
    if birth_date is not None and parsed.birth_date != birth_date:
        raise IinMismatch(
            BIRTH_DATE_DIFFERS,
            iin=parsed.value,
            encoded=parsed.birth_date.isoformat(),
            recorded=birth_date.isoformat(),
        )
    if sex is not None and parsed.sex != sex:
        raise IinMismatch(SEX_DIFFERS, iin=parsed.value, encoded=parsed.sex, recorded=sex)
    return parsed


def century_sex_digit(birth_date: date, sex: str) -> int:
    if sex not in ("M", "F"):
        raise ValueError(f"sex must be 'M' or 'F'. Got {sex!r} instead.")
    if not 1800 <= birth_date.year <= 2099:
        raise ValueError(f"an IIN encodes birth years 1800 to 2099. Got {birth_date.year} instead.")
    base = {1800: 1, 1900: 3, 2000: 5}[birth_date.year // 100 * 100]
    return base if sex == "M" else base + 1


def make_iin(birth_date: date, sex: str, serial: int) -> str:
    """The IIN with this birth date, sex and 4-digit serial; raises InvalidIin when that serial has no check digit."""
    if not 0 <= serial <= 9999:
        raise ValueError(f"the IIN serial must be 0 to 9999. Got {serial} instead.")
    first = f"{birth_date:%y%m%d}{century_sex_digit(birth_date, sex)}{serial:04d}"
    return first + str(check_digit(first))


def generate_iin(birth_date: date, sex: str, rng: random.Random) -> str:
    """A valid random IIN for synthetic data (serials without a check digit are skipped)."""
    while True:
        try:
            return make_iin(birth_date, sex, rng.randrange(10000))
        except InvalidIin:
            continue

"""The substituent list by date: items added by amending decrees count only from the day they took effect.

Dates from the decrees (kz_acts.csv): No. 470 in force 05.07.2019; No. 677 in force 11.10.2021 (items
1.2-1 to 1.2-4, 1.43-1, 1.49-1, 1.55-1 came with 975 or 677; the later is used); No. 240 in force
03.04.2023 (added 2.16); No. 22 in force 06.02.2024 (added 1.73-1.75, the later of 240 or 22; excluded 2.16).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from drugcontrol.chem.substituents import SubstituentDataError, SubstituentLibrary, rows_in_force

CSV_PATH = Path(__file__).resolve().parents[2] / "src" / "drugcontrol" / "lists" / "data" / "kz_substituents_470.csv"
LATE_677 = ("1.2-1", "1.2-2", "1.2-3", "1.2-4", "1.43-1", "1.49-1", "1.55-1")
LATE_22 = ("1.73", "1.74", "1.75")


def _rows() -> list[dict[str, str]]:
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_data_dates_every_item() -> None:
    rows = {row["code"]: row for row in _rows()}
    assert all(rows[c]["added_by"] == "677" and rows[c]["added_on"] == "2021-10-11" for c in LATE_677)
    assert all(rows[c]["added_by"] == "22" and rows[c]["added_on"] == "2024-02-06" for c in LATE_22)
    assert (rows["2.16"]["added_by"], rows["2.16"]["added_on"], rows["2.16"]["excluded_on"]) == (
        "240",
        "2023-04-03",
        "2024-02-06",
    )
    others = set(rows) - {*LATE_677, *LATE_22, "2.16"}
    assert all(rows[c]["added_by"] == "470" and rows[c]["added_on"] == "2019-07-05" for c in others)
    assert all("975" in rows[c]["note"] and "677" in rows[c]["note"] for c in LATE_677)


@pytest.mark.parametrize(
    ("day", "count", "absent"),
    [
        (date(2019, 7, 5), 87, (*LATE_677, *LATE_22)),
        (date(2021, 10, 10), 87, LATE_677),
        (date(2021, 10, 11), 94, LATE_22),
        (date(2024, 2, 5), 94, LATE_22),
        (date(2024, 2, 6), 97, ("2.16",)),
    ],
)
def test_library_as_of_a_day_holds_exactly_the_items_in_force(day: date, count: int, absent: tuple[str, ...]) -> None:
    library = SubstituentLibrary.from_csv(CSV_PATH, as_of=day)
    assert len(library) == count
    assert not any(code in library for code in absent)


def test_items_not_yet_added_are_named() -> None:
    library = SubstituentLibrary.from_csv(CSV_PATH, as_of=date(2020, 1, 1))
    assert set(library.not_yet_added) == {*LATE_677, *LATE_22, "2.16"}
    assert library.unencoded == ()  # 2.16 was not yet in force, so it is not "in force without structure"
    assert library.get("1.57").added_by == "470" and library.get("1.57").added_on == date(2019, 7, 5)


def test_rows_in_force_is_what_a_bundle_carries() -> None:
    codes = [row["code"] for row in rows_in_force(_rows(), date(2023, 6, 1))]
    assert "2.16" in codes and "1.73" not in codes and "1.2-4" in codes
    assert len(rows_in_force(_rows(), date(2024, 3, 1))) == 97


def test_an_added_date_needs_its_act() -> None:
    row = {
        "code": "9.1",
        "name_ru": "т",
        "name_en": "t",
        "valence": "1",
        "smiles": "[*:1]C",
        "isomers": "0",
        "excluded_by": "",
        "excluded_on": "",
        "added_by": "",
        "added_on": "2020-01-01",
    }
    with pytest.raises(SubstituentDataError, match="'added_by' is empty"):
        SubstituentLibrary.from_rows([row], as_of=date(2021, 1, 1))
    with pytest.raises(SubstituentDataError, match="'added_on' must be a date"):
        SubstituentLibrary.from_rows([{**row, "added_by": "1", "added_on": "01.01.2020"}], as_of=date(2021, 1, 1))

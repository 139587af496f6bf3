"""The decree's quantity cells, read with their inclusive and exclusive bounds."""

from decimal import Decimal

import pytest

from drugcontrol.listcore.thresholds import QuantityClass, ThresholdFormatError, parse_thresholds


def test_heroin_style_cells_follow_the_decrees_bounds() -> None:
    t = parse_thresholds("0-0,5", "0,5-2,5", "2,5")
    assert t.unit == "g"
    assert str(t.small) == "[0, 0.5]"
    assert str(t.large) == "(0.5, 2.5]"
    assert str(t.especially_large) == "(2.5, ∞)"
    assert t.classify("0") is QuantityClass.SMALL
    assert t.classify("0.5") is QuantityClass.SMALL  # "to" is inclusive
    assert t.classify("0.5001") is QuantityClass.LARGE  # "over" is exclusive
    assert t.classify("2.5") is QuantityClass.LARGE
    assert t.classify(Decimal("2.5000001")) is QuantityClass.ESPECIALLY_LARGE


def test_no_small_quantity_for_the_most_potent_substances() -> None:
    t = parse_thresholds("", "0 - 0,0002", "0,0002")
    assert t.small is None
    assert t.classify("0") is QuantityClass.BELOW_LARGE
    assert t.classify("0.0001") is QuantityClass.LARGE
    assert t.classify("0.0003") is QuantityClass.ESPECIALLY_LARGE


def test_typeset_spaces_and_tablet_equivalents_are_read() -> None:
    t = parse_thresholds("0-0, 0002", "0,5-2, 5", "2,5")
    assert t.small is not None and t.small.upper == Decimal("0.0002")
    assert t.large is not None and t.large.upper == Decimal("2.5")
    morphine = parse_thresholds(
        "0-0,01 1 амп. 1 % р-ра", "0,01-1,0 (от 1 до 100 амп.1 % р-ра)", "1,0 (100 амп. 1 % р-ра)"
    )
    assert morphine.large is not None and morphine.large.upper == Decimal("1.0")
    assert morphine.equivalents[1] == "от 1 до 100 амп.1 % р-ра"
    assert morphine.raw[0] == "0-0,01 1 амп. 1 % р-ра"


def test_plants_millilitres_and_dosage_units() -> None:
    poppy = parse_thresholds("", "от 10 растений", "", form="культивация")
    assert poppy.unit == "plants" and poppy.large is not None and poppy.large.lower == 10
    assert poppy.classify(9) is QuantityClass.BELOW_LARGE
    assert poppy.classify(10) is QuantityClass.LARGE
    assert parse_thresholds("", "одно растение", "").classify(1) is QuantityClass.LARGE
    liquid = parse_thresholds("0-1 мл", "1,0-50,0 мл", "50,0 мл")
    assert liquid.unit == "ml" and liquid.classify("50.5") is QuantityClass.ESPECIALLY_LARGE
    tablets = parse_thresholds("1 таб.по 0,05 г", "1-100 таб. по 0,05 г.", "100 таб. по 0,05 г.")
    assert tablets.unit == "dosage units" and tablets.large is None
    assert tablets.raw[1] == "1-100 таб. по 0,05 г."


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        (("abc", "1-2", "2"), "small"),
        (("0-0,5", "2,5-0,5", "2,5"), "large"),
        (("0,5", "0,5-2,5", "2,5"), "small"),
    ],
)
def test_malformed_cells_name_the_column(cells: tuple[str, str, str], column: str) -> None:
    with pytest.raises(ThresholdFormatError) as err:
        parse_thresholds(*cells)
    assert err.value.column == column
    assert column in str(err.value)


def test_negative_quantity_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        parse_thresholds("0-0,5", "0,5-2,5", "2,5").classify("-1")


def test_round_trip_through_dict() -> None:
    t = parse_thresholds("0,5-20,0", "20,0-500", "500", form="высушенная")
    assert type(t).from_dict(t.to_dict()) == t


@pytest.mark.shared
def test_every_cell_of_the_decrees_quantity_table_is_read(shared) -> None:
    import csv

    rows = list(csv.DictReader((shared / "lists/kz/quantities.csv").open(encoding="utf-8")))
    assert len(rows) == 342
    units = {parse_thresholds(r["small_g"], r["large_g"], r["especially_large_g"]).unit for r in rows}
    assert units == {"g", "ml", "plants", "dosage units"}

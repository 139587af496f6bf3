"""The pure core: quantity classes with the decree's bounds, forms, plants, the gravest of several substances,
and the article and part under the code before and after the 2025 reform. No database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from drugcontrol.errors import InputRefused
from drugcontrol.listcore.snapshot import ListedEntry
from drugcontrol.listcore.thresholds import QuantityClass, parse_thresholds
from drugcontrol.offences.law.articles import suggest
from drugcontrol.offences.law.qualify import Basis, qualify
from drugcontrol.offences.law.sizes import Amount, classify, gravest, parse_mass

HEROIN = (parse_thresholds("0-0,01", "0,01-1,0", "1,0"),)
CANNABIS = (
    parse_thresholds("0,5-50,0", "50,0-1000", "1000", form="высушенная"),
    parse_thresholds("5,0-200,0", "200,0-5000", "5000", form="невысушенная"),
)
POPPY = (
    parse_thresholds("5-200", "200-10000", "10000"),
    parse_thresholds("", "от 10 растений", "", form="культивация"),
)
FENTANYL_LIKE = (parse_thresholds("", "0,00001- 0,001", "0,001"),)


def entry(name: str, thresholds: tuple) -> ListedEntry:
    return ListedEntry(substance_id="1", names={"ru": name}, kind="substance", table="I", thresholds=thresholds)


@pytest.mark.parametrize(
    ("grams", "size"),
    [
        ("0.01", QuantityClass.SMALL),  # small = from..to inclusive
        ("0.010001", QuantityClass.LARGE),  # large = over..to
        ("1.0", QuantityClass.LARGE),  # ..to inclusive
        ("1.000001", QuantityClass.ESPECIALLY_LARGE),  # especially large = over
    ],
)
def test_the_bounds_are_read_as_the_decree_writes_them(grams: str, size: QuantityClass) -> None:
    assert classify(HEROIN, Amount(mass_g=Decimal(grams))).size == size


def test_below_the_small_size_of_a_substance_whose_small_size_starts_above_zero() -> None:
    assert classify(CANNABIS, Amount(mass_g=Decimal("0.4"), form="dried")).size == QuantityClass.BELOW_SMALL


def test_the_form_chooses_the_row_and_must_be_named_when_the_table_gives_several() -> None:
    assert classify(CANNABIS, Amount(mass_g=Decimal("60"), form="dried")).size == QuantityClass.LARGE
    assert classify(CANNABIS, Amount(mass_g=Decimal("60"), form="undried")).size == QuantityClass.SMALL
    with pytest.raises(InputRefused) as refused:
        classify(CANNABIS, Amount(mass_g=Decimal("60")), entry="cannabis")
    assert refused.value.field == "form"
    assert "dried, undried" in str(refused.value)


def test_plants_are_counted_for_cultivation() -> None:
    assert classify(POPPY, Amount(plants=10, form="plants")).size == QuantityClass.LARGE
    assert classify(POPPY, Amount(plants=9, form="plants")).size == QuantityClass.BELOW_LARGE


def test_a_substance_without_a_small_size_is_below_large_under_its_large_size() -> None:
    assert classify(FENTANYL_LIKE, Amount(mass_g=Decimal("0.000005"))).size == QuantityClass.BELOW_LARGE
    assert classify(FENTANYL_LIKE, Amount(mass_g=Decimal("0.0011"))).size == QuantityClass.ESPECIALLY_LARGE


def test_several_substances_take_the_gravest_class() -> None:
    sizes = [QuantityClass.SMALL, QuantityClass.ESPECIALLY_LARGE, QuantityClass.LARGE]
    assert gravest(sizes) == QuantityClass.ESPECIALLY_LARGE
    result = qualify(
        [
            (Basis(entry("героин", HEROIN), "listed", HEROIN), Amount(mass_g=Decimal("0.005"))),
            (Basis(entry("каннабис", CANNABIS), "listed", CANNABIS), Amount(mass_g=Decimal("1200"), form="dried")),
        ],
        action="possession",
        act_date=date(2025, 6, 1),
    )
    assert [s.size for s in result.sizes] == [QuantityClass.SMALL, QuantityClass.ESPECIALLY_LARGE]
    assert (result.size, result.suggestion.part.article, result.suggestion.part.part) == (
        QuantityClass.ESPECIALLY_LARGE,
        "296",
        4,
    )


@pytest.mark.parametrize("bad", ["-1", "0", "abc", "1e12", "NaN", "inf", ""])
def test_a_negative_zero_absurd_or_unreadable_mass_is_refused_naming_the_field(bad: str) -> None:
    with pytest.raises(InputRefused) as refused:
        parse_mass(bad)
    assert refused.value.field == "mass"


def labels(side: list) -> dict[str, str]:
    return {s.version.version: f"{s.part.article}.{s.part.part}" for s in side}


def test_the_young_courier_before_and_after_the_reform() -> None:
    """A courier with a large quantity ordered through a messenger: part 3 (10-15 years) before the reform,
    part 2 (6-10 years) after it, since Law 150-VIII took 'electronic networks' out of part 3."""
    in_force, side = suggest("transport_for_sale", QuantityClass.LARGE, ["electronic_networks"], date(2025, 6, 1))
    assert labels(side) == {"2015": "297.3", "2025": "297.2"}
    assert (in_force.part.penalty.prison_min, in_force.part.penalty.prison_max) == (6, 10)
    before, _side = suggest("transport_for_sale", QuantityClass.LARGE, ["electronic_networks"], date(2024, 6, 1))
    assert before.version.version == "2015"
    assert (before.part.penalty.prison_min, before.part.penalty.prison_max) == (10, 15)


def test_the_organiser_of_a_laboratory_faces_life_under_the_new_article_297_1() -> None:
    in_force, side = suggest("manufacture", QuantityClass.LARGE, ["criminal_group"], date(2025, 6, 1))
    assert labels(side) == {"2015": "297.4", "2025": "297-1.4"}
    assert in_force.part.penalty.life is True
    production, _ = suggest("production", QuantityClass.SMALL, [], date(2025, 6, 1))
    assert production.part.label == "297-1.4"
    assert production.grounds == ("action:production",)


def test_cultivation_by_a_criminal_group_is_part_3_only_after_the_reform() -> None:
    _in_force, side = suggest("cultivation", QuantityClass.ESPECIALLY_LARGE, [], date(2025, 6, 1))
    assert labels(side) == {"2015": "300.2", "2025": "300.3"}


def test_an_unknown_action_or_circumstance_is_refused_naming_the_field() -> None:
    with pytest.raises(InputRefused) as refused:
        suggest("smuggling", None, [], date(2025, 6, 1))
    assert refused.value.field == "action"
    with pytest.raises(InputRefused) as refused:
        suggest("sale", None, ["at night"], date(2025, 6, 1))
    assert refused.value.field == "circumstance"


def test_an_act_before_the_code_is_refused_naming_the_date() -> None:
    with pytest.raises(InputRefused) as refused:
        suggest("sale", None, [], date(2010, 1, 1))
    assert refused.value.field == "date"

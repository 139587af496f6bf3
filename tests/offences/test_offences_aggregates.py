"""The dashboard's aggregate tables: kept by the action in the same transaction, equal to the count over the
records for every drill-down, rebuilt and checked by `drugcontrol aggregates`."""

from __future__ import annotations

import pytest
from tests.offences.conftest import World, case_data
from typer.testing import CliRunner

from drugcontrol.aggregates.models import Flow
from drugcontrol.cli.main import app
from drugcontrol.errors import InputRefused
from drugcontrol.offences.actions import ParticipantData, SeizureData, do_create_case
from drugcontrol.offences.counts import OFFENCES, TOPIC
from drugcontrol.offences.models import Case
from drugcontrol.offences.statistics import counts_from_aggregates, counts_from_records, dashboard

MIX = (  # region, user, act date, action, seizures (name, grams), participants (role, age, sex)
    ("KZ-75", "investigator_a", "2024-03-02", "sale", (("героин", "2"), ("ГАШИШ", "30")), (("seller", 31, "M"),)),
    ("KZ-75", "investigator_a", "2025-01-31", "possession", (("АМФЕТАМИН", "0.3"),), (("buyer", 17, "F"),)),
    ("KZ-75", "investigator_a", "2025-12-31", "consumption", (("героин", "0.1"),), (("consumer", 45, "M"),)),
    ("KZ-71", "investigator_b", "2025-07-15", "transport_for_sale", (("КОКАИН", "600"),), (("courier", 22, "M"),)),
    ("KZ-35", "investigator_c", "2025-02-28", "possession", (("героин", "0.5"), ("героин", "5")), ()),
)


@pytest.fixture
def mixed(world: World) -> World:
    for i, (region, user, day, action, seizures, people) in enumerate(MIX):
        do_create_case(
            case_data(
                f"MIX-{i}",
                region,
                act_date=day,
                action=action,
                seizures=tuple(SeizureData(substance=name, net_g=grams) for name, grams in seizures),
                participants=tuple(ParticipantData(role=r, age=a, sex=s) for r, a, s in people),
            ),
            actor=world.users[user],
        )
    return world


@pytest.mark.parametrize(
    ("year", "region", "article"),
    [(2025, None, None), (2024, None, None), (2025, "KZ-75", None), (2025, None, "297"), (2025, "KZ-75", "296")],
)
def test_the_aggregates_give_the_counts_of_the_records_for_every_drill_down(
    mixed: World, year: int, region: str | None, article: str | None
) -> None:
    from_records = counts_from_records(year, region, article).nonzero()
    assert counts_from_aggregates(year, region, article).nonzero() == from_records


def test_the_published_dashboard_is_the_same_from_either_source(mixed: World) -> None:
    analyst = mixed.users["analyst"]
    assert dashboard(analyst, year=2025).to_api() == dashboard(analyst, year=2025, source="records").to_api()


def test_a_refused_case_leaves_the_counts_unchanged(world: World) -> None:
    before = sorted(Flow.objects.filter(topic=TOPIC).values_list("day", "measure", "category", "n"))
    with pytest.raises(InputRefused):
        do_create_case(
            case_data("BAD-1", "KZ-75", seizures=(SeizureData(substance="героин", net_g="-1"),)),
            actor=world.users["investigator_a"],
        )
    assert sorted(Flow.objects.filter(topic=TOPIC).values_list("day", "measure", "category", "n")) == before


def test_rows_written_behind_the_action_are_found_by_check_and_repaired_by_rebuild(mixed: World) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["aggregates", "check", "--topic", TOPIC]).exit_code == 0
    Case.objects.filter(number="MIX-0").update(article="300")  # a change that bypassed the action
    found = runner.invoke(app, ["aggregates", "check", "--topic", TOPIC])
    assert found.exit_code == 1 and "status=300" in found.output, found.output
    rebuilt = runner.invoke(app, ["aggregates", "rebuild", "--topic", TOPIC])
    assert rebuilt.exit_code == 0 and f"{Case.objects.count()} " in rebuilt.output, rebuilt.output
    assert runner.invoke(app, ["aggregates", "check", "--topic", TOPIC]).exit_code == 0
    assert OFFENCES.name == TOPIC

"""Upgrading to the ledger of facts empties the counts kept in the old form; a rebuild then restores them."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from drugcontrol.aggregates.models import Contribution, Flow, Horizon
from drugcontrol.aggregates.store import check, rebuild
from drugcontrol.registry.statistics.counts import REGISTER
from drugcontrol.registry.synthetic.load import do_load_synthetic

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("aggregates", "0001_flows_and_stocks")]


def test_counts_of_the_old_ledger_are_emptied_and_a_rebuild_restores_them() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    old.get_model("aggregates", "Flow").objects.create(topic=REGISTER.name, day=date(2024, 1, 1), measure="people", n=7)
    old.get_model("aggregates", "Contribution").objects.create(
        topic=REGISTER.name, subject=1, flows=[["2024-01-01", "people", "", "", "", "", "", "", "", 1]]
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert not Flow.objects.exists() and not Contribution.objects.exists() and not Horizon.objects.exists()
    do_load_synthetic(40, 0, seed=3, as_of=date(2025, 6, 30), aggregates=False)
    assert check(REGISTER), "the counts are missing until the rebuild"
    assert rebuild(REGISTER) == Contribution.objects.count() > 0
    assert check(REGISTER) == []

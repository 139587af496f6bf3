"""Problems of imports run before problems were kept as code + parameters still show after the upgrade."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from drugcontrol.messages import RowError
from drugcontrol.offences.models import OffenceImport

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("offences", "0003_seizure_inchikey")]


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


def test_a_problem_written_as_text_becomes_the_stored_form_with_its_text() -> None:
    old = _migrate(BEFORE).loader.project_state(BEFORE).apps
    actor = old.get_model("auth", "User").objects.create(username="importer")
    job = old.get_model("offences", "OffenceImport").objects.create(
        actor_id=actor.pk,
        file_name="cases.csv",
        status="refused",
        problems=[[3, "article", "неизвестная статья", "999"]],
        rejects_csv="row,field,problem,value\n3,article,неизвестная статья,999\n",
    )
    executor = MigrationExecutor(connection)
    _migrate(executor.loader.graph.leaf_nodes())

    problems = OffenceImport.objects.get(pk=job.pk).problems
    assert problems == [[3, "article", "tabular.as_written", {"text": "неизвестная статья"}, "999"]]
    assert RowError.from_stored(problems[0]).describe() == "row 3, field 'article': неизвестная статья (value '999')"

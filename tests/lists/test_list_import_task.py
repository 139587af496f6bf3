"""A list import queued from the command line runs on the worker: all of it, or nothing with every row error."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult
from typer.testing import CliRunner

from drugcontrol.audit.models import AuditEvent
from drugcontrol.background.worker import run_queued_tasks
from drugcontrol.cli.main import app
from drugcontrol.lists.models import ListEntry
from drugcontrol.lists.snapshots import snapshot_as_of

pytestmark = pytest.mark.django_db

MAP = ["--map", "name_en=Name", "--map", "smiles=SMILES", "--map", "table=Schedule"]


def _queue(path: Path) -> str:
    result = CliRunner().invoke(
        app,
        ["lists", "import", str(path), "--jurisdiction", "de", *MAP, "--default-effective-date", "2020-01-01",
         "--act-number", "queued act", "--background"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "queued as task" in result.output
    return result.output.split("queued as task ", 1)[1].split(";", 1)[0]


def test_a_queued_import_runs_on_the_worker(tmp_path: Path) -> None:
    path = tmp_path / "de.csv"
    path.write_text("Name,SMILES,Schedule\nHexylamine,CCCCCCN,BtMG II\nHeptylamine,CCCCCCCN,BtMG III\n", "utf-8")
    task_id = _queue(path)
    assert not AuditEvent.objects.filter(action="lists.import").exists()  # nothing until a worker runs it
    assert run_queued_tasks() == 1
    task = DBTaskResult.objects.get(pk=task_id)
    assert task.status == "SUCCESSFUL" and task.return_value["summary"].startswith("DE: 2 rows — 2 added")
    names = {e.names["en"] for e in snapshot_as_of("DE", date(2021, 1, 1)).entries}
    assert {"Hexylamine", "Heptylamine"} <= names
    assert AuditEvent.objects.get(action="lists.import").details["act"] == "queued act"


def test_a_rejected_import_fails_its_task_with_the_row_errors_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("Name,SMILES,Schedule\nHexylamine,CCCCCCN,BtMG II\nBroken,C1CC(,BtMG I\n", "utf-8")
    before = ListEntry.objects.count()
    task_id = _queue(path)
    run_queued_tasks()
    task = DBTaskResult.objects.get(pk=task_id)
    assert task.status == "FAILED" and task.exception_class_path.endswith("ImportRejected")
    assert "row 3, field 'smiles'" in task.traceback
    assert ListEntry.objects.count() == before and not AuditEvent.objects.filter(action="lists.import").exists()


def test_a_missing_file_is_refused_before_it_is_queued(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["lists", "import", str(tmp_path / "nope.csv"), "--jurisdiction", "DE", *MAP, "--background"]
    )
    assert result.exit_code != 0 and "no such file" in result.output and not DBTaskResult.objects.exists()

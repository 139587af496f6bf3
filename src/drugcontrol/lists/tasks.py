"""Background tasks of the lists domain (run by ``drugcontrol worker``): thin shells over actions.

Arguments are JSON: ids, strings, lists of strings and ISO dates. See ``drugcontrol.background`` for the
conventions. A task that a lost worker left half-done runs again from the start: screening resumes at its last
stored part; an import and a report write everything in one transaction, so a lost run wrote nothing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.dispatch import receiver
from django_tasks import task

from drugcontrol.background.signals import task_abandoned
from drugcontrol.listcore.import_rows import parse_mapping
from drugcontrol.lists.actions.expert_reports import do_create_report
from drugcontrol.lists.actions.list_imports import ActInput, ImportRejected, do_import_list
from drugcontrol.lists.actions.screening_runs import do_mark_job_abandoned, run_screening_job
from drugcontrol.lists.assessors import assessor_as_of
from drugcontrol.tabular.errors import RowError, TabularError

__all__ = ["create_expert_report", "import_list_file", "screen_file_job"]


@task()
def screen_file_job(job_id: int) -> dict[str, Any]:
    """Screen one queued screening job; run again after a lost worker, it resumes at its last stored part."""
    return run_screening_job(job_id)


@receiver(task_abandoned, dispatch_uid="lists.screening_job_abandoned")
def _screening_job_abandoned(sender: str, *, task_path: str, task_id: str, requeued: bool, **kwargs: Any) -> None:
    if task_path == screen_file_job.module_path:
        do_mark_job_abandoned(task_id, requeued=requeued)


@task()
def create_expert_report(
    *, structure: str, jurisdiction: str, as_of: str, user_id: int, lang: str, remote_addr: str = ""
) -> dict[str, str]:
    """Assess a structure and store the numbered expert report; returns ``{"number": ...}``."""
    user = get_user_model().objects.get(pk=user_id)
    assessor = assessor_as_of(jurisdiction, date.fromisoformat(as_of))
    report = do_create_report(structure=structure, assessor=assessor, actor=user, lang=lang, remote_addr=remote_addr)
    return {"number": report.number}


@task()
def import_list_file(
    *,
    path: str,
    jurisdiction: str,
    mapping: list[str],
    null_values: list[str],
    act: dict[str, str | None],
    default_effective: str | None,
    replace: bool,
    encoding: str | None,
    sheet: str | None,
    actor: str,
    report_rejection: bool = False,
) -> dict[str, Any]:
    """Import an official list file (all or nothing); a rejected file fails the task with every row error, or, with
    ``report_rejection`` (the web page, which shows them in its reader's language), returns them as codes."""

    def day(text: str | None) -> date | None:
        return date.fromisoformat(text) if text else None

    if report_rejection:
        try:
            return import_list_file.call(
                path=path, jurisdiction=jurisdiction, mapping=mapping, null_values=null_values, act=act,
                default_effective=default_effective, replace=replace, encoding=encoding, sheet=sheet, actor=actor,
            )  # fmt: skip
        except ImportRejected as rejected:
            return {"rejected": [_error_data(e) for e in rejected.errors]}
        except TabularError as exc:
            return {"rejected": [_error_data(exc.error)]}
    report = do_import_list(
        Path(path),
        jurisdiction_code=jurisdiction,
        mapping=parse_mapping(mapping, null_values=null_values),
        act=ActInput(
            number=act["number"] or Path(path).name,
            title=act.get("title") or "",
            signed_on=day(act.get("signed_on")),
            in_force_from=day(act.get("in_force_from")),
        ),
        default_effective=day(default_effective),
        replace=replace,
        encoding=encoding,
        sheet=sheet,
        actor=actor,
    )
    counts = {
        "rows": report.rows,
        "added": report.added,
        "changed": report.changed,
        "unchanged": report.unchanged,
        "removed": report.removed,
        "substances_created": report.substances_created,
    }
    return {"summary": report.summary(), "warnings": [str(w) for w in report.warnings], "counts": counts}


def _error_data(error: RowError) -> dict[str, Any]:
    return {
        "row": error.row,
        "field": error.field,
        "code": error.code,
        "params": dict(error.params),
        "value": error.value,
    }

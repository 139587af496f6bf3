"""Run a queued screening job on a worker, resumable part by part after the worker is lost.

The result is written as numbered parts of ``options["part_rows"]`` rows (``parts/000000.csv``, ...), each written
to a temporary name and then renamed, so a part on disk is always whole. A run that finds parts left by a
killed worker screens only the rows after them; the result CSV is the parts joined once every row is in one, so
every input row is in the result exactly once. ``rows_done`` follows the run for the job page and the API.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import shutil
import time
from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from drugcontrol.background.reaper import WORKER_LOST
from drugcontrol.expertise.screening import SCREEN_COLUMNS, ScreeningRecipe, read_inputs, screen_inputs
from drugcontrol.lists.assessors import assessor_as_of
from drugcontrol.lists.models import ScreeningJob
from drugcontrol.spreadsheet_safety import SafeDictWriter

__all__ = ["do_mark_job_abandoned", "run_screening_job"]

logger = logging.getLogger(__name__)

_PROGRESS_EVERY_S = 0.5
_VERDICT = SCREEN_COLUMNS.index("verdict")


def _parts(folder: Path) -> list[Path]:
    return sorted(folder.glob("[0-9]*.csv"))


def _rows_in(part: Path) -> int:
    with part.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle))


def _write_part(folder: Path, index: int, rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    SafeDictWriter(buffer, fieldnames=SCREEN_COLUMNS, lineterminator="\n").writerows(rows)  # no formulas
    final = folder / f"{index:06d}.csv"
    temporary = folder / f".{index:06d}.csv.tmp"
    temporary.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    os.replace(temporary, final)


def _join(parts: list[Path], output: Path) -> dict[str, int]:
    """Header, then every part in order, into ``output`` (renamed into place); returns rows per verdict."""
    counts: Counter[str] = Counter()
    temporary = output.with_name(f".{output.name}.tmp")
    with temporary.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerow(SCREEN_COLUMNS)
        for part in parts:
            with part.open(encoding="utf-8", newline="") as handle:
                text = handle.read()
            counts.update(row[_VERDICT] for row in csv.reader(io.StringIO(text, newline="")))
            out.write(text)
    os.replace(temporary, output)
    return dict(counts)


def run_screening_job(job_id: int) -> dict[str, Any]:
    """Screen a queued job's file (or what is left of it) and store the result; a failure is recorded, then raised."""
    job = ScreeningJob.objects.select_related("jurisdiction").get(pk=job_id)
    if job.finished:  # delivered twice: the first delivery already ended it
        return {"job": job_id, "status": job.status}
    started = time.monotonic()
    folder = (Path(settings.DATA_DIR) / job.input_file).parent
    parts_dir = folder / "parts"
    output = folder / "result.csv"
    part_rows = int(job.options.get("part_rows") or settings.SCREENING_CHUNK_ROWS)
    try:
        parts_dir.mkdir(parents=True, exist_ok=True)
        inputs = read_inputs(
            Path(settings.DATA_DIR) / job.input_file,
            fmt=job.options.get("format"),
            id_column=job.options.get("id_column", "id"),
            smiles_column=job.options.get("smiles_column", "smiles"),
            id_property=job.options.get("id_property") or None,
        )
        total = len(inputs)
        kept = _parts(parts_dir)
        resume_at = sum(_rows_in(p) for p in kept)
        ScreeningJob.objects.filter(pk=job_id).update(
            status=ScreeningJob.Status.RUNNING,
            started_at=job.started_at or timezone.now(),
            rows_done=resume_at,
            rows_total=total,
            error="",
        )
        if resume_at:
            logger.info("screening job %s resumes at row %d of %d", job_id, resume_at, total)
        if resume_at < total:
            _screen_rest(job, inputs[resume_at:], resume_at, total, parts_dir, first_index=len(kept),
                         part_rows=part_rows)  # fmt: skip
        counts = _join(_parts(parts_dir), output)
    except Exception as exc:  # the job must end in a state the user can see; the task fails too
        logger.exception("screening job %s failed", job_id)
        ScreeningJob.objects.filter(pk=job_id).update(
            status=ScreeningJob.Status.FAILED, error=f"{type(exc).__name__}: {exc}", finished_at=timezone.now()
        )
        raise
    ScreeningJob.objects.filter(pk=job_id).update(
        status=ScreeningJob.Status.DONE,
        rows_done=total,
        counts=counts,
        seconds=round(job.seconds + time.monotonic() - started, 3),
        result_file=str(output.relative_to(settings.DATA_DIR)),
        finished_at=timezone.now(),
    )
    shutil.rmtree(parts_dir, ignore_errors=True)
    return {"job": job_id, "status": ScreeningJob.Status.DONE.value, "rows": total}


def _screen_rest(
    job: ScreeningJob,
    inputs: list[Any],
    offset: int,
    total: int,
    parts_dir: Path,
    *,
    first_index: int,
    part_rows: int,
) -> None:
    last_saved = 0.0

    def progress(done: int, _rest: int) -> None:
        nonlocal last_saved
        now = time.monotonic()
        if now - last_saved >= _PROGRESS_EVERY_S:
            last_saved = now
            ScreeningJob.objects.filter(pk=job.pk).update(rows_done=offset + done)

    recipe = ScreeningRecipe.of(assessor_as_of(job.jurisdiction_id, job.as_of))
    index, written, buffer = first_index, offset, []
    for row in screen_inputs(inputs, recipe, workers=settings.SCREENING_WORKERS, progress=progress):
        buffer.append(row)
        if len(buffer) == part_rows:
            _write_part(parts_dir, index, buffer)
            index, written, buffer = index + 1, written + len(buffer), []
            ScreeningJob.objects.filter(pk=job.pk).update(rows_done=written)
    if buffer:
        _write_part(parts_dir, index, buffer)


def do_mark_job_abandoned(task_id: str, *, requeued: bool) -> None:
    """The reaper took the job's task back from a dead worker: queued again, or failed for good."""
    jobs = ScreeningJob.objects.filter(task_id=task_id).exclude(
        status__in=[ScreeningJob.Status.DONE, ScreeningJob.Status.FAILED]
    )
    if requeued:
        jobs.update(status=ScreeningJob.Status.QUEUED)
    else:
        jobs.update(status=ScreeningJob.Status.FAILED, error=WORKER_LOST, finished_at=timezone.now())

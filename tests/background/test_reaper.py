"""The reaper: a running task whose worker's lease expired is queued again, then failed with a message; the job row
follows, and the worker runs the reaper when it starts."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from drugcontrol.background.models import WorkerLease
from drugcontrol.background.reaper import WORKER_LOST_CLASS, reap_stale_tasks
from drugcontrol.background.worker import run_queued_tasks
from drugcontrol.lists.models import ScreeningJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def chemist(django_user_model, settings, tmp_path: Path):
    settings.DATA_DIR = tmp_path
    return django_user_model.objects.create_user("chemist", password="pw-chemist-12345")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _queued_job(user) -> ScreeningJob:
    response = _client(user).post(
        "/api/lists/screen",
        {"file": SimpleUploadedFile("two.smi", b"CNC(C)Cc1ccccc1 meth\nCCO ethanol\n"), "as_of": "2024-03-01"},
    )
    assert response.status_code == 202, response.content
    return ScreeningJob.objects.get(pk=response.json()["id"])


def _lease(worker_id: str, *, heard_seconds_ago: float) -> None:
    heard = timezone.now() - timedelta(seconds=heard_seconds_ago)
    WorkerLease.objects.create(worker_id=worker_id, hostname="h", pid=1, started_at=heard, heartbeat_at=heard)


def test_a_task_of_a_dead_worker_is_queued_again_then_failed_after_the_last_attempt(chemist, settings) -> None:
    settings.TASKS_MAX_ATTEMPTS = 2
    job = _queued_job(chemist)
    task = DBTaskResult.objects.get(pk=job.task_id)
    _lease("killed-1", heard_seconds_ago=settings.TASKS_LEASE_SECONDS + 5)
    task.claim("killed-1")
    ScreeningJob.objects.filter(pk=job.pk).update(status="running", rows_done=1)

    report = reap_stale_tasks()
    assert report.requeued == [job.task_id] and report.failed == []
    task.refresh_from_db()
    job.refresh_from_db()
    assert task.status == "READY" and job.status == "queued"
    assert not WorkerLease.objects.filter(worker_id="killed-1").exists()  # expired leases go too

    task.claim("killed-2")  # the second and last attempt dies too (no lease at all)
    report = reap_stale_tasks()
    assert report.failed == [job.task_id]
    task.refresh_from_db()
    job.refresh_from_db()
    assert task.status == "FAILED" and task.exception_class_path == WORKER_LOST_CLASS and task.finished_at
    assert job.status == "failed" and job.finished_at is not None
    shown = _client(chemist).get(f"/api/lists/screen/{job.pk}", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert shown["status"] == "failed" and shown["error"].startswith("прервано: обработчик")
    page = _client(chemist).get(f"/lists/screen/{job.pk}/", HTTP_ACCEPT_LANGUAGE="kk")
    assert "үзілді: осы тапсырманы" in page.content.decode()
    assert reap_stale_tasks().failed == []  # nothing left to reap


def test_a_task_of_a_live_worker_is_left_alone(chemist, settings) -> None:
    job = _queued_job(chemist)
    task = DBTaskResult.objects.get(pk=job.task_id)
    _lease("alive", heard_seconds_ago=settings.TASKS_LEASE_SECONDS / 2)
    task.claim("alive")
    assert not reap_stale_tasks()
    task.refresh_from_db()
    assert task.status == "RUNNING"


def test_a_starting_worker_takes_back_and_finishes_the_job_of_a_dead_one(chemist) -> None:
    job = _queued_job(chemist)
    DBTaskResult.objects.get(pk=job.task_id).claim("killed")
    ScreeningJob.objects.filter(pk=job.pk).update(status="running")
    assert run_queued_tasks() == 1
    job.refresh_from_db()
    task = DBTaskResult.objects.get(pk=job.task_id)
    assert job.status == "done" and job.rows_done == 2 and job.counts == {"listed": 1, "not_controlled": 1}
    assert task.status == "SUCCESSFUL" and len(task.worker_ids) == 2 and task.worker_ids[0] == "killed"
    assert not WorkerLease.objects.exists()  # the in-process worker removed its lease when it stopped

"""Screening jobs through HTTP: the job lifecycle on the real task queue, refusals, audit row and the web pages."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tasks_db.models import DBTaskResult

from drugcontrol.audit.models import AuditEvent
from drugcontrol.background.worker import run_queued_tasks
from drugcontrol.lists.models import ScreeningJob
from drugcontrol.lists.tasks import screen_file_job

pytestmark = pytest.mark.django_db

CSV_TEXT = "id,smiles\nmeth,CNC(C)Cc1ccccc1\nbad,C1CC(\n4-FA,CC(N)Cc1ccc(F)cc1\n"


@pytest.fixture
def inline_jobs(settings, tmp_path: Path) -> Path:
    """Jobs store their files under a fresh data folder."""
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def analyst(django_user_model):
    return django_user_model.objects.create_user("analyst", password="pw-analyst-1")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(client: Client, text: str = CSV_TEXT, name: str = "seized.csv", **fields: str):
    data = {"file": SimpleUploadedFile(name, text.encode("utf-8")), "as_of": "2024-03-01", **fields}
    return client.post("/api/lists/screen", data)


def test_job_lifecycle_create_progress_result(inline_jobs: Path, analyst) -> None:
    client = _client(analyst)
    response = _upload(client)
    assert response.status_code == 202, response.content
    job = response.json()
    assert (job["status"], job["rows_total"], job["rows_done"], job["result_url"]) == ("queued", 3, 0, None)
    assert run_queued_tasks() == 1  # a worker, in this process, on the real database queue
    status = client.get(f"/api/lists/screen/{job['id']}").json()
    assert status["status"] == "done" and status["progress"] == 1.0
    assert status["counts"] == {"listed": 1, "invalid": 1, "analogue": 1}
    assert status["rows_done"] == 3 and status["result_url"] == f"/api/lists/screen/{job['id']}/result.csv"
    result = client.get(status["result_url"])
    assert result.status_code == 200 and result["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(result.streaming_content).decode("utf-8"))))
    assert [(r["id"], r["verdict"]) for r in rows] == [("meth", "listed"), ("bad", "invalid"), ("4-FA", "analogue")]
    stored = ScreeningJob.objects.get(pk=job["id"])
    assert stored.created_by == analyst and (inline_jobs / stored.result_file).is_file()
    assert DBTaskResult.objects.get(pk=stored.task_id).status == "SUCCESSFUL"
    event = AuditEvent.objects.filter(action="lists.create_screening_job").latest("id")
    assert event.object_id == str(job["id"]) and event.actor == analyst and event.details["rows"] == 3


def test_a_result_in_many_parts_has_every_row_once_in_order(inline_jobs: Path, analyst, settings) -> None:
    settings.SCREENING_CHUNK_ROWS = 2
    rows = [f"r{i},{smiles}" for i, smiles in enumerate(["CCO", "CNC(C)Cc1ccccc1", "C1CC(", "CCN", "CCCO"] * 3)]
    job = _upload(_client(analyst), "id,smiles\n" + "\n".join(rows) + "\n").json()
    run_queued_tasks()
    result = _client(analyst).get(f"/api/lists/screen/{job['id']}/result.csv")
    lines = b"".join(result.streaming_content).decode("utf-8").splitlines()
    assert lines[0].startswith("id,verdict,") and [line.split(",")[0] for line in lines[1:]] == [
        f"r{i}" for i in range(15)
    ]
    assert not (inline_jobs / "screening" / str(job["id"]) / "parts").exists()


def test_refusals(inline_jobs: Path, analyst, django_user_model) -> None:
    assert _upload(Client()).status_code == 401
    client = _client(analyst)
    missing_column = _upload(client, "code,structure\nA,CCO\n")
    assert missing_column.status_code == 400 and "seized.csv: нет столбца «smiles»" in missing_column.json()["detail"]
    wrong_type = _upload(client, name="seized.xls")
    assert wrong_type.status_code == 400 and "неизвестный тип файла" in wrong_type.json()["detail"]
    unknown = _upload(client, jurisdiction="XX")
    assert unknown.status_code == 404 and "XX" in unknown.json()["detail"]
    assert ScreeningJob.objects.count() == 0
    job_id = _upload(client).json()["id"]
    other = _client(django_user_model.objects.create_user("other", password="pw-other-1"))
    assert other.get(f"/api/lists/screen/{job_id}").status_code == 404
    assert other.get(f"/api/lists/screen/{job_id}/result.csv").status_code == 404
    assert Client().get(f"/api/lists/screen/{job_id}").status_code == 401


def test_a_file_above_the_upload_limit_is_refused_and_nothing_stored(inline_jobs: Path, analyst, settings) -> None:
    settings.MAX_UPLOAD_BYTES = len(CSV_TEXT.encode()) - 1
    response = _upload(_client(analyst))
    assert response.status_code == 400 and "больше предела" in response.json()["detail"]  # in the caller's language
    assert ScreeningJob.objects.count() == 0
    assert not (inline_jobs / "screening").exists()


def test_a_job_in_progress_has_no_result_yet(inline_jobs: Path, analyst) -> None:
    job = ScreeningJob.objects.create(
        jurisdiction_id="KZ",
        as_of="2024-03-01",
        created_at="2024-03-01T10:00:00+05:00",
        created_by=analyst,
        input_name="x.smi",
        input_sha256="0" * 64,
        rows_total=4,
        rows_done=1,
        input_file="screening/x/input.smi",
    )
    client = _client(analyst)
    status = client.get(f"/api/lists/screen/{job.pk}").json()
    assert (status["status"], status["progress"], status["result_url"]) == ("queued", 0.25, None)
    assert client.get(f"/api/lists/screen/{job.pk}/result.csv").status_code == 409


def test_a_failing_job_ends_failed_with_the_reason(inline_jobs: Path, analyst) -> None:
    job = ScreeningJob.objects.create(
        jurisdiction_id="KZ",
        as_of="2024-03-01",
        created_at="2024-03-01T10:00:00+05:00",
        created_by=analyst,
        input_name="gone.smi",
        input_sha256="0" * 64,
        options={"format": "smi"},
        input_file="screening/gone/input.smi",
    )
    job.task_id = str(screen_file_job.enqueue(job.pk).id)
    job.save(update_fields=["task_id"])
    run_queued_tasks()
    job.refresh_from_db()
    assert job.status == "failed" and "no such file" in job.error
    assert DBTaskResult.objects.get(pk=job.task_id).status == "FAILED"
    status = _client(analyst).get(f"/api/lists/screen/{job.pk}").json()
    assert status["status"] == "failed" and "no such file" in status["error"]


def test_web_upload_then_job_page_and_download(inline_jobs: Path, analyst) -> None:
    assert Client().get("/lists/screen/").status_code == 302  # login required
    client = _client(analyst)
    page = client.get("/lists/screen/")
    assert page.status_code == 200 and b'id="screen-form"' in page.content
    response = client.post(
        "/lists/screen/",
        {
            "file": SimpleUploadedFile("list.smi", b"CNC(C)Cc1ccccc1 meth\nCCO ethanol\n"),
            "jurisdiction": "KZ",
            "as_of": "2024-03-01",
            "id_column": "id",
            "smiles_column": "smiles",
        },
    )
    assert response.status_code == 302
    waiting = client.get(response["Location"])
    assert waiting.status_code == 200 and b'id="screen-queued"' in waiting.content
    assert b'id="screen-rows">0 / 2<' in waiting.content
    run_queued_tasks()
    job_page = client.get(response["Location"])
    assert job_page.status_code == 200 and b'id="screen-download"' in job_page.content
    job = ScreeningJob.objects.get()
    download = client.get(f"/lists/screen/{job.pk}/result.csv")
    text = b"".join(download.streaming_content).decode("utf-8")
    assert text.splitlines()[1].startswith("meth,listed,exact,")
    refused = client.post(
        "/lists/screen/",
        {
            "file": SimpleUploadedFile("list.doc", b"x"),
            "jurisdiction": "KZ",
            "as_of": "2024-03-01",
            "id_column": "id",
            "smiles_column": "smiles",
        },
    )
    assert refused.status_code == 400 and "list.doc: неизвестный тип файла .doc" in refused.content.decode()


def test_the_result_file_does_not_pass_formulas_from_the_upload_through(inline_jobs: Path, analyst) -> None:
    text = 'id,smiles\n"=HYPERLINK(""http://evil.example"",""x"")",CNC(C)Cc1ccccc1\n@SUM(A1),=1+2\n'
    client = _client(analyst)
    job = _upload(client, text).json()
    run_queued_tasks()
    result = client.get(f"/api/lists/screen/{job['id']}/result.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(result.streaming_content).decode("utf-8"))))
    assert [r["id"] for r in rows] == ['\'=HYPERLINK("http://evil.example","x")', "'@SUM(A1)"]
    cells = [cell for row in rows for cell in row.values()]
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells if cell)

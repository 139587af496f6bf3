"""Screening quotas through HTTP: roles that may not screen (police included), jobs at once, rows per job and per
day; each refusal is answered with its status and a translated message, audited, and stores nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from drugcontrol.audit.models import AuditEvent
from drugcontrol.background.worker import run_queued_tasks
from drugcontrol.lists.models import ScreeningJob
from drugcontrol.registry.models import StaffProfile

pytestmark = pytest.mark.django_db

THREE_ROWS = "id,smiles\na,CCO\nb,CCN\nc,CCC\n"


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path


def _user(django_user_model, username: str, role: str | None = None):
    user = django_user_model.objects.create_user(username, password=f"pw-{username}-12345")
    if role is not None:
        StaffProfile.objects.create(user=user, role=role)
    return user


def _client(user, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def _upload(client: Client, text: str = THREE_ROWS):
    return client.post(
        "/api/lists/screen", {"file": SimpleUploadedFile("rows.csv", text.encode()), "as_of": "2024-03-01"}
    )


def _refusals(user) -> list[str]:
    return [e.details["reason"] for e in AuditEvent.objects.filter(action="lists.refuse_screening_job", actor=user)]


def test_police_may_not_screen_through_the_api_or_the_page(django_user_model, data_dir: Path) -> None:
    police = _user(django_user_model, "police1", "police")
    refused = _upload(_client(police, "kk"))
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Сіздің рөліңізге скрининг тапсырмаларын бастауға рұқсат етілмеген."
    assert _upload(_client(police, "ru")).json()["detail"] == "Вашей роли не разрешено запускать задания скрининга."
    page = _client(police, "en").post(
        "/lists/screen/",
        {"file": SimpleUploadedFile("rows.csv", THREE_ROWS.encode()), "jurisdiction": "KZ", "as_of": "2024-03-01",
         "id_column": "id", "smiles_column": "smiles"},
    )  # fmt: skip
    assert page.status_code == 403 and "Your role may not start screening jobs." in page.content.decode()
    assert ScreeningJob.objects.count() == 0 and not (data_dir / "screening").exists()
    assert _refusals(police) == ["role", "role", "role"]


def test_roles_follow_the_setting(django_user_model, settings) -> None:
    physician = _user(django_user_model, "doc1", "physician")
    analyst = _user(django_user_model, "analyst1", "analyst")
    chemist = _user(django_user_model, "chemist1")  # no registry role: laboratory and list staff
    assert _upload(_client(physician)).status_code == 403
    assert _upload(_client(analyst)).status_code == 202
    assert _upload(_client(chemist)).status_code == 202
    settings.SCREENING_ROLES = ["physician"]
    assert _upload(_client(physician)).status_code == 202
    assert _upload(_client(_user(django_user_model, "chemist2"))).status_code == 403


def test_jobs_at_once_are_limited_until_one_finishes(django_user_model, settings) -> None:
    settings.SCREENING_MAX_ACTIVE_JOBS = 2
    chemist = _user(django_user_model, "chemist1")
    client = _client(chemist)
    assert [_upload(client).status_code for _ in range(2)] == [202, 202]
    refused = _upload(client)
    assert refused.status_code == 429
    assert refused.json()["detail"] == (
        "You already have 2 screening jobs queued or running; the limit is 2 at once. Wait until one finishes."
    )
    assert _upload(_client(_user(django_user_model, "chemist2"))).status_code == 202  # the limit is per user
    assert run_queued_tasks() == 3
    assert _upload(client).status_code == 202
    assert ScreeningJob.objects.filter(created_by=chemist).count() == 3 and _refusals(chemist) == ["active_jobs"]


def test_rows_per_job_and_per_day_are_limited(django_user_model, settings, data_dir: Path) -> None:
    settings.SCREENING_MAX_ROWS_PER_JOB = 2
    chemist = _user(django_user_model, "chemist1")
    too_long = _upload(_client(chemist, "ru"))
    assert too_long.status_code == 413
    assert too_long.json()["detail"] == ("В файле 3 строк; в задании скрининга может быть не более 2. Разделите файл.")
    assert ScreeningJob.objects.count() == 0 and list((data_dir / "screening" / "incoming").iterdir()) == []
    settings.SCREENING_MAX_ROWS_PER_JOB = 3
    settings.SCREENING_MAX_ROWS_PER_DAY = 5
    assert _upload(_client(chemist)).status_code == 202
    run_queued_tasks()
    over_day = _upload(_client(chemist))
    assert over_day.status_code == 429 and over_day.json()["detail"] == (
        "You have submitted 3 rows for screening in the last 24 hours; with these 3 rows that would be more than "
        "your limit of 5 rows a day."
    )
    assert _refusals(chemist) == ["rows_per_job", "rows_per_day"]

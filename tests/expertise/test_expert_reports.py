"""The assess page and expert reports through HTTP: numbering, content, audit row, PDF and refusals."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from drugcontrol import __version__
from drugcontrol.audit.models import AuditEvent
from drugcontrol.background.worker import run_queued_tasks
from drugcontrol.lists.models import ExpertReport
from drugcontrol.lists.tasks import create_expert_report

pytestmark = pytest.mark.django_db

FLUOROAMPHETAMINE = "CC(N)Cc1ccc(F)cc1"


@pytest.fixture
def expert() -> Client:
    client = Client()
    client.force_login(get_user_model().objects.create_user("expert", password="a-long-password-1"))
    return client


def _form(structure: str = FLUOROAMPHETAMINE, **extra: str) -> dict[str, str]:
    return {"structure": structure, "jurisdiction": "KZ", "as_of": "2024-03-01", **extra}


def _create(client: Client, structure: str = FLUOROAMPHETAMINE):
    """Ask for a report, let a worker make it, and follow the task page to the report's address."""
    queued = client.post("/lists/assess/report/", _form(structure))
    assert queued.status_code == 302 and queued["Location"].startswith("/lists/assess/report/task/")
    waiting = client.get(queued["Location"])
    assert waiting.status_code == 200 and 'id="report-task-waiting"' in waiting.content.decode()
    assert run_queued_tasks() == 1
    return client.get(queued["Location"])


def test_the_assess_page_shows_verdict_reasoning_and_depiction() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert client.get("/lists/assess/").status_code == 200
    page = client.post("/lists/assess/", _form()).content.decode()
    assert 'data-verdict="analogue"' in page
    assert "fluoro (1.57) in place of H" in page
    assert "<svg" in page and "analogue of" in page  # the depiction's legend names the parent
    assert "Law No. 279 art. 1 p. 17-1" in page


def test_the_assess_page_shows_the_mcs_for_a_suspected_compound() -> None:
    page = Client(HTTP_ACCEPT_LANGUAGE="en").post("/lists/assess/", _form("CNC(C)Cc1ccncc1")).content.decode()
    assert 'data-verdict="suspected"' in page and "pyridin-4-yl in place of phenyl" in page and "<svg" in page


def test_the_assess_page_reports_bad_input_in_place() -> None:
    page = Client(HTTP_ACCEPT_LANGUAGE="en").post("/lists/assess/", _form("C1CC(")).content.decode()
    assert 'data-verdict="invalid"' in page and "could not be read as SMILES" in page


def test_the_reasoning_is_translated_to_russian() -> None:
    page = Client(HTTP_ACCEPT_LANGUAGE="ru").post("/lists/assess/", _form()).content.decode()
    assert "Аналог" in page


def test_creating_a_report_needs_a_logged_in_expert() -> None:
    response = Client().post("/lists/assess/report/", _form())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not ExpertReport.objects.exists()


def test_a_report_is_numbered_stored_audited_and_printable(expert: Client) -> None:
    response = _create(expert)
    assert response.status_code == 302
    year = timezone.localdate().year
    number = f"KZ-{year}-000001"
    assert response["Location"] == f"/lists/assess/report/{number}/"
    report = ExpertReport.objects.get(number=number)
    assert report.verdict == "analogue" and report.created_by.username == "expert"
    assert report.input_sha256 == hashlib.sha256(FLUOROAMPHETAMINE.encode()).hexdigest()
    event = AuditEvent.objects.get(action="lists.create_report")
    assert event.object_id == number and event.actor_name == "expert"
    assert event.details["input_sha256"] == report.input_sha256

    page = expert.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for part in (
        number,  # report number
        'data-verdict="analogue"',  # verdict
        "<svg",  # depiction
        "Law No. 279 art. 1 p. 17-1",  # rule
        "АМФЕТАМИН",  # parent entry
        "No. 470 of 2019-07-03",  # act of the parent entry and of the list version
        "Signature",  # place for the expert's signature
        report.input_sha256,
        f"drugcontrol {__version__}",
        "2024-03-01",  # list version used
    ):
        assert part in page, part
    assert re.search(r"fluoro \(1\.57\) in place of H", page)

    pdf = expert.get(f"/lists/assess/report/{number}.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")

    second = _create(expert, "Cn1cnc2c1c(=O)n(C)c(=O)n2C")
    assert second["Location"] == f"/lists/assess/report/KZ-{year}-000002/"
    assert ExpertReport.objects.get(number=f"KZ-{year}-000002").verdict == "not_controlled"


def test_reports_are_for_logged_in_users_and_unknown_numbers_are_404(expert: Client) -> None:
    _create(expert)
    number = ExpertReport.objects.get().number
    assert Client().get(f"/lists/assess/report/{number}/").status_code == 302
    assert Client().get(f"/lists/assess/report/{number}.pdf").status_code == 302
    assert expert.get("/lists/assess/report/KZ-1999-000001/").status_code == 404


def test_a_report_is_read_by_its_author_and_by_those_allowed_every_report(expert: Client) -> None:
    from django.contrib.auth.models import Permission

    _create(expert)
    number = ExpertReport.objects.get().number
    users = get_user_model().objects
    stranger, reviewer = Client(), Client()
    stranger.force_login(users.create_user("other-expert", password="a-long-password-1"))
    reader = users.create_user("head-of-laboratory", password="a-long-password-1")
    reader.user_permissions.add(Permission.objects.get(codename="view_expertreport"))
    reviewer.force_login(reader)
    for path in (f"/lists/assess/report/{number}/", f"/lists/assess/report/{number}.pdf"):
        assert expert.get(path).status_code == 200
        assert stranger.get(path).status_code == 404  # the same answer as for a number that does not exist
        assert reviewer.get(path).status_code == 200


def test_an_invalid_form_makes_no_report(expert: Client) -> None:
    response = expert.post("/lists/assess/report/", _form(as_of="not a date"))
    assert response.status_code == 400
    assert not ExpertReport.objects.exists()
    assert expert.get("/lists/assess/report/").status_code == 405


def test_a_report_task_is_seen_by_its_author_only_and_a_failure_is_said(expert: Client) -> None:
    queued = expert.post("/lists/assess/report/", _form())["Location"]
    stranger = Client()
    stranger.force_login(get_user_model().objects.create_user("other-expert", password="a-long-password-1"))
    assert stranger.get(queued).status_code == 404  # the same answer as for a task that does not exist
    assert expert.get("/lists/assess/report/task/00000000-0000-0000-0000-000000000000/").status_code == 404
    author = get_user_model().objects.get(username="expert")
    broken = create_expert_report.enqueue(
        structure=FLUOROAMPHETAMINE, jurisdiction="KZ", as_of="not a date", user_id=author.pk, lang="en"
    )
    assert run_queued_tasks() == 2
    failed = expert.get(f"/lists/assess/report/task/{broken.id}/", HTTP_ACCEPT_LANGUAGE="en")
    assert failed.status_code == 500 and 'id="report-task-failed"' in failed.content.decode()
    assert ExpertReport.objects.count() == 1

"""The Decree 366 procedure on the web: a manager opens it from a notification's page and records its steps on the
procedures page (out-of-order steps and future dates named under their field); a reader only reads; an insider
without a role is refused and audited."""

from __future__ import annotations

import json

import pytest
from tests.warning.conftest import NEW_NPS, client_for

from drugcontrol.audit.models import AuditEvent
from drugcontrol.earlywarning.models import Notification, ProcedureCase, ProcedureStep

pytestmark = pytest.mark.django_db


def uncovered(client) -> Notification:
    item = {"substance": {"name": "X", "smiles": NEW_NPS}, "first_detection": {"country": "KG", "date": "2024-03-01"}}
    body = json.dumps({"format": "drugcontrol-notifications", "version": 1, "notifications": [item]})
    assert client.post("/api/warning/notifications", body, content_type="application/json").status_code == 201
    return Notification.objects.get()


def test_a_manager_opens_the_procedure_and_records_its_steps(admin_user_warning) -> None:
    client = client_for(admin_user_warning)
    notification = uncovered(client)
    url = f"/warning/notifications/{notification.pk}/"
    future = client.post(url, {"conclusion_on": "2999-01-01"}, HTTP_ACCEPT_LANGUAGE="en")
    assert future.status_code == 200 and "The date is in the future." in future.content.decode()
    assert not ProcedureCase.objects.exists()
    assert client.post(url, {"conclusion_on": "2024-04-01"}).status_code == 302
    case = ProcedureCase.objects.get()
    assert AuditEvent.objects.filter(action="warning.procedure_open", object_id=str(case.pk)).exists()
    page = client.get("/warning/procedures/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'id="step-form-{case.pk}"' in page
    too_early = client.post("/warning/procedures/", {"case": case.pk, "step": "draft", "done_on": "2024-04-05"},
                            HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    html = too_early.content.decode()
    assert (
        too_early.status_code == 200 and "cannot be done before" in html.split('id="field-step"')[1].split("</div>")[0]
    )
    assert (
        client.post("/warning/procedures/", {"case": case.pk, "step": "proposal", "done_on": "2024-04-08"}).status_code
        == 302
    )
    step = ProcedureStep.objects.get(case=case, code="proposal")
    assert str(step.done_on) == "2024-04-08"
    assert ProcedureStep.objects.get(case=case, code="draft").done_on is None
    assert AuditEvent.objects.filter(action="warning.procedure_step", object_id=str(case.pk)).count() == 1
    assert 'id="procedure"' in client.get(url).content.decode()  # the notification links its procedure
    timing = client.get("/warning/time-to-control/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Proposal to the authorised body: 7" in timing  # days per step: conclusion 1 April, proposal 8 April


def test_a_reader_sees_no_form_and_an_insider_nothing(admin_user_warning, reader, insider) -> None:
    manager = client_for(admin_user_warning)
    notification = uncovered(manager)
    manager.post(f"/warning/notifications/{notification.pk}/", {"conclusion_on": "2024-04-01"})
    case = ProcedureCase.objects.get()
    client = client_for(reader)
    assert 'class="filters step-form"' not in client.get("/warning/procedures/").content.decode()
    step = {"case": case.pk, "step": "proposal", "done_on": "2024-04-08"}
    assert client.post("/warning/procedures/", step).status_code == 403
    assert client.post(f"/warning/notifications/{notification.pk}/", {"conclusion_on": "2024-04-01"}).status_code == 403
    outsider = client_for(insider)
    assert outsider.get("/warning/procedures/").status_code == 403
    assert outsider.post("/warning/procedures/", step).status_code == 403
    assert ProcedureStep.objects.get(case=case, code="proposal").done_on is None
    assert AuditEvent.objects.filter(action="warning.refused", actor=insider).count() == 2


def test_an_adopted_decree_is_applied_to_the_list_from_the_procedures_page(admin_user_warning, reader) -> None:
    from drugcontrol.lists.models import ListEntry

    client = client_for(admin_user_warning)
    notification = uncovered(client)
    client.post(f"/warning/notifications/{notification.pk}/", {"conclusion_on": "2024-04-01"})
    case = ProcedureCase.objects.get()
    assert 'id="apply-form"' not in client.get("/warning/procedures/").content.decode()  # nothing adopted yet
    for step, day in (("proposal", "2024-04-08"), ("forensic_request", "2024-04-15"), ("quantities", "2024-04-26"),
                      ("draft", "2024-05-20"), ("approvals", "2024-06-10"), ("decree", "2024-06-20")):  # fmt: skip
        assert client.post("/warning/procedures/", {"case": case.pk, "step": step, "done_on": day}).status_code == 302
    decree = {"act_number": "777", "signed_on": "2024-06-20", "in_force_from": "2024-06-01", "procedures": [case.pk]}
    assert client_for(reader).post("/warning/procedures/apply/", decree).status_code == 403
    early = client.post("/warning/procedures/apply/", decree, HTTP_ACCEPT_LANGUAGE="en")
    assert early.status_code == 200 and "on or after the day it is signed" in early.content.decode()
    assert not ListEntry.objects.filter(added_by__number="777").exists()
    decree["in_force_from"] = "2024-07-04"
    assert client.post("/warning/procedures/apply/", decree).status_code == 302
    entry = ListEntry.objects.get(jurisdiction_id="KZ", added_by__number="777")
    assert entry.substance.inchikey == notification.inchikey and str(entry.valid_from) == "2024-07-04"
    case.refresh_from_db()
    assert case.status == ProcedureCase.Status.APPLIED and case.act_number == "777"
    assert AuditEvent.objects.filter(action="warning.amendment_applied", object_id=str(case.pk)).exists()

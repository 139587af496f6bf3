"""The draft amendment (DOCX read back, PDF), the Decree 366 procedure with due dates and reminders, applying the
adopted decree as a new version of Kazakhstan's list, time to control, and the exchange of samples."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from tests.warning.conftest import FAR_NPS, MAP, NEW_NPS, client_for
from typer.testing import CliRunner

from drugcontrol.audit.models import AuditEvent
from drugcontrol.cli.main import app
from drugcontrol.earlywarning.actions.procedure import (
    do_apply_amendment,
    do_complete_step,
    do_open_procedures,
    do_send_reminders,
)
from drugcontrol.earlywarning.actions.samples import do_record_custody, do_record_transfer
from drugcontrol.earlywarning.models import CoverageAlert, CustodyEvent, Notification, ProcedureStep
from drugcontrol.errors import InputRefused
from drugcontrol.lists.assessors import assessor_as_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def uncovered(tmp_path: Path) -> list[Notification]:
    path = tmp_path / "n.csv"
    path.write_text(
        "Name,SMILES,Country,Date,Matrix,Context\n"
        f"4-MeO-3-TFMO-MA,{NEW_NPS},KG,2023-03-05,powder,seizure\n"
        f"4-MeO-3-TFMO-MA,{NEW_NPS},KZ,2023-05-10,powder,seizure\n"
        f"Dodecanol,{FAR_NPS},PL,2023-06-01,liquid,other\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["warning", "import", str(path), *MAP])
    assert result.exit_code == 0, result.output
    return list(Notification.objects.order_by("id"))


def _texts(document: Document) -> str:
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_draft_docx_reads_back_in_the_decrees_style(uncovered, tmp_path: Path) -> None:
    Notification.objects.filter(pk=uncovered[0].pk).update(
        name_kk="4-МеО-3-ТФМО-МА",
        iupac_name="1-[4-methoxy-3-(trifluoromethoxy)phenyl]-N-methylpropan-2-amine",
        name_ru="4-МеО-3-ТФМО-МА",
    )
    output = tmp_path / "draft.docx"
    result = CliRunner().invoke(app, ["warning", "draft-amendment", "--uncovered", "--output", str(output)])
    assert result.exit_code == 0, result.output
    document = Document(str(output))
    text = _texts(document)
    assert "ПОСТАНОВЛЯЕТ" in text and "от 3 июля 2019 года № 470" in text
    list_table, quantity_table = document.tables
    assert [c.text for c in list_table.rows[0].cells][:2] == ["№ п/п", "Наименование"]
    first = [c.text for c in list_table.rows[1].cells]
    assert first == [
        "1.",
        "4-МеО-3-ТФМО-МА",
        "4-МеО-3-ТФМО-МА",
        "1-[4-methoxy-3-(trifluoromethoxy)phenyl]-N-methylpropan-2-amine",
    ]
    quantities = [c.text for c in quantity_table.rows[1].cells]
    assert quantities[1:] != ["—", "—", "—"]  # by analogy with the nearest listed substance of its class
    assert [c.text for c in quantity_table.rows[2].cells][1:] == ["—", "—", "—"]  # nothing listed is near dodecanol
    assert "ПОЯСНИТЕЛЬНАЯ ЗАПИСКА" in text
    assert "по аналогии с" in text and "п. 18 Правил" in text
    assert "выявлено в обороте в 2 стран(ах): KG, KZ" in text
    assert "изъято в Республике Казахстан: 1" in text
    pdf = tmp_path / "draft.pdf"
    result = CliRunner().invoke(
        app, ["warning", "draft-amendment", "--ids", str(uncovered[2].pk), "--output", str(pdf)]
    )
    assert result.exit_code == 0 and pdf.read_bytes().startswith(b"%PDF")


def test_draft_amendment_refuses_unknown_ids_and_missing_choice(uncovered, tmp_path: Path) -> None:
    out = str(tmp_path / "d.docx")
    assert "give either" in CliRunner().invoke(app, ["warning", "draft-amendment", "--output", out]).output
    assert (
        "no notification with id 999"
        in CliRunner().invoke(app, ["warning", "draft-amendment", "--ids", "999", "--output", out]).output
    )


def test_the_draft_downloads_for_a_manager(uncovered, admin_user_warning) -> None:
    response = client_for(admin_user_warning).get("/warning/draft.docx", {"id": [uncovered[0].pk]})
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_the_procedure_sets_due_dates_reminds_and_applies_the_adopted_decree(uncovered, admin_user_warning) -> None:
    (case,) = do_open_procedures([uncovered[0].pk, uncovered[1].pk], conclusion_on=date(2024, 3, 6), actor="tests")
    steps = {s.code: s for s in case.steps.all()}
    assert steps["proposal"].due_on == date(2024, 3, 18)  # seven working days; 8 March is a holiday
    with pytest.raises(InputRefused):
        do_complete_step(case, "quantities", done_on=date(2024, 3, 10), actor="tests")  # before its turn
    assert do_send_reminders(today=date(2024, 3, 19), actor="tests") == 1
    assert do_send_reminders(today=date(2024, 3, 19), actor="tests") == 0  # once a day
    alert = CoverageAlert.objects.get(kind="overdue")
    assert "2024-03-18" in alert.text and alert.recipient == admin_user_warning
    do_complete_step(case, "proposal", done_on=date(2024, 3, 19), actor="tests")
    # Nauryz (21-23 March, the Saturday moved to Monday 25) does not count either.
    assert ProcedureStep.objects.get(case=case, code="forensic_request").due_on == date(2024, 4, 2)
    with pytest.raises(InputRefused):
        do_apply_amendment(
            [case], act_number="999", signed_on=date(2024, 6, 1), in_force_from=date(2024, 6, 15), actor="tests"
        )
    for code, day in (
        ("forensic_request", date(2024, 3, 25)),
        ("quantities", date(2024, 4, 5)),
        ("draft", date(2024, 5, 2)),
        ("approvals", date(2024, 5, 20)),
        ("decree", date(2024, 6, 1)),
    ):
        do_complete_step(case, code, done_on=day, actor="tests")
    report = do_apply_amendment(
        [case], act_number="999", signed_on=date(2024, 6, 1), in_force_from=date(2024, 6, 15), actor="tests"
    )
    assert report.added == 1
    assert assessor_as_of("KZ", date(2024, 6, 14)).assess(NEW_NPS).verdict != "listed"
    assessment = assessor_as_of("KZ", date(2024, 6, 15)).assess(NEW_NPS)
    assert assessment.verdict == "listed" and assessment.entry.added_by.number == "999"
    assert assessment.thresholds  # the proposed quantities went in with it
    assert AuditEvent.objects.filter(action="lists.import", object_id="KZ").exists()
    assert AuditEvent.objects.filter(action="warning.amendment_applied").exists()
    case.refresh_from_db()
    assert case.status == "applied"
    result = CliRunner().invoke(app, ["warning", "time-to-control", "--json"])
    assert result.exit_code == 0, result.output
    import json

    rows = {r["name"]: r for r in json.loads(result.output)["substances"]}
    row = rows[case.name]
    assert row["days_from_anywhere"] == (date(2024, 6, 15) - date(2023, 3, 5)).days
    assert row["days_from_here"] == (date(2024, 6, 15) - date(2023, 5, 10)).days
    assert dict(row["step_days"])["proposal"] == 13


def test_time_to_control_page_draws_the_chart_and_the_demo_acts(reader) -> None:
    response = client_for(reader).get("/warning/time-to-control/")
    body = response.content.decode()
    assert response.status_code == 200 and "<svg" in body and "<script" not in body
    for act in ("975", "677", "326", "240", "22"):
        assert f"<td>{act}</td>" in body


def test_a_sample_keeps_its_chain_of_custody(uncovered) -> None:
    transfer = do_record_transfer(
        substance="4-MeO-3-TFMO-MA",
        direction="received",
        sender="KG forensic centre",
        recipient="KZ Centre of forensic expertise",
        quantity=Decimal("5.0"),
        notification=uncovered[0],
        actor="tests",
    )
    now = __import__("django.utils.timezone", fromlist=["now"]).now()
    for offset, event in enumerate(("dispatched", "received", "analysed")):
        do_record_custody(
            transfer,
            event=event,
            at=now + timedelta(hours=offset),
            person="A. B.",
            actor="tests",
            confirmed_by="KZ Centre of forensic expertise" if event == "analysed" else "",
        )
    transfer.refresh_from_db()
    assert transfer.confirmed_by == "KZ Centre of forensic expertise"
    assert list(CustodyEvent.objects.filter(transfer=transfer).values_list("event", flat=True)) == [
        "dispatched",
        "received",
        "analysed",
    ]
    assert AuditEvent.objects.filter(action="warning.custody").count() == 3

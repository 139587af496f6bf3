"""Import of cases and seizures from CSV/XLSX as a background job: all-or-nothing, skip-invalid with rejects."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from tests.offences.conftest import World

from drugcontrol.audit.models import AuditEvent
from drugcontrol.background.worker import run_queued_tasks
from drugcontrol.offences.models import Case, OffenceImport
from drugcontrol.offences.statistics import counts_from_aggregates, counts_from_records

HEADER = "No,Дата,Регион,Деяние,Вещество,Масса,Роль,Возраст,Пол\n"
GOOD = "I-1,2025-03-10,KZ-75,possession,героин,0.5,buyer,30,M\nI-1,2025-03-10,KZ-75,possession,ГАШИШ,2,,,\n"
BAD = (
    "I-2,2025-03-11,KZ-75,possession,героин,-2,buyer,22,F\n"
    "I-4,2025-03-11,KZ-75,possession,героин,1,buyer,abc,F\n"
    "I-3,2025-03-12,KZ-75,smuggling,героин,1,,,\n"
)
MAPPING = (
    "case_number=No\nact_date=Дата\nregion=Регион\naction=Деяние\nsubstance=Вещество\nnet_g=Масса\n"
    "participant_role=Роль\nparticipant_age=Возраст\nparticipant_sex=Пол"
)


def upload(world: World, content: bytes, name: str, mode: str) -> OffenceImport:
    client = world.client("investigator_a")
    answer = client.post(
        "/offences/import/",
        {"file": SimpleUploadedFile(name, content), "mapping": MAPPING, "mode": mode},
    )
    assert answer.status_code == 302, answer.content
    assert Case.objects.filter(number__startswith="I-").count() == 0  # the web process wrote nothing
    run_queued_tasks()
    return OffenceImport.objects.get()


def test_all_or_nothing_writes_nothing_when_a_row_is_wrong(world: World) -> None:
    job = upload(world, (HEADER + GOOD + BAD).encode(), "cases.csv", "all-or-nothing")
    assert job.status == "refused"
    assert not Case.objects.filter(number__startswith="I-").exists()
    assert counts_from_aggregates(2025, None, None).nonzero() == counts_from_records(2025, None, None).nonzero()
    fields = {(p[0], p[1]) for p in job.problems}
    assert (4, "mass") in fields and (5, "participant.age") in fields and (6, "action") in fields
    page = world.client("investigator_a").get(f"/offences/import/{job.pk}/")
    assert page.status_code == 200
    rejects = world.client("investigator_a").get(f"/offences/import/{job.pk}/rejects.csv").content.decode()
    assert rejects.splitlines()[0] == "row,field,message,value"


def test_the_rejects_are_written_in_the_language_of_whoever_reads_them(world: World) -> None:
    job = upload(world, (HEADER + GOOD + BAD).encode(), "cases.csv", "all-or-nothing")
    client = world.client("investigator_a")
    russian = client.get(f"/offences/import/{job.pk}/rejects.csv", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    # the message starts with "-": escaped, like every cell a spreadsheet would run as a formula
    assert "4,mass,'-2 г; изъятая масса должна быть больше нуля,I-2" in russian.splitlines()
    english = client.get(f"/offences/import/{job.pk}/rejects.csv", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "4,mass,'-2 g; a seized mass must be more than zero,I-2" in english.splitlines()
    page = client.get(f"/offences/import/{job.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "изъятая масса должна быть больше нуля" in page


def test_skip_invalid_writes_the_valid_cases_and_rejects_the_others(world: World) -> None:
    job = upload(world, (HEADER + GOOD + BAD).encode(), "cases.csv", "skip-invalid")
    assert job.status == "done" and job.rows_written == 1
    case = Case.objects.get(number="I-1")
    assert case.seizures.count() == 2 and case.participants.count() == 1
    assert case.size == "large"  # heroin 0.5 g is large, hashish 2 g small: the gravest
    assert AuditEvent.objects.filter(action="offences.case.create", object_id=str(case.pk)).exists()
    assert AuditEvent.objects.filter(action="offences.import.queue").exists()
    counted = counts_from_aggregates(2025, "KZ-75", None)  # the dashboard's counts include the imported case
    assert (
        counted.by_month[("3", "cases")] == 1
        and counted.nonzero() == counts_from_records(2025, "KZ-75", None).nonzero()
    )
    # another user cannot read the job or its rejects
    assert world.client("investigator_b").get(f"/offences/import/{job.pk}/rejects.csv").status_code == 404


def test_an_xlsx_file_is_read_through_the_same_mapping(world: World) -> None:
    import io

    book = Workbook()
    sheet = book.active
    for line in (HEADER + GOOD).strip().splitlines():
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    job = upload(world, buffer.getvalue(), "cases.xlsx", "all-or-nothing")
    assert job.status == "done" and job.rows_written == 1


def test_an_analyst_may_not_import(world: World) -> None:
    assert world.client("analyst").get("/offences/import/").status_code == 403

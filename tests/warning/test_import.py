"""Import of notifications from CSV, XLSX and SDF: each row screened against the KZ list, bad rows reported with
their row and field, all or nothing or skip-invalid with a rejects file, duplicates refused, large files queued."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from django.core import mail
from django.test import override_settings
from openpyxl import Workbook
from tests.warning.conftest import AMPHETAMINE, MAP, NEW_NPS
from typer.testing import CliRunner

from drugcontrol.audit.models import AuditEvent
from drugcontrol.background.worker import run_queued_tasks
from drugcontrol.cli.main import app
from drugcontrol.earlywarning.models import CoverageAlert, Notification, NotificationImport

pytestmark = pytest.mark.django_db


def _run(*args: str):
    return CliRunner().invoke(app, ["warning", *args])


def test_an_import_screens_every_notification_and_alerts_the_list_administrators(
    notifications_csv: Path, admin_user_warning
) -> None:
    result = _run("import", str(notifications_csv), *MAP)
    assert result.exit_code == 0, result.output
    assert "3 notification(s) recorded" in result.output
    covered = Notification.objects.get(country="RU")
    assert covered.covered is True and covered.verdict == "listed"
    new = Notification.objects.filter(smiles__contains="F").order_by("detected_on")
    assert [n.covered for n in new] == [False, False]
    assert new[0].screening["grounds"]["countries"] == ["KG", "KZ"]
    assert new[0].screening["grounds"]["seized_here"] == 0  # the KZ report is a poisoning, not a seizure
    alerts = CoverageAlert.objects.filter(recipient=admin_user_warning)
    assert alerts.count() == 1  # one alert per new substance, not per notification
    assert "4-MeO-3-TFMO-MA" in alerts.get().text
    assert AuditEvent.objects.filter(action="warning.record").exists()
    assert AuditEvent.objects.filter(action="warning.screen").exists()


@override_settings(WARNING_ALERT_MAIL=True)
def test_alerts_go_by_mail_when_mail_is_configured(notifications_csv: Path, admin_user_warning) -> None:
    assert _run("import", str(notifications_csv), *MAP).exit_code == 0
    assert [m.to for m in mail.outbox] == [["listadmin@example.kz"]]
    assert CoverageAlert.objects.get().emailed


def test_a_file_with_bad_rows_writes_nothing_and_names_each_row(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "Name,SMILES,Country,Date\n"
        "Good,CCO,KZ,2024-01-01\n"
        "Broken,C1CC(,KZ,2024-01-01\n"
        "Nowhere,CCN,ZZ,2024-01-01\n"
        "Later,CCC,RU,2999-01-01\n",
        encoding="utf-8",
    )
    result = _run("import", str(path), *MAP[:8])
    assert result.exit_code == 2
    assert "row 3, field 'smiles'" in result.output
    assert "row 4, field 'country'" in result.output and "ISO 3166" in result.output
    assert "row 5, field 'reported_on'" in result.output and "future" in result.output
    assert "nothing was recorded" in result.output
    assert not Notification.objects.exists()


def test_skip_invalid_records_the_good_rows_and_writes_the_rejects(tmp_path: Path, notifications_csv: Path) -> None:
    assert _run("import", str(notifications_csv), *MAP).exit_code == 0
    path = tmp_path / "more.csv"
    path.write_text(
        "Name,SMILES,Country,Date\n"
        f"Same again,{AMPHETAMINE},RU,2024-02-01\n"  # the same structure, country and date as a stored one
        "Ethanol,CCO,KZ,2024-01-01\n"
        "Broken,C1CC(,KZ,2024-01-01\n",
        encoding="utf-8",
    )
    rejects = tmp_path / "rejects.csv"
    result = _run("import", str(path), *MAP[:8], "--skip-invalid", "--rejects", str(rejects))
    assert result.exit_code == 0, result.output
    assert "1 notification(s) recorded, 2 row(s) rejected" in result.output
    with rejects.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["row"], r["field"]) for r in rows] == [("2", "smiles"), ("4", "smiles")]
    assert "the same structure, country and date" in rows[0]["message"]


def test_xlsx_and_sdf_files_import_through_the_same_mapping(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "SMILES", "Country", "Date"])
    sheet.append(["New one", NEW_NPS, "DE", date(2024, 5, 1)])
    xlsx = tmp_path / "n.xlsx"
    workbook.save(xlsx)
    assert _run("import", str(xlsx), *MAP[:8]).exit_code == 0
    from rdkit import Chem

    sdf = tmp_path / "n.sdf"
    writer = Chem.SDWriter(str(sdf))
    mol = Chem.MolFromSmiles(NEW_NPS)
    mol.SetProp("NAME", "from sdf")
    mol.SetProp("COUNTRY", "PL")
    mol.SetProp("DATE", "2024-05-02")
    writer.write(mol)
    writer.close()
    result = _run(
        "import",
        str(sdf),
        "--map",
        "name=NAME",
        "--map",
        "molblock=molblock",
        "--map",
        "country=COUNTRY",
        "--map",
        "reported_on=DATE",
    )
    assert result.exit_code == 0, result.output
    assert set(Notification.objects.values_list("country", flat=True)) == {"DE", "PL"}
    assert len(set(Notification.objects.values_list("inchikey", flat=True))) == 1


def test_a_queued_import_runs_on_the_worker_and_keeps_its_problems(tmp_path: Path, settings) -> None:
    settings.DATA_DIR = tmp_path / "data"
    path = tmp_path / "q.csv"
    path.write_text("Name,SMILES,Country,Date\nEthanol,CCO,KZ,2024-01-01\nBad,C1CC(,KZ,2024-01-01\n", "utf-8")
    result = _run("import", str(path), *MAP[:8], "--skip-invalid", "--background")
    assert result.exit_code == 0, result.output
    assert not Notification.objects.exists()
    assert run_queued_tasks() == 1
    job = NotificationImport.objects.get()
    assert (job.status, job.imported, job.rejected) == ("done", 1, 1)
    assert job.problems[0][:3] == [3, "smiles", "warning.bad_structure"]


def test_a_wrong_map_is_refused_before_anything(notifications_csv: Path) -> None:
    result = _run("import", str(notifications_csv), "--map", "colour=Name")
    assert result.exit_code == 2 and "unknown field" in result.output


def test_grounds_name_the_eaeu_act_and_date_from_the_foreign_list(tmp_path: Path) -> None:
    """An EAEU state's list is a list version like ours: controlled there is a query, not a typed flag."""
    from drugcontrol.listcore.import_rows import parse_mapping
    from drugcontrol.lists.actions.list_imports import ActInput, do_import_list
    from drugcontrol.lists.models import Jurisdiction

    Jurisdiction.objects.create(
        code="RU", name_en="Russia", name_ru="Россия", name_kk="Ресей", tables=["I"], amendment_grounds="eaeu"
    )
    foreign = tmp_path / "ru.csv"
    foreign.write_text(f"name_ru,smiles,table\nНовое вещество,{NEW_NPS},I\n", "utf-8")
    do_import_list(
        foreign,
        jurisdiction_code="RU",
        mapping=parse_mapping([]),
        act=ActInput(number="RU 681 amendment 2023", in_force_from=date(2023, 9, 1)),
        default_effective=date(2023, 9, 1),
        actor="tests",
    )
    path = tmp_path / "n.csv"
    path.write_text(f"Name,SMILES,Country,Date\nNew,{NEW_NPS},KZ,2024-01-01\n", "utf-8")
    assert _run("import", str(path), *MAP[:8]).exit_code == 0
    grounds = Notification.objects.get().screening["grounds"]
    assert grounds["eaeu"] == [
        {
            "jurisdiction": "RU",
            "table": "I",
            "act": "RU 681 amendment 2023",
            "act_title": "",
            "since": "2023-09-01",
            "name": "Новое вещество",
        }
    ]
    assert grounds["un"] == []

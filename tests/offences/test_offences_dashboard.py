"""The dashboard, its drill-down and downloads through HTTP: scope, suppression, audit, safe spreadsheets."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook
from tests.offences.conftest import World, case_data

from drugcontrol.audit.models import AuditEvent
from drugcontrol.offences.actions import do_create_case


def _many(world: World, count: int, region: str = "KZ-75", user: str = "investigator_a") -> None:
    for i in range(count):
        do_create_case(case_data(f"M-{region}-{i}", region), actor=world.users[user])


def test_the_analyst_sees_every_region_with_small_counts_hidden(world: World) -> None:
    _many(world, 9)  # Almaty: 10 cases in all, Karaganda 12, Astana: 1
    _many(world, 12, region="KZ-35", user="investigator_c")
    answer = world.client("analyst").get("/api/offences/statistics?year=2025")
    assert answer.status_code == 200
    data = answer.json()
    assert data["regions"]["KZ-71"] is None  # one case: suppressed
    assert data["regions"]["KZ-75"] is None or data["regions"]["KZ-35"] is None  # so that it cannot be derived
    assert data["regions"]["KZ-19"] == 0  # nobody names nobody
    assert data["headline"]["cases"] == 23
    assert AuditEvent.objects.filter(action="offences.statistics.read", actor=world.users["analyst"]).exists()


def test_an_investigator_sees_only_their_region_and_cannot_drill_into_another(world: World) -> None:
    client = world.client("investigator_b")
    data = client.get("/api/offences/statistics?year=2025").json()
    assert data["region"] == "KZ-71"
    assert list(data["regions"]) == ["KZ-71"]
    assert client.get("/offences/?year=2025&region=KZ-75").status_code == 403


def test_the_page_draws_the_charts_and_the_region_map_and_drills_down(world: World) -> None:
    _many(world, 6)
    client = world.client("analyst")
    page = client.get("/offences/?year=2025")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="tile-map"' in html and 'data-region="KZ-75"' in html
    assert html.count('class="bar-chart"') >= 4
    assert "?year=2025&amp;region=KZ-75" in html
    drilled = client.get("/offences/?year=2025&region=KZ-75&article=296").content.decode()
    assert 'id="all-regions"' in drilled and 'id="all-articles"' in drilled


def test_the_csv_and_xlsx_downloads_carry_the_suppressed_table(world: World) -> None:
    _many(world, 6)
    client = world.client("analyst")
    answer = client.get("/offences/export.csv?year=2025&table=by_region_article")
    assert answer.status_code == 200
    rows = list(csv.reader(io.StringIO(answer.content.decode())))
    by_region = {row[0]: row[1:] for row in rows[2:]}
    astana = next(v for k, v in by_region.items() if "Астана" in k or "Astana" in k)
    assert astana[-1] == "x"
    xlsx = client.get("/offences/export.xlsx?year=2025&table=participants_by_age")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A1"].value


def test_roles_without_statistics_are_refused(world: World) -> None:
    for name in ("physician_a", "police", "norole"):
        assert world.client(name).get("/offences/").status_code == 403, name
    assert world.client("anonymous").get("/offences/").status_code == 302

"""Statistics through HTTP: who may see them, what is audited, suppression in the page and the downloads."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.utils import timezone

from drugcontrol.aggregates.store import rebuild
from drugcontrol.audit.models import AuditEvent
from drugcontrol.registry.iin import make_iin
from drugcontrol.registry.models import Facility, Person, Registration
from drugcontrol.registry.statistics.counts import REGISTER
from drugcontrol.registry.statistics.periods import PeriodIndex, period_ends
from drugcontrol.registry.statistics.query import RegisterFigures, register_figures
from drugcontrol.registry.statistics.scope import StatisticsScope

URL = "/registry/statistics/"


def add_people(
    facility: Facility,
    count: int,
    *,
    sex: str = "M",
    born: date = date(1990, 1, 1),
    diagnosis="F11.2",
    registered_on: date | None = None,
    serial_start: int = 100,
    remission_since: date | None = None,
):
    """Bulk people with one open registration each, then the aggregates rebuilt (no action is needed)."""
    registered_on = registered_on or timezone.localdate() - timedelta(days=400)
    for i in range(count):
        serial = serial_start + i
        while True:
            try:
                iin = make_iin(born, sex, serial)
                break
            except ValueError:
                serial += 1000
        person = Person.objects.create(
            iin=iin,
            last_name="Тестов",
            first_name="Тест",
            birth_date=born,
            birth_year=born.year,
            sex=sex,
            region_id=facility.region_id,
            facility=facility,
        )
        Registration.objects.create(
            person=person, diagnosis_id=diagnosis, registered_on=registered_on, grounds="voluntary", facility=facility,
            remission_since=remission_since,
        )  # fmt: skip
    recount()


def recount() -> None:
    """Rows written here bypass the actions: rebuild the aggregates the page reads, as after a bulk load."""
    rebuild(REGISTER)


def figures(
    rows: str = "region",
    columns: str = "sex",
    *,
    as_of: date | None = None,
    start: date | None = None,
    period: str = "month",
    region: str | None = None,
    threshold: int = 5,
) -> RegisterFigures:
    as_of = as_of or timezone.localdate()
    return register_figures(
        as_of, rows, columns, start=start or as_of, period=period, scope=StatisticsScope(region=region),
        threshold=threshold,
    )  # fmt: skip


@pytest.fixture
def populated(world):
    """Almaty: the world's man plus 11 men and 6 women; Astana: the world's woman (unregistered) plus 3 men."""
    ala, ast = world.facilities["T-ALA-1"], world.facilities["T-AST-1"]
    add_people(ala, 11, serial_start=100)
    add_people(ala, 6, sex="F", born=date(1992, 5, 5), diagnosis="F12.2", serial_start=200)
    add_people(ast, 3, born=date(2010, 3, 3), diagnosis="F15.2", serial_start=300)
    return world


def test_analyst_sees_the_headline_and_the_table_and_the_read_is_audited(populated) -> None:
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = populated.client("analyst").get(URL, {"rows": "region", "columns": "sex"})
    assert response.status_code == 200
    html = response.content.decode()
    # Registered today: 1 (world) + 11 + 6 in Almaty, 3 in Astana = 21 people, of whom 6 women and 3 minors
    # (born 2010) — but 3 minors is a small count and is hidden.
    assert 'id="headline-total">21<' in html
    assert 'id="headline-women">6<' in html
    assert 'id="headline-minors">x<' in html
    assert "<svg" in html
    events = list(AuditEvent.objects.filter(pk__gt=before))
    assert [e.action for e in events] == ["registry.statistics.read"]
    assert events[0].object_type == "registry.statistics"
    assert events[0].details["rows"] == "region" and events[0].details["region"] == "KZ"
    assert events[0].remote_addr == "10.1.2.3"


def test_small_cells_never_appear_in_the_page(populated) -> None:
    table = figures("region", "sex").table
    almaty = table.row_keys.index("KZ-75")
    astana = table.row_keys.index("KZ-71")
    male, female = table.column_keys.index("M"), table.column_keys.index("F")
    published = table.published
    # By hand: Astana's 3 men and its row total 3 are small. The cheapest cycle through them runs over
    # Almaty's men (12) and Almaty's row total (18): both hidden. The zero cells are avoided. What is left
    # (15 men in all, 6 women in Almaty, 21 in all) gives a cycle of unknowns, not a value.
    assert published.cells[astana][male] is None and published.row_totals[astana] is None
    assert published.cells[almaty][male] is None and published.row_totals[almaty] is None
    assert published.cells[almaty][female] == 6
    assert published.cells[astana][female] == 0
    assert published.column_totals == (15, 6)
    assert published.grand_total == 21


@pytest.mark.parametrize("name", ["police", "physician_a", "admin", "norole"])
def test_roles_without_aggregates_are_refused_and_nothing_is_read(populated, name: str) -> None:
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    for path in (URL, URL + "export.csv", URL + "export.xlsx"):
        response = populated.client(name).get(path)
        assert response.status_code == 403, path
        assert b"headline-total" not in response.content and b"statistics-table" not in response.content
    assert not AuditEvent.objects.filter(pk__gt=before, action="registry.statistics.read").exists()


def test_anonymous_is_sent_to_log_in(populated) -> None:
    response = populated.client("anonymous").get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_regional_chief_sees_only_their_region(populated) -> None:
    response = populated.client("chief_b").get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    # Astana: 3 men (the woman of the world has no registration); 3 is a small count.
    assert 'id="headline-total">x<' in html
    event = AuditEvent.objects.filter(action="registry.statistics.read").latest("id")
    assert event.details["region"] == "KZ-71"
    almaty = figures(region="KZ-75").headline
    assert (almaty.total, almaty.women, almaty.minors) == (18, 6, 0)


def english(client):
    """Labels are compared in English; the page's language is the reader's choice."""
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_csv_download_is_the_published_table(populated) -> None:
    response = english(populated.client("analyst")).get(URL + "export.csv", {"rows": "diagnosis", "columns": "sex"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    by_label = {row[0]: row[1:] for row in rows[2:-2]}
    # F11: 12 men, 0 women; F12: 6 women; F15: 3 men (hidden) -> secondary suppression elsewhere.
    assert by_label["F11 opioids"][1] == "0"
    assert by_label["F15 other stimulants"][0] == "x"
    assert rows[-2][0] == "Total" and rows[-2][-1] == "21"
    assert "3" not in [cell for row in rows[1:-1] for cell in row[1:]]
    event = AuditEvent.objects.filter(action="registry.statistics.read").latest("id")
    assert event.details["view"] == "csv" and event.details["rows"] == "diagnosis"


def test_xlsx_download_opens_and_hides_small_counts(populated) -> None:
    from openpyxl import load_workbook

    response = english(populated.client("analyst")).get(URL + "export.xlsx", {"rows": "age_group", "columns": "sex"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    minors = next(row for row in values if row and row[0] == "0-17")
    assert minors[1] == "x"
    total = next(row for row in values if row and row[0] == "Total")
    assert total[3] == 21


def test_timeline_counts_people_at_each_period_end(populated) -> None:
    today = timezone.localdate()
    series = figures("region", "sex", start=today - timedelta(days=800), period="year").series
    # Everyone added was registered 400 days ago, the world's man 100 days ago: the first year end before
    # both dates counts nobody, the last counts all 21. People summed over periods are no figure at all: the
    # timeline publishes no total row.
    assert not series.published.column_totals_published and series.published.grand_total is None
    assert series.published.row_totals[0] == 0
    assert series.published.row_totals[-1] == 21


def test_timeline_of_status_follows_remission_dates(world) -> None:
    today = timezone.localdate()
    add_people(
        world.facilities["T-ALA-1"], 6, registered_on=today - timedelta(days=400),
        remission_since=today - timedelta(days=30), serial_start=400,
    )  # fmt: skip
    # threshold=1: nothing is small, so the raw counts show (suppression is tested on its own).
    series = figures("sex", "status", start=today - timedelta(days=90), threshold=1).series
    active, remission = series.column_keys.index("active"), series.column_keys.index("remission")
    # Three months back, all six and the world's man (registered 100 days ago) were under observation.
    assert series.published.cells[0][remission] == 0 and series.published.cells[0][active] == 7
    assert series.published.cells[-1][remission] == 6


def test_bad_parameters_are_a_clear_422(populated) -> None:
    response = populated.client("analyst").get(URL, {"rows": "shoe_size"})
    assert response.status_code == 422
    assert "shoe_size" in response.content.decode()
    assert populated.client("analyst").get(URL + "export.csv", {"as_of": "31.12.2024"}).status_code == 422


def test_period_ends_known_values() -> None:
    assert period_ends(date(2024, 1, 15), date(2024, 3, 10), "month") == [
        date(2024, 1, 31),
        date(2024, 2, 29),
        date(2024, 3, 10),
    ]
    assert period_ends(date(2022, 6, 1), date(2024, 3, 10), "year") == [
        date(2022, 12, 31),
        date(2023, 12, 31),
        date(2024, 3, 10),
    ]


def test_a_person_with_two_open_registrations_is_one_person_in_the_headline(populated) -> None:
    almaty = populated.facilities["T-ALA-1"]
    woman = Person.objects.filter(sex="F", facility=almaty).first()
    Registration.objects.create(
        person=woman, diagnosis_id="F15.2", registered_on=timezone.localdate() - timedelta(days=10),
        grounds="voluntary", facility=almaty,
    )  # fmt: skip
    recount()
    result = figures("diagnosis", "sex", threshold=1)
    # The tables count registrations (22: the woman now under F12 and F15), the headline people (still 21).
    assert result.table.published.grand_total == 22
    female = result.table.column_keys.index("F")
    assert result.table.published.cells[result.table.row_keys.index("F15")][female] == 1
    assert (result.headline.total, result.headline.women) == (21, 6)
    # A merged record is nobody: its registrations leave the tables and the headline together.
    Person.objects.filter(pk=woman.pk).update(merged_into=Person.objects.filter(sex="M").first())
    recount()
    result = figures("diagnosis", "sex", threshold=1)
    assert result.table.published.grand_total == 20 and result.headline.total == 20


def test_timeline_ends_a_registration_at_its_deregistration(populated) -> None:
    today = timezone.localdate()
    closed_on = today - timedelta(days=45)
    Registration.objects.filter(person__sex="F").update(deregistered_on=closed_on)
    recount()
    result = figures("region", "sex", start=today - timedelta(days=120), threshold=1)
    female = result.series.column_keys.index("F")
    ends = [date.fromisoformat(key) for key in result.series.row_keys]
    # Six women at every month end before their deregistration, none on or after it.
    assert [row[female] for row in result.series.published.cells] == [6 if end < closed_on else 0 for end in ends]
    assert result.headline.women == 0  # a zero is no one to protect: shown, not hidden
    assert result.table.published.column_totals[female] == 0


def test_status_on_the_date_is_read_from_the_remission_date(world) -> None:
    today = timezone.localdate()
    add_people(world.facilities["T-ALA-1"], 6, remission_since=today - timedelta(days=30), serial_start=500)
    add_people(world.facilities["T-ALA-1"], 5, remission_since=today + timedelta(days=30), serial_start=600)
    now = figures("status", "sex", threshold=1).table
    before = figures("status", "sex", as_of=today - timedelta(days=31), threshold=1).table
    male = now.column_keys.index("M")
    # Today: 6 in remission; the world's man and the 5 whose remission is yet to come under observation.
    # 31 days ago nobody was in remission yet: all 12 men were under observation.
    assert now.published.cells[now.row_keys.index("remission")][male] == 6
    assert now.published.cells[now.row_keys.index("active")][male] == 6
    assert before.published.cells[before.row_keys.index("remission")][male] == 0
    assert before.published.cells[before.row_keys.index("active")][male] == 12


@pytest.mark.parametrize(
    ("day", "index"),
    [(date(2024, 1, 1), 0), (date(2024, 1, 31), 0), (date(2024, 2, 1), 1), (date(2024, 3, 10), 2),
     (date(2024, 3, 11), 3), (None, None)],
)  # fmt: skip
def test_period_index_is_the_first_end_on_or_after_the_date(world, day: date | None, index: int | None) -> None:
    facility = world.facilities["T-ALA-1"]
    person = Person.objects.filter(facility=facility).first()
    registration = Registration.objects.create(
        person=person, diagnosis_id="F11.2", registered_on=date(2023, 1, 1), deregistered_on=day,
        grounds="voluntary", facility=facility,
    )  # fmt: skip
    ends = [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 10)]
    found = Registration.objects.filter(pk=registration.pk).annotate(i=PeriodIndex("deregistered_on", ends)).get()
    assert found.i == index


def test_period_index_refuses_unsorted_ends() -> None:
    with pytest.raises(ValueError, match="strictly increasing"):
        PeriodIndex("registered_on", [date(2024, 2, 1), date(2024, 1, 1)])
    with pytest.raises(ValueError, match="non-empty"):
        PeriodIndex("registered_on", [])


def test_downloads_do_not_pass_a_formula_in_a_label_through(populated) -> None:
    from openpyxl import load_workbook

    from drugcontrol.registry.models import Region

    Region.objects.filter(code="KZ-75").update(name_en='=HYPERLINK("http://evil.example","x")')
    client = english(populated.client("analyst"))
    rows = list(csv.reader(io.StringIO(client.get(URL + "export.csv").content.decode())))
    assert '\'=HYPERLINK("http://evil.example","x")' in [row[0] for row in rows]
    sheet = load_workbook(io.BytesIO(client.get(URL + "export.xlsx").content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not any(cell.data_type == "f" for cell in cells)
    assert '\'=HYPERLINK("http://evil.example","x")' in [cell.value for cell in cells]


def test_the_suppression_threshold_is_a_setting(populated, settings) -> None:
    """The 3 minors are hidden under the default threshold of 5; with a threshold of 3 the page shows them."""
    settings.REGISTRY_SUPPRESSION_THRESHOLD = 3
    html = populated.client("analyst").get(URL, {"rows": "region", "columns": "sex"}).content.decode()
    assert 'id="headline-minors">3<' in html

"""The pure rules: row checks, the exchange format, working days and due dates, time to control and its chart."""

from __future__ import annotations

from datetime import date

from drugcontrol.earlywarning.core import json_format
from drugcontrol.earlywarning.core.countries import country_code
from drugcontrol.earlywarning.core.notifications import check_rows, parse_mapping
from drugcontrol.earlywarning.core.procedure import add_working_days, due_on, is_overdue
from drugcontrol.earlywarning.core.time_to_control import Timeline, chart_svg, measure
from drugcontrol.tabular.reading import SourceRow

TODAY = date(2024, 6, 1)


def _rows(*cells: dict[str, str]) -> list[SourceRow]:
    return [SourceRow(number, fields) for number, fields in enumerate(cells, start=2)]


def test_every_bad_row_is_reported_with_its_row_and_field() -> None:
    mapping = parse_mapping(["name=Name", "smiles=SMILES", "country=Country", "reported_on=Date"])
    checked = check_rows(
        _rows(
            {"Name": "good", "SMILES": "CCO", "Country": "KZ", "Date": "2024-01-01"},
            {"Name": "broken", "SMILES": "C1CC(", "Country": "KZ", "Date": "2024-01-01"},
            {"Name": "nowhere", "SMILES": "CCN", "Country": "XX", "Date": "2024-01-01"},
            {"Name": "later", "SMILES": "CCC", "Country": "RU", "Date": "2025-01-01"},
            {"Name": "again", "SMILES": "OCC", "Country": "KAZ", "Date": "01.01.2024"},
        ),
        mapping,
        today=TODAY,
    )
    assert [n.name for n in checked.rows] == ["good"]
    found = {(e.row, e.field, e.code) for e in checked.errors}
    assert found == {
        (3, "smiles", "warning.bad_structure"),
        (4, "country", "warning.unknown_country"),
        (5, "reported_on", "tabular.in_future"),
        (6, "smiles", "warning.duplicate_in_file"),
    }


def test_countries_are_iso_3166_codes_or_names() -> None:
    assert country_code("kz") == "KZ"
    assert country_code("RUS") == "RU"
    assert country_code("Kyrgyzstan") == "KG"
    assert country_code("Narnia") is None


def test_a_document_that_breaks_the_schema_names_the_place() -> None:
    document = json_format.document([], sender="x", generated_at=__import__("datetime").datetime(2024, 1, 1))
    assert json_format.problems(document) == []
    document["notifications"] = [{"substance": {"name": "x"}, "first_detection": {"country": "kz", "date": "2024"}}]
    paths = {path for path, _ in json_format.problems(document)}
    assert "$.notifications[0].substance" in paths
    assert "$.notifications[0].first_detection.country" in paths


def test_terms_count_working_days_without_kazakh_holidays() -> None:
    # 2024-03-06 (Wed) + 7 working days: 8 March (Women's Day) and the weekends do not count.
    assert add_working_days(date(2024, 3, 6), 7) == date(2024, 3, 18)
    assert due_on("proposal", date(2024, 3, 6)) == date(2024, 3, 18)
    assert due_on("draft", date(2024, 1, 31)) == date(2024, 2, 29)
    assert due_on("decree", date(2024, 1, 31)) is None
    assert is_overdue(date(2024, 3, 18), None, date(2024, 3, 19))
    assert not is_overdue(date(2024, 3, 18), date(2024, 3, 19), date(2024, 3, 20))


def test_time_to_control_counts_days_per_step_and_draws_an_escaped_chart() -> None:
    row = measure(
        Timeline(
            name="<b>X</b>",
            first_anywhere=date(2023, 1, 1),
            first_here=date(2023, 6, 1),
            in_force=date(2024, 1, 1),
            steps={"conclusion": date(2023, 7, 1), "proposal": date(2023, 7, 10)},
        )
    )
    assert (row.days_from_anywhere, row.days_from_here) == (365, 214)
    assert dict(row.step_days)["proposal"] == 9
    svg = chart_svg([row], title="T", label_anywhere="a", label_here="h")
    assert svg.startswith("<svg") and svg.count("<circle") == 4 and "<b>" not in svg


def test_the_core_imports_no_django() -> None:
    import subprocess
    import sys

    code = (
        "import sys, drugcontrol.earlywarning.core.notifications, drugcontrol.earlywarning.core.procedure, "
        "drugcontrol.earlywarning.core.time_to_control, drugcontrol.earlywarning.core.json_format, "
        "drugcontrol.earlywarning.drafting.docx_writer; print(any(m.startswith('django') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    assert result.stdout.strip() == "False"

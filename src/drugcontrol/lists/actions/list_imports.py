"""Import an official list (CSV, XLSX, SDF) into a jurisdiction: validated first, then all or nothing."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction

from drugcontrol.audit.actions import do_record_event
from drugcontrol.importing import read_limits
from drugcontrol.listcore.import_rows import NO_SUCH_ACT, ColumnMapping, ImportRow, validate_rows
from drugcontrol.listcore.list_files import read_list_table
from drugcontrol.listcore.snapshot import ActInput
from drugcontrol.lists.models import EntryThreshold, Jurisdiction, LegalAct, ListEntry, Substance
from drugcontrol.messages import Message, RowError

UNKNOWN_JURISDICTION = Message("lists.unknown_jurisdiction", "unknown jurisdiction; known: %(codes)s")
REPLACE_NEEDS_DATE = Message("lists.replace_needs_date", "--replace needs the date the new list takes effect")


class ImportRejected(Exception):
    """Validation found errors; nothing was written. `errors` says what and where."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = list(errors)
        super().__init__(f"{len(self.errors)} error(s); nothing was imported. First: {self.errors[0]}")


@dataclass
class ImportReport:
    jurisdiction: str
    act: str
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    rows: int = 0
    substances_created: int = 0
    warnings: list[RowError] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.jurisdiction}: {self.rows} rows — {self.added} added, {self.changed} changed, "
            f"{self.unchanged} unchanged, {self.removed} removed; {self.substances_created} new substances; "
            f"{len(self.warnings)} warning(s)"
        )


def mark_changed(jurisdiction: Jurisdiction) -> None:
    """A fresh token (not a counter) so that a rolled-back change can never reuse a cached list."""
    Jurisdiction.objects.filter(pk=jurisdiction.pk).update(revision=uuid.uuid4().hex)


def _find_or_create_substance(row: ImportRow) -> tuple[Substance, bool]:
    keys = row.keys
    if keys is not None:
        existing = Substance.objects.filter(inchikey=keys.inchikey).first()  # type: ignore[attr-defined]
    else:
        names = [v for v in (row.names.get("en"), row.names.get("ru")) if v]
        existing = None
        for name in names:
            existing = (
                Substance.objects.filter(inchikey="", name_en__iexact=name).first()
                or Substance.objects.filter(inchikey="", name_ru__iexact=name).first()
            )
            if existing:
                break
    if existing is not None:
        update = []
        for lang, value in row.names.items():
            if not getattr(existing, f"name_{lang}"):
                setattr(existing, f"name_{lang}", value)
                update.append(f"name_{lang}")
        for attr in ("inn", "cas"):
            if getattr(row, attr) and not getattr(existing, attr):
                setattr(existing, attr, getattr(row, attr))
                update.append(attr)
        new_synonyms = [s for s in row.synonyms if s not in existing.synonyms]
        if new_synonyms:
            existing.synonyms = [*existing.synonyms, *new_synonyms]
            update.append("synonyms")
        if update:
            existing.save(update_fields=update)
        return existing, False
    substance = Substance(
        name_ru=row.names.get("ru", ""),
        name_kk=row.names.get("kk", ""),
        name_en=row.names.get("en", ""),
        inn=row.inn,
        cas=row.cas,
        synonyms=list(row.synonyms),
        kind=row.kind,
        structure_input=row.structure_input,
    )
    if keys is not None:
        for attr in Substance.KEY_FIELDS:
            setattr(substance, attr, getattr(keys, attr))
    substance.save()
    return substance, True


def _current_entry(
    jurisdiction: Jurisdiction, substance: Substance, row: ImportRow, *, single_line: bool
) -> ListEntry | None:
    """The open entry this row continues: the same line (table and number), or the substance's only entry.

    A substance usually has one line; when a list names it on several lines (two names of one compound),
    each line is matched by its table and number so that one line never closes another.
    """
    open_entries = list(ListEntry.objects.filter(jurisdiction=jurisdiction, substance=substance, valid_to__isnull=True))
    for entry in open_entries:
        if (entry.table, entry.number) == (row.table, row.number):
            return entry
    if single_line and len(open_entries) == 1:
        return open_entries[0]
    return None


def _content(row: ImportRow) -> dict[str, Any]:
    return {
        **{name: getattr(row, name) for name in ListEntry.CONTENT_FIELDS},
        "thresholds": [(t.form, *t.raw) for t in row.thresholds],
    }


def _entry_content(entry: ListEntry) -> dict[str, Any]:
    return {
        **{name: getattr(entry, name) for name in ListEntry.CONTENT_FIELDS},
        "thresholds": [(t.form, t.small, t.large, t.especially_large) for t in entry.thresholds.all()],
    }


def apply_rows(
    jurisdiction: Jurisdiction,
    rows: Sequence[ImportRow],
    *,
    default_act: LegalAct,
    acts: dict[str, LegalAct],
    report: ImportReport,
) -> set[int]:
    """Write validated rows as entry versions; returns the ids of the substances the rows touched."""
    touched: set[int] = set()
    resolved = [(row, *_find_or_create_substance(row)) for row in rows]
    lines_per_substance = Counter(substance.pk for _, substance, _ in resolved)
    for row, substance, created in resolved:
        act = acts[row.act] if row.act else default_act
        report.substances_created += int(created)
        touched.add(substance.pk)
        current = _current_entry(jurisdiction, substance, row, single_line=lines_per_substance[substance.pk] == 1)
        change = ListEntry.Change.ADDED
        if current is not None:
            if _entry_content(current) == _content(row):
                report.unchanged += 1
                continue
            if row.effective_from > current.valid_from:
                current.valid_to = row.effective_from
                current.ended_by = act
                current.save(update_fields=["valid_to", "ended_by"])
                change = ListEntry.Change.CHANGED
            else:
                # A row dated on or before the open version replaces it: a correction of the same version.
                current.thresholds.all().delete()
                current.delete()
                change = current.change
        entry = ListEntry.objects.create(
            jurisdiction=jurisdiction,
            substance=substance,
            **{name: getattr(row, name) for name in ListEntry.CONTENT_FIELDS},
            valid_from=row.effective_from,
            valid_to=row.effective_to,
            ended_by=acts.get(row.ended_by) if row.ended_by else None,
            change=change,
            added_by=act,
        )
        for thresholds in row.thresholds:
            small, large, especially = thresholds.raw
            EntryThreshold.objects.create(
                entry=entry, form=thresholds.form, small=small, large=large, especially_large=especially
            )
        if change == ListEntry.Change.CHANGED:
            report.changed += 1
        else:
            report.added += 1
    return touched


def _act_errors(rows: Sequence[ImportRow], acts: dict[str, LegalAct]) -> list[RowError]:
    errors = []
    for row in rows:
        for field_name, number in (("act", row.act), ("ended_by", row.ended_by)):
            if number and number not in acts:
                errors.append(NO_SUCH_ACT.at(row.row, field_name, number))
    return errors


def do_import_list(
    path: str | Path,
    *,
    jurisdiction_code: str,
    mapping: ColumnMapping,
    act: ActInput,
    default_effective: date | None,
    replace: bool = False,
    encoding: str | None = None,
    sheet: str | None = None,
    actor: Any,
) -> ImportReport:
    """Validate every row, then write all of them in one transaction (or raise ImportRejected).

    The file is streamed within the import limits of the settings (TableReadError beyond them). A list is a
    few thousand rows at most, so its writes fit one short transaction.
    """
    try:
        jurisdiction = Jurisdiction.objects.get(code=jurisdiction_code)
    except Jurisdiction.DoesNotExist:
        codes = ", ".join(Jurisdiction.objects.values_list("code", flat=True))
        raise ImportRejected([UNKNOWN_JURISDICTION.at(0, "jurisdiction", jurisdiction_code, codes=codes)]) from None
    validation = validate_rows(
        read_list_table(path, encoding=encoding, sheet=sheet, limits=read_limits()),
        mapping,
        allowed_tables=jurisdiction.tables,
        default_effective=default_effective or act.in_force_from,
    )
    rows, errors = validation.rows, validation.errors
    acts = {a.number: a for a in LegalAct.objects.filter(jurisdiction=jurisdiction)}
    errors.extend(_act_errors(rows, {**acts, act.number: None}))  # type: ignore[dict-item]
    if replace and default_effective is None and act.in_force_from is None:
        errors.append(REPLACE_NEEDS_DATE.at(0, "effective_from"))
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: (e.row, e.field)))
    report = ImportReport(jurisdiction=jurisdiction.code, act=act.number, rows=len(rows), warnings=validation.warnings)
    with transaction.atomic():
        legal_act, _ = LegalAct.objects.get_or_create(
            jurisdiction=jurisdiction,
            number=act.number,
            defaults={
                "title": act.title,
                "issuer": act.issuer,
                "signed_on": act.signed_on,
                "in_force_from": act.in_force_from or default_effective,
                "url": act.url,
            },
        )
        acts[legal_act.number] = legal_act
        touched = apply_rows(jurisdiction, rows, default_act=legal_act, acts=acts, report=report)
        if replace:
            end = default_effective or act.in_force_from
            stale = ListEntry.objects.filter(jurisdiction=jurisdiction, valid_to__isnull=True).exclude(
                substance_id__in=touched
            )
            report.removed = stale.filter(valid_from__lt=end).update(valid_to=end, ended_by=legal_act)
        mark_changed(jurisdiction)
        do_record_event(
            actor=actor,
            action="lists.import",
            object_type="jurisdiction",
            object_id=jurisdiction.code,
            details={"file": Path(path).name, "act": act.number, "report": report.summary()},
        )
    return report

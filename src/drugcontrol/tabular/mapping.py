"""The `--map FIELD=COLUMN` mapping from a file's columns to an import's fields, and the header checks.

A file names its columns its own way; each domain names its fields. Unmapped fields fall back to a column
of the same name. An explicit mapping must name a column the file has: a typo in `--map` is an error, not
silently empty data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from drugcontrol.messages import Message, RowError
from drugcontrol.tabular.errors import BAD_DATE, DATE_REQUIRED, TabularError
from drugcontrol.tabular.reading import SourceRow

MAP_SYNTAX = Message("tabular.map_syntax", "--map %(spec)s: expected FIELD=COLUMN, e.g. %(example)s")
MAP_UNKNOWN_FIELD = Message(
    "tabular.map_unknown_field", "--map %(spec)s: unknown field %(name)s; fields are %(fields)s"
)
COLUMN_MISSING = Message("tabular.column_missing", "column %(column)s is not in the file; its columns are %(columns)s")
REQUIRED_COLUMN = Message(
    "tabular.required_column", "no column for the required field %(name)s; add --map %(field_name)s=COLUMN"
)


class MappingError(TabularError):
    """A --map option that names an unknown field or is not written FIELD=COLUMN."""


@dataclass(frozen=True)
class ColumnMapping:
    """Which source column fills which field; `null_values` are cell texts that mean "nothing here"."""

    targets: dict[str, str] = field(default_factory=dict)
    null_values: frozenset[str] = frozenset()

    @classmethod
    def parse(
        cls, specs: Iterable[str], *, fields: Sequence[str], example: str = "", null_values: Iterable[str] = ()
    ) -> ColumnMapping:
        """`fields` are the import's field names; `example` shows one right spec in the error message."""
        targets: dict[str, str] = {}
        for spec in specs:
            target, sep, source = spec.partition("=")
            target, source = target.strip(), source.strip()
            if not sep or not target or not source:
                raise MappingError(MAP_SYNTAX, spec=repr(spec), example=example or f"{fields[0]}=Column")
            if target not in fields:
                raise MappingError(MAP_UNKNOWN_FIELD, spec=repr(spec), name=repr(target), fields=", ".join(fields))
            targets[target] = source
        return cls(targets, frozenset(null_values))

    def source_for(self, target: str) -> str:
        return self.targets.get(target, target)

    def has_column(self, target: str, columns: Sequence[str]) -> bool:
        return self.source_for(target) in columns

    def get(self, row: SourceRow, target: str) -> str:
        """The cell of `target` in `row`, stripped; a null value reads as empty."""
        value = row.fields.get(self.source_for(target), "").strip()
        return "" if value in self.null_values else value

    def check_header(self, columns: Sequence[str], *, required: Iterable[str] = ()) -> list[RowError]:
        """Explicit mappings must name existing columns, and every required field must have a column."""
        shown = ", ".join(columns)
        errors = [
            COLUMN_MISSING.at(1, target, column=repr(source), columns=shown)
            for target, source in self.targets.items()
            if source not in columns
        ]
        errors += [
            REQUIRED_COLUMN.at(1, target, name=repr(target), field_name=target)
            for target in required
            if target not in self.targets and target not in columns
        ]
        return errors


def parse_date(text: str) -> date:
    """ISO (2024-02-03) or the Russian/Kazakh way of writing dates (03.02.2024); ValueError otherwise."""
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time of day
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a valid date (YYYY-MM-DD or DD.MM.YYYY)")


class RowReader:
    """Reads the fields of one row through a mapping and collects that row's errors, each with its field."""

    def __init__(self, source: SourceRow, mapping: ColumnMapping) -> None:
        self.number = source.number
        self.source = source
        self.mapping = mapping
        self.errors: list[RowError] = [source.error] if source.error is not None else []

    def get(self, target: str) -> str:
        return self.mapping.get(self.source, target)

    def error(self, message: Message, target: str, value: str = "", **params: object) -> None:
        self.errors.append(message.at(self.number, target, value, **params))

    def has_error(self, *targets: str) -> bool:
        return any(e.field in targets for e in self.errors)

    def date(self, target: str, *, required: bool) -> date | None:
        raw = self.get(target)
        if not raw:
            if required:
                self.error(DATE_REQUIRED, target)
            return None
        try:
            return parse_date(raw)
        except ValueError:
            self.error(BAD_DATE, target, raw)
            return None

"""A notification as plain data, and the checks every way in shares (a file row, a JSON document, a form).

A notification says that a substance (structure, names, CAS) was first detected in a country on a date, in a
matrix (powder, herbal material, blotter...) and a context (seizure, poisoning, death...), with the analytical
method, sources, a status (reported, confirmed, retracted) and its sender. Its duplicate key is the structure
(InChIKey), the country and the date of first detection.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from drugcontrol.chem.errors import ChemError
from drugcontrol.chem.keys import StructureKeys, compute_keys
from drugcontrol.chem.parse import to_mol
from drugcontrol.earlywarning.core import messages as M
from drugcontrol.earlywarning.core.countries import country_code
from drugcontrol.tabular.errors import BAD_DATE, FIELD_REQUIRED, IN_FUTURE, RowError
from drugcontrol.tabular.mapping import ColumnMapping, RowReader, parse_date
from drugcontrol.tabular.reading import SourceRow

MATRICES = ("powder", "crystals", "tablet", "herbal", "blotter", "e-liquid", "liquid", "biological", "other")
CONTEXTS = ("seizure", "poisoning", "death", "test_purchase", "online_offer", "other")
STATUSES = ("reported", "confirmed", "retracted")

FIELDS = (
    "reference",
    "name",
    "name_ru",
    "name_kk",
    "name_en",
    "iupac_name",
    "synonyms",
    "cas",
    "smiles",
    "inchi",
    "molblock",
    "country",
    "detected_on",
    "reported_on",
    "matrix",
    "context",
    "method",
    "laboratory",
    "status",
    "sender",
    "source",
    "source_url",
)
"""The fields a file's columns map to (`--map FIELD=COLUMN`)."""


@dataclass(frozen=True)
class Notification:
    """One notification as the core sees it; `keys` are the standardised structure's keys."""

    name: str
    country: str
    detected_on: date
    reported_on: date
    structure_input: str
    keys: StructureKeys
    reference: str = ""
    names: dict[str, str] = field(default_factory=dict)
    iupac_name: str = ""
    synonyms: tuple[str, ...] = ()
    cas: str = ""
    matrix: str = "other"
    context: str = "other"
    method: str = ""
    laboratory: str = ""
    status: str = "reported"
    sender: str = ""
    sources: tuple[dict[str, str], ...] = ()
    row: int = 0

    @property
    def duplicate_key(self) -> tuple[str, str, date]:
        return (self.keys.inchikey, self.country, self.detected_on)


def valid_cas(text: str) -> bool:
    parts = text.strip().split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[2]) != 1:
        return False
    digits = (parts[0] + parts[1])[::-1]
    return sum(int(d) * (i + 1) for i, d in enumerate(digits)) % 10 == int(parts[2])


def structure_keys(text: str) -> StructureKeys:
    """Keys of a SMILES, InChI or molfile; raises ChemError when it cannot be read."""
    return compute_keys(to_mol(text))


class _Checker:
    """Collects the problems of one notification, each with its field, whatever the way in."""

    def __init__(self, row: int) -> None:
        self.row = row
        self.errors: list[RowError] = []

    def error(self, message: M.Message, field_name: str, value: str = "", **params: Any) -> None:
        self.errors.append(message.at(self.row, field_name, value, **params))

    def day(self, field_name: str, raw: str, today: date, *, required: bool) -> date | None:
        if not raw:
            if required:
                self.error(FIELD_REQUIRED, field_name)
            return None
        try:
            value = parse_date(raw)
        except ValueError:
            self.error(BAD_DATE, field_name, raw)
            return None
        if value > today:
            self.error(IN_FUTURE, field_name, raw)
            return None
        return value

    def choice(self, field_name: str, raw: str, choices: tuple[str, ...], default: str) -> str:
        value = raw.strip().lower().replace(" ", "_") if raw else default
        if value not in choices:
            self.error(M.BAD_CHOICE, field_name, raw, choices=", ".join(choices))
            return default
        return value


def check(values: dict[str, Any], *, today: date, row: int = 0) -> tuple[Notification | None, list[RowError]]:
    """One notification from plain values (strings, or lists for synonyms/sources); every problem at its field."""
    c = _Checker(row)

    def text(name: str) -> str:
        value = values.get(name)
        return str(value).strip() if value is not None else ""

    names = {lang: text(f"name_{lang}") for lang in ("ru", "kk", "en") if text(f"name_{lang}")}
    name = text("name") or names.get("en") or names.get("ru") or names.get("kk") or ""
    if not name:
        c.error(M.NO_NAME, "name")
    structure_field, structure = next(
        ((f, text(f)) for f in ("smiles", "inchi", "molblock") if text(f)), ("smiles", "")
    )
    keys = None
    if not structure:
        c.error(M.NO_STRUCTURE, "smiles")
    else:
        try:
            keys = structure_keys(structure)
        except (ChemError, ValueError) as exc:
            c.error(M.BAD_STRUCTURE, structure_field, structure[:200], detail=str(exc))
    raw_country = text("country")
    country = country_code(raw_country) if raw_country else None
    if not raw_country:
        c.error(FIELD_REQUIRED, "country")
    elif country is None:
        c.error(M.UNKNOWN_COUNTRY, "country", raw_country)
    reported = c.day("reported_on", text("reported_on"), today, required=not text("detected_on"))
    detected = c.day("detected_on", text("detected_on"), today, required=False) or reported
    reported = reported or detected
    cas = text("cas")
    if cas and not valid_cas(cas):
        c.error(M.BAD_CAS, "cas", cas)
    matrix = c.choice("matrix", text("matrix"), MATRICES, "other")
    context = c.choice("context", text("context"), CONTEXTS, "other")
    status = c.choice("status", text("status"), STATUSES, "reported")
    synonyms_value = values.get("synonyms") or ()
    synonyms = (
        tuple(s.strip() for s in synonyms_value.split(";") if s.strip())
        if isinstance(synonyms_value, str)
        else tuple(str(s) for s in synonyms_value)
    )
    sources_value = values.get("sources")
    if sources_value:
        sources = tuple({k: str(v) for k, v in dict(s).items()} for s in sources_value)
    elif text("source") or text("source_url"):
        sources = ({"title": text("source"), "url": text("source_url")},)
    else:
        sources = ()
    if c.errors or keys is None or detected is None or reported is None or country is None:
        return None, c.errors
    return (
        Notification(
            name=name,
            country=country,
            detected_on=detected,
            reported_on=reported,
            structure_input=structure,
            keys=keys,
            reference=text("reference"),
            names=names,
            iupac_name=text("iupac_name"),
            synonyms=synonyms,
            cas=cas,
            matrix=matrix,
            context=context,
            method=text("method"),
            laboratory=text("laboratory"),
            status=status,
            sender=text("sender"),
            sources=sources,
            row=row,
        ),
        [],
    )


@dataclass
class RowsChecked:
    """The notifications ready to write, and the problems found (rows with problems are not in `rows`)."""

    rows: list[Notification]
    errors: list[RowError]


def check_rows(
    rows: Iterable[SourceRow],
    mapping: ColumnMapping,
    *,
    today: date,
    existing: dict[tuple[str, str, date], str] | None = None,
    default_sender: str = "",
) -> RowsChecked:
    """Every row of a file: read through the mapping, checked, duplicates in the file and already stored found.

    `existing` maps the duplicate keys already stored to their references.
    """
    existing = existing or {}
    seen: dict[tuple[str, str, date], int] = {}
    good: list[Notification] = []
    errors: list[RowError] = []
    for source in rows:
        reader = RowReader(source, mapping)
        if reader.errors:
            errors.extend(reader.errors)
            continue
        values = {name: reader.get(name) for name in FIELDS}
        notification, problems = check(values, today=today, row=source.number)
        if notification is None:
            errors.extend(problems)
            continue
        if default_sender and not notification.sender:
            notification = replace(notification, sender=default_sender)
        key = notification.duplicate_key
        structure_field = next((f for f in ("smiles", "inchi", "molblock") if values[f]), "smiles")
        if key in existing:
            errors.append(M.DUPLICATE.at(source.number, structure_field, reference=existing[key] or "—"))
            continue
        if key in seen:
            errors.append(M.DUPLICATE_IN_FILE.at(source.number, structure_field, first=seen[key]))
            continue
        seen[key] = source.number
        good.append(notification)
    return RowsChecked(good, errors)


def parse_mapping(specs: Iterable[str]) -> ColumnMapping:
    """The `--map` options of a notification import."""
    return ColumnMapping.parse(specs, fields=FIELDS, example="smiles=SMILES")


def iter_problems(errors: Iterable[RowError]) -> Iterator[RowError]:
    yield from sorted(errors, key=lambda e: (e.row, e.field))


__all__ = [
    "CONTEXTS",
    "FIELDS",
    "MATRICES",
    "STATUSES",
    "Notification",
    "RowsChecked",
    "check",
    "check_rows",
    "parse_mapping",
    "structure_keys",
    "valid_cas",
]

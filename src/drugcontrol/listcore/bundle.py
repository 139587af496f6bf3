"""The list bundle: one self-contained JSON file with a jurisdiction's list as of a date.

A forensic laboratory without a connection, or a partner country, receives exactly this file and runs
`drugcontrol identify --list bundle.json`. The format is documented in docs/list-bundle.md; readers check
`format` and `format_version` and refuse anything they do not understand, saying where the problem is.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from drugcontrol import __version__
from drugcontrol.listcore.snapshot import ActRef, ListedEntry, ListSnapshot
from drugcontrol.listcore.thresholds import Thresholds

FORMAT = "drugcontrol-list-bundle"
FORMAT_VERSION = 1


class BundleFormatError(ValueError):
    """A bundle that is not valid JSON or does not follow the documented format; `where` points into it."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"list bundle, {where}: {message}")
        self.where = where


def _entry_to_dict(entry: ListedEntry) -> dict[str, Any]:
    return {
        "substance_id": entry.substance_id,
        "names": dict(entry.names),
        "kind": entry.kind,
        "table": entry.table,
        "section": entry.section,
        "number": entry.number,
        "note": entry.note,
        "inn": entry.inn,
        "cas": entry.cas,
        "synonyms": list(entry.synonyms),
        "smiles": entry.smiles,
        "keys": entry.keys.to_dict() if entry.keys is not None else None,
        "thresholds": [t.to_dict() for t in entry.thresholds],
        "analogues_controlled": entry.analogues_controlled,
        "valid_from": entry.valid_from.isoformat() if entry.valid_from else None,
        "added_by": entry.added_by.to_dict() if entry.added_by else None,
    }


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def snapshot_to_bundle(
    snapshot: ListSnapshot,
    *,
    generated_at: datetime | None = None,
    substituents: Sequence[Mapping[str, str]] | None = None,
    groups: Sequence[str] | None = None,
    methodology: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The bundle as a JSON-ready dict; `entries_sha256` lets a receiver check the entries arrived whole.

    ``substituents`` (the rows of the substituent list in force on ``as_of``) and ``groups`` (ids of the
    generic group definitions in force) are what offline assessment needs beyond identification; both are
    optional fields, so readers of format version 1 that do not know them keep working.
    """
    entries = [_entry_to_dict(e) for e in snapshot.entries]
    digest = _digest(entries)
    extras: dict[str, Any] = {}
    if substituents is not None:
        rows = [{str(k): str(v) for k, v in row.items()} for row in substituents]
        extras.update(substituents=rows, substituents_sha256=_digest(rows))
    if groups is not None:
        extras["groups"] = [str(g) for g in groups]
    if methodology is not None:  # the expertise methodology version the exporter applies (optional field)
        extras["methodology"] = dict(methodology)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "jurisdiction": snapshot.jurisdiction,
        "as_of": snapshot.as_of.isoformat(),
        "generated_at": generated_at.isoformat() if generated_at else None,
        "software_version": __version__,
        "acts": [a.to_dict() for a in snapshot.acts],
        "entries": entries,
        "entries_sha256": digest,
        **extras,
    }


def write_bundle(
    snapshot: ListSnapshot,
    path: str | Path,
    *,
    generated_at: datetime | None = None,
    substituents: Sequence[Mapping[str, str]] | None = None,
    groups: Sequence[str] | None = None,
    methodology: Mapping[str, Any] | None = None,
) -> None:
    data = snapshot_to_bundle(
        snapshot, generated_at=generated_at, substituents=substituents, groups=groups, methodology=methodology
    )
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def _require(data: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in data:
        raise BundleFormatError(where, f"missing field {key!r}")
    return data[key]


def _date(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise BundleFormatError(where, f"{value!r} is not an ISO date (YYYY-MM-DD)") from exc


def _entry_from_dict(data: Any, where: str) -> ListedEntry:
    from drugcontrol.chem.keys import StructureKeys

    if not isinstance(data, dict):
        raise BundleFormatError(where, "an entry must be a JSON object")
    try:
        keys = StructureKeys.from_dict(data["keys"]) if data.get("keys") else None
        thresholds = tuple(Thresholds.from_dict(t) for t in data.get("thresholds", []))
        added_by = ActRef.from_dict(data["added_by"]) if data.get("added_by") else None
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise BundleFormatError(where, f"malformed keys, thresholds or act: {exc}") from exc
    return ListedEntry(
        substance_id=str(_require(data, "substance_id", where)),
        names=dict(_require(data, "names", where)),
        kind=str(_require(data, "kind", where)),
        table=str(_require(data, "table", where)),
        section=data.get("section", ""),
        number=data.get("number", ""),
        note=data.get("note", ""),
        inn=data.get("inn", ""),
        cas=data.get("cas", ""),
        synonyms=tuple(data.get("synonyms", ())),
        smiles=data.get("smiles", ""),
        keys=keys,
        thresholds=thresholds,
        analogues_controlled=bool(data.get("analogues_controlled", False)),
        valid_from=_date(data.get("valid_from"), f"{where}.valid_from"),
        added_by=added_by,
    )


def bundle_to_snapshot(data: Any) -> ListSnapshot:
    """Validate a parsed bundle and rebuild the snapshot it carries."""
    if not isinstance(data, dict):
        raise BundleFormatError("top level", "expected a JSON object")
    if data.get("format") != FORMAT:
        raise BundleFormatError("format", f"expected {FORMAT!r}, got {data.get('format')!r}")
    if data.get("format_version") != FORMAT_VERSION:
        raise BundleFormatError(
            "format_version",
            f"this software reads version {FORMAT_VERSION}, got {data.get('format_version')!r}",
        )
    entries_raw = _require(data, "entries", "top level")
    if not isinstance(entries_raw, list):
        raise BundleFormatError("entries", "expected a list")
    digest = hashlib.sha256(json.dumps(entries_raw, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    if data.get("entries_sha256") not in (None, digest):
        raise BundleFormatError("entries_sha256", "the entries do not match their checksum (file altered or cut)")
    as_of = _date(_require(data, "as_of", "top level"), "as_of")
    if as_of is None:
        raise BundleFormatError("as_of", "a bundle must say which date it describes")
    try:
        acts = tuple(ActRef.from_dict(a) for a in data.get("acts", []))
    except (KeyError, TypeError, ValueError) as exc:
        raise BundleFormatError("acts", f"malformed act: {exc}") from exc
    entries = tuple(_entry_from_dict(e, f"entries[{i}]") for i, e in enumerate(entries_raw))
    return ListSnapshot(str(_require(data, "jurisdiction", "top level")), as_of, entries, acts)


@dataclass(frozen=True)
class BundleContents:
    """Everything a bundle carries: the snapshot and, when present, what offline assessment needs."""

    snapshot: ListSnapshot
    substituents: tuple[dict[str, str], ...] | None = None
    """Rows of the substituent list in force on ``as_of`` (None: the bundle does not carry the list)."""
    groups: tuple[str, ...] | None = None
    """Ids of the generic group definitions in force (None: the bundle does not say)."""
    methodology: dict[str, Any] | None = None
    """The expertise methodology version the exporter applied (``Methodology.to_dict``; None: not said)."""


def bundle_contents(data: Any) -> BundleContents:
    """Validate a parsed bundle and return the snapshot with the optional substituents and groups."""
    snapshot = bundle_to_snapshot(data)
    substituents = None
    if data.get("substituents") is not None:
        raw = data["substituents"]
        if not isinstance(raw, list):
            raise BundleFormatError("substituents", "expected a list of rows")
        for i, row in enumerate(raw):
            if not isinstance(row, dict) or not all(isinstance(v, str) for v in row.values()):
                raise BundleFormatError(f"substituents[{i}]", "a row must be an object of strings")
            if not row.get("code"):
                raise BundleFormatError(f"substituents[{i}]", "a row needs its 'code'")
        if data.get("substituents_sha256") not in (None, _digest(raw)):
            raise BundleFormatError("substituents_sha256", "the substituents do not match their checksum")
        substituents = tuple(dict(row) for row in raw)
    groups = None
    if data.get("groups") is not None:
        raw_groups = data["groups"]
        if not isinstance(raw_groups, list) or not all(isinstance(g, str) for g in raw_groups):
            raise BundleFormatError("groups", "expected a list of group ids (strings)")
        groups = tuple(raw_groups)
    methodology = data.get("methodology")
    if methodology is not None and not isinstance(methodology, dict):
        raise BundleFormatError("methodology", "expected an object (version, dates, parameters)")
    return BundleContents(snapshot, substituents, groups, methodology)


def read_bundle(path: str | Path) -> ListSnapshot:
    """Load a bundle file; every problem is a BundleFormatError that names the file and the place."""
    return bundle_to_snapshot(_load(path))


def read_bundle_contents(path: str | Path) -> BundleContents:
    """Load a bundle file with its optional substituents and groups (see ``bundle_contents``)."""
    return bundle_contents(_load(path))


def _load(path: str | Path) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise BundleFormatError(str(path), f"cannot read the file: {exc.strerror}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BundleFormatError(f"{path}, line {exc.lineno} column {exc.colno}", f"not valid JSON: {exc.msg}") from exc
    return data

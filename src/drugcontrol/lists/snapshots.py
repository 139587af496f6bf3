"""Read side of the lists domain: the list as of a date, diffs and one substance's history.

Snapshots are cached per (jurisdiction, date, revision): every write bumps the jurisdiction's revision,
so a cached snapshot is never stale and identification does not rebuild its index per request.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from functools import lru_cache

from drugcontrol.chem.keys import StructureKeys
from drugcontrol.listcore.diff import ListDiff, diff_snapshots
from drugcontrol.listcore.snapshot import ActRef, ListedEntry, ListSnapshot
from drugcontrol.listcore.thresholds import Thresholds, parse_thresholds
from drugcontrol.lists.models import EntryThreshold, Jurisdiction, LegalAct, ListEntry, Substance


class UnknownJurisdiction(LookupError):
    def __init__(self, code: str) -> None:
        known = ", ".join(Jurisdiction.objects.values_list("code", flat=True)) or "none loaded"
        super().__init__(f"unknown jurisdiction {code!r}; known: {known}")


def act_ref(act: LegalAct) -> ActRef:
    """The core's reference to the act: the fields it declares, read from the act by the same names."""
    named = {f.name: getattr(act, f.name) for f in fields(ActRef) if f.name != "jurisdiction"}
    return ActRef(**named, jurisdiction=act.jurisdiction_id)


def substance_keys(substance: Substance) -> StructureKeys | None:
    if not substance.inchikey:
        return None
    return StructureKeys(**{name: getattr(substance, name) for name in Substance.KEY_FIELDS})


def threshold_of(row: EntryThreshold) -> Thresholds:
    return parse_thresholds(row.small, row.large, row.especially_large, form=row.form)


def listed_entry(entry: ListEntry) -> ListedEntry:
    substance = entry.substance
    return ListedEntry(
        substance_id=str(substance.pk),
        names=substance.names,
        **{name: getattr(substance, name) for name in ("kind", "inn", "cas", "smiles")},
        **{name: getattr(entry, name) for name in ListEntry.CONTENT_FIELDS},
        synonyms=tuple(substance.synonyms),
        keys=substance_keys(substance),
        thresholds=tuple(threshold_of(t) for t in entry.thresholds.all()),
        valid_from=entry.valid_from,
        added_by=act_ref(entry.added_by),
    )


def jurisdiction_by_code(code: str) -> Jurisdiction:
    """The jurisdiction, or UnknownJurisdiction naming the known ones."""
    try:
        return Jurisdiction.objects.get(code=code.upper())
    except Jurisdiction.DoesNotExist:
        raise UnknownJurisdiction(code) from None


@lru_cache(maxsize=64)
def _cached_snapshot(code: str, day: date, revision: str) -> ListSnapshot:
    entries = (
        ListEntry.objects.in_force_on(day)
        .filter(jurisdiction_id=code)
        .select_related("substance", "added_by")
        .prefetch_related("thresholds")
        .order_by("table", "id")
    )
    acts = LegalAct.objects.filter(jurisdiction_id=code, in_force_from__lte=day).order_by("in_force_from")
    return ListSnapshot(code, day, tuple(listed_entry(e) for e in entries), tuple(act_ref(a) for a in acts))


def snapshot_as_of(code: str, day: date) -> ListSnapshot:
    """Exactly what `code`'s list contained on `day`."""
    jurisdiction = jurisdiction_by_code(code)
    return _cached_snapshot(jurisdiction.code, day, jurisdiction.revision)


def list_diff(code: str, date_from: date, date_to: date) -> ListDiff:
    return diff_snapshots(snapshot_as_of(code, date_from), snapshot_as_of(code, date_to))


@dataclass(frozen=True)
class HistoryStep:
    jurisdiction: str
    table: str
    number: str
    valid_from: date
    valid_to: date | None
    change: str
    added_by: ActRef
    ended_by: ActRef | None
    thresholds: tuple[Thresholds, ...]


def substance_history(substance: Substance) -> list[HistoryStep]:
    """Every version of every entry of one substance, in every jurisdiction, oldest first."""
    entries = (
        ListEntry.objects.filter(substance=substance)
        .select_related("added_by", "ended_by")
        .prefetch_related("thresholds")
        .order_by("jurisdiction_id", "valid_from", "id")
    )
    return [
        HistoryStep(
            **{name: getattr(e, name) for name in ("table", "number", "valid_from", "valid_to", "change")},
            jurisdiction=e.jurisdiction_id,
            added_by=act_ref(e.added_by),
            ended_by=act_ref(e.ended_by) if e.ended_by else None,
            thresholds=tuple(threshold_of(t) for t in e.thresholds.all()),
        )
        for e in entries
    ]

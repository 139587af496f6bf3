"""What changed in a list between two dates: added, removed and changed entries."""

from __future__ import annotations

from dataclasses import dataclass

from drugcontrol.listcore.snapshot import ListedEntry, ListSnapshot


@dataclass(frozen=True)
class EntryChange:
    before: ListedEntry
    after: ListedEntry
    fields: tuple[str, ...]


@dataclass(frozen=True)
class ListDiff:
    jurisdiction: str
    date_from: str
    date_to: str
    added: tuple[ListedEntry, ...]
    removed: tuple[ListedEntry, ...]
    changed: tuple[EntryChange, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _keyed(snapshot: ListSnapshot, repeated: set[str]) -> dict[tuple[str, ...], ListedEntry]:
    """Key entries by substance; a substance on several lines is keyed per line (table and number)."""
    return {
        (e.substance_id, e.table, e.number) if e.substance_id in repeated else (e.substance_id,): e
        for e in snapshot.entries
    }


def _repeated(snapshot: ListSnapshot) -> set[str]:
    seen: set[str] = set()
    repeated: set[str] = set()
    for entry in snapshot.entries:
        (repeated if entry.substance_id in seen else seen).add(entry.substance_id)
    return repeated


def diff_snapshots(before: ListSnapshot, after: ListSnapshot) -> ListDiff:
    """Compare two snapshots of the same jurisdiction substance by substance.

    A substance that moved to another table is one change, not a removal and an addition.
    """
    if before.jurisdiction != after.jurisdiction:
        raise ValueError(
            f"cannot compare lists of different jurisdictions: {before.jurisdiction} and {after.jurisdiction}"
        )
    repeated = _repeated(before) | _repeated(after)
    old, new = _keyed(before, repeated), _keyed(after, repeated)
    changed = []
    for key in sorted(old.keys() & new.keys()):
        a, b = old[key].comparable(), new[key].comparable()
        fields = tuple(name for name in a if a[name] != b[name])
        if fields:
            changed.append(EntryChange(old[key], new[key], fields))
    return ListDiff(
        jurisdiction=before.jurisdiction,
        date_from=before.as_of.isoformat(),
        date_to=after.as_of.isoformat(),
        added=tuple(new[key] for key in sorted(new.keys() - old.keys())),
        removed=tuple(old[key] for key in sorted(old.keys() - new.keys())),
        changed=tuple(changed),
    )

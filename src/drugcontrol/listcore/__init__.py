"""Pure core of the control lists: thresholds, list snapshots, diffs and the offline list bundle.

Nothing here imports Django: the web shell, the CLI and an offline laboratory all use the same code.
"""

from drugcontrol.listcore.diff import EntryChange, ListDiff, diff_snapshots
from drugcontrol.listcore.snapshot import ActRef, ListedEntry, ListSnapshot
from drugcontrol.listcore.thresholds import (
    QuantityClass,
    QuantityRange,
    ThresholdFormatError,
    Thresholds,
    parse_thresholds,
)

__all__ = [
    "ActRef",
    "EntryChange",
    "ListDiff",
    "ListSnapshot",
    "ListedEntry",
    "QuantityClass",
    "QuantityRange",
    "ThresholdFormatError",
    "Thresholds",
    "diff_snapshots",
    "parse_thresholds",
]

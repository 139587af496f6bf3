"""Verify the audit log: every link of the hash chain, then the log against every signed checkpoint.

The chain alone shows an event edited, or removed from the middle. It cannot show what leaves a consistent
chain behind: the newest events deleted, every event deleted (or TRUNCATE), or events deleted and every
hash after them recomputed. A valid checkpoint says "there were ``count`` events up to event ``head_id``,
whose hash was ``head_hash``", so any of those is found as soon as it reaches back before a checkpoint.
Events written after the newest checkpoint are protected by the chain alone until the next one.

Pure: the shell feeds rows and checkpoints in; findings come back as codes with parameters, in log order.
Checkpoints with a bad signature are reported and not trusted; nothing here raises on bad data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from drugcontrol.audit import messages as M
from drugcontrol.audit.checkpoints import Checkpoint
from drugcontrol.messages import Message, render

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class ChainRow:
    """One stored event as the verifier needs it: the hash recomputed from its content beside the stored one."""

    id: int
    prev_hash: str
    hash: str
    content_hash: str


@dataclass(frozen=True)
class Finding:
    """One thing wrong, as a code and parameters (the sentences are in ``audit.messages``)."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, message: Message, **params: Any) -> Finding:
        return cls(message.code, params)

    def render(self, translate: Callable[[str], str] = str) -> str:
        return render(self.code, self.params, translate)


@dataclass
class LogReport:
    events: int = 0
    last_id: int = 0
    findings: list[Finding] = field(default_factory=list)
    checkpoints: int = 0  # valid checkpoints checked
    newest: Checkpoint | None = None  # the valid checkpoint with the most events

    @property
    def intact(self) -> bool:
        return not self.findings

    @property
    def after_newest(self) -> int:
        """Events written after the newest checkpoint: protected by the chain only."""
        return self.events - (self.newest.count if self.newest else 0)


def check_chain(rows: Iterable[ChainRow]) -> tuple[list[Finding], int, int]:
    """The chain alone: findings, number of events and the last id (for the callers without a key)."""
    report = check_log(rows, [], key=None)
    return report.findings, report.events, report.last_id


def check_log(
    rows: Iterable[ChainRow],
    checkpoints: Sequence[tuple[int, Checkpoint]],
    *,
    key: bytes | None,
    unreadable_lines: Sequence[int] = (),
) -> LogReport:
    """Walk ``rows`` (in id order) once, checking links, contents and every checkpoint whose signature holds.

    ``checkpoints`` are (line number, checkpoint) pairs; with ``key=None`` only the chain is checked.
    """
    report = LogReport()
    report.findings += [Finding.of(M.CHECKPOINT_UNREADABLE, line=line) for line in unreadable_lines]
    trusted = []
    if key is not None:
        for line, checkpoint in checkpoints:
            if checkpoint.signature_valid(key):
                trusted.append(checkpoint)
            else:
                report.findings.append(Finding.of(M.CHECKPOINT_FORGED, line=line))
    trusted.sort(key=lambda c: (c.head_id, c.count))
    report.checkpoints = len(trusted)
    report.newest = max(trusted, key=lambda c: (c.count, c.head_id), default=None)

    pending = [c for c in trusted if c.head_id > 0]  # a checkpoint of the empty log (head 0) holds for any log
    next_cp = 0
    expected_prev = GENESIS_HASH
    for row in rows:
        report.events += 1
        report.last_id = row.id
        if row.prev_hash != expected_prev:
            report.findings.append(Finding.of(M.LINK_BROKEN, event=row.id))
        if row.content_hash != row.hash:
            report.findings.append(Finding.of(M.EVENT_EDITED, event=row.id))
        expected_prev = row.hash
        while next_cp < len(pending) and pending[next_cp].head_id <= row.id:
            checkpoint = pending[next_cp]
            next_cp += 1
            if checkpoint.head_id < row.id:
                report.findings.append(Finding.of(M.CHECKPOINT_HEAD_MISSING, **_describe(checkpoint)))
            elif checkpoint.head_hash != row.hash:
                report.findings.append(Finding.of(M.CHECKPOINT_HASH_MISMATCH, **_describe(checkpoint)))
            elif checkpoint.count != report.events:
                report.findings.append(
                    Finding.of(M.CHECKPOINT_COUNT_MISMATCH, **_describe(checkpoint), found=report.events)
                )
    beyond = pending[next_cp:]
    if beyond:
        latest = max(beyond, key=lambda c: (c.count, c.head_id))
        params = {**_describe(latest), "found": report.events, "last_id": report.last_id, "checkpoints": len(beyond)}
        report.findings.append(Finding.of(M.LOG_EMPTIED if report.events == 0 else M.LOG_CUT, **params))
    if key is not None and not trusted and report.events > 0:
        report.findings.append(Finding.of(M.NO_CHECKPOINT, events=report.events))
    return report


def _describe(checkpoint: Checkpoint) -> dict[str, Any]:
    return {"at": checkpoint.at, "head_id": checkpoint.head_id, "count": checkpoint.count}

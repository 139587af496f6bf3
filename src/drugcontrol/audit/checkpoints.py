"""Signed checkpoints of the audit chain head, kept in a file outside the database.

Certificate Transparency's answer to a log operator who could rewrite history: every so often the head of the
chain (its last event id, that event's hash and the number of events) is signed with a key the database never
sees, and the signed statement is appended to a file elsewhere. Whoever later deletes the newest events,
empties or truncates the table, or deletes events and recomputes every hash after them cannot produce a log
that agrees with the earlier checkpoints without the key.

Pure: no Django. Errors carry a code and parameters; the shell renders them in the user's language.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from drugcontrol.audit import messages as M
from drugcontrol.errors import CodedError

MIN_KEY_BYTES = 32
_DOMAIN = "drugcontrol-audit-checkpoint-v1"  # signs only checkpoints, never anything else made with the same key


class AuditKeyError(CodedError):
    """The signing key is not configured, absent, unreadable or too short."""


@dataclass(frozen=True)
class Checkpoint:
    """The head of the chain at one moment: the last event's id and hash, and how many events there were."""

    head_id: int
    head_hash: str
    count: int
    at: str  # UTC, ISO 8601
    signature: str = ""

    def message(self) -> bytes:
        return "\n".join([_DOMAIN, str(self.head_id), self.head_hash, str(self.count), self.at]).encode()

    def signed(self, key: bytes) -> Checkpoint:
        return replace(self, signature=hmac.new(key, self.message(), hashlib.sha256).hexdigest())

    def signature_valid(self, key: bytes) -> bool:
        return hmac.compare_digest(self.signed(key).signature, self.signature)

    def to_line(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":")) + "\n"

    @classmethod
    def from_line(cls, line: str) -> Checkpoint:
        """Parse one line of the file; ValueError when it is not a checkpoint."""
        try:
            data = json.loads(line)
            checkpoint = cls(
                head_id=data["head_id"],
                head_hash=data["head_hash"],
                count=data["count"],
                at=data["at"],
                signature=data["signature"],
            )
        except (KeyError, TypeError, json.JSONDecodeError) as error:
            raise ValueError(str(error)) from error
        if not (isinstance(checkpoint.head_id, int) and isinstance(checkpoint.count, int)):
            raise ValueError("head_id and count must be integers")
        if not all(isinstance(v, str) for v in (checkpoint.head_hash, checkpoint.at, checkpoint.signature)):
            raise ValueError("head_hash, at and signature must be strings")
        return checkpoint


def new_key() -> str:
    """A fresh random key as the text of a key file (256 bits, hex)."""
    return secrets.token_hex(MIN_KEY_BYTES) + "\n"


def load_key(path: str | os.PathLike[str] | None) -> bytes:
    """The key in ``path`` (surrounding whitespace ignored); AuditKeyError says what is wrong."""
    if not path:
        raise AuditKeyError(M.KEY_NOT_SET)
    try:
        key = Path(path).read_bytes().strip()
    except FileNotFoundError:
        raise AuditKeyError(M.KEY_MISSING, path=str(path)) from None
    except OSError as error:
        raise AuditKeyError(M.KEY_UNREADABLE, path=str(path), reason=error.strerror or str(error)) from None
    if len(key) < MIN_KEY_BYTES:
        raise AuditKeyError(M.KEY_TOO_SHORT, path=str(path), length=len(key), minimum=MIN_KEY_BYTES)
    return key


def append_checkpoint(path: Path, make: Callable[[Checkpoint | None], Checkpoint | None]) -> Checkpoint | None:
    """Append ``make(last)`` to the file under an exclusive lock, so concurrent writers keep the file in order.

    ``make`` receives the newest checkpoint already in the file (or None) and returns the checkpoint to append,
    or None to append nothing. The line is flushed to disk before the lock is released. Returns the newest
    checkpoint in the file afterwards.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o640)
    with os.fdopen(fd, "r+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            last = _last_checkpoint(handle)
            checkpoint = make(last)
            if checkpoint is None:
                return last
            handle.write(checkpoint.to_line())
            handle.flush()
            os.fsync(handle.fileno())
            return checkpoint
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _last_checkpoint(handle: Any) -> Checkpoint | None:
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    handle.buffer.seek(max(0, size - 4096))
    lines = handle.buffer.read().decode("utf-8", errors="replace").splitlines()
    for line in reversed(lines):
        try:
            return Checkpoint.from_line(line)
        except ValueError:
            continue
    return None


def read_checkpoints(path: Path) -> tuple[list[tuple[int, Checkpoint]], list[int]]:
    """Every checkpoint in the file with its line number, and the numbers of the lines that are not checkpoints.

    A missing file reads as no checkpoints.
    """
    checkpoints: list[tuple[int, Checkpoint]] = []
    unreadable: list[int] = []
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            checkpoints.append((number, Checkpoint.from_line(line)))
        except ValueError:
            unreadable.append(number)
    return checkpoints, unreadable

"""Silence RDKit's own logging and keep its messages as text.

RDKit reports why a parse failed only through its C++ log (SMILES errors at error level, molfile
errors at warning level), which by default goes to the stderr of the server process where nobody
reads it. Here RDKit's log is routed to Python's ``logging`` (logger ``"rdkit"``) once, and a
filter on that logger takes the messages emitted inside a ``quiet_rdkit()`` block on the current
thread: they are kept for the error message and not printed. Messages outside such a block, or
from other threads, pass through to the application's logging configuration as usual.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from rdkit import rdBase

__all__ = ["RDKitLog", "quiet_rdkit"]

_TIMESTAMP = re.compile(r"^\[\d\d:\d\d:\d\d\]\s?")
_CARET_LINE = re.compile(r"^[\s~^]+$")
_POSITION_LINE = re.compile(r"check for mistakes around position \d+:$")
_NOISE_PREFIXES = ("SMILES Parse Error: ", "ERROR: ", "WARNING: ")
_MAX_REASON_CHARS = 300

_thread_state = threading.local()  # .capture: list[str] while inside quiet_rdkit() on this thread
_install_lock = threading.Lock()
_installed = False


class RDKitLog:
    """Messages (warnings and errors) RDKit logged inside a ``quiet_rdkit()`` block."""

    def __init__(self) -> None:
        self.raw: list[str] = []

    @property
    def lines(self) -> list[str]:
        """Messages with timestamps, caret diagrams, input echoes and repeats removed, in order."""
        lines: list[str] = []
        skip_echo = False
        for message in self.raw:
            for line in message.splitlines():
                text = _TIMESTAMP.sub("", line).strip()
                for prefix in _NOISE_PREFIXES:
                    text = text.removeprefix(prefix)
                if skip_echo:  # the SMILES parser echoes a window of the input after the position line
                    skip_echo = False
                    continue
                if _POSITION_LINE.search(text):
                    skip_echo = True
                    text = text.removesuffix(":")
                if not text or _CARET_LINE.match(text) or text.startswith("Failed parsing") or text in lines:
                    continue
                lines.append(text)
        return lines

    def reason(self) -> str:
        """One line summarising what RDKit complained about, or "" when it said nothing."""
        text = "; ".join(self.lines)
        if len(text) > _MAX_REASON_CHARS:
            text = text[: _MAX_REASON_CHARS - 1] + "…"
        return text


class _QuietFilter(logging.Filter):
    """Takes RDKit records emitted inside a quiet block on this thread; passes the others."""

    def filter(self, record: logging.LogRecord) -> bool:
        capture: list[str] | None = getattr(_thread_state, "capture", None)
        if capture is None:
            return True
        if record.levelno >= logging.WARNING:
            capture.append(record.getMessage())
        return False


def _install() -> bool:
    """Route RDKit's log to Python logging once per process; False on RDKit builds without it."""
    global _installed  # one process-wide switch, guarded by the lock
    with _install_lock:
        if not _installed:
            if not hasattr(rdBase, "LogToPythonLogger"):
                return False
            rdBase.LogToPythonLogger()
            logging.getLogger("rdkit").addFilter(_QuietFilter())
            _installed = True
    return True


@contextmanager
def quiet_rdkit() -> Iterator[RDKitLog]:
    """Keep RDKit's warnings and errors from this thread out of the output and collect them."""
    log = RDKitLog()
    if not _install():  # very old RDKit: silence only, the reason stays unknown
        with rdBase.BlockLogs():
            yield log
        return
    outer = getattr(_thread_state, "capture", None)
    _thread_state.capture = log.raw
    try:
        yield log
    finally:
        _thread_state.capture = outer

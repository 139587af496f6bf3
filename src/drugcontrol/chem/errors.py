"""Typed failures of the chemistry core.

Every failure that comes from the structure a user gave (rather than from a bug) is a ``ChemError``
with a stable machine ``code`` and a message a person can act on. Callers at the boundary (API, web
form, CLI, bulk screening) map the code to a response; nothing in the core returns ``None`` to mean
"failed".
"""

from __future__ import annotations

from typing import ClassVar

__all__ = [
    "ChemError",
    "EmptyStructureError",
    "InchiError",
    "NotTextError",
    "StandardizationError",
    "StructureTooLargeError",
    "TooComplexError",
    "UnparseableStructureError",
]


class ChemError(ValueError):
    """A structure could not be read or processed; ``code`` says why in a machine-readable way."""

    code: ClassVar[str] = "chem_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class EmptyStructureError(ChemError):
    """The input held no structure at all (empty text, only whitespace, a molfile with no atoms)."""

    code: ClassVar[str] = "empty"


class NotTextError(ChemError):
    """The input holds code points that are not text (a lone UTF-16 surrogate): no parser can read it."""

    code: ClassVar[str] = "not_text"

    def __init__(self, message: str, *, position: int) -> None:
        super().__init__(message)
        self.position = position


class StructureTooLargeError(ChemError):
    """The input is bigger than any controlled substance could be, so it is refused before work starts."""

    code: ClassVar[str] = "too_large"


class UnparseableStructureError(ChemError):
    """The text is not a valid structure in the format tried; ``reason`` is the parser's own words."""

    code: ClassVar[str] = "unparseable"

    def __init__(self, message: str, *, fmt: str, reason: str = "") -> None:
        super().__init__(message)
        self.fmt = fmt
        self.reason = reason


class StandardizationError(ChemError):
    """RDKit refused to clean up or normalise a structure that it had parsed."""

    code: ClassVar[str] = "standardize_failed"


class InchiError(ChemError):
    """No InChI could be made (for example the structure holds query or dummy atoms such as ``*``)."""

    code: ClassVar[str] = "no_inchi"


class TooComplexError(ChemError):
    """The requested work cannot finish within its bound (time, number of candidates, combinations)."""

    code: ClassVar[str] = "too_complex"

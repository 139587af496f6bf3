"""The reader's language, read once: its two-letter code, and which of a record's names (`name_ru`, `name_kk`,
`name_en`) a page shows in it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language


def reader_language(default: str = "en") -> str:
    """The active language's code (ru, kk or en); `default` when no language is active."""
    return (get_language() or default)[:2]


def name_in_reader_language(record: Any, fallback: str, *, default: str = "en") -> str:
    """`record.name_<language>` in the reader's language, else the `fallback` field (a record names itself in at
    least one language)."""
    return getattr(record, f"name_{reader_language(default)}", "") or getattr(record, fallback)

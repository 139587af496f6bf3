"""Scoring candidate duplicates by name and birth date, whatever the script a name was typed in.

Names are reduced to a script-independent key: Cyrillic goes through the official Latin transliteration,
then diacritics and the usual passport spellings are folded together (ZH/J, KH/H, SH/Ş, TS/Ц, Q/K, YU/IU…)
and doubled letters collapsed, so "Жанна Ахметова", "Janna Ahmetova" and "ZHANNA AKHMETOVA" share a key.
Pure Python; no Django.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from drugcontrol.registry.translit import to_latin

_LETTER_FOLD = {"ä": "a", "ö": "o", "ü": "u", "ū": "u", "ğ": "g", "ñ": "n", "ş": "sh", "ç": "ch", "ı": "i", "i̇": "i"}
# One left-to-right pass, longer spellings first, after y has become i (so YU, IU and Ю all fold alike).
_DIGRAPHS = {
    "shch": "s", "sch": "s", "sh": "s", "ch": "c", "ts": "c", "tz": "c", "zh": "j", "kh": "h",
    "iu": "u", "ia": "a", "ie": "e", "io": "e", "q": "k", "w": "v", "x": "ks",
}  # fmt: skip
_DIGRAPH_RE = re.compile("|".join(sorted(_DIGRAPHS, key=len, reverse=True)))


def fold_name(text: str) -> str:
    """The script-independent key of one name part (lowercase ASCII letters only)."""
    latin = to_latin(text).lower()
    latin = "".join(_LETTER_FOLD.get(ch, ch) for ch in latin)
    latin = unicodedata.normalize("NFKD", latin)
    latin = "".join(ch for ch in latin if "a" <= ch <= "z")
    latin = _DIGRAPH_RE.sub(lambda m: _DIGRAPHS[m.group(0)], latin.replace("y", "i"))
    collapsed: list[str] = []
    for ch in latin:
        if not collapsed or collapsed[-1] != ch:
            collapsed.append(ch)
    return "".join(collapsed)


def name_key(last_name: str, first_name: str, patronymic: str = "") -> str:
    """Key of a whole name, as stored on the person: folded parts separated by single spaces."""
    return " ".join(fold_name(part) for part in (last_name, first_name, patronymic)).rstrip()


def name_fields(last_name: str, first_name: str, patronymic: str = "") -> dict[str, str]:
    """The stored forms of a name typed in Cyrillic: each part in Latin letters and the search key."""
    return {
        "last_name": last_name,
        "first_name": first_name,
        "patronymic": patronymic,
        "last_name_latin": to_latin(last_name),
        "first_name_latin": to_latin(first_name),
        "patronymic_latin": to_latin(patronymic),
        "name_key": name_key(last_name, first_name, patronymic),
    }


def levenshtein(a: str, b: str) -> int:
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def similarity(a: str, b: str) -> float:
    """1.0 for equal keys, 0.0 for nothing in common (normalised edit distance)."""
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return 1.0 - levenshtein(a, b) / max(len(a), len(b))


def birth_date_similarity(a: date | None, b: date | None) -> float:
    """Equal 1.0; day and month swapped, or one of day/month/year off: 0.7; same year only 0.3; else 0."""
    if a is None or b is None:
        return 0.0
    if a == b:
        return 1.0
    if (a.year, a.month, a.day) == (b.year, b.day, b.month):
        return 0.7
    same = (a.year == b.year) + (a.month == b.month) + (a.day == b.day)
    if same == 2:
        return 0.7
    return 0.3 if a.year == b.year else 0.0


@dataclass(frozen=True)
class NameAndBirth:
    last_name: str
    first_name: str
    patronymic: str
    birth_date: date | None


@dataclass(frozen=True)
class MatchScore:
    score: float
    reasons: tuple[str, ...]


def score_pair(a: NameAndBirth, b: NameAndBirth) -> MatchScore:
    """Weighted similarity: last name 0.35, first name 0.25, patronymic 0.1 (when both have one), birth date 0.3."""
    last = similarity(fold_name(a.last_name), fold_name(b.last_name))
    first = similarity(fold_name(a.first_name), fold_name(b.first_name))
    born = birth_date_similarity(a.birth_date, b.birth_date)
    parts = [(0.35, last), (0.25, first), (0.3, born)]
    reasons = [f"last name {last:.2f}", f"first name {first:.2f}", f"birth date {born:.2f}"]
    if a.patronymic and b.patronymic:
        patronymic = similarity(fold_name(a.patronymic), fold_name(b.patronymic))
        parts.append((0.1, patronymic))
        reasons.append(f"patronymic {patronymic:.2f}")
    total = sum(w for w, _ in parts)
    score = sum(w * s for w, s in parts) / total
    return MatchScore(round(score, 4), tuple(reasons))

"""Cyrillic (Kazakh and Russian) to Latin, after Kazakhstan's Latin alphabet of January 2021.

Kazakh letters follow that alphabet: Ә ä, Ғ ğ, Қ q, Ң ñ, Ө ö, Ұ ū, Ү ü, Һ/Х h, І ı, И/Й i, Ы y, Ж j, Ш ş,
У u, В v. Letters found only in Russian words are not in that alphabet; this module writes them as
Ц ts, Ч ch, Щ şş, Ё io, Ю iu, Я ia, Э e, and drops Ъ and Ь — documented here so that the Latin form of a
name is reproducible. Pure Python; no Django.
"""

from __future__ import annotations

LOWER = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e", "ё": "io", "ж": "j",
    "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n", "ң": "ñ", "о": "o",
    "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "ū", "ү": "ü", "ф": "f", "х": "h",
    "һ": "h", "ц": "ts", "ч": "ch", "ш": "ş", "щ": "şş", "ъ": "", "ы": "y", "і": "ı", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
}  # fmt: skip


def has_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def to_latin(text: str) -> str:
    """Transliterate Cyrillic letters; any other character passes through unchanged. Case follows the source."""
    out: list[str] = []
    for ch in text:
        low = ch.lower()
        latin = LOWER.get(low)
        if latin is None:
            out.append(ch)
        elif ch != low and latin:
            # Capital: only the first Latin letter is capital (Щ → Şş); capital i is the dotted İ of the alphabet.
            first = "İ" if latin[0] == "i" else latin[0].upper()
            out.append(first + latin[1:])
        else:
            out.append(latin)
    return "".join(out)

"""Which language a text is in: Russian, Kazakh, English, or Russian written in Latin letters (``ru-Latn``).

Shops write in Russian, in Kazakh and very often in Russian transliterated to dodge filters ("zakladki, kupit
mef"). General detectors know none of the last and confuse Kazakh with Russian; for these four a few
letter and word statistics are enough and need no model: Kazakh has letters Russian lacks (ә ғ қ ң ө ұ ү һ і) and
its own function words; transliterated Russian has Russian function words and endings that English does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["LANGUAGES", "Language", "detect_language"]

LANGUAGES = ("ru", "kk", "en", "ru-Latn", "und")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_KAZAKH_WORDS = _words(
    "және мен бұл үшін бар жоқ туралы деп емес бір да де ол біз сіз олар қазір жылы бойынша арқылы керек "
)
_ENGLISH_WORDS = _words(
    "the and of to is in for with you this that are on be it your we our from by at as or have not all "
    "can will an new buy free shipping price order "
)
_TRANSLIT_WORDS = _words(
    "i v na ne chto eto kak po dlya ot za ili est vse my vy u s so iz k ya on ona oni tolko ochen uzhe "
    "eshche kupit zakladka zakladki klad rabota dostavka gorod gramm gr tovar magazin otzyvy nalichii "
    "nashem vsegda kachestvo luchshiy cena ceny skidka zdes pishite pishi bez samyy "
)
_TRANSLIT_PATTERN = re.compile(r"(?:shch|zh|kh|ch|sh|ya|yu|yo|iy|yy|ogo|ego|aya|yye|ykh|ikh)")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class Language:
    """A language code of ``LANGUAGES`` and how sure the guess is (0–1)."""

    code: str
    confidence: float


def detect_language(text: str) -> Language:
    """Guess the language of ``text``; ``und`` when it has too few letters to tell."""
    words = [w.lower() for w in _WORD.findall(text or "")]
    letters = sum(len(w) for w in words)
    if letters < 8:
        return Language("und", 0.0)
    cyrillic = sum(1 for w in words for ch in w if "\u0400" <= ch <= "\u04ff")
    if cyrillic / letters >= 0.5:
        kazakh_letters = sum(1 for w in words for ch in w if ch in _KAZAKH_LETTERS)
        kazakh_words = sum(1 for w in words if w in _KAZAKH_WORDS)
        kazakh = kazakh_letters / cyrillic * 20 + kazakh_words / len(words) * 5
        if kazakh >= 0.5:
            return Language("kk", min(1.0, 0.5 + kazakh / 4))
        return Language("ru", min(1.0, 0.6 + (0.5 - kazakh) * 0.8))
    latin_words = [w for w in words if w.isascii()]
    if not latin_words:
        return Language("und", 0.0)
    english = sum(1 for w in latin_words if w in _ENGLISH_WORDS) / len(latin_words)
    translit_words = sum(1 for w in latin_words if w in _TRANSLIT_WORDS) / len(latin_words)
    translit_shapes = sum(1 for w in latin_words if _TRANSLIT_PATTERN.search(w)) / len(latin_words)
    translit = translit_words + translit_shapes * 0.5
    if translit > english:
        return Language("ru-Latn", min(1.0, 0.5 + translit - english))
    return Language("en", min(1.0, 0.5 + english - translit))

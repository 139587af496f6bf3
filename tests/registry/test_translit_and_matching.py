"""Transliteration after the 2021 Kazakh Latin alphabet, and duplicate scoring across scripts."""

from __future__ import annotations

from datetime import date

from django.conf import settings

from drugcontrol.registry.matching import (
    NameAndBirth,
    birth_date_similarity,
    fold_name,
    levenshtein,
    name_key,
    score_pair,
)
from drugcontrol.registry.translit import has_cyrillic, to_latin

THRESHOLD = settings.REGISTRY_DUPLICATE_THRESHOLD


def test_kazakh_letters_follow_the_2021_alphabet() -> None:
    # The sample sentence given in the 2021 alphabet on the Wikipedia page "Kazakh alphabets".
    assert to_latin("Бұрыңғы өткен заманда, бір данышпан кісі") == "Būryñğy ötken zamanda, bır danyşpan kısı"
    assert to_latin("Қазақстан") == "Qazaqstan"
    assert to_latin("Әсел Үйсін Жұмабай") == "Äsel Üisın Jūmabai"


def test_russian_only_letters_use_the_documented_convention() -> None:
    assert to_latin("Цой Чернов Щукин") == "Tsoi Chernov Şşukin"
    assert to_latin("Юлия Яна Ёлкин Эдуард Подъячев") == "İuliia İana İolkin Eduard Podiachev"
    assert to_latin("ABC-12") == "ABC-12"
    assert has_cyrillic("Ахмет") and not has_cyrillic("Akhmet")


def test_the_same_name_in_any_script_folds_to_one_key() -> None:
    assert fold_name("Жанна") == fold_name("Janna") == fold_name("ZHANNA") == "jana"
    assert fold_name("Ахметов") == fold_name("AKHMETOV") == fold_name("Ahmetov") == "ahmetov"
    assert fold_name("Щербаков") == fold_name("SHCHERBAKOV")
    assert fold_name("Юлия") == fold_name("YULIYA") == fold_name("Iuliia")
    assert fold_name("Қайрат") == fold_name("KAIRAT")
    assert fold_name("Ерлан") == fold_name("Yerlan")
    assert fold_name("Петров") != fold_name("Сидоров")
    assert name_key("Ахметов", "Ерлан") == "ahmetov erlan"


def test_levenshtein_known_values() -> None:
    assert levenshtein("kitten", "sitting") == 3
    assert levenshtein("", "abc") == 3
    assert levenshtein("same", "same") == 0


def test_birth_date_similarity() -> None:
    assert birth_date_similarity(date(1988, 4, 12), date(1988, 4, 12)) == 1.0
    assert birth_date_similarity(date(1988, 4, 12), date(1988, 12, 4)) == 0.7  # day and month swapped
    assert birth_date_similarity(date(1988, 4, 12), date(1988, 4, 13)) == 0.7  # one part off
    assert birth_date_similarity(date(1988, 4, 12), date(1988, 9, 30)) == 0.3
    assert birth_date_similarity(date(1988, 4, 12), date(1990, 9, 30)) == 0.0
    assert birth_date_similarity(None, date(1990, 9, 30)) == 0.0


def test_duplicates_across_scripts_score_above_the_threshold() -> None:
    cyrillic = NameAndBirth("Ахметов", "Ерлан", "Серикович", date(1988, 4, 12))
    passport = NameAndBirth("AKHMETOV", "YERLAN", "", date(1988, 12, 4))
    typo = NameAndBirth("Ахмедов", "Ерлан", "Серикович", date(1988, 4, 12))
    stranger = NameAndBirth("Петрова", "Анна", "", date(1988, 4, 12))
    assert score_pair(cyrillic, passport).score >= THRESHOLD
    assert score_pair(cyrillic, typo).score >= THRESHOLD
    assert score_pair(cyrillic, stranger).score < THRESHOLD - 0.3  # same birth date alone is not enough
    # Same name, unrelated birth date: not proposed.
    assert score_pair(cyrillic, NameAndBirth("Ахметов", "Ерлан", "", date(1960, 1, 1))).score < THRESHOLD

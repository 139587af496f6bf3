"""Synthetic people and events for load tests and demonstrations: realistic in shape, never real people.

Names are random combinations from short built-in lists of common Kazakh and Russian first names and
surnames; IINs are valid (birth date, sex digit and check digit agree) but drawn at random. The mix follows
the published picture of the Kazakh drug register: about 8% women, very few minors, regions weighted by
population, and diagnoses mostly opioids (F11), cannabinoids (F12), stimulants (F15) and several
substances (F19).

Pure Python, no Django: `load` writes what this module generates. Everything is drawn from one
`random.Random(seed)`, so the same seed gives the same people and events.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from drugcontrol.registry.iin import generate_iin
from drugcontrol.registry.matching import name_fields

# Population in thousands (2024, rounded) of the 17 regions and 3 cities of republican significance.
REGION_WEIGHTS: dict[str, int] = {
    "KZ-10": 603, "KZ-11": 787, "KZ-15": 930, "KZ-19": 1530, "KZ-23": 700, "KZ-27": 690, "KZ-31": 1220,
    "KZ-33": 700, "KZ-35": 1130, "KZ-39": 830, "KZ-43": 830, "KZ-47": 760, "KZ-55": 760, "KZ-59": 540,
    "KZ-61": 2100, "KZ-62": 300, "KZ-63": 730, "KZ-71": 1420, "KZ-75": 2230, "KZ-79": 1230,
}  # fmt: skip

# Three-character diagnosis groups and their share of the register; the fourth character is mostly .2
# (dependence syndrome), sometimes .1 (harmful use).
DIAGNOSIS_WEIGHTS: dict[str, int] = {
    "F11": 42, "F12": 28, "F15": 12, "F19": 12, "F13": 3, "F14": 1, "F16": 1, "F18": 1,
}  # fmt: skip
FOURTH_CHARACTER_WEIGHTS: dict[str, int] = {"2": 80, "1": 12, "3": 4, "5": 4}

MALE_FIRST = (
    "Ерлан", "Нурлан", "Асхат", "Данияр", "Ержан", "Бауыржан", "Серик", "Марат", "Арман", "Канат",
    "Тимур", "Руслан", "Жандос", "Олжас", "Айдос", "Алексей", "Сергей", "Андрей", "Дмитрий", "Виктор",
    "Игорь", "Денис", "Максим", "Владимир", "Евгений",
)  # fmt: skip
FEMALE_FIRST = (
    "Айгерим", "Алия", "Гульнара", "Динара", "Жанна", "Асель", "Сауле", "Мадина", "Айжан", "Камила",
    "Ольга", "Елена", "Наталья", "Татьяна", "Ирина", "Светлана", "Анна", "Юлия",
)  # fmt: skip
# Surnames in their masculine form; feminine forms add -а (Ахметов → Ахметова), Kazakh -ұлы/-қызы excepted.
SURNAMES = (
    "Ахметов", "Жумабаев", "Сейткалиев", "Омаров", "Нурпеисов", "Касымов", "Искаков", "Тулегенов",
    "Абенов", "Муканов", "Сулейменов", "Байжанов", "Есенов", "Калиев", "Смагулов", "Иванов", "Петров",
    "Смирнов", "Кузнецов", "Попов", "Васильев", "Соколов", "Морозов", "Новиков", "Ким", "Пак", "Цой",
)  # fmt: skip
FATHER_NAMES = ("Серик", "Марат", "Болат", "Канат", "Ерлан", "Нурлан", "Александр", "Сергей", "Петр", "Игорь")

GROUNDS_WEIGHTS = {"voluntary": 55, "referral": 30, "court": 10, "compulsory": 5}
EVENT_KINDS = ("visit", "drug_test", "treatment", "ost_dose")
EVENT_WEIGHTS = (55, 30, 5, 10)
SUBSTANCES = ("opiates", "cannabinoids", "amphetamines", "methamphetamine", "mephedrone", "alpha-PVP", "methadone")


@dataclass(frozen=True)
class SyntheticPerson:
    index: int
    iin: str
    last_name: str
    first_name: str
    patronymic: str
    last_name_latin: str
    first_name_latin: str
    patronymic_latin: str
    name_key: str
    birth_date: date
    sex: str
    region: str
    diagnosis: str
    grounds: str
    registered_on: date
    status: str
    remission_since: date | None
    deregistered_on: date | None


@dataclass(frozen=True)
class SyntheticEvent:
    person_index: int
    kind: str  # one of EVENT_KINDS
    on: date
    detail: str  # visit kind, substance, treatment kind or medication
    value: str  # test result, treatment end date (ISO or ""), or dose in mg


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _feminine(surname: str) -> str:
    if surname.endswith(("ов", "ев", "ин")):
        return surname + "а"
    return surname


def _patronymic(father: str, sex: str, rng: random.Random) -> str:
    if father in ("Александр", "Сергей", "Петр", "Игорь"):
        stem = {"Сергей": "Сергее", "Игорь": "Игоре"}.get(father, father + "о")
        return stem + ("вич" if sex == "M" else "вна")
    if rng.random() < 0.5:
        return father + ("ұлы" if sex == "M" else "қызы")
    return father + ("ович" if sex == "M" else "овна")


def _birth_date(rng: random.Random, as_of: date) -> date:
    """Ages 16-70, most 25-45; about 0.3% under 18, as on the real register."""
    roll = rng.random()
    if roll < 0.003:
        age = rng.uniform(16, 18)
    elif roll < 0.10:
        age = rng.uniform(18, 25)
    elif roll < 0.80:
        age = rng.uniform(25, 45)
    else:
        age = rng.uniform(45, 70)
    return as_of - timedelta(days=int(age * 365.25) + 1)


# The same few names recur in every batch: folding and transliterating each combination once makes a large load
# several times faster.
_name_fields = functools.cache(name_fields)


def generate_people(count: int, *, seed: int, as_of: date) -> Iterator[SyntheticPerson]:
    """`count` people registered before `as_of`, with unique valid IINs; deterministic for a seed."""
    if count < 0:
        raise ValueError(f"count must be zero or more. Got {count} instead.")
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not a secret
    used: set[str] = set()
    for index in range(count):
        sex = "F" if rng.random() < 0.08 else "M"
        born = _birth_date(rng, as_of)
        iin = generate_iin(born, sex, rng)
        while iin in used:
            iin = generate_iin(born, sex, rng)
        used.add(iin)
        surname = rng.choice(SURNAMES)
        last = surname if sex == "M" else _feminine(surname)
        first = rng.choice(MALE_FIRST if sex == "M" else FEMALE_FIRST)
        patronymic = _patronymic(rng.choice(FATHER_NAMES), sex, rng)
        adult_on = born + timedelta(days=int(16 * 365.25))
        earliest = max(adult_on, as_of - timedelta(days=365 * 20))
        registered = earliest + timedelta(days=rng.randrange(max(1, (as_of - earliest).days)))
        group = _weighted(rng, DIAGNOSIS_WEIGHTS)
        diagnosis = f"{group}.{_weighted(rng, FOURTH_CHARACTER_WEIGHTS)}"
        status, remission, deregistered = "active", None, None
        roll = rng.random()
        days_on = (as_of - registered).days
        if roll < 0.15 and days_on > 60:
            status, remission = "remission", registered + timedelta(days=rng.randrange(30, days_on))
        elif roll < 0.30 and days_on > 60:
            status, deregistered = "deregistered", registered + timedelta(days=rng.randrange(30, days_on))
        yield SyntheticPerson(
            index=index,
            iin=iin,
            **_name_fields(last, first, patronymic),
            birth_date=born,
            sex=sex,
            region=_weighted(rng, REGION_WEIGHTS),
            diagnosis=diagnosis,
            grounds=_weighted(rng, GROUNDS_WEIGHTS),
            registered_on=registered,
            status=status,
            remission_since=remission,
            deregistered_on=deregistered,
        )


def event_counts(count: int) -> dict[str, int]:
    """How many events of each kind make `count` in all (shares by EVENT_WEIGHTS, largest remainder)."""
    total = sum(EVENT_WEIGHTS)
    exact = {kind: count * weight / total for kind, weight in zip(EVENT_KINDS, EVENT_WEIGHTS, strict=True)}
    counts = {kind: int(value) for kind, value in exact.items()}
    short = count - sum(counts.values())
    for kind in sorted(exact, key=lambda k: exact[k] - counts[k], reverse=True)[:short]:
        counts[kind] += 1
    return counts


def generate_events_of_kind(
    kind: str, people: int, count: int, *, seed: int, as_of: date, registered_on: Sequence[date] | None = None
) -> Iterator[SyntheticEvent]:
    """`count` events of one kind spread over `people` people (by index), dated from registration to `as_of`.

    Each kind has its own random stream, so one table can be written without generating the others.
    """
    if kind not in EVENT_KINDS:
        raise ValueError(f"kind must be one of {EVENT_KINDS}. Got {kind!r} instead.")
    if people <= 0 and count > 0:
        raise ValueError("events need at least one person")
    rng = random.Random(f"{seed}:{kind}")  # noqa: S311 - reproducible synthetic data
    horizon = 365 * 5
    for _ in range(count):
        index = rng.randrange(people)
        start = registered_on[index] if registered_on else as_of - timedelta(days=horizon)
        span = max(1, (as_of - start).days)
        on = start + timedelta(days=rng.randrange(span))
        if kind == "visit":
            detail, value = rng.choice(("scheduled", "scheduled", "scheduled", "home", "missed", "emergency")), ""
        elif kind == "drug_test":
            detail = rng.choice(SUBSTANCES)
            value = "positive" if rng.random() < 0.25 else "negative"
        elif kind == "treatment":
            detail = rng.choice(("outpatient", "outpatient", "inpatient", "rehabilitation", "compulsory"))
            end = on + timedelta(days=rng.randrange(7, 90))
            value = end.isoformat() if end < as_of else ""
        else:
            detail = "methadone" if rng.random() < 0.9 else "buprenorphine"
            value = f"{rng.randrange(20, 121)}.00" if detail == "methadone" else f"{rng.randrange(4, 17)}.00"
        yield SyntheticEvent(person_index=index, kind=kind, on=on, detail=detail, value=value)


def generate_events(
    people: int, count: int, *, seed: int, as_of: date, registered_on: Sequence[date] | None = None
) -> Iterator[SyntheticEvent]:
    """`count` events of all kinds, kind after kind, in the shares of EVENT_WEIGHTS."""
    for kind, share in event_counts(count).items():
        yield from generate_events_of_kind(kind, people, share, seed=seed, as_of=as_of, registered_on=registered_on)

"""Synthetic data: valid IINs that agree with birth date and sex, the advertised mix, and the seed respected."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from drugcontrol.registry.iin import check_iin_agrees
from drugcontrol.registry.models import DrugTest, OstDose, Person, Registration, TreatmentEpisode, Visit
from drugcontrol.registry.synthetic.generate import (
    DIAGNOSIS_WEIGHTS,
    FEMALE_FIRST,
    MALE_FIRST,
    REGION_WEIGHTS,
    event_counts,
    generate_events,
    generate_people,
)
from drugcontrol.registry.synthetic.load import SyntheticLoadError, do_load_synthetic

AS_OF = date(2025, 1, 1)


def test_every_iin_is_valid_unique_and_agrees_with_the_person() -> None:
    people = list(generate_people(3000, seed=7, as_of=AS_OF))
    assert len({p.iin for p in people}) == 3000
    for p in people:
        check_iin_agrees(p.iin, birth_date=p.birth_date, sex=p.sex)
        assert p.registered_on <= AS_OF and p.registered_on > p.birth_date
        assert (p.first_name in MALE_FIRST) == (p.sex == "M")
        assert (p.first_name in FEMALE_FIRST) == (p.sex == "F")


def test_the_mix_looks_like_the_register() -> None:
    people = list(generate_people(20000, seed=3, as_of=AS_OF))
    women = sum(p.sex == "F" for p in people) / len(people)
    assert 0.07 < women < 0.09
    minors = sum((AS_OF - p.birth_date).days < 18 * 365.25 for p in people) / len(people)
    assert 0 < minors < 0.01
    groups = Counter(p.diagnosis[:3] for p in people)
    assert sum(groups[g] for g in ("F11", "F12", "F15", "F19")) / len(people) > 0.9
    assert set(groups) <= set(DIAGNOSIS_WEIGHTS)
    regions = Counter(p.region for p in people)
    assert set(regions) <= set(REGION_WEIGHTS)
    assert regions["KZ-75"] > regions["KZ-62"] * 3  # Almaty city (2.2 M) against Ulytau (0.3 M)


def test_the_seed_decides_everything() -> None:
    first = list(generate_people(200, seed=11, as_of=AS_OF))
    assert first == list(generate_people(200, seed=11, as_of=AS_OF))
    assert first != list(generate_people(200, seed=12, as_of=AS_OF))
    events = list(generate_events(200, 1000, seed=11, as_of=AS_OF))
    assert events == list(generate_events(200, 1000, seed=11, as_of=AS_OF))


def test_event_counts_add_up() -> None:
    counts = event_counts(1001)
    assert sum(counts.values()) == 1001
    assert counts == {"visit": 551, "drug_test": 300, "treatment": 50, "ost_dose": 100}


@pytest.mark.django_db
def test_loading_writes_people_registrations_and_events() -> None:
    summary = do_load_synthetic(150, 1000, seed=5, as_of=AS_OF)
    assert summary.people == 150 and sum(summary.events.values()) == 1000
    people = Person.objects.filter(name_key__gt="")
    assert people.count() == 150
    assert Registration.objects.filter(person__in=people).count() == 150
    assert Visit.objects.count() == summary.events["visit"] == 550
    assert DrugTest.objects.count() == 300 and TreatmentEpisode.objects.count() == 50 and OstDose.objects.count() == 100
    sample = Person.objects.order_by("id").first()
    check_iin_agrees(sample.iin, birth_date=sample.birth_date, sex=sample.sex)
    with pytest.raises(SyntheticLoadError, match="another --seed"):
        do_load_synthetic(150, 0, seed=5, as_of=AS_OF)


@pytest.mark.django_db
def test_name_search_finds_a_synthetic_person_typed_in_latin() -> None:
    # On SQLite the search falls back to substring matching of the folded key (PostgreSQL uses pg_trgm).
    from drugcontrol.registry.errors import RegistryError
    from drugcontrol.registry.name_search import search_people

    do_load_synthetic(50, 0, seed=21, as_of=AS_OF)
    target = Person.objects.order_by("id").first()
    found = search_people(Person.objects.all(), f"{target.last_name_latin.upper()} {target.first_name_latin}")
    assert target in found
    assert all(target.name_key.split()[0] in p.name_key for p in found)
    with pytest.raises(RegistryError, match="three letters"):
        search_people(Person.objects.all(), "Ли")

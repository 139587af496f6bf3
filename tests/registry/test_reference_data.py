"""Reference data of the registry: every diagnosis speaks the three languages of the interface."""

from __future__ import annotations

import pytest
from django.utils import translation

from drugcontrol.registry.models import Diagnosis

pytestmark = pytest.mark.django_db


def test_every_diagnosis_has_a_name_in_kazakh_russian_and_english() -> None:
    diagnoses = list(Diagnosis.objects.all())
    assert len(diagnoses) == 80  # F11-F16, F18, F19, each with ten fourth characters
    assert all(d.name_kk and d.name_ru and d.name_en for d in diagnoses)


def test_the_name_follows_the_language_of_the_reader() -> None:
    dependence = Diagnosis.objects.get(code="F11.2")
    with translation.override("kk"):
        assert dependence.name == (
            "Опиоидтерді қолданудан туындаған психикалық және мінез-құлықтық бұзылыстар: тәуелділік синдромы"
        )
    with translation.override("ru"):
        assert (
            dependence.name
            == "Психические и поведенческие расстройства, вызванные употреблением опиоидов: синдром зависимости"
        )
    with translation.override("en"):
        assert dependence.name == "Mental and behavioural disorders due to use of opioids: dependence syndrome"

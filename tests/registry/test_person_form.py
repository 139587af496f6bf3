"""The person form is derived from the action's PersonData: the same fields, required exactly where the action
requires them, and its cleaned data goes to the action as it is."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from drugcontrol.registry.actions.people import PersonData
from drugcontrol.registry.forms import PersonForm


def test_the_form_has_the_fields_of_person_data_but_the_district() -> None:
    form_fields = PersonForm().fields
    data_fields = {f.name: f for f in dataclasses.fields(PersonData)}
    assert set(form_fields) == set(data_fields) - {"district_id"}
    assert {n for n, f in form_fields.items() if f.required} == {
        n for n, f in data_fields.items() if f.default is dataclasses.MISSING
    }


@pytest.mark.django_db
def test_cleaned_data_builds_person_data(world) -> None:
    region = next(iter(world.facilities.values())).region_id
    form = PersonForm(
        {"last_name": "Ахметов", "first_name": "Ерлан", "birth_date": "1990-01-02", "sex": "M", "region": region}
    )
    assert form.is_valid(), form.errors
    data = PersonData(**form.cleaned_data)
    assert (data.region, data.birth_date, data.iin, data.facility, data.citizenship) == (
        region,
        date(1990, 1, 2),
        "",
        "",
        "KZ",
    )

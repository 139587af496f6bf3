"""The case-entry form, built from the action's data: one form field per field of `CaseData`, `ParticipantData`
and `SeizureData`, typed, labelled and given its choices by the model field of the same name.

So the page, the API, the import and the action never disagree on what a case holds: a field added to the data
of `do_create_case` appears on the form. The form only parses types (a date, a number, a choice); every rule of
the law (mass, substance, region, article) stays in the action, and what it refuses comes back under the field
it names (`add_refusal`), in the row of the participant or seizure it concerns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, Field, fields
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drugcontrol.errors import InputRefused
from drugcontrol.offences.actions import CaseData, ParticipantData, SeizureData
from drugcontrol.offences.models import Case, CaseCircumstance, Participant, Seizure

NESTED = ("participants", "seizures", "laboratories")  # rows of their own (laboratories: the API and import)

_OVERRIDES: dict[str, Callable[[], forms.Field]] = {
    "case.circumstances": lambda: forms.MultipleChoiceField(
        label=Case._meta.get_field("circumstances").verbose_name,
        choices=CaseCircumstance.choices,
        widget=forms.CheckboxSelectMultiple,
    ),
    "seizure.substance": lambda: forms.CharField(
        label=Seizure._meta.get_field("substance").verbose_name,
        help_text=gettext_lazy("A name on the list in force, or leave it empty and give the structure."),
    ),
    "seizure.smiles": lambda: forms.CharField(label=Seizure._meta.get_field("smiles").verbose_name),
}
# Names the action's refusals give a field, where the form calls it otherwise.
_REFUSED_AS = {"date": "act_date", "circumstance": "circumstances", "mass": "net_g"}


def _required(item: Field) -> bool:
    return item.default is MISSING and item.default_factory is MISSING


def _form_class(name: str, data: type, model: type[models.Model], prefix: str) -> type[forms.Form]:
    """A form with one field per field of the data class (nested rows left out)."""
    attributes: dict[str, Any] = {}
    for item in fields(data):
        if item.name in NESTED:
            continue
        override = _OVERRIDES.get(f"{prefix}.{item.name}")
        field = override() if override else model._meta.get_field(item.name).formfield()
        field.required = _required(item)
        attributes[item.name] = field
    return type(name, (forms.Form,), attributes)


CaseForm = _form_class("CaseForm", CaseData, Case, "case")
ParticipantForm = _form_class("ParticipantForm", ParticipantData, Participant, "participant")
SeizureForm = _form_class("SeizureForm", SeizureData, Seizure, "seizure")
ParticipantFormSet = forms.formset_factory(ParticipantForm, extra=2, max_num=20, absolute_max=20)
SeizureFormSet = forms.formset_factory(SeizureForm, extra=2, max_num=20, absolute_max=20)


def _values(data: type, cleaned: dict[str, Any]) -> dict[str, Any]:
    """The cleaned values as the data class takes them: a region by its code, an empty optional as its default."""
    out: dict[str, Any] = {}
    for item in fields(data):
        if item.name not in cleaned:
            continue
        value = cleaned[item.name]
        if isinstance(value, models.Model):
            value = value.pk
        elif value is None and isinstance(item.default, str):
            value = item.default
        elif isinstance(value, list):
            value = tuple(value)
        out[item.name] = value
    return out


def filled(formset: forms.BaseFormSet) -> list[forms.Form]:
    """The rows the user filled in (empty extra rows are not participants or seizures)."""
    return [form for form in formset.forms if form.has_changed()]


def case_data(case: forms.Form, participants: forms.BaseFormSet, seizures: forms.BaseFormSet) -> CaseData:
    """The action's data from three valid forms."""
    return CaseData(
        **_values(CaseData, case.cleaned_data),
        participants=tuple(ParticipantData(**_values(ParticipantData, f.cleaned_data)) for f in filled(participants)),
        seizures=tuple(SeizureData(**_values(SeizureData, f.cleaned_data)) for f in filled(seizures)),
    )


def add_refusal(
    exc: InputRefused, case: forms.Form, participants: forms.BaseFormSet, seizures: forms.BaseFormSet
) -> None:
    """Put the action's refusal under the field it names: of the case, or of the participant or seizure row it
    concerns (`exc.item`, the row's position among the rows filled in)."""
    field, item = exc.field, getattr(exc, "item", None)
    rows: list[forms.Form] | None = None
    if field.startswith("participant."):
        field, rows = field.removeprefix("participant."), filled(participants)
    elif field not in case.fields and field not in ("date", "circumstance"):
        rows = filled(seizures)
    field = _REFUSED_AS.get(field, field)
    target = rows[item] if rows is not None and item is not None and item < len(rows) else case
    if field in target.fields:
        target.add_error(field, exc.render(_))
    else:
        case.add_error(None, exc.render(_))

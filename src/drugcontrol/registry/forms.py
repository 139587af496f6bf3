"""Web forms of the registry: they only shape input; the actions validate the meaning."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from drugcontrol.importing import translated
from drugcontrol.registry.actions.people import PersonData
from drugcontrol.registry.iin import InvalidIin, check_digit, parse_iin
from drugcontrol.registry.importing.rows import parse_register_mapping
from drugcontrol.registry.models import (
    DeregistrationReason,
    DrugTest,
    Facility,
    Grounds,
    LegalBasis,
    OstDose,
    Person,
    Region,
    Role,
    TreatmentEpisode,
    Visit,
)
from drugcontrol.tabular.mapping import ColumnMapping, MappingError
from drugcontrol.tabular.reading import TableReadError, detect_format
from drugcontrol.web.widgets import IsoDateInput


def _today() -> str:
    return timezone.localdate().isoformat()


def iin_problem(text: str) -> str:
    """What is wrong with a typed IIN, in the reader's language ("" when it is a valid IIN)."""
    value = text.strip()
    if not value.isascii() or not value.isdigit():
        return _("An IIN has digits only: remove the letters, spaces and other signs.")
    if len(value) != 12:
        return _("An IIN has 12 digits; this one has %(count)s.") % {"count": len(value)}
    if value[6] not in "123456":
        return _("The 7th digit (century and sex) must be 1 to 6; it is %(digit)s.") % {"digit": value[6]}
    try:
        parse_iin(value)
    except InvalidIin:
        pass
    else:
        return ""
    century = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}[value[6]]
    try:
        date(century + int(value[0:2]), int(value[2:4]), int(value[4:6]))
    except ValueError:
        return _("The first six digits must be the birth date (YYMMDD); %(digits)s is no date.") % {"digits": value[:6]}
    try:
        expected = check_digit(value[:11])
    except InvalidIin:
        return _("No IIN is issued with these first 11 digits: check the number for a typo.")
    return _("The check digit (the last one) must be %(expected)s, not %(digit)s: check the number for a typo.") % {
        "expected": expected,
        "digit": value[11],
    }


class IinField(forms.CharField):
    """An IIN typed by a person: the error says what is wrong (length, letters, date, check digit)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(label=_("IIN"), max_length=40, **kwargs)

    def clean(self, value: Any) -> str:
        text = super().clean(value).strip()
        problem = iin_problem(text) if text else ""
        if problem:
            raise forms.ValidationError(problem, code="bad_iin")
        return text


class LookupForm(forms.Form):
    iin = IinField(widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))


class PersonSearchForm(forms.Form):
    """Find people of one's scope by name (any script, typos forgiven), birth date and/or document number."""

    name = forms.CharField(label=_("full name"), max_length=120, required=False)
    birth_date = forms.DateField(label=_("birth date"), widget=IsoDateInput, required=False)
    document = forms.CharField(label=_("document number"), max_length=40, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name = (data.get("name") or "").strip()
        if not (name or data.get("birth_date") or (data.get("document") or "").strip()):
            raise forms.ValidationError(_("Give a name, a birth date or a document number."))
        if name and len("".join(name.split())) < 3:
            self.add_error("name", _("Type at least three letters of the name."))
        return data


def _person_form_fields() -> dict[str, forms.Field]:
    """One form field per field of the action's `PersonData`, shaped by the `Person` model field it fills (label,
    length, choices); required exactly when `PersonData` has no default. The district is not chosen on the page."""
    built: dict[str, forms.Field] = {}
    for field in dataclasses.fields(PersonData):
        if field.name == "district_id":
            continue
        required = field.default is dataclasses.MISSING
        if field.name == "facility":
            built[field.name] = forms.ModelChoiceField(
                label=_("facility"),
                queryset=Facility.objects.filter(active=True),
                to_field_name="code",
                required=required,
            )
            continue
        extra: dict[str, Any] = {"widget": IsoDateInput} if field.name == "birth_date" else {}
        built[field.name] = Person._meta.get_field(field.name).formfield(required=required, **extra)
    return built


class PersonForm(forms.Form):
    """The person's fields as the action takes them: `PersonData(**form.cleaned_data)`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_person_form_fields())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data.update({name: "" for name, value in data.items() if value is None})  # a nullable text left empty
        if isinstance(data.get("region"), Region):
            data["region"] = data["region"].code
        facility = data.get("facility")
        data["facility"] = facility.code if isinstance(facility, Facility) else ""
        data["citizenship"] = data.get("citizenship") or "KZ"
        return data


class RegistrationForm(forms.Form):
    diagnosis = forms.CharField(label=_("ICD-10 diagnosis"), max_length=8, help_text=_("e.g. F11.2"))
    registered_on = forms.DateField(label=_("registered on"), widget=IsoDateInput, initial=_today)
    grounds = forms.ChoiceField(label=_("grounds"), choices=Grounds.choices)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DeregistrationForm(forms.Form):
    reason = forms.ChoiceField(label=_("reason"), choices=DeregistrationReason.choices)
    deregistered_on = forms.DateField(label=_("deregistered on"), widget=IsoDateInput, initial=_today)
    note = forms.CharField(label=_("note"), max_length=300, required=False)


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("date"), widget=IsoDateInput, initial=_today)
    kind = forms.ChoiceField(label=_("kind"), choices=Visit.Kind.choices)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DrugTestForm(forms.Form):
    taken_on = forms.DateField(label=_("date"), widget=IsoDateInput, initial=_today)
    substance = forms.CharField(label=_("substance"), max_length=120)
    method = forms.ChoiceField(label=_("method"), choices=DrugTest.Method.choices)
    result = forms.ChoiceField(label=_("result"), choices=DrugTest.Result.choices)


class TreatmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=TreatmentEpisode.Kind.choices)
    started_on = forms.DateField(label=_("started on"), widget=IsoDateInput, initial=_today)
    ended_on = forms.DateField(label=_("ended on"), widget=IsoDateInput, required=False)


class OstDoseForm(forms.Form):
    given_on = forms.DateField(label=_("date"), widget=IsoDateInput, initial=_today)
    medication = forms.ChoiceField(label=_("medication"), choices=OstDose.Medication.choices)
    dose_mg = forms.DecimalField(label=_("dose, mg"), max_digits=7, decimal_places=2)


class TransferForm(forms.Form):
    to_facility = forms.ModelChoiceField(
        label=_("to facility"), queryset=Facility.objects.filter(active=True), to_field_name="code"
    )
    transferred_on = forms.DateField(label=_("transferred on"), widget=IsoDateInput, initial=_today)
    reason = forms.CharField(label=_("reason"), max_length=300)


class BreakGlassForm(forms.Form):
    iin = IinField()
    reason = forms.CharField(label=_("reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("review note"), max_length=500, required=False)


class PoliceCheckForm(forms.Form):
    iins = forms.CharField(label=_("IINs, one per line"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    file = forms.FileField(label=_("or a file of IINs (one per line, up to 100,000)"), required=False)
    basis = forms.ChoiceField(label=_("legal basis"), choices=LegalBasis.choices)
    request_number = forms.CharField(label=_("request number"), max_length=64)


class RegisterImportForm(forms.Form):
    """The file of a regional register and how to read it; the import action validates every row."""

    file = forms.FileField(label=_("register file (CSV or XLSX)"))
    mapping = forms.CharField(
        label=_("column mapping"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "last_name=Фамилия\niin=ИИН"}),
        help_text=_("One field=Column per line. A field without a line is read from the column of the same name."),
    )
    skip_invalid = forms.BooleanField(
        label=_("skip invalid rows (import the valid rows and list the rejected ones)"), required=False
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        limit = settings.MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; the largest file accepted is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        try:
            kind = detect_format(upload.name)
        except TableReadError:
            kind = ""
        if kind not in ("csv", "xlsx"):
            raise forms.ValidationError(_("Only CSV (.csv, .tsv, .txt) and XLSX (.xlsx) files can be imported."))
        return upload

    def clean_mapping(self) -> ColumnMapping:
        lines = [line.strip() for line in self.cleaned_data["mapping"].splitlines() if line.strip()]
        try:
            return parse_register_mapping(lines)
        except MappingError as exc:
            raise forms.ValidationError(translated(exc)) from exc


class ExtractForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("region"),
        queryset=Region.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("all regions"),
    )


class MergeForm(forms.Form):
    keep = forms.TypedChoiceField(label=_("keep the record"), coerce=int, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("reason"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the birth dates differ."),
    )

    def __init__(self, *args: Any, candidate: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [
            (candidate.person_a_id, _("A (#%(id)s)") % {"id": candidate.person_a_id}),
            (candidate.person_b_id, _("B (#%(id)s)") % {"id": candidate.person_b_id}),
        ]


class StaffForm(forms.Form):
    """A registry account as the administrator sets it; the action checks the scope of what is given."""

    username = forms.CharField(label=_("login"), max_length=150)
    email = forms.EmailField(label=_("e-mail"), required=False)
    role = forms.ChoiceField(label=_("role"), choices=Role.choices)
    facility = forms.ModelChoiceField(
        label=_("facility"), queryset=Facility.objects.filter(active=True), to_field_name="code", required=False
    )
    region = forms.ModelChoiceField(
        label=_("region"), queryset=Region.objects.all(), to_field_name="code", required=False
    )

    def codes(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            "role": data["role"],
            "facility": data["facility"].code if data.get("facility") else "",
            "region": data["region"].code if data.get("region") else "",
            "email": data.get("email") or "",
        }

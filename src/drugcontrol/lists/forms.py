"""Forms of the lists pages: validate input once, where it enters."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from drugcontrol.lists.models import Jurisdiction
from drugcontrol.lists.structure_input import structure_size_error
from drugcontrol.web.widgets import IsoDateInput


def jurisdiction_choices() -> list[tuple[str, str]]:
    """Jurisdictions whose list has at least one version (an entry): a menu never offers an empty list."""
    return [(j.code, str(j)) for j in Jurisdiction.objects.filter(entries__isnull=False).distinct().order_by("code")]


class ListQueryForm(forms.Form):
    jurisdiction = forms.ChoiceField(label=_("Jurisdiction"), choices=jurisdiction_choices)
    as_of = forms.DateField(label=_("As of"), widget=IsoDateInput)
    table = forms.CharField(label=_("Table"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=200)


class DiffForm(forms.Form):
    jurisdiction = forms.ChoiceField(label=_("Jurisdiction"), choices=jurisdiction_choices)
    date_from = forms.DateField(label=_("From"), widget=IsoDateInput)
    date_to = forms.DateField(label=_("To"), widget=IsoDateInput)


class IdentifyForm(forms.Form):
    structure = forms.CharField(
        label=_("Structure (SMILES, InChI or molfile)"),
        widget=forms.Textarea(attrs={"rows": 6, "cols": 60, "spellcheck": "false"}),
    )
    jurisdiction = forms.ChoiceField(label=_("Jurisdiction"), choices=jurisdiction_choices, initial="KZ")
    as_of = forms.DateField(label=_("As of"), widget=IsoDateInput)

    @classmethod
    def of_request(cls, request: HttpRequest) -> IdentifyForm:
        """Bound to a POST; otherwise empty, for Kazakhstan's list as of today."""
        if request.method == "POST":
            return cls(request.POST)
        return cls(initial={"jurisdiction": "KZ", "as_of": timezone.localdate()})

    def clean_structure(self) -> str:
        """Refuse an oversize structure with the limit's message, and do not send the text back in the page."""
        text = self.cleaned_data["structure"]
        error = structure_size_error(text)
        if error is not None:
            self.data = self.data.copy()
            self.data[self.add_prefix("structure")] = ""
            raise forms.ValidationError(error, code="too_large")
        return text


class ListImportForm(forms.Form):
    """An official list file and the act that sets it; columns named like the fields, or mapped one per line."""

    file = forms.FileField(label=_("File (CSV, XLSX or SDF)"))
    jurisdiction = forms.ChoiceField(
        label=_("Jurisdiction"), choices=lambda: [(j.code, str(j)) for j in Jurisdiction.objects.all()]
    )
    act_number = forms.CharField(label=_("Act number"), max_length=100)
    act_title = forms.CharField(label=_("Act title"), max_length=500, required=False)
    act_signed = forms.DateField(label=_("Signed on"), widget=IsoDateInput, required=False)
    in_force_from = forms.DateField(label=_("In force from"), widget=IsoDateInput)
    replace = forms.BooleanField(label=_("The file is the whole list (entries missing from it end)"), required=False)
    mapping = forms.CharField(
        label=_("Columns (one per line: field=column; leave empty when the columns are named like the fields)"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 40, "spellcheck": "false"}),
        required=False,
        max_length=4000,
    )

    def clean_mapping(self) -> list[str]:
        """Each non-empty line as one field=column pair (checked by the import, which names a wrong one)."""
        return [line.strip() for line in self.cleaned_data["mapping"].splitlines() if line.strip()]

"""Forms of the lists pages: validate input once, where it enters."""

from django import forms
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

    def clean_structure(self) -> str:
        """Refuse an oversize structure with the limit's message, and do not send the text back in the page."""
        text = self.cleaned_data["structure"]
        error = structure_size_error(text)
        if error is not None:
            self.data = self.data.copy()
            self.data[self.add_prefix("structure")] = ""
            raise forms.ValidationError(error, code="too_large")
        return text

"""The analysts' extract page: a thin view over the audited extract action (the import is in `import_pages`)."""

from __future__ import annotations

import dataclasses

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drugcontrol.http import attachment, client_ip
from drugcontrol.registry import access
from drugcontrol.registry.access import Capability
from drugcontrol.registry.actions.extracts import ExtractNotConfigured, ExtractRow, pseudonymised_extract
from drugcontrol.registry.forms import ExtractForm
from drugcontrol.registry.views.pages import registry_view
from drugcontrol.spreadsheet_safety import csv_text

EXTRACT_COLUMNS = tuple(f.name for f in dataclasses.fields(ExtractRow))
#: What each column of the extract holds, shown on the page before the download.
EXTRACT_COLUMN_MEANINGS = {
    "pseudonym": gettext_lazy("the person's pseudonym (16 hexadecimal characters)"),
    "birth_year": gettext_lazy("year of birth, or a 5- or 10-year band where too few people share it"),
    "sex": gettext_lazy("sex (M or F)"),
    "region": gettext_lazy("region code (ISO 3166-2:KZ), or * where withheld"),
    "diagnosis": gettext_lazy("ICD-10 diagnosis"),
    "registered_month": gettext_lazy("month of registration (YYYY-MM)"),
    "status": gettext_lazy("status of the registration"),
}


def _extract_csv(rows: list[ExtractRow], region: str) -> HttpResponse:
    name = f"registry-extract-{region or 'all'}-{timezone.localdate().isoformat()}.csv"
    return attachment(csv_text([EXTRACT_COLUMNS, *(dataclasses.astuple(row) for row in rows)]), filename=name)


@registry_view
def extract(request: HttpRequest) -> HttpResponse:
    """The page describes the extract; its GET form's submit (`download`) returns the CSV, audited by the action."""
    access.require(request.user, Capability.PSEUDONYMISED_EXTRACT)
    form = ExtractForm(request.GET if "download" in request.GET else None)
    status = 200
    if form.is_bound and form.is_valid():
        region = form.cleaned_data["region"]
        code = region.code if region else ""
        try:
            return _extract_csv(pseudonymised_extract(request.user, region=code, remote_addr=client_ip(request)), code)
        except ExtractNotConfigured as exc:
            form.add_error(None, exc.render(_))
            status = 503
    columns = [(name, EXTRACT_COLUMN_MEANINGS[name]) for name in EXTRACT_COLUMNS]
    return render(request, "registry/extract.html", {"form": form, "columns": columns}, status=status)

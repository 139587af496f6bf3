"""Pages that move data in and out of the register in bulk: a regional register's import, the analysts' extract.

Thin views over the actions the command line and the API already use: the upload is read by the same
tabular readers and written by the same import action, the extract comes from the same audited action.
"""

from __future__ import annotations

import base64
import csv
import dataclasses
import io
from collections.abc import Iterable
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from drugcontrol.listcore.import_rows import RowError
from drugcontrol.listcore.tabular import TableReadError, read_rows
from drugcontrol.registry import access
from drugcontrol.registry.access import Capability
from drugcontrol.registry.actions.extracts import ExtractNotConfigured, ExtractRow, pseudonymised_extract
from drugcontrol.registry.forms import ExtractForm, RegisterImportForm
from drugcontrol.registry.importing import REQUIRED, TARGET_FIELDS, write_rejects_csv
from drugcontrol.registry.importing_action import (
    ImportResult,
    RegisterImportRefused,
    do_import_register,
    importer_region,
)
from drugcontrol.registry.views.pages import _addr, registry_view
from drugcontrol.spreadsheet_safety import SafeCsvWriter

#: The page lists this many problems; the rejects download has all of them.
SHOWN_PROBLEMS = 200
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


def _rejects_data_uri(errors: Iterable[RowError]) -> str:
    """The rejects CSV inlined in the page, so that rejected values are never stored on the server."""
    buffer = io.StringIO()
    write_rejects_csv(buffer, errors)
    return "data:text/csv;charset=utf-8;base64," + base64.b64encode(buffer.getvalue().encode()).decode("ascii")


def _run_import(request: HttpRequest, form: RegisterImportForm) -> dict[str, Any]:
    """Write the upload where the tabular readers can open it by name, then call the import action once."""
    upload: UploadedFile = form.cleaned_data["file"]
    name = Path(upload.name or "register.csv").name
    with TemporaryDirectory(prefix="register-import-") as folder:
        path = Path(folder) / name
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            result: ImportResult = do_import_register(
                read_rows(path),
                form.cleaned_data["mapping"],
                actor=request.user,
                source_name=name,
                skip_invalid=form.cleaned_data["skip_invalid"],
                remote_addr=_addr(request),
            )
        except (TableReadError, csv.Error) as exc:
            form.add_error("file", str(exc).replace(str(path), name))
            return {}
        except RegisterImportRefused as exc:
            return {"refused": True, "problems": exc.errors, "source_name": name}
    return {"result": result, "problems": result.rejected, "source_name": name}


@registry_view
def import_register(request: HttpRequest) -> HttpResponse:
    """Upload a regional register: refused as a whole with every problem listed, or imported and counted."""
    importer_region(request.user)  # the import action's own gate, so that a refused user sees no form (403)
    form = RegisterImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {
        "form": form,
        "fields": [(name, name in REQUIRED) for name in TARGET_FIELDS],
        "can_review_duplicates": access.can(request.user, Capability.REVIEW_DUPLICATES),
    }
    if request.method == "POST" and form.is_valid():
        context.update(_run_import(request, form))
        problems = context.get("problems") or ()
        if problems:
            context["shown_problems"] = problems[:SHOWN_PROBLEMS]
            context["hidden_problems"] = max(len(problems) - SHOWN_PROBLEMS, 0)
            context["rejects_uri"] = _rejects_data_uri(problems)
            context["rejects_name"] = f"{Path(context['source_name']).stem}-rejects.csv"
    return render(request, "registry/import.html", context)


def _extract_csv(rows: list[ExtractRow], region: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer)
    writer.writerow(EXTRACT_COLUMNS)
    writer.writerows(dataclasses.astuple(row) for row in rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"registry-extract-{region or 'all'}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


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
            return _extract_csv(pseudonymised_extract(request.user, region=code, remote_addr=_addr(request)), code)
        except ExtractNotConfigured as exc:
            form.add_error(None, str(exc))
            status = 503
    columns = [(name, EXTRACT_COLUMN_MEANINGS[name]) for name in EXTRACT_COLUMNS]
    return render(request, "registry/extract.html", {"form": form, "columns": columns}, status=status)

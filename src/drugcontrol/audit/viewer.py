"""The audit viewer: the people who review access (the registry administrator) filter the log by user, person,
action and date, page through it and export it as CSV. Looking at the log is itself written to the log, with the
filters used, so a reviewer's searches can be reviewed in turn."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from drugcontrol.audit.actions import do_record_event
from drugcontrol.audit.models import AuditEvent
from drugcontrol.http import attachment, client_ip
from drugcontrol.registry.access import PERSON_OBJECT, Capability, require
from drugcontrol.registry.views.pages import registry_view
from drugcontrol.spreadsheet_safety import csv_text
from drugcontrol.web.widgets import IsoDateInput

PAGE_SIZE = 50
COLUMNS = ("id", "at", "actor_name", "action", "object_type", "object_id", "purpose", "remote_addr", "details")


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=_("user"), max_length=150, required=False)
    person = forms.IntegerField(label=_("person (record number)"), min_value=1, required=False)
    action = forms.CharField(
        label=_("action"), max_length=80, required=False, widget=forms.TextInput(attrs={"list": "audit-actions"})
    )
    since = forms.DateField(label=_("from date"), widget=IsoDateInput, required=False)
    until = forms.DateField(label=_("to date"), widget=IsoDateInput, required=False)


def _bound(day: Any, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def filtered_events(filters: dict[str, Any]) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.order_by("-id")
    if filters.get("user"):
        events = events.filter(actor_name__iexact=filters["user"].strip())
    if filters.get("person"):
        events = events.filter(object_type=PERSON_OBJECT, object_id=str(filters["person"]))
    if filters.get("action"):
        events = events.filter(action__startswith=filters["action"].strip())
    if filters.get("since"):
        events = events.filter(at__gte=_bound(filters["since"], time.min))
    if filters.get("until"):
        events = events.filter(at__lte=_bound(filters["until"], time.max))
    return events


def _record_view(request: HttpRequest, action: str, filters: dict[str, Any], count: int) -> None:
    do_record_event(
        actor=request.user,
        action=action,
        object_type="audit.log",
        remote_addr=client_ip(request),
        details={"filters": {k: str(v) for k, v in filters.items() if v}, "rows": count},
    )


@registry_view
def audit_log(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.REVIEW_AUDIT)
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = filtered_events(filters)
    if request.GET.get("format") == "csv" and (not form.is_bound or form.is_valid()):
        return _export(request, events, filters)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    _record_view(request, "audit.viewed", filters, len(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    actions = AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct()[:200]
    return render(
        request,
        "audit/log.html",
        {"form": form, "page": page, "query": query.urlencode(), "actions": list(actions)},
    )


def _export(request: HttpRequest, events: QuerySet[AuditEvent], filters: dict[str, Any]) -> HttpResponse:
    limit = int(settings.AUDIT_EXPORT_MAX_ROWS)
    rows = list(events.values_list(*COLUMNS)[:limit])
    _record_view(request, "audit.exported", filters, len(rows))
    cells = [[value.isoformat() if isinstance(value, datetime) else value for value in row] for row in rows]
    return attachment(csv_text([COLUMNS, *cells]), filename="audit-log.csv")

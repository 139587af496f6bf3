"""The physician's worklist (who is due a visit, a test, deregistration) and the regional chief's overview."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from drugcontrol.http import client_ip
from drugcontrol.registry.actions.worklists import do_open_worklist, regional_overview
from drugcontrol.registry.views.pages import registry_view


@registry_view
def worklist(request: HttpRequest) -> HttpResponse:
    rows = do_open_worklist(request.user, timezone.localdate(), remote_addr=client_ip(request))
    return render(request, "registry/worklist.html", {"rows": rows})


@registry_view
def overview(request: HttpRequest) -> HttpResponse:
    return render(
        request, "registry/overview.html", {"overview": regional_overview(request.user, timezone.localdate())}
    )

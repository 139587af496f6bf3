"""FHIR export through the API: GET /api/registry/people/{id}/fhir?purpose=... (the gate decides, and audits).

The purpose is one of those listed for the caller's role (`access.STATED_PURPOSES`), as for every other read;
refusals are answered by the API's one error table (`drugcontrol.http`).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Router
from ninja.security import django_auth

from drugcontrol.http import client_ip
from drugcontrol.registry.fhir.export import do_export_fhir

router = Router(tags=["registry"], auth=django_auth)

FHIR_JSON = "application/fhir+json"


@router.get("/people/{person_id}/fhir", response={200: Any})
def person_fhir(request: HttpRequest, person_id: int, purpose: str = "") -> JsonResponse:
    """One person's record as a FHIR R4B Bundle; a purpose is required and recorded."""
    bundle = do_export_fhir(person_id, actor=request.user, purpose=purpose, remote_addr=client_ip(request))
    return JsonResponse(bundle, content_type=FHIR_JSON, json_dumps_params={"ensure_ascii": False})

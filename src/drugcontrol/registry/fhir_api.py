"""FHIR export through the API: GET /api/registry/persons/{id}/fhir?purpose=... (the gate decides, and audits)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Router

from drugcontrol.registry.errors import AccessDenied, NotFoundForUser
from drugcontrol.registry.fhir import FhirExportError
from drugcontrol.registry.fhir_export import do_export_fhir

router = Router(tags=["registry"])

FHIR_JSON = "application/fhir+json"


@router.get("/persons/{person_id}/fhir", response={200: Any, 401: Any, 403: Any, 404: Any, 500: Any})
def person_fhir(request: HttpRequest, person_id: int, purpose: str = "") -> JsonResponse:
    """One person's record as a FHIR R4 Bundle; a purpose is required and recorded."""
    if not request.user.is_authenticated:
        return JsonResponse({"detail": "log in to use the registry"}, status=401)
    try:
        bundle = do_export_fhir(
            person_id, actor=request.user, purpose=purpose, remote_addr=request.META.get("REMOTE_ADDR", "")
        )
    except NotFoundForUser as exc:
        return JsonResponse({"detail": str(exc)}, status=404)
    except AccessDenied as exc:
        return JsonResponse({"detail": str(exc)}, status=403)
    except FhirExportError as exc:
        return JsonResponse({"detail": str(exc)}, status=500)
    return JsonResponse(bundle, content_type=FHIR_JSON, json_dumps_params={"ensure_ascii": False})

"""FHIR export through the API: GET /api/registry/people/{id}/fhir?purpose=... (the gate decides, and audits).

The purpose is one of those listed for the caller's role (`access.STATED_PURPOSES`), as for every other read.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Router

from drugcontrol.registry.errors import AccessDenied, NotFoundForUser, RegistryError
from drugcontrol.registry.fhir import FhirExportError
from drugcontrol.registry.fhir_export import do_export_fhir

router = Router(tags=["registry"])

FHIR_JSON = "application/fhir+json"


@router.get("/people/{person_id}/fhir", response={200: Any, 401: Any, 403: Any, 404: Any, 422: Any, 500: Any})
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
    except RegistryError as exc:
        return JsonResponse({"detail": f"{exc.field}: {exc}" if exc.field else str(exc)}, status=422)
    except FhirExportError as exc:
        return JsonResponse({"detail": str(exc)}, status=500)
    return JsonResponse(bundle, content_type=FHIR_JSON, json_dumps_params={"ensure_ascii": False})

"""The typed HTTP API under /api/: one NinjaAPI, one router per domain.

People authenticate with their session; integrating systems with a key (``Authorization: Bearer dck_…``,
see ``drugcontrol.apikeys``), which reaches only the operations of its scopes. Errors are JSON
(``{"detail": …}``) with the status each operation documents.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI

from drugcontrol import __version__
from drugcontrol.api_docs import OfflineRedoc, OfflineSwagger
from drugcontrol.api_errors import bad_input_response
from drugcontrol.api_openapi import document_errors
from drugcontrol.apikeys.auth import ApiKeyAuth, public_without_key
from drugcontrol.apikeys.scopes import Scope
from drugcontrol.earlywarning.api import router as warning_router
from drugcontrol.http import install as answer_domain_errors
from drugcontrol.lists.api import router as lists_router
from drugcontrol.monitoring.api import router as monitoring_router
from drugcontrol.offences.api import router as offences_router
from drugcontrol.registry.api import router as registry_router
from drugcontrol.registry.fhir.api import router as registry_fhir_router

DESCRIPTION = """Control lists, identification and the registries of the national drug-control authority.

**Authentication.** People use their session (log in on the web pages). Integrating systems send a key made by
an administrator: `Authorization: Bearer dck_…`. A key reaches only the operations of its scopes
(`lists:read`, `identify`, `assess`, `screen`, `police_check`) and never a person's record; every call made with
a key is written to the audit log under the system's name. The list operations are also open without credentials.

**Errors** are JSON, `{"detail": "…"}`: 400 malformed input, 401 no valid credentials (a revoked or expired key
too), 403 not allowed (a key without the scope), 404 not found, 413 a body over its limit (the message names
the limit), 422 invalid values, 429 a rate limit.
"""


def lists_scope(request: HttpRequest) -> str:
    """The scope a key needs for an operation of the lists router."""
    if request.method == "POST" and request.path.rstrip("/").endswith("/identify"):
        return Scope.IDENTIFY
    if request.method == "POST" and request.path.rstrip("/").endswith("/assess"):
        return Scope.ASSESS
    return Scope.LISTS_READ


class DrugcontrolAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None) -> Any:
        return document_errors(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))


api = DrugcontrolAPI(
    title="drugcontrol API",
    version=__version__,
    description=DESCRIPTION,
    urls_namespace="api",
    docs=OfflineSwagger(),
)
api.add_router("/lists/", lists_router, auth=[ApiKeyAuth(lists_scope), public_without_key])
api.add_router("/registry/", registry_router)
api.add_router("/registry/", registry_fhir_router)
api.add_router("/warning/", warning_router)
api.add_router("/offences/", offences_router)
api.add_router("/monitoring/", monitoring_router)


@api.get("/redoc", include_in_schema=False, auth=None)
def redoc(request: HttpRequest) -> HttpResponse:
    """The same documentation in ReDoc."""
    return OfflineRedoc().render_page(request, api)


def _bad_input(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = bad_input_response(request, exc)
    if response is None:
        raise exc
    return response


answer_domain_errors(api)

for _error in (SuspiciousOperation, MultiPartParserError, UnreadablePostError, UnicodeDecodeError):
    api.add_exception_handler(_error, _bad_input)

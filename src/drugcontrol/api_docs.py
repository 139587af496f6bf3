"""Swagger UI and ReDoc served from the vendored files in web/static/vendor/, so the docs work offline.

django-ninja loads them from a CDN unless ``ninja`` is an installed app, and then it serves its own copies; these
viewers render our templates instead, which load the npm releases recorded in ``vendor/*/SOURCE.md`` and run no
inline script (a Content Security Policy without 'unsafe-inline' still allows them).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from csp.constants import SELF
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import Redoc, Swagger

if TYPE_CHECKING:
    from ninja import NinjaAPI


class OfflineSwagger(Swagger):
    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        # Operations for people use the session, whose unsafe methods need the CSRF token.
        context = {"swagger_settings": json.dumps(settings), "api": api}
        return render(request, "api_docs/swagger.html", context)


class OfflineRedoc(Redoc):
    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        context = {
            "redoc_settings": json.dumps({**self.settings, "url": self.get_openapi_url(api, kwargs)}),
            "api": api,
        }
        response = render(request, "api_docs/redoc.html", context)
        # ReDoc's bundle styles itself with <style> elements it writes at run time and searches in a blob: worker;
        # on this page only, the policy allows both (its scripts still come from our own static files alone).
        response._csp_replace = {"style-src": [SELF, "'unsafe-inline'"], "worker-src": [SELF, "blob:"]}  # type: ignore[attr-defined]
        return response

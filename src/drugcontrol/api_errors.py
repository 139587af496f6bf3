"""Bad requests to /api/ answered in JSON with the limit or the fault named, never with a 500 or an HTML page.

Django raises these while it reads a body (too large, too many fields, a multipart body without a boundary), and
the JSON parser of django-ninja on a body that is not JSON. The same answers serve the exception handlers of the
NinjaAPI and ``ApiBadRequestMiddleware``, which also refuses an oversized body by its Content-Length before
anything reads it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
# A JSON escape of a UTF-16 surrogate: only as half of a pair does it stand for a character.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _is_multipart(request: HttpRequest) -> bool:
    return (request.content_type or "").startswith("multipart/")


# Room beside the file for the form's other fields and the multipart framing; an upload just over its own limit
# still reaches the operation, whose answer names the file (e.g. the screening job's 400).
MULTIPART_FIELDS_ALLOWANCE = 16 * 1024


def body_limit(request: HttpRequest) -> tuple[int, str]:
    """The largest body this request may carry, and the name of the setting that sets it."""
    if _is_multipart(request):
        return settings.MAX_UPLOAD_BYTES + MULTIPART_FIELDS_ALLOWANCE, "MAX_UPLOAD_BYTES + 16 KiB"
    return settings.API_MAX_JSON_BYTES, "API_MAX_JSON_BYTES"


def too_large(limit: int, setting: str) -> JsonResponse:
    return JsonResponse(
        {
            "detail": _("the request body is larger than the limit of %(limit)s bytes (%(setting)s)")
            % {"limit": limit, "setting": setting},
            "code": "body_too_large",
            "limit": limit,
        },
        status=413,
    )


def lone_surrogate(body: bytes) -> tuple[str, int] | None:
    """Where a JSON body holds a string that is not text (an unpaired \\uD800-\\uDFFF escape): the field's path
    and the 1-based position of the surrogate in it; None when the body is text (or not JSON: the parser says so)."""
    if not _SURROGATE_ESCAPE.search(body):
        return None
    try:
        data = json.loads(body)
    except ValueError:
        return None
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            for position, char in enumerate(value, start=1):
                if 0xD800 <= ord(char) <= 0xDFFF:
                    return path or "body", position
        elif isinstance(value, dict):
            stack += [(f"{path}.{k}" if path else str(k), v) for k, v in reversed(list(value.items()))]
        elif isinstance(value, list):
            stack += [(f"{path}[{i}]", v) for i, v in reversed(list(enumerate(value)))]
    return None


def _over_count(detail: str, code: str, limit: int) -> JsonResponse:
    """413 for a request with more fields or files than Django reads, naming the limit."""
    return JsonResponse({"detail": detail, "code": code, "limit": limit}, status=413)


def bad_input_response(request: HttpRequest, exc: BaseException) -> JsonResponse | None:
    """The JSON answer to an exception raised by malformed or oversized input, or None for anything else."""
    if isinstance(exc, RequestDataTooBig):  # Django's own ceiling on reading a body into memory
        return too_large(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, "DATA_UPLOAD_MAX_MEMORY_SIZE")
    if isinstance(exc, TooManyFieldsSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        detail = _("the request has more than %(limit)s fields (DATA_UPLOAD_MAX_NUMBER_FIELDS)") % {"limit": limit}
        return _over_count(detail, "too_many_fields", limit)
    if isinstance(exc, TooManyFilesSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        detail = _("the request has more than %(limit)s files (DATA_UPLOAD_MAX_NUMBER_FILES)") % {"limit": limit}
        return _over_count(detail, "too_many_files", limit)
    if isinstance(exc, MultiPartParserError):
        return JsonResponse(
            {"detail": _("the multipart body is malformed: %(error)s") % {"error": exc}, "code": "bad_multipart"},
            status=400,
        )
    if isinstance(exc, json.JSONDecodeError | UnicodeDecodeError):
        return JsonResponse(
            {"detail": _("the request body is not valid JSON: %(error)s") % {"error": exc}, "code": "bad_json"},
            status=400,
        )
    if isinstance(exc, UnreadablePostError | SuspiciousOperation):
        return JsonResponse({"detail": _("the request could not be read"), "code": "bad_request"}, status=400)
    return None


class ApiBadRequestMiddleware:
    """On /api/: refuse a body over its limit before it is read, and answer read errors in JSON."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(API_PREFIX):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return JsonResponse(
                    {"detail": _("the Content-Length header is not a number"), "code": "bad_request"}, status=400
                )
            limit, setting = body_limit(request)
            if length > limit:
                return too_large(limit, setting)
            if length and not _is_multipart(request):
                refused = self._refuse_unreadable(request)
                if refused is not None:
                    return refused
        return self.get_response(request)

    @staticmethod
    def _refuse_unreadable(request: HttpRequest) -> HttpResponse | None:
        """Read a non-multipart body once (it is cached for the view): refuse what is not text or over a limit."""
        try:
            body = request.body
        except Exception as exc:
            answer = bad_input_response(request, exc)
            if answer is None:
                raise
            return answer
        if (found := lone_surrogate(body)) is not None:
            field, position = found
            return JsonResponse(
                {
                    "detail": _(
                        "%(field)s is not text: an unpaired surrogate (\\uD800-\\uDFFF) at position %(position)s"
                    )
                    % {"field": field, "position": position},
                    "code": "not_text",
                },
                status=400,
            )
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not request.path.startswith(API_PREFIX):
            return None
        return bad_input_response(request, exception)

"""Errors to HTTP, once for the whole API and the pages: one exception → status table and one `client_ip`.

The API answers `{"detail": "…"}` in the caller's language through the exception handlers `install` puts on the
one NinjaAPI; pages go through `page_errors`, which turns the same exceptions into the same statuses (a refused
input outside a form is a 400 page, inside the API a 422). Every domain raises the kinds of `drugcontrol.errors`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from drugcontrol.errors import AccessDenied, CodedError, InputRefused, NotFoundForUser, RateLimited
from drugcontrol.web.refusals import refusal_page

# exception kind → (status in the API, status of a page); the first matching row wins (subclasses first).
STATUSES: tuple[tuple[type[CodedError], int, int], ...] = (
    (NotFoundForUser, 404, 404),
    (AccessDenied, 403, 403),
    (RateLimited, 429, 429),
    (InputRefused, 422, 400),
)


CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def attachment(content: str | bytes, *, filename: str, content_type: str = CSV_CONTENT_TYPE) -> HttpResponse:
    """A download: the browser saves `content` as `filename` instead of showing it."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def client_ip(request: HttpRequest) -> str:
    """The address a request came from, as recorded in audit rows (the proxy in front sets REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR", "")


def status_of(exc: BaseException, *, page: bool = False) -> int | None:
    for kind, api_status, page_status in STATUSES:
        if isinstance(exc, kind):
            return page_status if page else api_status
    return None


def detail(exc: CodedError) -> str:
    """The message in the reader's language; a refused input names its field first."""
    text = exc.render(_)
    field = getattr(exc, "field", "")
    return f"{field}: {text}" if field else text


def api_error(request: HttpRequest, exc: CodedError) -> HttpResponse:
    """The NinjaAPI's answer to a domain error: {"detail": …} with the status of its kind."""
    status = status_of(exc)
    if status is None:
        raise exc
    return JsonResponse({"detail": detail(exc)}, status=status)


def install(api: Any) -> None:
    """Answer every domain error raised by any operation of `api` (a NinjaAPI) with its status."""
    for kind, _api_status, _page_status in STATUSES:
        api.add_exception_handler(kind, api_error)


def page_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Domain errors of a page: not found → the 404 page (the same for every object), refused → the 403 page,
    a limit or input refused outside a form → the styled refusal page (`web.refusals`) with its status and message."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFoundForUser as exc:
            raise Http404(_("Not found.")) from exc
        except AccessDenied as exc:
            raise PermissionDenied(exc.render(_)) from exc
        except (RateLimited, InputRefused) as exc:
            return refusal_page(request, status_of(exc, page=True) or 400, exc.render(_))

    return wrapped

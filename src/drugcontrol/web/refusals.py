"""Refusal pages: one styled page for 400, 403, 404 and 429, in the reader's language, saying why and what to do.

Django calls these as `handler400` … (`drugcontrol.urls`); `drugcontrol.http.page_errors` renders the same page for
the domain errors a view raises (a limit, an input refused outside a form), so every refusal a person meets in
the browser looks and reads alike. The message of the refusal is shown when the code that refused gave one in the
reader's language; a 404 never says more than "not found", so it tells nothing about what exists.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: status → (title, what to do), shown under the reason.
ADVICE = {
    400: (
        gettext_lazy("The request could not be understood"),
        gettext_lazy("Go back, check what you entered and send the form again."),
    ),
    403: (
        gettext_lazy("Your account may not open this page"),
        gettext_lazy(
            "If your work needs it, ask your registry administrator to give your account the right role, "
            "facility or region."
        ),
    ),
    404: (
        gettext_lazy("Nothing to show here"),
        gettext_lazy(
            "The address is wrong, or the record is not one you may open. Check the number or search again; a "
            "person in the care of another facility can be opened only with emergency access (break the glass) or "
            "after a transfer."
        ),
    ),
    429: (
        gettext_lazy("Limit reached"),
        gettext_lazy("Wait and try again later; if your work needs a higher limit, ask your registry administrator."),
    ),
}


def refusal_page(request: HttpRequest, status: int, reason: str = "") -> HttpResponse:
    """The styled page of a refusal with `status`; `reason` is already in the reader's language."""
    title, advice = ADVICE.get(status, ADVICE[400])
    body = render_to_string(
        "web/refused.html",
        {"status": status, "title": title, "reason": reason, "advice": advice},
        request=request,
    )
    return HttpResponse(body, status=status)


def _reason_of(exception: BaseException | None) -> str:
    """The message a view gave with PermissionDenied (already translated); nothing for other exceptions."""
    if exception is None or not exception.args:
        return ""
    text = exception.args[0]
    return text if isinstance(text, str) else ""


def bad_request(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return refusal_page(request, 400)


def permission_denied(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return refusal_page(request, 403, _reason_of(exception))


def page_not_found(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return refusal_page(request, 404, _("Not found."))

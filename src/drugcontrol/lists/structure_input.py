"""The one limit on a pasted structure, checked where it enters (page, API, CLI) with one message."""

from __future__ import annotations

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

TOO_LARGE = "too_large"
"""The error code of an oversize structure (the chemistry core's code for the same refusal)."""


def structure_size_error(text: str) -> str | None:
    """Why ``text`` is refused as too long, in the active language; None when it is within the limit."""
    limit = settings.STRUCTURE_MAX_CHARS
    if len(text) <= limit:
        return None
    return _("The structure is %(length)s characters long; at most %(limit)s are accepted.") % {
        "length": number_format(len(text), force_grouping=True),
        "limit": number_format(limit, force_grouping=True),
    }

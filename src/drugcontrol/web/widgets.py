"""Form widgets every domain shares."""

from typing import Any

from django import forms


class IsoDateInput(forms.DateInput):
    """A browser date picker: it takes ISO dates whatever the page's language (Russian would give 25.11.2026)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")

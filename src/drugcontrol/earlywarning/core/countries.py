"""Countries as ISO 3166-1 alpha-2 codes: what a notification's country field accepts and how it is written."""

from __future__ import annotations

from iso3166 import countries_by_alpha2, countries_by_alpha3, countries_by_name

__all__ = ["country_code", "country_name"]


def country_code(text: str) -> str | None:
    """The alpha-2 code for an alpha-2 or alpha-3 code or an English short name; None when it is no country."""
    value = text.strip().upper()
    if not value:
        return None
    if len(value) == 2 and value in countries_by_alpha2:
        return value
    if len(value) == 3 and value in countries_by_alpha3:
        return countries_by_alpha3[value].alpha2
    found = countries_by_name.get(value)
    return found.alpha2 if found else None


def country_name(code: str) -> str:
    """The English short name of an alpha-2 code (the shell translates the common ones)."""
    found = countries_by_alpha2.get(code.upper())
    return found.name if found else code

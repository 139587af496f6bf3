"""Finding substances and jurisdictions by what a person types."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from drugcontrol.lists.models import Jurisdiction, Substance


def find_substances(text: str, *, limit: int = 20) -> list[Substance]:
    """By database id, exact CAS or InChIKey, then by any name containing the text."""
    text = text.strip()
    if text.isdigit():
        return list(Substance.objects.filter(pk=int(text)))
    exact = Substance.objects.filter(Q(cas=text) | Q(inchikey=text.upper()) | Q(inn__iexact=text))
    if exact.exists():
        return list(exact[:limit])
    query = Q(name_en__icontains=text) | Q(name_ru__icontains=text) | Q(name_kk__icontains=text)
    # SQLite lower-cases ASCII only, so Cyrillic names are also matched in upper case as the decree writes them.
    query |= Q(name_ru__contains=text.upper()) | Q(name_ru__contains=text.capitalize())
    return list(Substance.objects.filter(query).order_by("name_en")[:limit])


def jurisdiction_summaries() -> list[dict[str, Any]]:
    return [
        {"code": j.code, "name_en": j.name_en, "name_ru": j.name_ru, "name_kk": j.name_kk, "tables": j.tables}
        for j in Jurisdiction.objects.all()
    ]

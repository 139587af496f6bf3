"""The exchange format of notifications: a JSON document checked against its JSON Schema (see docs/).

`problems` names every place a document breaks the schema (the JSON path); `values` turns one notification of a
valid document into the plain values `notifications.check` takes; `document` writes notifications back out in the
same format, so what Kazakhstan sends partners is what it reads from them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "data" / "notification.schema.json"
FORMAT = "drugcontrol-notifications"


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


def problems(document: Any, *, limit: int = 100) -> list[tuple[str, str]]:
    """(JSON path, what is wrong) for each place the document breaks the schema, in document order."""
    found = []
    for error in sorted(_validator().iter_errors(document), key=lambda e: list(map(str, e.absolute_path))):
        found.append((error.json_path, error.message[:300]))
        if len(found) >= limit:
            break
    return found


def values(item: Mapping[str, Any], *, default_sender: str = "") -> dict[str, Any]:
    """One notification of a valid document as the plain values of `notifications.check`."""
    substance = item.get("substance", {})
    names = substance.get("names", {})
    detection = item.get("first_detection", {})
    evidence = item.get("analytical_evidence", {})
    return {
        "reference": item.get("reference", ""),
        "name": substance.get("name", ""),
        "name_ru": names.get("ru", ""),
        "name_kk": names.get("kk", ""),
        "name_en": names.get("en", ""),
        "iupac_name": substance.get("iupac_name", ""),
        "synonyms": substance.get("synonyms", []),
        "cas": substance.get("cas", ""),
        "smiles": substance.get("smiles", ""),
        "inchi": substance.get("inchi", ""),
        "molblock": substance.get("molblock", ""),
        "country": detection.get("country", ""),
        "detected_on": detection.get("date", ""),
        "reported_on": item.get("reported_on", "") or detection.get("date", ""),
        "matrix": detection.get("matrix", ""),
        "context": detection.get("context", ""),
        "method": evidence.get("method", ""),
        "laboratory": evidence.get("laboratory", ""),
        "status": item.get("status", ""),
        "sender": item.get("sender", "") or default_sender,
        "sources": item.get("sources", []),
        "files": evidence.get("files", []),
    }


def document(items: Iterable[Mapping[str, Any]], *, sender: str, generated_at: datetime) -> dict[str, Any]:
    """A document of notifications (each already in the format's shape)."""
    return {
        "format": FORMAT,
        "version": 1,
        "sender": sender,
        "generated_at": generated_at.isoformat(),
        "notifications": list(items),
    }

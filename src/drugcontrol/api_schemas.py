"""API schemas derived from the actions' input dataclasses, so that an API and its action cannot drift apart.

An action takes a frozen dataclass (`PersonData`, `ParticipantData`); its API input is the same fields with the
same types and defaults, validated by django-ninja. Declaring the schema by hand would copy every field.
"""

from __future__ import annotations

from dataclasses import MISSING, fields
from typing import Any, get_type_hints

from ninja import Schema
from pydantic import create_model


def schema_of(
    action_data: type, name: str, *, optional: bool = False, exclude: frozenset[str] = frozenset()
) -> type[Schema]:
    """The API schema of an action's input dataclass, field for field.

    `optional` makes every field optional with no default (a partial update); `exclude` leaves fields out.
    """
    hints = get_type_hints(action_data)
    spec: dict[str, Any] = {}
    for item in fields(action_data):
        if item.name in exclude:
            continue
        if optional:
            spec[item.name] = (hints[item.name] | None, None)
        else:
            spec[item.name] = (hints[item.name], ... if item.default is MISSING else item.default)
    return create_model(name, __base__=Schema, **spec)

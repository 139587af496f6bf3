"""API schemas derived from dataclasses (an action's input, a core's result), so that the two cannot drift apart.

An action takes a frozen dataclass (`PersonData`, `ParticipantData`); its API input is the same fields with the
same types and defaults, validated by django-ninja. Declaring the schema by hand would copy every field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING, fields
from typing import Any, get_type_hints

from ninja import Schema
from pydantic import create_model


def schema_of(
    action_data: type,
    name: str,
    *,
    optional: bool = False,
    exclude: frozenset[str] = frozenset(),
    types: Mapping[str, Any] | None = None,
) -> type[Schema]:
    """The API schema of a dataclass (an action's input, a core's result), field for field.

    `optional` makes every field optional with no default (a partial update); `exclude` leaves fields out; `types`
    gives the schema's own type of a field whose value is itself a dataclass (its schema, e.g. an act's `ActOut`).
    """
    hints = {**get_type_hints(action_data), **(types or {})}
    spec: dict[str, Any] = {}
    for item in fields(action_data):
        if item.name in exclude:
            continue
        if optional:
            spec[item.name] = (hints[item.name] | None, None)
        else:
            spec[item.name] = (hints[item.name], ... if item.default is MISSING else item.default)
    return create_model(name, __base__=Schema, **spec)

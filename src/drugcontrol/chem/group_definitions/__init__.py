"""Generic group definitions per jurisdiction, one module each (``de_npsg``, ``cn_classes``).

The modules hold the definitions as reviewable data (cores as SMARTS, named checks built from the
substituent vocabulary in ``vocabulary``); this package only collects them.
"""

from __future__ import annotations

from drugcontrol.chem.group_definitions import cn_classes, de_npsg
from drugcontrol.chem.groups import GroupDefinition

__all__ = ["JURISDICTIONS", "all_definitions", "definitions_for"]

JURISDICTIONS: dict[str, tuple[GroupDefinition, ...]] = {
    de_npsg.JURISDICTION: de_npsg.DEFINITIONS,
    cn_classes.JURISDICTION: cn_classes.DEFINITIONS,
}
"""Definitions by jurisdiction code, in the order of each legal text."""


def all_definitions() -> tuple[GroupDefinition, ...]:
    """Every definition of every jurisdiction (Germany first, then China)."""
    return tuple(definition for definitions in JURISDICTIONS.values() for definition in definitions)


def definitions_for(jurisdiction: str) -> tuple[GroupDefinition, ...]:
    """The definitions of one jurisdiction; raises ``ValueError`` for a code without definitions."""
    try:
        return JURISDICTIONS[jurisdiction]
    except KeyError:
        raise ValueError(
            f"The 'jurisdiction' parameter of definitions_for must be one of {sorted(JURISDICTIONS)}. "
            f"Got {jurisdiction!r} instead."
        ) from None

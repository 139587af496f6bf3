"""Quantities proposed for a new entry by analogy: those of the listed parent of which it is an analogue, or of the
nearest listed entry of its class (Law 279 art. 2 p. 3 gives an analogue its parent's quantities); when nothing is
near enough, none are proposed and the forensic conclusion on the quantities (Decree 366 p. 18) sets them."""

from __future__ import annotations

from typing import Any

from drugcontrol.listcore.steps import gettext_noop

MIN_SIMILARITY = 0.45
"""Below this similarity the nearest entry says too little about the substance's potency to copy its quantities."""
BY_PARENT = gettext_noop("by analogy with %(name)s, of which it is a structural analogue (Law 279 art. 2 p. 3)")
BY_NEAREST = gettext_noop("by analogy with %(name)s, the nearest listed substance of its class (similarity %(score)s)")
NONE_NEAR = gettext_noop(
    "no listed substance is close enough; the forensic conclusion on the quantities sets them (Decree 366 p. 18)"
)


def proposed_quantities(screening: dict[str, Any]) -> dict[str, Any]:
    """{small, large, especially_large, unit, basis, params} from a notification's stored screening."""
    for key, template in (("parents", BY_PARENT), ("similar", BY_NEAREST)):
        for entry in screening.get(key) or []:
            if key == "similar" and entry.get("score", 0) < MIN_SIMILARITY:
                continue
            thresholds = entry.get("thresholds") or []
            if not thresholds:
                continue
            small, large, especially, unit, _form = ([*list(thresholds[0]), "", "", "", "g", ""])[:5]
            name = entry["names"].get("ru") or entry["names"].get("en") or ""
            return {
                "small": small,
                "large": large,
                "especially_large": especially,
                "unit": unit,
                "basis": template,
                "params": {"name": name, "score": f"{entry.get('score', 0):.2f}"},
            }
    return {"small": "", "large": "", "especially_large": "", "unit": "", "basis": NONE_NEAR, "params": {}}

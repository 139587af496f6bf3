"""Explanations as an English template and its parameters, so that a translated shell renders each step.

The pure cores (identification, expertise) never translate: a shell renders ``gettext(step.template) %
step.params``. Templates are marked with ``gettext_noop`` so that the catalogues can collect them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Step", "gettext_noop"]


def gettext_noop(message: str) -> str:
    """Mark an English template for translation without translating it here (the core has no Django)."""
    return message


@dataclass(frozen=True)
class Step:
    """One step of the reasoning: an English template and its parameters."""

    template: str
    params: Mapping[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The step in English."""
        return self.template % dict(self.params) if self.params else self.template

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "template": self.template, "params": dict(self.params)}

"""A reason for ``suspected``: a code and its parameters, rendered as explanation steps by the shell.

Codes: ``controlled_elsewhere`` (another jurisdiction's list in force controls it, by listing, analogue
or group rule; ``grounds`` says whether that is grounds under Law No. 279 art. 2 p. 1-1: ``eaeu``, ``un``
or ``none``), ``known_nps`` (an entry of an imported reference library of known new psychoactive
substances), ``risk_class`` (a scaffold family described as data) and ``nps_likeness`` (the learned score
at or above its threshold, with the nearest training examples, which a bulk screening leaves out).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from drugcontrol.listcore.steps import Step, gettext_noop

__all__ = ["GROUNDS", "REASON_CODES", "Reason"]

REASON_CODES: tuple[str, ...] = ("controlled_elsewhere", "known_nps", "risk_class", "nps_likeness")
GROUNDS: tuple[str, ...] = ("eaeu", "un", "none")
"""Whether control in a jurisdiction is grounds to add a substance (Law No. 279 art. 2 p. 1-1)."""

_HOW = {
    "listed": gettext_noop(
        "Controlled elsewhere: listed in %(jurisdiction_name)s (%(jurisdiction)s) on %(as_of)s as %(basis)s, "
        "table %(table)s."
    ),
    "analogue": gettext_noop(
        "Controlled elsewhere: an analogue of %(basis)s (table %(table)s) under the analogue rule of "
        "%(jurisdiction_name)s (%(jurisdiction)s) on %(as_of)s."
    ),
    "group": gettext_noop(
        "Controlled elsewhere: a member of the generic group %(basis)s of %(jurisdiction_name)s "
        "(%(jurisdiction)s) in force on %(as_of)s."
    ),
}
_GROUNDS = {
    "eaeu": gettext_noop(
        "%(jurisdiction)s is a member state of the EAEU: grounds to add the substance to Kazakhstan's list "
        "(Law No. 279 art. 2 p. 1-1)."
    ),
    "un": gettext_noop(
        "Controlled under the UN conventions' schedules: grounds to add the substance to Kazakhstan's list "
        "(Law No. 279 art. 2 p. 1-1)."
    ),
    "none": gettext_noop(
        "%(jurisdiction)s is neither an EAEU member state nor the UN schedules: not in itself grounds under "
        "Law No. 279 art. 2 p. 1-1."
    ),
}
_KNOWN = gettext_noop(
    "Known new psychoactive substance: entry %(entry)s (%(name)s) of the reference library %(library)s."
)
_RISK_CLASS = gettext_noop("Member of the risk class %(risk_class)s (%(name)s, described %(since)s): %(description)s.")
_LIKENESS = gettext_noop(
    "NPS-likeness score %(score)s, at or above the threshold %(threshold)s of model %(model)s; nearest training "
    "examples: %(nearest)s."
)

_LIKENESS_BULK = gettext_noop(
    "NPS-likeness score %(score)s, at or above the threshold %(threshold)s of model %(model)s (the nearest "
    "training examples are named when the structure is assessed on its own)."
)


@dataclass(frozen=True)
class Reason:
    """One reason a compound is suspected: a code from ``REASON_CODES`` and its parameters (all text)."""

    code: str
    params: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in REASON_CODES:
            raise ValueError(f"The 'code' of a Reason must be one of {REASON_CODES}. Got {self.code!r} instead.")

    def steps(self) -> tuple[Step, ...]:
        """The reason as explanation steps (English templates and parameters)."""
        params = dict(self.params)
        if self.code == "controlled_elsewhere":
            return (Step(_HOW[params["how"]], params), Step(_GROUNDS[params["grounds"]], params))
        if self.code == "known_nps":
            return (Step(_KNOWN, params),)
        if self.code == "risk_class":
            return (Step(_RISK_CLASS, params),)
        return (Step(_LIKENESS if "nearest" in params else _LIKENESS_BULK, params),)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}

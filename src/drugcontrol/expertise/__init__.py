"""Expertise: one verdict on a structure against a list version, with its legal basis and reasoning.

Pure core (no Django): the web shell, the CLI and offline laboratories build an ``Assessor`` once per list
version and call ``assess`` per structure.
"""

from drugcontrol.expertise.assess import ANALOGUE_RULE_KZ, Assessor, all_group_definitions, input_sha256
from drugcontrol.expertise.verdicts import (
    CONTROLLED_VERDICTS,
    VERDICT_PRECEDENCE,
    VERDICTS,
    AnalogueParent,
    Assessment,
    SimilarEntry,
    Step,
    Verdict,
)

__all__ = [
    "ANALOGUE_RULE_KZ",
    "CONTROLLED_VERDICTS",
    "VERDICTS",
    "VERDICT_PRECEDENCE",
    "AnalogueParent",
    "Assessment",
    "Assessor",
    "SimilarEntry",
    "Step",
    "Verdict",
    "all_group_definitions",
    "input_sha256",
]

"""Why a compound that Kazakhstan's law does not reach is still ``suspected``: pluggable reason sources.

Each source looks at a ``Probe`` (the standardized structure) and returns ``Reason(code, params)``:
``ElsewhereSource`` (another jurisdiction's list in force, with its own rules), ``KnownNpsSource``
(imported reference libraries), ``RiskClassSource`` (scaffold families described as data) and
``NpsLikenessSource`` (the learned score of ``expertise.risk``, when a model is installed). A
``SuspicionScreen`` collects every reason in that order; ``SuspicionRecipe`` is the same as plain data
for screening workers. Pure core: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from drugcontrol.chem.groups import PreparedCompound
from drugcontrol.chem.standardize import Standardized
from drugcontrol.expertise.suspicion.elsewhere import ElsewhereSource, ForeignList
from drugcontrol.expertise.suspicion.known import KnownNpsSource, KnownSubstance
from drugcontrol.expertise.suspicion.likeness import NpsLikenessSource
from drugcontrol.expertise.suspicion.probe import Probe, structure_key
from drugcontrol.expertise.suspicion.reasons import GROUNDS, REASON_CODES, Reason
from drugcontrol.expertise.suspicion.risk_classes import RiskClass, RiskClassSource, shipped_risk_classes
from drugcontrol.expertise.verdicts import NamedByReasons

__all__ = [
    "GROUNDS",
    "REASON_CODES",
    "ElsewhereSource",
    "ForeignList",
    "KnownNpsSource",
    "KnownSubstance",
    "NpsLikenessSource",
    "Probe",
    "Reason",
    "RiskClass",
    "RiskClassSource",
    "Suspicion",
    "SuspicionRecipe",
    "SuspicionScreen",
    "structure_key",
]


@dataclass(frozen=True)
class Suspicion(NamedByReasons):
    """Every reason found, and the NPS-likeness score (None: not computed, no model)."""

    reasons: tuple[Reason, ...] = ()
    risk: float | None = None
    risk_model: str = ""


class SuspicionScreen:
    """The sources, prepared once per list version; ``collect(std)`` gives one ``Suspicion``."""

    def __init__(
        self,
        elsewhere: ElsewhereSource | None = None,
        known: KnownNpsSource | None = None,
        risk_classes: RiskClassSource | None = None,
        likeness: NpsLikenessSource | None = None,
    ) -> None:
        self.rule_sources = [s for s in (elsewhere, known, risk_classes) if s is not None]
        self.likeness = likeness
        self.recipe: SuspicionRecipe | None = None
        """The plain data it was built from (``SuspicionRecipe.build``), for screening workers."""

    @property
    def scores(self) -> bool:
        """Whether the NPS-likeness score is computed (a model is installed)."""
        return self.likeness is not None and self.likeness.available

    @property
    def model_version(self) -> str:
        return self.likeness.version if self.likeness is not None else ""

    def collect(self, std: Standardized, *, prepared: PreparedCompound | None = None) -> Suspicion:
        """Every reason; ``prepared``: the structure as the group screens see it, when the caller has it."""
        probe = Probe(std, prepared)
        reasons = [reason for source in self.rule_sources for reason in source.reasons(probe)]
        risk, version = None, ""
        if self.likeness is not None:
            risk, flagged, version = self.likeness.score(probe)
            reasons.extend(flagged)
        return Suspicion(tuple(reasons), risk, version)


@dataclass(frozen=True)
class SuspicionRecipe:
    """The sources as plain, picklable data, so each screening worker builds the same screen."""

    foreign: tuple[ForeignList, ...] = ()
    known: tuple[KnownSubstance, ...] = ()
    risk_classes: tuple[RiskClass, ...] = field(default_factory=shipped_risk_classes)
    likeness: bool = True
    min_parent_heavy_atoms: int = 0
    """The methodology's minimum parent size, applied to the other jurisdictions' analogue rules too."""

    def build(self, as_of: date, *, bulk: bool = False) -> SuspicionScreen:
        """The screen; ``bulk``: for a screening run, with the model installed now pinned for every row and
        no nearest training examples looked up (see ``NpsLikenessSource``)."""
        likeness = None
        if self.likeness:
            likeness = NpsLikenessSource.pinned() if bulk else NpsLikenessSource(use_model=True)
        screen = SuspicionScreen(
            elsewhere=ElsewhereSource(list(self.foreign), as_of, min_parent_heavy_atoms=self.min_parent_heavy_atoms)
            if self.foreign
            else None,
            known=KnownNpsSource(self.known, as_of) if self.known else None,
            risk_classes=RiskClassSource(self.risk_classes) if self.risk_classes else None,
            likeness=likeness,
        )
        screen.recipe = self
        return screen

"""NPS-likeness: the learned score of ``drugcontrol.expertise.risk``, when a model is available.

The model is loaded once per process by ``expertise.risk`` (and read again when its file is replaced); when the
model file is absent the source contributes nothing, every score is ``None`` and the verdict says it was not
computed. The nearest training examples, the costly part, are looked up only for the structures it flags.
"""

from __future__ import annotations

from drugcontrol.expertise import risk
from drugcontrol.expertise.suspicion.probe import Probe
from drugcontrol.expertise.suspicion.reasons import Reason

__all__ = ["NEAREST_SHOWN", "NpsLikenessSource"]

NEAREST_SHOWN = 3


class NpsLikenessSource:
    """The score of every probe, and a reason when the model flags it.

    Without a model given, the installed one is looked up at each use (``risk.available_model`` keeps it loaded
    and reads it again only when its file changes), so a model trained while the server runs is used at once.
    ``pinned()`` gives a source that keeps the model installed now, for a bulk run (one model for every row,
    no look-up per row). ``nearest``: training examples named with a flag (0: not looked up, the bulk path;
    the single assessment of the structure names them).
    """

    code = "nps_likeness"

    def __init__(
        self, model: risk.RiskModel | None = None, *, use_model: bool = True, nearest: int = NEAREST_SHOWN
    ) -> None:
        self._model = model
        self.use_model = use_model
        self.nearest = nearest

    @classmethod
    def pinned(cls, *, nearest: int = 0) -> NpsLikenessSource:
        """The model installed now, for the whole of a bulk run (none installed: the score is not computed)."""
        model = risk.available_model()
        return cls(model, use_model=model is not None, nearest=nearest)

    @property
    def model(self) -> risk.RiskModel | None:
        if self._model is not None:
            return self._model
        return risk.available_model() if self.use_model else None

    @property
    def available(self) -> bool:
        return self.model is not None

    @property
    def version(self) -> str:
        model = self.model
        return model.version if model is not None else ""

    def score(self, probe: Probe) -> tuple[float | None, list[Reason], str]:
        """The score (None: no model), the reason when flagged, and the version of the model that scored."""
        model = self.model
        if model is None:
            return None, [], ""
        result = model.score([probe.mol], nearest=0)[0]
        if not result.flagged:
            return float(result.score), [], model.version
        params = {"score": f"{result.score:.3f}", "threshold": f"{model.threshold:.3f}", "model": model.version}
        if self.nearest > 0:
            result = model.score([probe.mol], nearest=self.nearest)[0]
            params["nearest"] = "; ".join(f"{name} ({sim:.2f})" for name, sim in result.nearest[: self.nearest]) or "—"
        return float(result.score), [Reason("nps_likeness", params)], model.version

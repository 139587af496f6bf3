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
    """

    code = "nps_likeness"

    def __init__(self, model: risk.RiskModel | None = None, *, use_model: bool = True) -> None:
        self._model = model
        self.use_model = use_model

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

    def score(self, probe: Probe) -> tuple[float | None, list[Reason]]:
        model = self.model
        if model is None:
            return None, []
        result = model.score([probe.mol], nearest=0)[0]
        if not result.flagged:
            return float(result.score), []
        result = model.score([probe.mol], nearest=NEAREST_SHOWN)[0]
        nearest = "; ".join(f"{name} ({similarity:.2f})" for name, similarity in result.nearest[:NEAREST_SHOWN])
        threshold = model.threshold
        return float(result.score), [
            Reason(
                "nps_likeness",
                {
                    "score": f"{result.score:.3f}",
                    "threshold": f"{threshold:.3f}",
                    "model": model.version,
                    "nearest": nearest or "—",
                },
            )
        ]

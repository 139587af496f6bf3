"""NPS-likeness: the learned score of ``drugcontrol.expertise.risk``, when a model is available.

The model package is imported lazily and loaded once per process; when the package or its model file is
absent the source contributes nothing, every score is ``None`` and the verdict says it was not computed.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from drugcontrol.expertise.suspicion.probe import Probe
from drugcontrol.expertise.suspicion.reasons import Reason

__all__ = ["NEAREST_SHOWN", "NpsLikenessSource", "load_risk_model"]

NEAREST_SHOWN = 3


@lru_cache(maxsize=1)
def load_risk_model() -> Any | None:
    """``expertise.risk.load_model()``, or None when the package or the model file is not there."""
    try:
        from drugcontrol.expertise import risk
    except ImportError:
        return None
    try:
        return risk.load_model()
    except (OSError, ValueError, RuntimeError, LookupError, ImportError):
        return None


class NpsLikenessSource:
    """The score of every probe (``last_score``) and a reason when the model flags it."""

    code = "nps_likeness"

    def __init__(self, model: Any | None = None, *, use_model: bool = True) -> None:
        self.model = model if model is not None else (load_risk_model() if use_model else None)

    @property
    def available(self) -> bool:
        return self.model is not None

    @property
    def version(self) -> str:
        return str(getattr(self.model, "version", "")) if self.model is not None else ""

    def score(self, probe: Probe) -> tuple[float | None, list[Reason]]:
        if self.model is None:
            return None, []
        result = self.model.score([probe.mol])[0]
        if not result.flagged:
            return float(result.score), []
        nearest = "; ".join(f"{name} ({similarity:.2f})" for name, similarity in result.nearest[:NEAREST_SHOWN])
        threshold = getattr(self.model, "threshold", None)
        return float(result.score), [
            Reason(
                "nps_likeness",
                {
                    "score": f"{result.score:.3f}",
                    "threshold": "" if threshold is None else f"{threshold:.3f}",
                    "model": self.version,
                    "nearest": nearest or "—",
                },
            )
        ]

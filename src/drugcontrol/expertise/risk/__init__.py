"""NPS-likeness: a learned score of how much a structure looks like a controlled or known new psychoactive substance.

A warning, never the law: the ``suspected`` verdict counts it among its reasons, with the nearest training
examples as the explanation. Pure (no Django). Public API::

    model = load_model()                    # once per process; RiskModelUnavailable when there is none
    model = available_model()               # or None: the verdict then says "not computed"
    results = model.score(mols)             # [RiskResult(score, flagged, nearest, nearest_positive)]
    model.version, model.threshold

The model is built by ``drugcontrol expertise train-risk`` from the reference data (see
``docs/models/nps-likeness.md``); it is not shipped, because several sources state no licence.
"""

from drugcontrol.expertise.risk.model import (
    MODEL_ENV,
    RiskModel,
    RiskModelUnavailable,
    RiskResult,
    available_model,
    default_model_path,
    load_model,
)

__all__ = [
    "MODEL_ENV",
    "RiskModel",
    "RiskModelUnavailable",
    "RiskResult",
    "available_model",
    "default_model_path",
    "load_model",
]

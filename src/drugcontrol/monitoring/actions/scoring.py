"""The configured drug-offer model, loaded once per process, and scoring with the reasons in the reader's
language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext

from drugcontrol.errors import InputRefused
from drugcontrol.messages import Message, render
from drugcontrol.monitoring.scoring.evidence import Evidence
from drugcontrol.monitoring.scoring.model import ModelMissing, OfferModel, OfferScore, load_model

__all__ = ["MODEL_MISSING", "model_path", "offer_model", "reason_texts", "score_texts"]

MODEL_MISSING = Message(
    "monitor.model_missing", "no drug-offer model is installed; run `drugcontrol monitor train` first"
)
TOO_MANY_TEXTS = Message("monitor.too_many_texts", "at most %(limit)s texts at once; got %(count)s")


class ModelNotInstalled(InputRefused):
    """The scoring model has not been trained on this installation (HTTP 422 with what to run)."""


def model_path() -> Path:
    return Path(settings.MONITORING_MODEL_PATH)


def offer_model() -> OfferModel:
    try:
        return load_model(model_path())
    except ModelMissing:
        raise ModelNotInstalled(MODEL_MISSING) from None


def reason_texts(reasons: list[Evidence] | list[dict[str, Any]]) -> list[str]:
    """The reasons in the active language."""
    out = []
    for item in reasons:
        code, params = (item.code, item.params) if isinstance(item, Evidence) else (item["code"], item["params"])
        out.append(render(code, params, gettext))
    return out


def score_texts(texts: list[str]) -> list[OfferScore]:
    if len(texts) > settings.MONITORING_SCORE_MAX_TEXTS:
        raise InputRefused(TOO_MANY_TEXTS, field="texts", limit=settings.MONITORING_SCORE_MAX_TEXTS,
                           count=len(texts))  # fmt: skip
    return offer_model().score(texts)

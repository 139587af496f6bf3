"""The identifiers a shop cannot easily change between mirrors: handles and bots, wallets, phone numbers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["SIGNAL_KINDS", "signals_of"]

SIGNAL_KINDS = {
    "monitor.shop_bot": ("handle", "handle"),
    "monitor.handle": ("handle", "handle"),
    "monitor.crypto_address": ("wallet", "address"),
    "monitor.phone": ("phone", "phone"),
}


def signals_of(reasons: Iterable[dict[str, Any]]) -> set[tuple[str, str]]:
    """``(kind, value)`` pairs from a page's reasons (``{"code", "params"}`` dicts); handles in lower case."""
    found = set()
    for reason in reasons:
        kind_param = SIGNAL_KINDS.get(reason.get("code", ""))
        if kind_param is None:
            continue
        kind, param = kind_param
        value = str(reason.get("params", {}).get(param, "")).strip()
        if value:
            found.add((kind, value.lower() if kind == "handle" else value))
    return found

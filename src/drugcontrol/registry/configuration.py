"""The registry's tunable numbers, read in one place: settings for thresholds, `RegistryConfig` for periods.

The pure cores (`matching`, `statistics.suppression`) take these as parameters and never read settings.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

from drugcontrol.registry.models import RegistryConfig


def suppression_threshold() -> int:
    """Published statistics hide counts below this (settings.REGISTRY_SUPPRESSION_THRESHOLD)."""
    return int(settings.REGISTRY_SUPPRESSION_THRESHOLD)


def duplicate_threshold() -> float:
    """Pairs scoring at least this are possible duplicates for review (settings.REGISTRY_DUPLICATE_THRESHOLD)."""
    return float(settings.REGISTRY_DUPLICATE_THRESHOLD)


def extract_min_group() -> int:
    """k of the analysts' extract's k-anonymity (settings.EXTRACT_MIN_GROUP)."""
    return int(settings.EXTRACT_MIN_GROUP)


def break_glass_duration() -> timedelta:
    """How long emergency access lasts (RegistryConfig.break_glass_hours, edited by the administrator)."""
    return timedelta(hours=RegistryConfig.current().break_glass_hours)

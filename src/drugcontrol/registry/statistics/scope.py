"""Who may read the statistics, and of which regions: the access policy of the statistics, in one place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from drugcontrol.registry import messages as M
from drugcontrol.registry.access import Capability, require
from drugcontrol.registry.errors import AccessDenied
from drugcontrol.registry.models import Role


@dataclass(frozen=True)
class StatisticsScope:
    """Whose figures a user may see: every region (analyst) or one region (regional chief)."""

    region: str | None

    @property
    def label(self) -> str:
        return self.region or "KZ"


def statistics_scope(user: Any) -> StatisticsScope:
    """Ministry analysts see the country, regional chiefs their region; every other role is refused (403)."""
    profile = require(user, Capability.AGGREGATES)
    if profile.role == Role.CHIEF:
        if not profile.region_id:
            raise AccessDenied(M.CHIEF_WITHOUT_REGION)
        return StatisticsScope(region=profile.region_id)
    return StatisticsScope(region=None)

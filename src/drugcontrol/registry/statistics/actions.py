"""Reading the statistics as a user: the scope check, the figures and the audit row happen together."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from drugcontrol.audit.actions import do_record_event
from drugcontrol.registry.configuration import suppression_threshold
from drugcontrol.registry.errors import RegistryError
from drugcontrol.registry.statistics.query import RegisterFigures, register_figures
from drugcontrol.registry.statistics.scope import StatisticsScope

STATISTICS_OBJECT = "registry.statistics"


@dataclass(frozen=True)
class StatisticsParams:
    """What a reader asked for: the date of the table, its two dimensions and the timeline's span."""

    as_of: date
    rows: str
    columns: str
    period: str
    start: date

    def as_details(self) -> dict[str, str]:
        return {
            "as_of": self.as_of.isoformat(),
            "rows": self.rows,
            "columns": self.columns,
            "period": self.period,
            "start": self.start.isoformat(),
        }


def _record(actor: Any, *, remote_addr: str, details: dict[str, Any]) -> None:
    do_record_event(
        actor=actor,
        action="registry.statistics.read",
        object_type=STATISTICS_OBJECT,
        object_id=details.get("view", ""),
        purpose="aggregate statistics",
        remote_addr=remote_addr,
        details=details,
    )


def do_read_statistics(
    params: StatisticsParams,
    *,
    scope: StatisticsScope,
    view: str,
    actor: Any,
    remote_addr: str,
    audit_refusal: bool = False,
    extra: dict[str, str] | None = None,
) -> RegisterFigures:
    """The published figures for `params` within `scope`, audited as an aggregate read (no person named).

    `scope` comes from `statistics_scope(actor)`. Parameters the figures refuse raise `RegistryError`; the page
    records that refusal too (`audit_refusal`), so that probing the parameters leaves a trace.
    """
    try:
        figures = register_figures(
            params.as_of,
            params.rows,
            params.columns,
            start=params.start,
            period=params.period,
            scope=scope,
            threshold=suppression_threshold(),
        )
    except RegistryError as exc:
        if audit_refusal:
            _record(actor, remote_addr=remote_addr, details={"view": view, "refused": str(exc)})
        raise
    _record(
        actor,
        remote_addr=remote_addr,
        details={"view": view, **(extra or {}), "region": scope.label, **params.as_details()},
    )
    return figures

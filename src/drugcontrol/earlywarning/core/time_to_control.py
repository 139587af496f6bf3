"""Time to control: for every substance, the days from its first detection (anywhere, and here) to control in force
here, and the days each procedure step took; and the chart of how that time changes (plain SVG, no script).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape
from statistics import median

from drugcontrol.earlywarning.core.procedure import STEPS


@dataclass(frozen=True)
class Timeline:
    """What is known of one substance: first detections, the procedure's dates, control in force here."""

    name: str
    first_anywhere: date | None = None
    first_here: date | None = None
    in_force: date | None = None
    act: str = ""
    steps: Mapping[str, date] = field(default_factory=dict)
    """Done dates per step code (see `procedure.STEPS`)."""


@dataclass(frozen=True)
class TimeToControl:
    name: str
    act: str
    in_force: date | None
    days_from_anywhere: int | None
    days_from_here: int | None
    step_days: tuple[tuple[str, int | None], ...]
    """Days each step took after the one it follows (None when either date is unknown)."""


def _days(start: date | None, end: date | None) -> int | None:
    return (end - start).days if start is not None and end is not None else None


def measure(timeline: Timeline) -> TimeToControl:
    end = timeline.in_force or timeline.steps.get("in_force")
    step_days = []
    for rule in STEPS:
        if rule.after is None:
            continue
        step_days.append((rule.code, _days(timeline.steps.get(rule.after), timeline.steps.get(rule.code))))
    return TimeToControl(
        name=timeline.name,
        act=timeline.act,
        in_force=end,
        days_from_anywhere=_days(timeline.first_anywhere, end),
        days_from_here=_days(timeline.first_here, end),
        step_days=tuple(step_days),
    )


@dataclass(frozen=True)
class Summary:
    count: int
    median_anywhere: float | None
    median_here: float | None


def summarise(rows: Sequence[TimeToControl]) -> Summary:
    anywhere = [r.days_from_anywhere for r in rows if r.days_from_anywhere is not None]
    here = [r.days_from_here for r in rows if r.days_from_here is not None]
    return Summary(len(rows), median(anywhere) if anywhere else None, median(here) if here else None)


def chart_svg(
    rows: Sequence[TimeToControl],
    *,
    title: str,
    label_anywhere: str,
    label_here: str,
    empty_label: str = "",
    width: int = 720,
    height: int = 320,
) -> str:
    """A scatter of days to control against the date control came into force, one colour per starting point.

    Labels come translated from the shell; every text is escaped. Rows without an in-force date are left out.
    """
    points = [r for r in rows if r.in_force is not None and (r.days_from_anywhere or r.days_from_here) is not None]
    left, right, top, bottom = 56, 16, 32, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="#fff" stroke="#999"/>',
    ]
    if points:
        days = [d for r in points for d in (r.days_from_anywhere, r.days_from_here) if d is not None]
        y_max = max(max(days), 1)
        first = min(r.in_force for r in points if r.in_force)
        last = max(r.in_force for r in points if r.in_force)
        span = max((last - first).days, 1)

        def x(day: date) -> float:
            return left + (day - first).days / span * plot_w if span else left + plot_w / 2

        def y(value: int) -> float:
            return top + plot_h - value / y_max * plot_h

        for tick in range(5):
            value = round(y_max * tick / 4)
            parts.append(f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11">{value}</text>')
        parts.append(f'<text x="{left}" y="{height - 12}" font-size="11">{first.isoformat()}</text>')
        parts.append(
            f'<text x="{left + plot_w}" y="{height - 12}" text-anchor="end" font-size="11">{last.isoformat()}</text>'
        )
        for attr, colour in (("days_from_anywhere", "#1f6fb2"), ("days_from_here", "#c4432b")):
            for r in points:
                value = getattr(r, attr)
                if value is None or r.in_force is None:
                    continue
                parts.append(
                    f'<circle cx="{x(r.in_force):.1f}" cy="{y(value):.1f}" r="4" fill="{colour}" class="{attr}">'
                    f"<title>{escape(r.name)}: {value}</title></circle>"
                )
    else:
        parts.append(
            f'<text x="{left + plot_w / 2}" y="{top + plot_h / 2}" text-anchor="middle" font-size="13" '
            f'class="empty">{escape(empty_label)}</text>'
        )
    parts.append(f'<circle cx="{left + 8}" cy="{14}" r="4" fill="#1f6fb2"/>')
    parts.append(f'<text x="{left + 16}" y="{18}" font-size="12">{escape(label_anywhere)}</text>')
    parts.append(f'<circle cx="{left + 280}" cy="{14}" r="4" fill="#c4432b"/>')
    parts.append(f'<text x="{left + 288}" y="{18}" font-size="12">{escape(label_here)}</text>')
    parts.append("</svg>")
    return "".join(parts)

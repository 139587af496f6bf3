"""The Decree 366 procedure for one substance: its steps in order, each with the term the Rules set.

Points 16-20 of the Rules (Government Decree No. 366 of 5 June 2019): a proposal within seven working days of
the forensic expert's conclusion (p. 16); materials to the forensic bodies within seven working days of the
proposal (p. 17); their conclusion on the quantities within ten working days (p. 18); the draft decree, agreed
with the authorised bodies, within a month of that conclusion (p. 19); the INCB is notified once it is adopted
(p. 20). Steps without a term in the Rules (approvals, the decree, its entry into force) have no due date.
Working days follow Kazakhstan's public holidays (the `holidays` package).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

from drugcontrol.listcore.steps import gettext_noop


@dataclass(frozen=True)
class StepRule:
    code: str
    label: str
    """English label (a msgid)."""
    after: str | None
    """The step whose completion starts this step's term."""
    working_days: int = 0
    months: int = 0
    point: str = ""
    """The point of the Rules that sets the term."""

    @property
    def has_term(self) -> bool:
        return bool(self.working_days or self.months)


STEPS: tuple[StepRule, ...] = (
    StepRule("conclusion", gettext_noop("Forensic expert's conclusion"), None),
    StepRule("proposal", gettext_noop("Proposal to the authorised body"), "conclusion", working_days=7, point="16"),
    StepRule(
        "forensic_request", gettext_noop("Materials sent for the quantities"), "proposal", working_days=7, point="17"
    ),
    StepRule(
        "quantities", gettext_noop("Conclusion on the quantities"), "forensic_request", working_days=10, point="18"
    ),
    StepRule("draft", gettext_noop("Draft decree agreed and submitted"), "quantities", months=1, point="19"),
    StepRule("approvals", gettext_noop("Approvals"), "draft"),
    StepRule("decree", gettext_noop("Decree adopted"), "approvals"),
    StepRule("in_force", gettext_noop("In force"), "decree"),
    StepRule("incb_notice", gettext_noop("INCB notified"), "decree", point="20"),
)
STEP_CODES = tuple(s.code for s in STEPS)
_BY_CODE = {s.code: s for s in STEPS}


def step_rule(code: str) -> StepRule:
    return _BY_CODE[code]


@lru_cache(maxsize=64)
def _kz_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("KZ", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _kz_holidays(day.year)


def add_working_days(start: date, count: int) -> date:
    """The `count`-th working day after `start` (a term "within N working days of" that day)."""
    day = start
    added = 0
    while added < count:
        day += timedelta(days=1)
        if is_working_day(day):
            added += 1
    return day


def add_months(start: date, months: int) -> date:
    """The same day `months` later (the last day of a shorter month)."""
    month = start.month - 1 + months
    year = start.year + month // 12
    month = month % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise ValueError(start)  # pragma: no cover - day 28 exists in every month


def due_on(code: str, started: date) -> date | None:
    """The due date of step `code` when the step it follows was done on `started`; None without a term."""
    rule = _BY_CODE[code]
    if rule.working_days:
        return add_working_days(started, rule.working_days)
    if rule.months:
        return add_months(started, rule.months)
    return None


def is_overdue(due: date | None, done: date | None, today: date) -> bool:
    return due is not None and done is None and today > due

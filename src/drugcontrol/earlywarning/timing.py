"""Time to control from the records: for each substance, its first detections (notifications, and the seizures of
new substances here), its procedure's dates, and the date its entry in Kazakhstan's list came into force (a query
over the list's versions)."""

from __future__ import annotations

from datetime import date

from django.db.models import Min

from drugcontrol.earlywarning.core.time_to_control import Timeline, TimeToControl, measure
from drugcontrol.earlywarning.exporting import first_detected_here
from drugcontrol.earlywarning.models import Notification, ProcedureStep
from drugcontrol.lists.models import ListEntry

HOME = "KZ"
BASE_ACT = "470"
"""The decree that set the list: its entries were not added by an amendment, so they have no time to control."""


def _first_detections() -> tuple[dict[str, date], dict[str, date]]:
    """First detection anywhere (any notification or a detection here), and here (`first_detected_here`)."""
    live = Notification.objects.exclude(status=Notification.Status.RETRACTED)
    anywhere = dict(live.values("inchikey").annotate(d=Min("detected_on")).values_list("inchikey", "d"))
    here = first_detected_here()
    for key, day in here.items():
        if key not in anywhere or day < anywhere[key]:
            anywhere[key] = day
    return anywhere, here


def timelines() -> list[Timeline]:
    """Every substance added to Kazakhstan's list by an amendment, and every substance in a procedure."""
    anywhere, here = _first_detections()
    steps: dict[str, dict[str, date]] = {}
    names: dict[str, str] = {}
    for step in ProcedureStep.objects.filter(done_on__isnull=False).select_related("case"):
        steps.setdefault(step.case.inchikey, {})[step.code] = step.done_on
        names[step.case.inchikey] = step.case.name
    result: dict[str, Timeline] = {}
    added = (
        ListEntry.objects.filter(jurisdiction_id=HOME, change=ListEntry.Change.ADDED)
        .exclude(added_by__number=BASE_ACT)
        .select_related("substance", "added_by")
        .order_by("valid_from")
    )
    for entry in added:
        key = entry.substance.inchikey or f"substance-{entry.substance_id}"
        if key in result:
            continue
        result[key] = Timeline(
            name=entry.substance.name_ru or entry.substance.name_en,
            first_anywhere=anywhere.get(key),
            first_here=here.get(key),
            in_force=entry.valid_from,
            act=entry.added_by.number,
            steps=steps.get(key, {}),
        )
    for key, done in steps.items():
        if key not in result:
            result[key] = Timeline(
                name=names[key],
                first_anywhere=anywhere.get(key),
                first_here=here.get(key),
                in_force=done.get("in_force"),
                steps=done,
            )
    return list(result.values())


def time_to_control() -> list[TimeToControl]:
    return sorted((measure(t) for t in timelines()), key=lambda r: (r.in_force or date.max, r.name))


def act_figures() -> list[dict[str, object]]:
    """For each amendment of the list: signed, in force, the days between, and how many substances it added."""
    from drugcontrol.lists.models import LegalAct

    rows = []
    for act in LegalAct.objects.filter(jurisdiction_id=HOME).exclude(number=BASE_ACT).order_by("in_force_from"):
        added = ListEntry.objects.filter(jurisdiction_id=HOME, added_by=act, change=ListEntry.Change.ADDED).count()
        days = (act.in_force_from - act.signed_on).days if act.signed_on and act.in_force_from else None
        rows.append(
            {
                "act": act.number,
                "signed_on": act.signed_on,
                "in_force_from": act.in_force_from,
                "days": days,
                "added": added,
                "estimated": "estimated" in act.notes,
            }
        )
    return rows

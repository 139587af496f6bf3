"""The Decree 366 procedure for chosen substances: open it, record each step, remind of overdue steps, and apply
the adopted decree to the list (a new version of Kazakhstan's list through the list import)."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from drugcontrol.audit.actions import do_record_event
from drugcontrol.earlywarning.actions.screening import send_alert
from drugcontrol.earlywarning.core.procedure import STEPS, due_on, is_overdue, step_rule
from drugcontrol.earlywarning.messages import ALERT_OVERDUE, NOT_ADOPTED, STEP_DONE, STEP_ORDER
from drugcontrol.earlywarning.models import CoverageAlert, Notification, ProcedureCase, ProcedureStep
from drugcontrol.earlywarning.quantities import proposed_quantities
from drugcontrol.errors import InputRefused
from drugcontrol.listcore.import_rows import parse_mapping
from drugcontrol.lists.actions.list_imports import ActInput, ImportReport, do_import_list

HOME = "KZ"
SECTION = "A (наркотические средства)"
"""The section of table I new substances join (the decree's own heading)."""


def do_open_procedures(
    notification_ids: Sequence[int], *, conclusion_on: date, actor: Any, table: str = "I"
) -> list[ProcedureCase]:
    """One procedure per substance not yet in one, starting from the forensic expert's conclusion."""
    opened = []
    with transaction.atomic():
        for notification in Notification.objects.filter(pk__in=list(notification_ids)).order_by("detected_on", "id"):
            if ProcedureCase.objects.filter(inchikey=notification.inchikey).exists():
                continue
            case = ProcedureCase.objects.create(
                name=notification.name_ru or notification.name,
                inchikey=notification.inchikey,
                notification=notification,
                table=table,
                quantities=proposed_quantities(notification.screening),
                opened_at=timezone.now(),
            )
            for position, rule in enumerate(STEPS):
                ProcedureStep.objects.create(
                    case=case,
                    code=rule.code,
                    position=position,
                    done_on=conclusion_on if rule.code == "conclusion" else None,
                    due_on=due_on(rule.code, conclusion_on) if rule.after == "conclusion" else None,
                )
            opened.append(case)
        do_record_event(
            actor=actor,
            action="warning.procedure_open",
            object_type="procedure",
            object_id=",".join(str(c.pk) for c in opened),
            details={"conclusion_on": conclusion_on.isoformat(), "count": len(opened)},
        )
    return opened


def do_complete_step(case: ProcedureCase, code: str, *, done_on: date, actor: Any, note: str = "") -> ProcedureStep:
    """Record a step as done; the steps that follow it get their due dates from this one."""
    rule = step_rule(code)
    with transaction.atomic():
        steps = {s.code: s for s in ProcedureStep.objects.select_for_update().filter(case=case)}
        step = steps[code]
        if step.done_on is not None:
            raise InputRefused(STEP_DONE, field="step", step=code)
        if rule.after is not None and steps[rule.after].done_on is None:
            raise InputRefused(STEP_ORDER, field="step", step=code, before=rule.after)
        step.done_on = done_on
        step.note = note
        step.save(update_fields=["done_on", "note"])
        for follower in STEPS:
            if follower.after == code and follower.code in steps:
                steps[follower.code].due_on = due_on(follower.code, done_on)
                steps[follower.code].save(update_fields=["due_on"])
        do_record_event(
            actor=actor,
            action="warning.procedure_step",
            object_type="procedure",
            object_id=case.pk,
            details={"step": code, "done_on": done_on.isoformat()},
        )
    return step


def overdue_steps(today: date) -> list[ProcedureStep]:
    return [
        s
        for s in ProcedureStep.objects.filter(done_on__isnull=True, due_on__lt=today, case__status="open")
        .select_related("case")
        .order_by("due_on")
        if is_overdue(s.due_on, s.done_on, today)
    ]


def do_send_reminders(*, today: date | None = None, actor: Any) -> int:
    """An alert to the list administrators for each overdue step, once a day at most."""
    today = today or timezone.localdate()
    count = 0
    with transaction.atomic():
        for step in overdue_steps(today):
            if step.reminded_on == today:
                continue
            send_alert(
                kind=CoverageAlert.Kind.OVERDUE,
                message=ALERT_OVERDUE,
                params={"step": step_rule(step.code).label, "name": step.case.name, "due": step.due_on.isoformat()},
                step=step,
            )
            step.reminded_on = today
            step.save(update_fields=["reminded_on"])
            count += 1
        do_record_event(
            actor=actor,
            action="warning.reminders",
            object_type="procedure",
            details={"today": today.isoformat(), "overdue": count},
        )
    return count


def do_apply_amendment(
    cases: Sequence[ProcedureCase],
    *,
    act_number: str,
    signed_on: date,
    in_force_from: date,
    actor: Any,
    title: str = "",
) -> ImportReport:
    """The adopted decree becomes the next version of Kazakhstan's list: its substances are added from the date it
    comes into force, through the list import (which records the act, validates, and writes its own audit row)."""
    for case in cases:
        decree = case.steps.get(code="decree")
        if decree.done_on is None:
            raise InputRefused(NOT_ADOPTED, field="procedure", name=case.name)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"decree-{act_number}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(
                [
                    "name_ru",
                    "name_kk",
                    "name_en",
                    "smiles",
                    "cas",
                    "table",
                    "section",
                    "small",
                    "large",
                    "especially_large",
                ]
            )
            for case in cases:
                n = case.notification
                q = case.quantities or {}
                writer.writerow(
                    [
                        case.name,
                        n.name_kk,
                        n.name_en or n.name,
                        n.smiles,
                        n.cas,
                        case.table,
                        SECTION,
                        q.get("small", ""),
                        q.get("large", ""),
                        q.get("especially_large", ""),
                    ]
                )
        with transaction.atomic():
            report = do_import_list(
                path,
                jurisdiction_code=HOME,
                mapping=parse_mapping([]),
                act=ActInput(
                    number=act_number,
                    title=title,
                    issuer="Government of the Republic of Kazakhstan",
                    signed_on=signed_on,
                    in_force_from=in_force_from,
                ),
                default_effective=in_force_from,
                actor=actor,
            )
            for case in cases:
                ProcedureStep.objects.filter(case=case, code="in_force").update(done_on=in_force_from)
                case.status = ProcedureCase.Status.APPLIED
                case.act_number = act_number
                case.save(update_fields=["status", "act_number"])
            do_record_event(
                actor=actor,
                action="warning.amendment_applied",
                object_type="procedure",
                object_id=",".join(str(c.pk) for c in cases),
                details={"act": act_number, "in_force_from": in_force_from.isoformat(), "report": report.summary()},
            )
    return report

"""Screen notifications against Kazakhstan's list in force today, and alert the list administrators when a
substance arrives that the list does not cover."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from drugcontrol.audit.actions import do_record_event
from drugcontrol.earlywarning.grounds import Grounds, grounds_for, seizure_counts
from drugcontrol.earlywarning.messages import ALERT_UNCOVERED
from drugcontrol.earlywarning.models import CoverageAlert, Notification
from drugcontrol.lists.assessors import assessor_as_of
from drugcontrol.messages import Message, render

HOME = "KZ"
ALERT_PERMISSION = "earlywarning.receive_coverage_alerts"


def _entry(entry: Any) -> dict[str, Any]:
    return {
        "names": dict(entry.names),
        "table": entry.table,
        "number": entry.number,
        "act": entry.added_by.label if entry.added_by else "",
        "thresholds": [[*list(t.raw), t.unit, t.form] for t in entry.thresholds],
    }


def screening_of(assessment: Any, grounds: Any) -> dict[str, Any]:
    """What is kept of one assessment: the verdict, what it rests on, the nearest entries, the grounds."""
    basis = assessment.entry
    return {
        "verdict": assessment.verdict,
        "as_of": assessment.as_of.isoformat(),
        "basis": _entry(basis) if basis is not None else None,
        "group": assessment.group.group_id if assessment.group is not None else "",
        "parents": [_entry(p.entry) for p in assessment.parents[:3]],
        "similar": [{**_entry(s.entry), "score": round(s.score, 3)} for s in assessment.similar[:3]],
        "grounds": grounds.to_dict(),
        "error": assessment.error_message,
    }


def alert_recipients() -> list[Any]:
    users = get_user_model().objects.with_perm(
        ALERT_PERMISSION, include_superusers=False, backend="django.contrib.auth.backends.ModelBackend"
    )
    return list(users.filter(is_active=True))


def send_alert(
    *, kind: str, message: Message, params: dict[str, Any], notification: Any = None, step: Any = None
) -> int:
    """One in-app alert per list administrator, and an e-mail in their language when mail is configured."""
    now = timezone.now()
    count = 0
    for user in alert_recipients():
        alert = CoverageAlert.objects.create(
            recipient=user,
            kind=kind,
            notification=notification,
            step=step,
            code=message.code,
            params=params,
            created_at=now,
        )
        if settings.WARNING_ALERT_MAIL and user.email:
            with translation.override(settings.LANGUAGE_CODE):
                text = render(message.code, params, translation.gettext)
            send_mail(text[:120], text, None, [user.email], fail_silently=True)
            alert.emailed = True
            alert.save(update_fields=["emailed"])
        count += 1
    return count


def do_screen_notifications(ids: Iterable[int] | None = None, *, actor: Any, day: date | None = None) -> dict[str, int]:
    """Assess each notification (all when `ids` is None) against the KZ list in force on `day` (today).

    A notification found uncovered that was not uncovered before raises an alert to the list administrators,
    unless another notification of the same substance was already known to be uncovered.
    """
    day = day or timezone.localdate()
    assessor = assessor_as_of(HOME, day)
    queryset = Notification.objects.all() if ids is None else Notification.objects.filter(pk__in=list(ids))
    counts: dict[str, int] = {}
    with transaction.atomic():
        for notification in queryset.order_by("id"):
            assessment = assessor.assess(notification.smiles)
            grounds = grounds_for(notification.inchikey, day)
            was_uncovered_before = Notification.objects.filter(inchikey=notification.inchikey, covered=False).exists()
            notification.verdict = assessment.verdict
            notification.covered = assessment.controlled
            notification.screened_on = day
            notification.screening = screening_of(assessment, grounds)
            notification.save(update_fields=["verdict", "covered", "screened_on", "screening"])
            counts[assessment.verdict] = counts.get(assessment.verdict, 0) + 1
            if notification.covered is False and not was_uncovered_before:
                send_alert(
                    kind=CoverageAlert.Kind.UNCOVERED,
                    message=ALERT_UNCOVERED,
                    params={
                        "name": notification.name,
                        "country": notification.country,
                        "date": notification.detected_on.isoformat(),
                    },
                    notification=notification,
                )
        do_record_event(
            actor=actor,
            action="warning.screen",
            object_type="notification",
            object_id="all" if ids is None else "",
            details={"as_of": day.isoformat(), "counts": counts},
        )
    return counts


def uncovered_ranked(day: date | None = None) -> list[dict[str, Any]]:
    """Every uncovered substance once (its notifications together), ranked by grounds, then reports and seizures.

    The legal grounds are those of the last screening; the seizures here are counted now."""
    by_key: dict[str, dict[str, Any]] = {}
    for n in (
        Notification.objects.filter(covered=False)
        .exclude(status=Notification.Status.RETRACTED)
        .order_by("detected_on", "id")
    ):
        row = by_key.setdefault(
            n.inchikey,
            {"inchikey": n.inchikey, "name": n.display_name, "smiles": n.smiles, "first": n, "notifications": []},
        )
        row["notifications"].append(n)
    rows = []
    seized = seizure_counts(by_key)
    for key, row in by_key.items():
        latest = row["notifications"][-1]
        grounds = Grounds.from_dict(latest.screening.get("grounds", {}))
        grounds.seized_here = seized.get(key, 0)  # seizures go on being recorded after the screening
        row.update(
            grounds=grounds.to_dict(),
            score=grounds.score,
            verdict=latest.verdict,
            similar=latest.screening.get("similar", []),
        )
        rows.append(row)
    return sorted(rows, key=lambda r: (-r["score"], r["first"].detected_on, r["name"]))


def mark_alerts_read(user: Any, ids: Sequence[int]) -> int:
    return CoverageAlert.objects.filter(recipient=user, pk__in=ids, read_at__isnull=True).update(read_at=timezone.now())

"""The audit viewer, through HTTP: the registry administrator filters the log by user, person, action and date and
exports it as CSV (formulas escaped); every look at the log is itself logged; other roles are refused."""

from __future__ import annotations

import csv
import io

from django.utils import timezone
from tests.registry.conftest import World

from drugcontrol.audit.actions import do_record_event
from drugcontrol.audit.models import AuditEvent

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_administrator_filters_by_person_and_user_and_the_viewing_is_logged(world: World) -> None:
    world.client("physician_a").get(f"/registry/people/{world.person.pk}/")
    client = world.client("admin")
    today = timezone.localdate().isoformat()
    answer = client.get(
        "/audit/",
        {"person": world.person.pk, "user": "physician_a", "action": "registry.person.read", "since": today},
        **EN,
    )
    text = answer.content.decode()
    assert answer.status_code == 200 and "physician_a" in text and "registry.person.read" in text
    assert "physician_b" not in text.split('id="audit-events"')[1]
    viewed = AuditEvent.objects.filter(action="audit.viewed", actor=world.users["admin"]).last()
    assert viewed.details["filters"]["person"] == str(world.person.pk)


def test_the_export_is_csv_with_formulas_escaped_and_is_logged(world: World) -> None:
    do_record_event(actor=world.users["physician_a"], action="registry.note", purpose='=HYPERLINK("x")')
    answer = world.client("admin").get("/audit/", {"action": "registry.note", "format": "csv"})
    assert answer["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.content.decode())))
    assert [r["purpose"] for r in rows] == ['\'=HYPERLINK("x")']
    assert AuditEvent.objects.filter(action="audit.exported", actor=world.users["admin"]).exists()


def test_other_roles_are_refused(world: World) -> None:
    for role in ("physician_a", "chief_a", "analyst", "police", "norole"):
        assert world.client(role).get("/audit/").status_code == 403
    assert world.client("anonymous").get("/audit/").status_code == 302

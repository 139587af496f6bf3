"""The demo history: loaded only when asked for, with the demo account that has the early-warning roles; through
HTTP its pages show time to control, our own first detections and the coverage.

Its seizures need the demo investigator of the offences demo; without one (here, to keep the test cheap: they would
build the assessors of two more list versions) they are left out and the report says so. `drugcontrol setup --demo`
loads them (tests/web/test_safe_defaults.py runs it), and tests/warning/test_seizures_here.py tests the same path."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from tests.warning.conftest import client_for

from drugcontrol.earlywarning.demo import DEMO_ACCOUNT, do_load_warning_demo
from drugcontrol.earlywarning.models import Notification

pytestmark = pytest.mark.django_db


def test_the_demo_history_and_account_exist_only_when_asked_for() -> None:
    user_model = get_user_model()
    assert not user_model.objects.filter(username=DEMO_ACCOUNT).exists()
    report = do_load_warning_demo(actor="tests")
    assert "0 seizures" in report and DEMO_ACCOUNT in report
    assert do_load_warning_demo(actor="tests").startswith("early-warning demo: already loaded")
    officer = user_model.objects.get(username=DEMO_ACCOUNT)
    assert officer.has_perm("earlywarning.manage_warning") and officer.has_perm("earlywarning.receive_coverage_alerts")
    client = client_for(officer)
    timing = client.get("/warning/time-to-control/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Median days from first detection anywhere:" in timing
    assert "Median days from first detection in Kazakhstan:" in timing
    own = client.get("/api/warning/notifications/own").json()["notifications"]
    assert {n["first_detection"]["context"] for n in own} == {"poisoning", "test_purchase", "online_offer", "death"}
    assert len(own) == 6
    coverage = client.get("/api/warning/coverage", HTTP_ACCEPT_LANGUAGE="en").json()
    assert coverage[0]["name"] == "Protonitazene" and len(coverage) == 4
    assert client.get("/warning/", HTTP_ACCEPT_LANGUAGE="en").content.decode().count("New uncovered substance") == 4
    assert client.get("/warning/samples/").status_code == 200
    assert Notification.objects.filter(reference__startswith="DEMO-").count() == 18

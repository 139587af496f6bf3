"""Shared fixtures: the reference data folder beside the repository, and the demo data in the test database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared/data, or a skip that says what is missing."""
    if not SHARED.is_dir():
        pytest.skip(f"reference data not found at {SHARED} (the ../shared folder beside the repository)")
    return SHARED


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every database test sees Kazakhstan's demo list, loaded once per test database.

    Transactional tests empty the database and restore the copy Django took when it created it
    (``serialized_rollback``); the list's rows are added to that copy, so the tests after them see the list too.
    The audit rows of the load are left out: the log is append-only."""
    from drugcontrol.lists.actions.demo_data import do_load_demo

    with django_db_blocker.unblock():
        do_load_demo(actor="tests")
        _let_flush_truncate_the_audit_log()
        _keep_the_lists_in_the_restored_copy()


def _keep_the_lists_in_the_restored_copy() -> None:
    from django.apps import apps
    from django.core import serializers
    from django.db import connection

    rows = [row for model in apps.get_app_config("lists").get_models() for row in model._default_manager.order_by("pk")]
    restored = json.loads(connection._test_serialized_contents or "[]")
    connection._test_serialized_contents = json.dumps(restored + json.loads(serializers.serialize("json", rows)))


def _let_flush_truncate_the_audit_log() -> None:
    """Django empties the database after each transactional test with TRUNCATE, which the audit log refuses
    on PostgreSQL; the test database alone lets it (tests of the refusal enable the trigger again)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_truncate")


RISK_TEST_SOURCES = ("KZ", "SWGDRUG", "PiHKAL", "medicines")
"""A small NPS-likeness model for tests: a part of the reference data, few rounds (seconds, not a minute)."""


@pytest.fixture(scope="session")
def risk_training(shared: Path):
    """The labelled training data of the small test model (read once per session)."""
    from drugcontrol.expertise.risk.data import load_training_set

    return load_training_set(shared, sources=RISK_TEST_SOURCES)


@pytest.fixture(scope="session")
def risk_model_path(risk_training, tmp_path_factory) -> Path:
    """A small NPS-likeness model file built once per session (the model is never committed: several
    sources state no licence); skipped with a message when ../shared is absent. Point
    ``DRUGCONTROL_RISK_MODEL`` at it (``monkeypatch.setenv``) for code that calls ``load_model()``."""
    from drugcontrol.expertise.risk.train import train_model

    model, _ = train_model(risk_training, rounds=40, folds=3)
    return model.save(tmp_path_factory.mktemp("risk-model") / "nps-likeness.zip")

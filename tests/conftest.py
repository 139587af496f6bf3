"""Shared fixtures: the reference data folder beside the repository, and the demo data in the test database."""

from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path

import lightgbm
import pytest
from rdkit import rdBase

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"
SRC = REPO / "src" / "drugcontrol"


DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
        "database_url",
    }
)
"""Fixtures through which a test reaches a database (``database_url``: a database of the test's own on the
suite's engine, for the subprocess tests)."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only the tests that reach a database: a second pass on another engine, where the others "
        "would only repeat themselves",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--database-tests-only"):
        return
    kept = [item for item in items if uses_database(item)]
    dropped = [item for item in items if not uses_database(item)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def uses_database(item: pytest.Item) -> bool:
    """Whether the test reaches a database: marked ``django_db`` or asking for a database fixture (directly or
    through another fixture)."""
    if item.get_closest_marker("django_db"):
        return True
    return bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))


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

    serialized = getattr(connection, "_test_serialized_contents", None)
    if serialized is None:  # no test of this run restores a copy (none asks for serialized_rollback)
        return
    rows = [row for model in apps.get_app_config("lists").get_models() for row in model._default_manager.order_by("pk")]
    restored = json.loads(serialized or "[]")
    connection._test_serialized_contents = json.dumps(restored + json.loads(serializers.serialize("json", rows)))


def _let_flush_truncate_the_audit_log() -> None:
    """Django empties the database after each transactional test with TRUNCATE, which the audit log refuses
    on PostgreSQL; the test database alone lets it (tests of the refusal enable the trigger again)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_truncate")


def built_once(
    config: pytest.Config, name: str, inputs: Iterable[Path], build: Callable[[Path], object], salt: str = ""
) -> Path:
    """A file built from ``inputs`` (files or folders; ``salt``: anything else it depends on, such as a library's
    version or a parameter) once for every worker and every pass of the suite over the same checkout.

    Kept in pytest's cache folder (never committed) under the digest of the inputs' content, so a change of data
    or code builds it anew (and the older build is removed). The first worker that needs it builds it under a
    lock; the others wait and read it."""
    digest = hashlib.sha256(salt.encode())
    for root in sorted(inputs):
        for path in sorted(root.rglob("*")) if root.is_dir() else [root]:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root.parent)).encode())
                digest.update(path.read_bytes())
    folder = config.cache.mkdir("built")
    stem, suffix = Path(name).stem, Path(name).suffix
    target = folder / f"{stem}-{digest.hexdigest()[:20]}{suffix}"
    with (folder / f"{stem}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.exists():
            part = target.with_name(target.name + ".part")
            build(part)
            part.replace(target)
            for older in folder.glob(f"{stem}-*{suffix}"):
                if older != target:
                    older.unlink(missing_ok=True)
    return target


@pytest.fixture(scope="session")
def build_once(request: pytest.FixtureRequest) -> Callable[..., Path]:
    """`built_once` for the fixtures of every test folder: ``build_once(name, inputs, build, salt="")``."""
    return functools.partial(built_once, request.config)


RISK_TEST_SOURCES = ("KZ", "SWGDRUG", "PiHKAL", "medicines")
"""A small NPS-likeness model for tests: a part of the reference data, few rounds (seconds, not a minute)."""
RISK_INPUTS = (SRC / "chem", SRC / "expertise" / "risk", SRC / "lists" / "demo")
"""The code and project data the test model is made of (with ../shared/data): a change there builds it anew."""
RISK_SALT = f"sources={RISK_TEST_SOURCES} rounds=40 folds=3 rdkit={rdBase.rdkitVersion} lightgbm={lightgbm.__version__}"


@pytest.fixture(scope="session")
def risk_training(build_once, shared: Path):
    """The labelled training data of the small test model, read and standardised once for the whole run."""
    from drugcontrol.expertise.risk.data import load_training_set

    def build(path: Path) -> None:
        with path.open("wb") as out:
            pickle.dump(load_training_set(shared, sources=RISK_TEST_SOURCES), out)

    inputs = (*RISK_INPUTS, shared / "lists", shared / "reference", shared / "negatives")
    with build_once("risk-training.pickle", inputs, build, RISK_SALT).open("rb") as cached:
        return pickle.load(cached)  # noqa: S301 - written by this very function


@pytest.fixture(scope="session")
def risk_model_path(build_once, risk_training, shared: Path) -> Path:
    """A small NPS-likeness model file built once for the whole run (the model is never committed: several
    sources state no licence); skipped with a message when ../shared is absent. Point
    ``DRUGCONTROL_RISK_MODEL`` at it (``monkeypatch.setenv``) for code that calls ``load_model()``."""
    from drugcontrol.expertise.risk.train import train_model

    def build(path: Path) -> None:
        model, _ = train_model(risk_training, rounds=40, folds=3)  # as RISK_SALT says
        model.save(path)

    inputs = (*RISK_INPUTS, shared / "lists", shared / "reference", shared / "negatives")
    return build_once("risk-model.zip", inputs, build, RISK_SALT)

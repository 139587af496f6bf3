"""Shared fixtures: the reference data folder beside the repository, and the demo data in the test database."""

from __future__ import annotations

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
    """Every database test sees Kazakhstan's demo list, loaded once per test database."""
    from drugcontrol.lists.actions.demo_data import do_load_demo

    with django_db_blocker.unblock():
        do_load_demo(actor="tests")

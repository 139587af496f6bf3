"""Where a command's list comes from: the database as of a date, or a list bundle file (offline).

identify, assess and screen all take `--as-of`, `--jurisdiction` and `--list`; this is the one place that
reads them, so the three behave alike and fail alike.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import typer

from drugcontrol.cli.output import fail

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from drugcontrol.expertise.assess import Assessor
    from drugcontrol.listcore.snapshot import ListSnapshot
    from drugcontrol.listcore.steps import Step

T = TypeVar("T")


def parse_day(value: str | None, option: str = "--as-of") -> date:
    """A YYYY-MM-DD option, today when not given."""
    if not value:
        return date.today()  # noqa: DTZ011 - a calendar date
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option} {value!r} is not a date (YYYY-MM-DD)")


def read_structure_arg(structure: str, lang: str = "en") -> str:
    """The structure itself, or the content of the molfile/SDF it names; refused (exit 2) when longer than
    the ``STRUCTURE_MAX_CHARS`` setting, with the message the pages and the API give, in ``lang``."""
    text = structure
    if len(structure) < 4096 and Path(structure).suffix.lower() in {".mol", ".sdf"}:
        path = Path(structure)
        if not path.is_file():
            fail(f"{structure}: no such file")
        text = path.read_text(encoding="utf-8", errors="replace")
    from drugcontrol.cli.django_setup import setup_django

    setup_django()
    from django.utils import translation

    from drugcontrol.lists.structure_input import structure_size_error

    with translation.override(lang):
        error = structure_size_error(text)
    if error is not None:
        fail(error)
    return text


def render_steps(steps: Sequence[Step], lang: str) -> list[str]:
    """Explanation steps in ``lang`` (ru, kk or en), as the pages and the API render them."""
    from drugcontrol.cli.django_setup import setup_django

    setup_django()
    from django.utils import translation

    from drugcontrol.lists.report_rendering import step_texts

    with translation.override(lang):
        return step_texts(steps)


def require_lists_database() -> None:
    """Django set up and the lists' tables present; otherwise say what to run (never a traceback)."""
    from drugcontrol.cli.django_setup import setup_django

    setup_django()
    from django.db import DatabaseError, connection

    try:
        tables = set(connection.introspection.table_names())
    except DatabaseError as exc:
        fail(f"the database cannot be reached ({exc}); check DATABASE_URL")
    if "lists_jurisdiction" not in tables:
        fail(
            "the database is not set up yet: run `drugcontrol setup` first (`drugcontrol setup --demo` also loads "
            "the demo list), or give a list bundle with --list"
        )


def _note_bundle_date(bundle_day: date, day: date, as_of_given: bool) -> None:
    if as_of_given and day != bundle_day:
        typer.secho(
            f"note: the bundle describes the list as of {bundle_day}, not {day}", err=True, fg=typer.colors.YELLOW
        )


def load_snapshot(jurisdiction: str, day: date, list_bundle: Path | None, *, as_of_given: bool) -> ListSnapshot:
    from drugcontrol.listcore.bundle import read_bundle

    def from_database() -> ListSnapshot:
        from drugcontrol.lists.snapshots import snapshot_as_of

        return snapshot_as_of(jurisdiction, day)

    return _from_bundle_or_database(lambda: read_bundle(list_bundle), from_database, list_bundle, day, as_of_given)


def load_assessor(jurisdiction: str, day: date, list_bundle: Path | None, *, as_of_given: bool) -> Assessor:
    def from_bundle() -> Assessor:
        from drugcontrol.expertise.offline import assessor_from_bundle
        from drugcontrol.listcore.bundle import read_bundle_contents

        return assessor_from_bundle(read_bundle_contents(list_bundle))

    def from_database() -> Assessor:
        from drugcontrol.lists.assessors import assessor_as_of

        return assessor_as_of(jurisdiction, day)

    return _from_bundle_or_database(from_bundle, from_database, list_bundle, day, as_of_given)


def _from_bundle_or_database(
    from_bundle: Callable[[], T], from_database: Callable[[], T], list_bundle: Path | None, day: date, as_of_given: bool
) -> T:
    """The list (or its assessor) from the bundle file when one is given, else from the database; a bad bundle, a
    database not set up, or an unknown jurisdiction ends the command with its reason."""
    if list_bundle is not None:
        from drugcontrol.listcore.bundle import BundleFormatError

        try:
            loaded = from_bundle()
        except BundleFormatError as exc:
            fail(str(exc))
        _note_bundle_date(loaded.as_of, day, as_of_given)
        return loaded
    require_lists_database()
    from drugcontrol.lists.snapshots import UnknownJurisdiction

    try:
        return from_database()
    except UnknownJurisdiction as exc:
        fail(str(exc))

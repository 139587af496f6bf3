"""The aggregate tables of the dashboards: rebuild them from the records, check them against a recomputation."""

from __future__ import annotations

import time

import typer

from drugcontrol.cli.django_setup import setup_django
from drugcontrol.cli.output import fail

app = typer.Typer(
    help="Aggregate tables of the dashboards: rebuild them from the records; check that they match the records.",
    no_args_is_help=True,
)
DEFAULT_TOPIC = "registry.register"


def _topic(name: str):
    from django.utils.translation import gettext as _

    from drugcontrol.aggregates.topics import TOPICS, get_topic

    try:
        return get_topic(name)
    except KeyError:
        fail(_("unknown topic %(topic)s; known: %(known)s") % {"topic": name, "known": ", ".join(sorted(TOPICS))})


@app.command()
def rebuild(topic: str = typer.Option(DEFAULT_TOPIC, help="The topic to rebuild.")) -> None:
    """Recompute every count of the topic from the records (after a bulk load or a repair)."""
    setup_django()
    from django.utils.translation import gettext as _

    from drugcontrol.aggregates.store import rebuild as rebuild_topic

    started = time.perf_counter()
    counted = rebuild_topic(_topic(topic))
    typer.echo(
        _("%(topic)s rebuilt: %(count)s subjects counted in %(seconds).1f s")
        % {"topic": topic, "count": counted, "seconds": time.perf_counter() - started}
    )


@app.command()
def check(
    topic: str = typer.Option(DEFAULT_TOPIC, help="The topic to check."),
    limit: int = typer.Option(100, help="At most this many differences listed."),
) -> None:
    """Recompute the topic from the records and list every count that differs; exit 1 if any does."""
    setup_django()
    from django.utils.translation import gettext as _

    from drugcontrol.aggregates.store import check as check_topic

    differences = check_topic(_topic(topic), limit=limit)
    for d in differences:
        key = " ".join(f"{name}={value}" for name, value in d.key._asdict().items() if value)
        typer.echo(
            _("%(table)s %(day)s %(key)s: stored %(stored)s, recomputed %(expected)s")
            % {"table": d.table, "day": d.day.isoformat(), "key": key, "stored": d.stored, "expected": d.expected}
        )
    if differences:
        typer.echo(_("%(topic)s: %(count)s differences with the records") % {"topic": topic, "count": len(differences)})
        raise typer.Exit(1)
    typer.echo(_("%(topic)s matches the records") % {"topic": topic})

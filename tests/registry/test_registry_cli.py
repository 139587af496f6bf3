"""`drugcontrol registry ...`: users, demo data, proposals, duplicates and retention from the command line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from drugcontrol.cli.main import app

runner = CliRunner()
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_help_lists_the_registry_commands() -> None:
    output = runner.invoke(app, ["registry", "--help"]).output
    for command in ("create-user", "anonymise-due", "propose-deregistrations", "find-duplicates", "load-demo"):
        assert command in output


@pytest.mark.django_db
def test_demo_then_proposals_duplicates_and_users(settings) -> None:
    settings.PASSWORD_HASHERS = FAST_HASHER
    first = runner.invoke(app, ["registry", "load-demo"])
    assert first.exit_code == 0 and "8 synthetic people" in first.output, first.output
    again = runner.invoke(app, ["registry", "load-demo"])
    assert "people already present" in again.output
    # The demo's third person has been in remission for over three years: due for deregistration.
    proposals = json.loads(runner.invoke(app, ["registry", "propose-deregistrations", "--json"]).output)
    assert [p["reason"] for p in proposals] == ["remission"]
    # The demo holds one Latin-typed twin of its first person.
    found = runner.invoke(app, ["registry", "find-duplicates"])
    assert found.exit_code == 0 and found.output.startswith("1 candidate")
    created = runner.invoke(
        app, ["registry", "create-user", "dr_aktobe", "--role", "physician", "--facility", "NC-15", "--password", "x"]
    )
    assert created.exit_code == 2 and "--password" in created.output and "12" in created.output  # too short
    physician = ["registry", "create-user", "dr_aktobe", "--role", "physician", "--facility", "NC-15"]
    created = runner.invoke(app, [*physician, "--password", "steppe-lantern-41"])
    assert created.exit_code == 0 and "physician NC-15" in created.output and "KZ-15" in created.output
    refused = runner.invoke(
        app, ["registry", "create-user", "chief2", "--role", "chief", "--password", "steppe-lantern-41"]
    )
    assert refused.exit_code == 2 and "needs a region" in refused.output
    assert runner.invoke(app, ["registry", "anonymise-due", "--as-of", "2020-01-01"]).output.strip() == (
        "0 records anonymised"
    )
    bad_date = runner.invoke(app, ["registry", "anonymise-due", "--as-of", "tomorrow"])
    assert bad_date.exit_code == 2 and "--as-of" in bad_date.output


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("env", "needs_region", "not_found", "bad_date"),
    [
        ({"DRUGCONTROL_LANGUAGE": "kk"}, "өңірлік басшыға облыс қажет (--region)", "табылмады: адам",
         "--as-of 2025-01-31 түріндегі күн болуы керек, алынғаны: 'tomorrow'."),
        ({"LANGUAGE": "ru:en", "LANG": "C.UTF-8"}, "руководителю нужна область (--region)", "не найдено: человек",
         "--as-of должен быть датой вида 2025-01-31, получено 'tomorrow'."),
        ({"LANG": "en_GB.UTF-8"}, "a regional chief needs a region (--region)", "person not found",
         "--as-of must be a date like 2025-01-31. Got 'tomorrow' instead."),
    ],
)  # fmt: skip
def test_registry_errors_are_printed_in_the_readers_language(
    settings, django_user_model, env: dict, needs_region: str, not_found: str, bad_date: str
) -> None:
    from drugcontrol.registry.models import Role, StaffProfile

    settings.PASSWORD_HASHERS = FAST_HASHER
    chief = django_user_model.objects.create_user("chief_cli", password=None)
    StaffProfile.objects.create(user=chief, role=Role.CHIEF, region_id="KZ-75")
    refused = runner.invoke(
        app, ["registry", "create-user", "chief2", "--role", "chief", "--password", "steppe-lantern-41"], env=env
    )
    assert (refused.exit_code, refused.output.strip()) == (2, f"error: {needs_region}")
    absent = runner.invoke(
        app, ["registry-data", "fhir", "999999", "--actor", "chief_cli", "--purpose", "export"], env=env
    )
    assert (absent.exit_code, absent.output.strip()) == (2, f"error: {not_found}")
    dated = runner.invoke(app, ["registry", "anonymise-due", "--as-of", "tomorrow"], env=env)
    assert (dated.exit_code, dated.output.strip()) == (2, f"error: {bad_date}")

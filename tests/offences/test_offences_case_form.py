"""The case-entry page through HTTP: the form is the action's data, the action's refusals land under the field and
the row concerned, nothing is half-written, an insider cannot record a case in another region, and it speaks
Russian and Kazakh."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from tests.offences.conftest import World

from drugcontrol.audit.models import AuditEvent
from drugcontrol.offences.models import Case, Seizure
from drugcontrol.offences.statistics import counts_from_aggregates

URL = "/offences/cases/new/"


def _post(**changes: Any) -> dict[str, Any]:
    """A filled form: a case, one participant, two seizures (the rest of the rows left empty)."""
    data: dict[str, Any] = {
        "number": "F-1",
        "act_date": "2025-05-20",
        "region": "KZ-75",
        "action": "sale",
        "circumstances": ["group"],
        "participants-TOTAL_FORMS": "2",
        "participants-INITIAL_FORMS": "0",
        "participants-0-role": "seller",
        "participants-0-age": "24",
        "participants-0-sex": "M",
        "seizures-TOTAL_FORMS": "2",
        "seizures-INITIAL_FORMS": "0",
        "seizures-0-substance": "героин",
        "seizures-0-net_g": "0.8",
        "seizures-1-substance": "АМФЕТАМИН",
        "seizures-1-net_g": "3",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_form_has_a_field_for_every_field_of_the_action_data(world: World) -> None:
    page = world.client("investigator_a").get(URL).content.decode()
    for name in ("number", "act_date", "region", "action", "circumstances", "opened_on", "summary",
                 "participants-0-role", "participants-0-age", "participants-0-iin", "seizures-0-substance",
                 "seizures-0-smiles", "seizures-0-net_g", "seizures-0-form", "seizures-0-dead_drop_lat"):  # fmt: skip
        assert f'name="{name}"' in page, name
    assert '<option value="KZ-75" selected>' in page  # the investigator's own region first


def test_a_case_entered_on_the_page_is_qualified_audited_and_counted(world: World) -> None:
    answer = world.client("investigator_a").post(URL, _post())
    case = Case.objects.get(number="F-1")
    assert answer.status_code == 302 and answer["Location"] == f"/offences/cases/{case.pk}/"
    assert (case.article, case.size) == ("297", "large")  # the gravest of the two seizures
    assert case.participants.get().role == "seller" and case.seizures.count() == 2
    event = AuditEvent.objects.get(action="offences.case.create", object_id=str(case.pk))
    assert event.actor == world.users["investigator_a"] and event.remote_addr == "10.9.8.7"
    assert counts_from_aggregates(2025, "KZ-75", "297").by_month[("5", "cases")] == 1


def test_a_refusal_of_the_action_is_shown_under_the_field_of_its_seizure_and_nothing_is_written(world: World) -> None:
    answer = world.client("investigator_a").post(URL, _post(**{"seizures-1-net_g": "-2"}))
    assert answer.status_code == 400
    page = answer.content.decode()
    second = page[page.index('id="seizure-1"') :]
    assert 'id="field-net_g"' in second[: second.index("</fieldset>")]
    assert "field-error" in second[: second.index("</fieldset>")]
    assert 'value="F-1"' in page  # what was typed is kept
    assert not Case.objects.filter(number="F-1").exists() and not Seizure.objects.filter(case__number="F-1").exists()


@pytest.mark.parametrize(
    ("changes", "row", "field"),
    [
        ({"participants-0-age": "abc"}, 'id="participant-0"', "age"),  # the form's type check
        ({"participants-0-age": "130"}, 'id="participant-0"', "age"),  # the action's rule
        ({"seizures-0-substance": "сахар"}, 'id="seizure-0"', "substance"),
        ({"act_date": "1990-01-01"}, 'id="case-fields"', "act_date"),
    ],
)
def test_each_error_is_under_its_field(world: World, changes: dict[str, str], row: str, field: str) -> None:
    answer = world.client("investigator_a").post(URL, _post(**changes))
    assert answer.status_code == 400
    page = answer.content.decode()
    block = page[page.index(row) :]
    block = block[: block.index("</fieldset>")]
    at = block.index(f'id="field-{field}"')
    assert "field-error" in block[at : block.index("</div>", at)], block[at : at + 600]
    assert not Case.objects.filter(number="F-1").exists()


def test_an_insider_cannot_record_a_case_in_another_region(world: World) -> None:
    answer = world.client("investigator_b").post(URL, _post())  # KZ-71's investigator, a case in KZ-75
    assert answer.status_code == 403
    assert not Case.objects.filter(number="F-1").exists()
    refusal = AuditEvent.objects.get(action="offences.refused", actor=world.users["investigator_b"])
    assert refusal.object_id == "KZ-75"


@pytest.mark.parametrize("name", ["analyst", "physician_a", "norole"])
def test_roles_that_do_not_record_cases_are_refused(world: World, name: str) -> None:
    assert world.client(name).get(URL).status_code == 403
    assert world.client(name).post(URL, _post()).status_code == 403
    assert not Case.objects.filter(number="F-1").exists()


def test_anonymous_users_are_sent_to_the_login_page(world: World) -> None:
    answer = world.client("anonymous").get(URL)
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]


@pytest.mark.parametrize(("language", "words"), [("ru", ("Новое дело", "Изъятие")), ("kk", ("Жаңа іс", "Алып қою"))])
def test_the_page_speaks_russian_and_kazakh(world: World, language: str, words: tuple[str, ...]) -> None:
    client = world.client("investigator_a")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(URL).content.decode()
    for word in words:
        assert word in page

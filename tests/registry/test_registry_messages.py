"""Registry errors travel as code + parameters and reach people in their language (ru, kk, en)."""

from __future__ import annotations

import pytest
from django.utils import translation

from drugcontrol.messages import _CATALOGUE, Message, render
from drugcontrol.registry import messages as registry_messages
from drugcontrol.registry.errors import RegistryError

REGISTRY_CODES = sorted({m.code for m in vars(registry_messages).values() if isinstance(m, Message)} | {"not_found"})


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_registry_message_has_a_translation(language: str) -> None:
    with translation.override(language):
        untranslated = [c for c in REGISTRY_CODES if translation.gettext(_CATALOGUE[c].text) == _CATALOGUE[c].text]
    assert untranslated == []


def test_an_error_keeps_its_code_and_parameters_and_renders_in_each_language() -> None:
    error = RegistryError(registry_messages.TOO_MANY_IINS, field="iins", limit=100, count=250)
    assert (error.code, error.params, error.field) == (
        "registry.too_many_iins",
        {"limit": 100, "count": 250, "field": "iins"},
        "iins",
    )
    assert str(error) == "at most 100 IINs per request. Got 250."
    with translation.override("ru"):
        assert error.render(translation.gettext) == "не более 100 ИИН в одном запросе, получено 250."
    with translation.override("kk"):
        assert error.render(translation.gettext) == "бір сұрауда 100 ЖСН-нен аспауы керек, алынғаны: 250."
    assert render(error.code, error.params) == str(error)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "this account has no registry role"),
        ("ru", "у этой учётной записи нет роли в регистре"),
        ("kk", "бұл тіркелгінің тіркелімде рөлі жоқ"),
    ],
)
def test_the_api_answers_a_registry_refusal_in_the_callers_language(
    client, django_user_model, language: str, expected: str
) -> None:
    user = django_user_model.objects.create_user("no_role", password="pw-no-role-1")
    client.force_login(user)
    response = client.get("/api/registry/me", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 403
    assert response.json() == {"detail": expected}


@pytest.mark.parametrize(
    ("language", "wrong_digit", "not_found"),
    [
        ("ru", "iin: ИИН недействителен: ИИН {iin}: контрольная цифра должна быть {good}, получено {bad}.",
         "не найдено: человек"),
        ("kk", "iin: ЖСН жарамсыз: ЖСН {iin}: бақылау цифры {good} болуы керек, алынғаны: {bad}.", "табылмады: адам"),
        ("en", "iin: the IIN is not valid: IIN {iin}: the check digit must be {good}. Got {bad} instead.",
         "person not found"),
    ],
)  # fmt: skip
def test_the_detail_of_a_bad_iin_and_the_noun_of_not_found_are_in_the_callers_language(
    world, language: str, wrong_digit: str, not_found: str
) -> None:
    from datetime import date

    from drugcontrol.registry.iin import make_iin

    good = make_iin(date(1988, 4, 12), "M", 3)
    bad = good[:11] + str((int(good[11]) + 1) % 10)
    body = {"last_name": "Новиков", "first_name": "Илья", "birth_date": "1988-04-12", "sex": "M", "region": "KZ-75"}
    client = world.client("physician_a")
    refused = client.post(
        "/api/registry/people", {**body, "iin": bad}, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
    )
    assert refused.status_code == 422
    assert refused.json()["detail"] == wrong_digit.format(iin=bad, good=good[11], bad=bad[11])
    absent = client.get("/api/registry/people/999999?purpose=care", HTTP_ACCEPT_LANGUAGE=language)
    assert absent.status_code == 404 and absent.json()["detail"] == not_found

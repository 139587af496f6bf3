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

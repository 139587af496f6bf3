"""Entering a case in headless Chromium, in Russian: an investigator opens the form from the case list, types a
case with a participant and a seizure, sees the action's refusal under the seizure's mass, corrects it and lands
on the case, qualified."""

from __future__ import annotations

import pytest
from tests.web.conftest import browser_context  # noqa: F401 - the shared Chromium fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "case-form-journey-1"


def test_an_investigator_enters_a_case_corrects_a_refused_mass_and_sees_it_qualified(browser_context) -> None:  # noqa: F811
    from django.contrib.auth import get_user_model

    from drugcontrol.registry.models import Role, StaffProfile

    user = get_user_model().objects.create_user(username="form-investigator", password=PASSWORD)
    StaffProfile.objects.create(user=user, role=Role.INVESTIGATOR, region_id="KZ-75")
    page = browser_context.new_page()
    page.goto("/accounts/login/?next=/offences/cases/")
    page.fill("input[name=username]", "form-investigator")
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url("**/offences/cases/")
    page.click("#lang-ru")
    page.click("#new-case")
    page.wait_for_selector("#case-form")
    assert page.inner_text("h1") == "Новое дело"
    page.fill("input[name=number]", "WEB-1")
    page.fill("input[name=act_date]", "2025-04-10")
    page.select_option("select[name=action]", "possession")
    page.select_option("select[name=participants-0-role]", "buyer")
    page.fill("input[name=participants-0-age]", "27")
    page.select_option("select[name=participants-0-sex]", "M")
    page.fill("input[name=seizures-0-substance]", "героин")
    page.fill("input[name=seizures-0-net_g]", "-3")
    page.click("#case-form button[type=submit]")
    error = page.locator("#seizure-0 #field-net_g .field-error")
    assert error.is_visible() and error.inner_text()
    page.fill("input[name=seizures-0-net_g]", "0.7")
    page.click("#case-form button[type=submit]")
    page.wait_for_url("**/offences/cases/*/")
    assert "WEB-1" in page.inner_text("h1")
    assert "296" in page.inner_text("#case-article")

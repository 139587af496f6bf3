"""Logging in and out through the site's own pages."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_login_page_logs_in_and_a_wrong_password_says_so(django_user_model) -> None:
    django_user_model.objects.create_user("narcologist", "", "a-long-password-1")
    client = Client()
    assert client.get("/accounts/login/").status_code == 200
    wrong = client.post("/accounts/login/", {"username": "narcologist", "password": "nope"})
    assert wrong.status_code == 200 and 'id="login-error"' in wrong.content.decode()
    right = client.post("/accounts/login/", {"username": "narcologist", "password": "a-long-password-1", "next": "/"})
    assert right.status_code == 302 and right.url == "/"
    assert "narcologist" in client.get("/").content.decode()
    out = client.post("/accounts/logout/")
    assert out.status_code == 200 and "/accounts/login/" in out.content.decode()


def test_date_pickers_get_iso_dates_in_every_language() -> None:
    client = Client()
    for language in ("ru", "kk", "en"):
        client.post("/i18n/setlang/", {"language": language})
        page = client.get("/lists/identify/").content.decode()
        assert 'type="date"' in page and 'value="20' in page, language

"""API keys for systems through HTTP: made once by an administrator, scoped, revocable, expiring, audited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from drugcontrol.apikeys.models import ApiKey
from drugcontrol.audit.models import AuditEvent
from drugcontrol.registry.models import Disclosure, Person, PoliceCheckRequest, RegistryConfig

JSON = "application/json"
IDENTIFY = {"structure": "CN[C@@H](C)Cc1ccccc1", "as_of": "2024-03-01"}


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def system_client(language: str = "en") -> Client:
    return Client(REMOTE_ADDR="10.20.30.40", HTTP_ACCEPT_LANGUAGE=language)


def police_body(iin: str, number: str = "GP-1") -> dict:
    return {"iins": [iin, "000000000000"], "basis": "weapon_permit", "request_number": number}


def test_the_key_is_shown_once_and_stored_only_as_a_keyed_hash(admin_client: Client, make_key: Callable) -> None:
    token = make_key("partner-lab", "lists:read", "identify")
    key = ApiKey.objects.get()
    assert token.startswith(f"dck_{key.prefix}_")
    assert token not in key.digest and len(key.digest) == 64
    assert key.system == "partner-lab" and key.account.username == "system.partner-lab"
    assert not key.account.has_usable_password()
    listing = admin_client.get("/admin/apikeys/apikey/").content.decode()
    detail = admin_client.get(f"/admin/apikeys/apikey/{key.pk}/change/").content.decode()
    assert key.prefix in listing and token not in listing and token not in detail
    created = AuditEvent.objects.get(action="apikeys.create")
    assert created.actor_name == "keyadmin" and created.details["scopes"] == ["identify", "lists:read"]


def test_the_administrator_is_told_what_is_wrong_and_nothing_is_created(admin_client: Client) -> None:
    expires = (timezone.localtime() + timedelta(days=5000)).strftime("%Y-%m-%d %H:%M:%S")
    page = admin_client.post(
        "/admin/apikeys/apikey/add/", {"system": "Police Service!", "scopes": ["assess"], "expires_at": expires}
    )
    assert page.status_code == 200 and "lowercase Latin letters" in page.content.decode()
    page = admin_client.post(
        "/admin/apikeys/apikey/add/", {"system": "police-gp", "scopes": ["assess"], "expires_at": expires}
    )
    assert "at most 366 days" in page.content.decode()
    assert ApiKey.objects.count() == 0


def test_a_key_reaches_the_operations_of_its_scopes_and_every_call_is_audited(make_key: Callable) -> None:
    token = make_key("partner-lab", "lists:read", "identify")
    client = system_client()
    assert client.get("/api/lists/KZ?as_of=2024-03-01&table=III", **bearer(token)).status_code == 200
    found = client.post("/api/lists/identify", IDENTIFY, content_type=JSON, **bearer(token))
    assert found.status_code == 200 and found.json()["verdict"] == "listed"
    calls = list(AuditEvent.objects.filter(action="apikeys.call").order_by("id"))
    assert [(c.actor_name, c.purpose, c.details["method"], c.details["path"]) for c in calls] == [
        ("system.partner-lab", "lists:read", "GET", "/api/lists/KZ"),
        ("system.partner-lab", "identify", "POST", "/api/lists/identify"),
    ]
    assert {c.remote_addr for c in calls} == {"10.20.30.40"}
    assert ApiKey.objects.get().last_used_at is not None


def test_a_key_without_the_scope_is_refused_with_403_and_the_refusal_audited(make_key: Callable) -> None:
    token = make_key("partner-lab", "lists:read")
    refused = system_client().post("/api/lists/assess", IDENTIFY, content_type=JSON, **bearer(token))
    assert refused.status_code == 403
    assert refused.json() == {"detail": "the API key does not hold the scope assess"}
    event = AuditEvent.objects.get(action="apikeys.refused")
    assert (event.actor_name, event.purpose, event.details["reason"]) == ("system.partner-lab", "assess", "scope")
    assert not AuditEvent.objects.filter(action="apikeys.call").exists()


def test_a_revoked_key_is_refused_with_401(admin_client: Client, make_key: Callable) -> None:
    token = make_key("partner-lab", "lists:read")
    assert system_client().get("/api/lists/KZ", **bearer(token)).status_code == 200
    key = ApiKey.objects.get()
    admin_client.post("/admin/apikeys/apikey/", {"action": "revoke", "_selected_action": [key.pk]})
    assert ApiKey.objects.get().revoked_at is not None
    refused = system_client().get("/api/lists/KZ", **bearer(token))
    assert refused.status_code == 401 and refused.json() == {"detail": "the API key has been revoked"}
    assert AuditEvent.objects.filter(action="apikeys.revoke", actor_name="keyadmin", object_id=key.prefix).exists()
    assert AuditEvent.objects.get(action="apikeys.refused").details["reason"] == "revoked"


def test_an_expired_key_is_refused_with_401(make_key: Callable) -> None:
    token = make_key("partner-lab", "lists:read", days=1)
    ApiKey.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    refused = system_client().get("/api/lists/KZ", **bearer(token))
    assert refused.status_code == 401 and refused.json() == {"detail": "the API key has expired"}
    assert AuditEvent.objects.get(action="apikeys.refused").details["reason"] == "expired"


def test_unknown_forged_and_malformed_keys_are_refused_with_401(make_key: Callable) -> None:
    make_key("partner-lab", "lists:read")
    prefix = ApiKey.objects.get().prefix
    forged = f"dck_{prefix}_" + "A" * 43
    for presented in (forged, "dck_000000000000_" + "B" * 43, "not-a-key"):
        assert system_client().get("/api/lists/KZ", **bearer(presented)).status_code == 401
    assert system_client().get("/api/lists/KZ", HTTP_AUTHORIZATION="Basic abc").status_code == 401
    # Without any credentials the lists stay open to the public.
    assert system_client().get("/api/lists/KZ").status_code == 200
    assert sorted(e.details["reason"] for e in AuditEvent.objects.filter(action="apikeys.refused")) == [
        "unknown",
        "unknown",
    ]


def test_a_key_never_reaches_peoples_records(make_key: Callable, registered_iin: str) -> None:
    token = make_key("police-gp", "police_check", "lists:read", "identify", "assess")
    client = system_client()
    person_id = Person.objects.get(iin=registered_iin).pk
    attempts = [
        client.get("/api/registry/me", **bearer(token)),
        client.get(f"/api/registry/people/{person_id}?purpose=care", **bearer(token)),
        client.post("/api/registry/people/lookup", {"iin": registered_iin}, content_type=JSON, **bearer(token)),
        client.get("/api/registry/extract", **bearer(token)),
        client.get(f"/api/registry/people/{person_id}/access-report", **bearer(token)),
    ]
    assert [r.status_code for r in attempts] == [401] * len(attempts)
    assert not AuditEvent.objects.filter(object_type="registry.person", actor_name="system.police-gp").exists()


def test_the_police_check_by_key_names_the_system_in_its_disclosures(make_key: Callable, registered_iin: str) -> None:
    token = make_key("police-gp", "police_check")
    answer = system_client().post(
        "/api/registry/police-check", police_body(registered_iin), content_type=JSON, **bearer(token)
    )
    assert answer.status_code == 200, answer.content
    data = answer.json()
    assert [(a["iin"], a["on_register"]) for a in data["answers"]] == [(registered_iin, True), ("000000000000", False)]
    request = PoliceCheckRequest.objects.get()
    assert request.user.username == "system.police-gp" and request.remote_addr == "10.20.30.40"
    disclosure = Disclosure.objects.get()
    assert disclosure.request.user.username == "system.police-gp" and disclosure.person.iin == registered_iin
    actions = list(AuditEvent.objects.filter(actor_name="system.police-gp").values_list("action", flat=True))
    assert actions == ["apikeys.call", "registry.police_check"]


def test_the_police_check_refuses_a_key_without_its_scope(make_key: Callable, registered_iin: str) -> None:
    token = make_key("partner-lab", "lists:read", "assess")
    refused = system_client().post(
        "/api/registry/police-check", police_body(registered_iin), content_type=JSON, **bearer(token)
    )
    assert refused.status_code == 403
    assert not PoliceCheckRequest.objects.exists() and not Disclosure.objects.exists()


def test_the_police_check_rate_limit_holds_per_system(make_key: Callable, registered_iin: str) -> None:
    config = RegistryConfig.current()
    config.police_requests_per_hour = 2
    config.save()
    first = make_key("police-gp", "police_check")
    second_key_same_system = make_key("police-gp", "police_check")
    other_system = make_key("police-traffic", "police_check")
    client = system_client()

    def check(token: str, number: str) -> int:
        body = police_body(registered_iin, number)
        return client.post("/api/registry/police-check", body, content_type=JSON, **bearer(token)).status_code

    assert [check(first, "1"), check(second_key_same_system, "2")] == [200, 200]
    limited = client.post(
        "/api/registry/police-check", police_body(registered_iin, "3"), content_type=JSON, **bearer(first)
    )
    assert limited.status_code == 429 and "at most 2 check requests per hour" in limited.json()["detail"]
    assert check(other_system, "4") == 200
    account = get_user_model().objects.get(username="system.police-gp")
    assert PoliceCheckRequest.objects.filter(user=account).count() == 2


def test_refusals_speak_the_callers_language(make_key: Callable) -> None:
    token = make_key("partner-lab", "lists:read")
    answers = {
        language: system_client(language).post("/api/lists/assess", IDENTIFY, content_type=JSON, **bearer(token))
        for language in ("ru", "kk")
    }
    assert answers["ru"].json() == {"detail": "у API-ключа нет области доступа assess"}
    assert answers["kk"].json() == {"detail": "API кілтінде assess қолжетімділік аясы жоқ"}


def test_a_key_with_the_screen_scope_runs_a_screening_job_and_only_its_own(
    make_key: Callable, settings, tmp_path
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from drugcontrol.background.worker import run_queued_tasks
    from drugcontrol.lists.models import ScreeningJob

    settings.DATA_DIR = tmp_path
    screener, reader = make_key("partner-lab", "screen"), make_key("other-lab", "lists:read", "assess")

    def upload(token: str):
        rows = SimpleUploadedFile("catalogue.csv", b"id,smiles\na,CCO\nb,CN[C@@H](C)Cc1ccccc1\n")
        return system_client().post("/api/lists/screen", {"file": rows, "as_of": "2024-03-01"}, **bearer(token))

    refused = upload(reader)
    assert refused.status_code == 403 and ScreeningJob.objects.count() == 0
    queued = upload(screener)
    assert queued.status_code == 202, queued.content
    job = ScreeningJob.objects.get()
    assert job.created_by.username == "system.partner-lab" and queued.json()["id"] == job.pk
    assert run_queued_tasks() == 1
    status = system_client().get(f"/api/lists/screen/{job.pk}", **bearer(screener)).json()
    assert (status["status"], status["rows_done"], status["rows_total"]) == ("done", 2, 2)
    result = system_client().get(f"/api/lists/screen/{job.pk}/result.csv", **bearer(screener))
    assert result.status_code == 200 and len(b"".join(result.streaming_content).decode().splitlines()) == 3
    # Another system's key, even one with the scope, does not reach this job; a key without it is refused.
    other = make_key("third-lab", "screen")
    assert system_client().get(f"/api/lists/screen/{job.pk}", **bearer(other)).status_code == 404
    assert system_client().get(f"/api/lists/screen/{job.pk}", **bearer(reader)).status_code == 403
    calls = AuditEvent.objects.filter(action="apikeys.call", actor_name="system.partner-lab").count()
    assert calls == 3

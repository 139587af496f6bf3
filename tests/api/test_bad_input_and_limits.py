"""Bad and oversized requests to /api/ get a JSON answer that names the fault or the limit, never a 500."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from drugcontrol.registry.models import Role, StaffProfile

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def police() -> Client:
    user = get_user_model().objects.create_user(username="limits_police", password=None)
    StaffProfile.objects.create(user=user, role=Role.POLICE)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_a_json_body_over_the_limit_is_refused_with_413_naming_the_limit(client: Client, settings) -> None:
    settings.API_MAX_JSON_BYTES = 1000
    answer = client.post("/api/lists/identify", {"structure": "C" * 2000}, content_type=JSON)
    assert answer.status_code == 413
    assert answer.json()["detail"] == "the request body is larger than the limit of 1000 bytes (API_MAX_JSON_BYTES)"
    assert answer.json()["limit"] == 1000


def test_a_body_over_djangos_own_limit_is_413_too(police: Client, settings) -> None:
    """A body that passes the first check but not Django's reading limit (RequestDataTooBig) is no 500."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    answer = police.post(
        "/api/registry/police-check",
        {"iins": ["1" * 12] * 20, "basis": "weapon_permit", "request_number": "X"},
        content_type=JSON,
    )
    assert answer.status_code == 413
    assert answer.json()["detail"] == (
        "the request body is larger than the limit of 100 bytes (DATA_UPLOAD_MAX_MEMORY_SIZE)"
    )


def test_an_upload_over_the_limit_is_refused_with_413(police: Client, settings) -> None:
    settings.MAX_UPLOAD_BYTES = 2000
    upload = ("\n".join(["900101300123"] * 2000)).encode()  # 26 KB
    from django.core.files.uploadedfile import SimpleUploadedFile

    answer = police.post(
        "/api/registry/police-check",
        {"file": SimpleUploadedFile("iins.txt", upload), "basis": "weapon_permit", "request_number": "X"},
    )
    assert answer.status_code == 413
    assert answer.json()["detail"] == (
        "the request body is larger than the limit of 18384 bytes (MAX_UPLOAD_BYTES + 16 KiB)"
    )


def test_too_many_form_fields_are_refused_with_413(police: Client, settings) -> None:
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    answer = police.post(
        "/api/registry/police-check", {"iins": ["900101300123"] * 20, "basis": "weapon_permit", "request_number": "X"}
    )
    assert answer.status_code == 413
    assert answer.json()["detail"] == "the request has more than 10 fields (DATA_UPLOAD_MAX_NUMBER_FIELDS)"


def test_multipart_without_a_boundary_is_a_400_in_json(police: Client) -> None:
    answer = police.generic("POST", "/api/registry/police-check", b"--x\r\n\r\nabc", content_type="multipart/form-data")
    assert answer.status_code == 400
    assert answer["Content-Type"].startswith("application/json")
    assert answer.json()["code"] == "bad_multipart" and "boundary" in answer.json()["detail"]


@pytest.mark.parametrize(
    "body",
    [b"{not json", b'{"structure": "C"', '{"structure": "\udcff"}'.encode("utf-8", "surrogatepass"), b"\xff\xfe"],
)
def test_malformed_json_is_a_400_in_json(client: Client, body: bytes) -> None:
    answer = client.generic("POST", "/api/lists/identify", body, content_type=JSON)
    assert answer.status_code == 400, answer.content
    assert answer["Content-Type"].startswith("application/json") and answer.json()["detail"]


def test_a_wrong_content_length_is_no_500(client: Client) -> None:
    answer = client.generic("POST", "/api/lists/identify", b"{}", content_type=JSON, CONTENT_LENGTH="abc")
    assert answer.status_code == 400 and answer.json()["detail"] == "the Content-Length header is not a number"


@pytest.mark.parametrize("path", ["/api/lists/identify", "/api/lists/assess"])
@pytest.mark.parametrize("structure", ["\ud800", "InChI=1S/\udcff", "C\ud83d"])
def test_a_lone_surrogate_is_a_400_naming_it(client: Client, path: str, structure: str) -> None:
    body = json.dumps({"structure": structure})  # JSON escapes the surrogate: valid JSON, but not text
    answer = client.generic("POST", path, body, content_type=JSON)
    assert answer.status_code == 400 and answer.json()["code"] == "not_text"
    assert answer.json()["detail"].startswith("structure is not text: an unpaired surrogate")


def test_a_surrogate_pair_is_text_and_passes(client: Client) -> None:
    body = json.dumps({"structure": "C\U0001f600"})  # an emoji, escaped as a surrogate pair
    assert client.generic("POST", "/api/lists/identify", body, content_type=JSON).status_code == 200


def test_the_limit_is_named_in_the_callers_language(settings) -> None:
    settings.API_MAX_JSON_BYTES = 1000
    answer = Client(HTTP_ACCEPT_LANGUAGE="kk").post("/api/lists/identify", {"structure": "C" * 2000}, content_type=JSON)
    assert answer.status_code == 413
    assert answer.json()["detail"] == "сұрау денесі 1000 байт шегінен үлкен (API_MAX_JSON_BYTES)"

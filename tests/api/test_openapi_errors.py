"""The OpenAPI schema documents every operation's errors and how systems authenticate."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        return Client().get("/api/openapi.json").json()


def responses(schema: dict, method: str, path: str) -> set[str]:
    return set(schema["paths"][path][method]["responses"])


def test_each_operation_documents_the_errors_it_can_answer(schema: dict) -> None:
    assert {"400", "401", "403", "413", "422", "429"} <= responses(schema, "post", "/api/registry/police-check")
    assert {"400", "413", "422"} <= responses(schema, "post", "/api/lists/identify")
    assert {"401", "403", "404", "422"} <= responses(schema, "get", "/api/registry/people/{person_id}")
    assert {"401", "403", "404", "413", "422"} <= responses(schema, "patch", "/api/registry/people/{person_id}")
    error = schema["paths"]["/api/registry/police-check"]["post"]["responses"]["413"]
    assert "API_MAX_JSON_BYTES" in error["description"]
    assert error["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ApiErrorOut"}
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            statuses = set(operation["responses"])
            if "requestBody" in operation:
                assert {"400", "413", "422"} <= statuses, (method, path)
            if operation.get("security"):
                assert {"401", "403"} <= statuses, (method, path)


def test_systems_authenticate_with_a_bearer_key_where_their_scopes_reach(schema: dict) -> None:
    assert schema["components"]["securitySchemes"]["ApiKeyAuth"] == {"type": "http", "scheme": "bearer"}
    assert schema["paths"]["/api/registry/police-check"]["post"]["security"] == [
        {"SessionAuth": []},
        {"ApiKeyAuth": []},
    ]
    # The lists stay open: a key is optional there.
    assert schema["paths"]["/api/lists/{code}"]["get"]["security"] == [{"ApiKeyAuth": []}, {}]
    # People's records take a session only.
    assert schema["paths"]["/api/registry/people/{person_id}"]["get"]["security"] == [{"SessionAuth": []}]

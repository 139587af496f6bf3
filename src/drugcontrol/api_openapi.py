"""Every operation of the OpenAPI schema documents the errors it can answer, in one place.

The statuses follow from the operation's shape, the same way the API layer produces them: a body can be malformed
(400) or over its limit (413), parameters and bodies can be invalid (422), an authenticated operation refuses
missing credentials (401) and a caller without the role or scope (403), an object named in the path can be absent
or out of the caller's scope (404), and the registry's lookups are rate-limited per caller (429). Statuses an
operation declares itself are kept.
"""

from __future__ import annotations

from typing import Any

ERROR_SCHEMA_NAME = "ApiErrorOut"
ERROR_SCHEMA = {
    "title": ERROR_SCHEMA_NAME,
    "type": "object",
    "properties": {
        "detail": {
            "title": "Detail",
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "object"}}],
        },
        "code": {"title": "Code", "type": "string", "default": ""},
    },
    "required": ["detail"],
}

DESCRIPTIONS = {
    "400": "Malformed request: a body that is not JSON, or a multipart body without a boundary.",
    "401": "No valid credentials: no session, or an API key that is unknown, revoked or expired.",
    "403": "Not allowed: the caller's role, or the API key's scopes, do not include this operation.",
    "404": "Not found (or not in the caller's scope: the answer is the same).",
    "413": "The body is over its limit (API_MAX_JSON_BYTES for JSON, MAX_UPLOAD_BYTES + 16 KiB for a multipart "
    "upload); the message names the limit.",
    "422": "Invalid values; the detail names each field.",
    "429": "Rate limit of the caller reached; the message says which and when to try again.",
}

#: Operations open without credentials, where a key is optional (the list operations; see drugcontrol.api).
PUBLIC_PREFIXES = ("/api/lists/",)
RATE_LIMITED = ("/api/registry/police-check", "/api/registry/people/lookup")
METHODS = ("get", "put", "post", "delete", "patch")


def _statuses(path: str, operation: dict[str, Any]) -> list[str]:
    found = []
    has_body = "requestBody" in operation
    if has_body:
        found += ["400", "413"]
    if has_body or operation.get("parameters"):
        found.append("422")
    security = operation.get("security") or []
    if security:
        found += ["401", "403"]
    if "{" in path:
        found.append("404")
    if path.rstrip("/") in RATE_LIMITED:
        found.append("429")
    return found


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error answers (with one error schema) to every operation; mark open operations' keys optional."""
    schema.setdefault("components", {}).setdefault("schemas", {})[ERROR_SCHEMA_NAME] = ERROR_SCHEMA
    ref = {"$ref": f"#/components/schemas/{ERROR_SCHEMA_NAME}"}
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            security = operation.get("security")
            if path.startswith(PUBLIC_PREFIXES) and security == [{"ApiKeyAuth": []}]:
                operation["security"] = [{"ApiKeyAuth": []}, {}]
            responses = operation.setdefault("responses", {})
            for status in _statuses(path, operation):
                # django-ninja keys its own answers by int; one key per status in the JSON.
                if status not in responses and int(status) not in responses:
                    responses[int(status)] = {
                        "description": DESCRIPTIONS[status],
                        "content": {"application/json": {"schema": ref}},
                    }
    return schema

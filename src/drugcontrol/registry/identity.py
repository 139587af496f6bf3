"""How a person is identified without an IIN, once for the forms, the API and the import: pure, no Django.

A person has an IIN, or an identity document (its type and number); the document types are the model's
choices, passed in by the caller.
"""

from __future__ import annotations

from collections.abc import Collection

from drugcontrol.messages import Message

DOCUMENT_TYPE_REQUIRED = Message(
    "registry.document_type_required", "without an IIN a document type is required: %(types)s"
)
DOCUMENT_NUMBER_REQUIRED = Message(
    "registry.document_number_required", "without an IIN the identity document number is required"
)


def missing_identity(
    *, iin: str, document_type: str, document_number: str, document_types: Collection[str]
) -> list[Message]:
    """What is missing to identify a person without an IIN (nothing when there is an IIN)."""
    if iin.strip():
        return []
    problems = []
    if not document_type or document_type not in document_types:
        problems.append(DOCUMENT_TYPE_REQUIRED)
    if not document_number.strip():
        problems.append(DOCUMENT_NUMBER_REQUIRED)
    return problems

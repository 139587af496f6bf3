"""Outgoing notifications: Kazakhstan's own first detections, for partners, in the exchange format they send us.

`own_first_detections` is the one source of what we report. Today it is the notifications recorded with the
country KZ; when the offences domain records laboratory results of seizures, their first detection of each
substance is added there, and the export is unchanged.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from drugcontrol.earlywarning.core import json_format
from drugcontrol.earlywarning.models import Notification

HOME = "KZ"
SENDER = "Republic of Kazakhstan"


def own_first_detections() -> list[Notification]:
    """The first detection here of every substance (the earliest non-retracted KZ notification of each)."""
    first: dict[str, Notification] = {}
    queryset = (
        Notification.objects.filter(country=HOME)
        .exclude(status=Notification.Status.RETRACTED)
        .prefetch_related("evidence")
        .order_by("detected_on", "id")
    )
    for notification in queryset:
        first.setdefault(notification.inchikey, notification)
    return list(first.values())


def notification_item(n: Notification) -> dict[str, Any]:
    """One notification in the exchange format (docs/notification.schema.json)."""
    substance: dict[str, Any] = {"name": n.name, "smiles": n.smiles, "inchikey": n.inchikey}
    names = {lang: getattr(n, f"name_{lang}") for lang in ("ru", "kk", "en") if getattr(n, f"name_{lang}")}
    if names:
        substance["names"] = names
    if n.iupac_name:
        substance["iupac_name"] = n.iupac_name
    if n.synonyms:
        substance["synonyms"] = list(n.synonyms)
    if n.cas:
        substance["cas"] = n.cas
    evidence: dict[str, Any] = {}
    if n.method:
        evidence["method"] = n.method
    if n.laboratory:
        evidence["laboratory"] = n.laboratory
    files = [
        {"name": f.name, "sha256": f.sha256, "size": f.size, **({"media_type": f.media_type} if f.media_type else {})}
        for f in n.evidence.all()
    ]
    if files:
        evidence["files"] = files
    item: dict[str, Any] = {
        "reference": n.reference or f"KZ-{n.pk}",
        "substance": substance,
        "first_detection": {
            "country": n.country,
            "date": n.detected_on.isoformat(),
            "matrix": n.matrix,
            "context": n.context,
        },
        "reported_on": n.reported_on.isoformat(),
        "status": n.status,
        "sender": n.sender or SENDER,
    }
    if evidence:
        item["analytical_evidence"] = evidence
    if n.sources:
        item["sources"] = [{k: v for k, v in s.items() if k in ("title", "url") and v} for s in n.sources]
    return item


def own_detections_document(*, sender: str = SENDER) -> dict[str, Any]:
    """The document partners receive; checked against the schema before it leaves."""
    document = json_format.document(
        (notification_item(n) for n in own_first_detections()), sender=sender, generated_at=timezone.now()
    )
    problems = json_format.problems(document)
    if problems:  # pragma: no cover - our own writer breaking our own schema is a programming error
        raise AssertionError(f"the export breaks the schema: {problems[:3]}")
    return document

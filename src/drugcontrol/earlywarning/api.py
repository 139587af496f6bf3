"""Typed API of early warning under /api/warning/ (session authentication).

A partner's notifications document comes in as the body of one POST (docs/notification.schema.json): every
notification is recorded, or none with each problem at its JSON path (422). Kazakhstan's own first detections go
out in the same format.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Body, Router, Schema
from ninja.responses import Status
from ninja.security import django_auth

from drugcontrol.earlywarning import access
from drugcontrol.earlywarning.actions.recording import DocumentRejected, check_document, do_record_notifications
from drugcontrol.earlywarning.actions.screening import uncovered_ranked
from drugcontrol.earlywarning.exporting import FORMATS, own_detections_document, table_rows
from drugcontrol.http import client_ip

router = Router(tags=["early warning"], auth=django_auth)


class Recorded(Schema):
    recorded: int
    ids: list[int]
    uncovered: list[int]


class Problem(Schema):
    path: str
    message: str
    value: str


class Rejected(Schema):
    detail: str
    problems: list[Problem]


class Uncovered(Schema):
    inchikey: str
    name: str
    smiles: str
    score: int
    notifications: list[int]
    grounds: dict[str, Any]


@router.post("/notifications", response={201: Recorded, 422: Rejected})
def receive_notifications(request: HttpRequest, document: Annotated[dict[str, Any], Body()]) -> Any:
    """Record a notifications document (docs/notification.schema.json): all of it, or nothing with every problem
    at its JSON path."""
    access.require(request.user, manage=True, remote_addr=client_ip(request), what="api.notifications")
    try:
        items, files = check_document(document, today=timezone.localdate())
    except DocumentRejected as exc:
        return Status(
            422,
            {
                "detail": exc.render(_),
                "problems": [{"path": p.field, "message": p.render(_), "value": p.value[:200]} for p in exc.problems],
            },
        )
    stored = do_record_notifications(
        items, actor=request.user, source="api", described_files=files, remote_addr=client_ip(request)
    )
    return Status(
        201,
        {
            "recorded": len(stored),
            "ids": [n.pk for n in stored],
            "uncovered": [n.pk for n in stored if n.covered is False],
        },
    )


@router.get("/notifications/own")
def own_detections(request: HttpRequest, format: Literal["json", "csv", "xlsx", "sdf"] = "json") -> HttpResponse:
    """Kazakhstan's own first detections (from our notifications and the seizures of new substances), for partners:
    the exchange document (JSON), or CSV, XLSX or SDF in the import's own column names."""
    access.require(request.user, remote_addr=client_ip(request), what="api.own")
    if format == "json":
        return JsonResponse(own_detections_document(), json_dumps_params={"ensure_ascii": False})
    media_type, writer = FORMATS[format]
    response = HttpResponse(writer(table_rows()), content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="kz-first-detections.{format}"'
    return response


@router.get("/coverage", response=list[Uncovered])
def coverage(request: HttpRequest) -> list[dict[str, Any]]:
    """Substances Kazakhstan's list does not cover, ranked by grounds for listing, reports and seizures."""
    access.require(request.user, remote_addr=client_ip(request), what="api.coverage")
    return [
        {
            **{k: r[k] for k in ("inchikey", "name", "smiles", "score", "grounds")},
            "notifications": [n.pk for n in r["notifications"]],
        }
        for r in uncovered_ranked()
    ]

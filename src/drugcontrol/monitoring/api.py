"""Typed API of the monitoring (``/api/monitoring/``), for the cyber police only (403 for anyone else).

``POST /score`` scores texts (score, verdict, reasons in the caller's language); ``POST /crawls`` queues a crawl
(202) and ``GET /crawls/{id}`` follows it; ``GET /cases``, ``GET /cases/{id}``, ``POST /cases/{id}/steps`` take a
case through its workflow, ``POST /cases/{id}/recheck`` queues its re-check and ``GET /cases/{id}/evidence.zip``
downloads its evidence package; ``GET /blocklist`` is the block list (full, or the delta with ``since``).
"""

from __future__ import annotations

from datetime import date, datetime

from django.http import FileResponse, HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from ninja.security import django_auth
from pydantic import Field

from drugcontrol.http import client_ip
from drugcontrol.monitoring.access import access_case, require_monitor
from drugcontrol.monitoring.actions.blocklist import do_export_blocklist
from drugcontrol.monitoring.actions.cases import do_advance_case, do_recheck_case
from drugcontrol.monitoring.actions.crawls import do_start_crawl
from drugcontrol.monitoring.actions.evidence_packages import do_build_evidence_package
from drugcontrol.monitoring.actions.scoring import reason_texts, score_texts
from drugcontrol.monitoring.crawl.limits import CrawlLimits
from drugcontrol.monitoring.models import Case, Crawl

router = Router(tags=["monitoring"], auth=django_auth)


class ErrorOut(Schema):
    detail: str


class ScoreIn(Schema):
    texts: list[str] = Field(..., max_length=10_000)


class ReasonOut(Schema):
    code: str
    text: str
    params: dict


class ScoreOut(Schema):
    score: float
    verdict: str
    reasons: list[ReasonOut]


class CrawlIn(Schema):
    seeds: list[str] = Field(..., max_length=1000)
    max_pages: int | None = Field(None, ge=1, le=10_000)
    max_depth: int | None = Field(None, ge=0, le=10)


class CrawlOut(Schema):
    id: int
    status: str
    seeds: list[str]
    pages: int
    errors: int
    warc_sha256: str
    error: str
    created_at: datetime
    finished_at: datetime | None


class CaseOut(Schema):
    id: int
    number: str
    site: str
    status: str
    score: float
    opened_at: datetime
    due_at: datetime | None
    decision_number: str
    decision_date: date | None
    block_type: str
    urls: list[str]
    domains: list[str]
    ips: list[str]
    alive_again: bool
    recheck_note: str


class StepIn(Schema):
    to_status: str
    note: str = Field("", max_length=5000)
    decision_number: str = Field("", max_length=100)
    decision_date: date | None = None
    block_type: str = ""
    urls: list[str] | None = Field(None, max_length=1000)
    domains: list[str] | None = Field(None, max_length=1000)
    ips: list[str] | None = Field(None, max_length=1000)


def crawl_out(crawl: Crawl) -> CrawlOut:
    return CrawlOut(id=crawl.pk, status=crawl.status, seeds=crawl.seeds, pages=crawl.pages, errors=crawl.errors,
                    warc_sha256=crawl.warc_sha256, error=crawl.error, created_at=crawl.created_at,
                    finished_at=crawl.finished_at)  # fmt: skip


def case_out(case: Case) -> CaseOut:
    return CaseOut(
        id=case.pk, number=case.number, site=case.site.host, status=case.status, score=case.score,
        opened_at=case.opened_at, due_at=case.due_at, decision_number=case.decision_number,
        decision_date=case.decision_date, block_type=case.block_type, urls=case.urls, domains=case.domains,
        ips=case.ips, alive_again=case.alive_again, recheck_note=case.recheck_note,
    )  # fmt: skip


@router.post("/score", response={200: list[ScoreOut], 403: ErrorOut, 422: ErrorOut})
def score(request: HttpRequest, body: ScoreIn) -> list[ScoreOut]:
    """Score texts: the calibrated probability of a drug offer, the verdict at the threshold, and the reasons."""
    require_monitor(request.user, action="score", remote_addr=client_ip(request))
    results = score_texts(body.texts)
    return [
        ScoreOut(score=r.score, verdict=r.verdict,
                 reasons=[ReasonOut(code=e.code, text=t, params=e.params)
                          for e, t in zip(r.reasons, reason_texts(r.reasons), strict=True)])
        for r in results
    ]  # fmt: skip


@router.post("/crawls", response={202: CrawlOut, 403: ErrorOut, 422: ErrorOut})
def start_crawl(request: HttpRequest, body: CrawlIn) -> Status:
    """Queue a crawl from seed URLs (public hosts only); the worker runs it."""
    from django.conf import settings

    overrides = {k: v for k, v in (("max_pages", body.max_pages), ("max_depth", body.max_depth)) if v is not None}
    limits = CrawlLimits(**{**settings.MONITORING_CRAWL_LIMITS, **overrides})
    crawl = do_start_crawl(seeds=body.seeds, limits=limits, actor=request.user, remote_addr=client_ip(request))
    return Status(202, crawl_out(crawl))


@router.get("/crawls/{crawl_id}", response={200: CrawlOut, 403: ErrorOut, 404: ErrorOut})
def crawl(request: HttpRequest, crawl_id: int) -> CrawlOut:
    from drugcontrol.errors import NotFoundForUser

    require_monitor(request.user, action="read_crawl", remote_addr=client_ip(request))
    found = Crawl.objects.filter(pk=crawl_id).first()
    if found is None:
        raise NotFoundForUser("crawl")
    return crawl_out(found)


@router.get("/cases", response={200: list[CaseOut], 403: ErrorOut})
def cases(request: HttpRequest, status: str = "") -> list[CaseOut]:
    """Cases, the most urgent first (by the due date of their next step)."""
    require_monitor(request.user, action="list_cases", remote_addr=client_ip(request))
    rows = Case.objects.select_related("site").order_by("due_at", "pk")
    if status:
        rows = rows.filter(status=status)
    return [case_out(c) for c in rows[:500]]


@router.get("/cases/{case_id}", response={200: CaseOut, 403: ErrorOut, 404: ErrorOut})
def case(request: HttpRequest, case_id: int) -> CaseOut:
    return case_out(access_case(request.user, case_id, purpose="read", remote_addr=client_ip(request)))


@router.post("/cases/{case_id}/steps", response={200: CaseOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut})
def advance(request: HttpRequest, case_id: int, body: StepIn) -> CaseOut:
    """Take a case one step of its workflow (a step it cannot take is refused with 422)."""
    case = do_advance_case(case_id, actor=request.user, remote_addr=client_ip(request), **body.dict())
    return case_out(case)


@router.post("/cases/{case_id}/recheck", response={202: CrawlOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut})
def recheck(request: HttpRequest, case_id: int) -> Status:
    """Queue a re-check crawl of a blocked case's addresses."""
    return Status(202, crawl_out(do_recheck_case(case_id, actor=request.user, remote_addr=client_ip(request))))


@router.get("/cases/{case_id}/evidence.zip", response={403: ErrorOut, 404: ErrorOut})
def evidence_package(request: HttpRequest, case_id: int) -> FileResponse:
    """The case's evidence package: WARC records, hashes, manifest (verify with `drugcontrol monitor verify`)."""
    path = do_build_evidence_package(case_id, actor=request.user, remote_addr=client_ip(request))
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name, content_type="application/zip")


@router.get("/blocklist", response={200: dict, 403: ErrorOut})
def blocklist(request: HttpRequest, since: datetime | None = None) -> dict:
    """The block list in full, or the delta since a moment (format: docs/monitoring-blocklist.md)."""
    return do_export_blocklist(actor=request.user, since=since, remote_addr=client_ip(request))

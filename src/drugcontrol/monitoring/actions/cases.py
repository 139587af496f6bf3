"""Cases: detected → reviewed → demand sent → blocked → re-checked, each step with a deadline for the next,
every step audited.

A crawl opens a case ``detected`` for a site with an offer; the analyst reviews it (or closes it: no offer), sends
the demand to block (Law on Communications, art. 41-1) with the URLs, domains and IPs, records the blocking
decision, and re-checks the site after it: a re-check crawl finds it dead, or alive again (the case says so, and the
block list's "alive again" list shows it).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from drugcontrol.audit.actions import do_record_event
from drugcontrol.errors import InputRefused
from drugcontrol.messages import Message
from drugcontrol.monitoring.access import access_case
from drugcontrol.monitoring.models import Case, CaseStep, Crawl, Fetch, Site

__all__ = ["TRANSITIONS", "do_advance_case", "do_recheck_case", "open_case_for_site", "record_recheck"]

S = Case.Status
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.DETECTED: (S.REVIEWED, S.CLOSED),
    S.REVIEWED: (S.DEMAND_SENT, S.CLOSED),
    S.DEMAND_SENT: (S.BLOCKED,),
    S.BLOCKED: (S.RECHECKED,),
    S.RECHECKED: (S.RECHECKED, S.DEMAND_SENT),
    S.CLOSED: (),
}
BAD_STEP = Message("monitor.bad_step", "a case that is %(status)s cannot become %(target)s")
DECISION_NEEDED = Message("monitor.decision_needed", "the blocking decision needs its number and date")
BAD_BLOCK_TYPE = Message("monitor.bad_block_type", "the block type must be one of %(choices)s")
NOTHING_TO_BLOCK = Message("monitor.nothing_to_block", "name at least one URL, domain or IP address to block")


def _due(status: str) -> Any:
    days = settings.MONITORING_DEADLINE_DAYS.get(status)
    return timezone.now() + timedelta(days=days) if days else None


def _next_number() -> str:
    year = timezone.now().year
    count = Case.objects.filter(number__startswith=f"MON-{year}-").count() + 1
    return f"MON-{year}-{count:05d}"


def open_case_for_site(site: Site, evidence: list[Fetch], *, actor: Any) -> Case | None:
    """Open a ``detected`` case for a site with offers, unless it has an open case (the evidence joins it)."""
    open_case = site.cases.exclude(status=S.CLOSED).order_by("-pk").first()
    if open_case is not None:
        open_case.fetches.add(*evidence)
        return None
    now = timezone.now()
    case = Case.objects.create(
        number=_next_number(), site=site, opened_at=now, opened_by=actor, due_at=_due(S.DETECTED),
        score=max(f.score or 0.0 for f in evidence),
        urls=sorted({f.final_url or f.url for f in evidence}), domains=[urlsplit(evidence[0].url).hostname or ""],
    )  # fmt: skip
    case.fetches.add(*evidence)
    CaseStep.objects.create(case=case, to_status=S.DETECTED, at=now, actor=actor, due_at=case.due_at)
    do_record_event(actor=actor, action="monitoring.open_case", object_type="case", object_id=case.pk,
                    details={"number": case.number, "site": site.host, "score": case.score,
                             "evidence": [f.sha256 for f in evidence]})  # fmt: skip
    return case


def do_advance_case(
    case_id: int,
    *,
    to_status: str,
    actor: Any,
    note: str = "",
    decision_number: str = "",
    decision_date: date | None = None,
    block_type: str = "",
    urls: list[str] | None = None,
    domains: list[str] | None = None,
    ips: list[str] | None = None,
    remote_addr: str = "",
) -> Case:
    """Take the case one step; refuses a step the workflow does not allow, and a block without its decision."""
    if block_type and block_type not in Case.BlockType.values:
        raise InputRefused(BAD_BLOCK_TYPE, field="block_type", choices=", ".join(Case.BlockType.values))
    with transaction.atomic():
        case = access_case(actor, case_id, purpose=f"advance to {to_status}", remote_addr=remote_addr,
                           for_update=True)  # fmt: skip
        if to_status not in TRANSITIONS.get(case.status, ()):
            raise InputRefused(BAD_STEP, field="to_status", status=case.status, target=to_status)
        changed = ["status", "due_at"]
        if to_status == S.DEMAND_SENT:
            case.urls = urls if urls is not None else case.urls
            case.domains = domains if domains is not None else case.domains
            case.ips = ips if ips is not None else case.ips
            if not (case.urls or case.domains or case.ips):
                raise InputRefused(NOTHING_TO_BLOCK, field="urls")
            case.block_type = block_type or case.block_type or Case.BlockType.DOMAIN
            changed += ["urls", "domains", "ips", "block_type"]
        if to_status == S.BLOCKED:
            if not decision_number or decision_date is None:
                raise InputRefused(DECISION_NEEDED, field="decision_number")
            case.decision_number, case.decision_date, case.blocked_at = decision_number, decision_date, timezone.now()
            case.alive_again = False
            changed += ["decision_number", "decision_date", "blocked_at", "alive_again"]
        before = case.status
        case.status = to_status
        case.due_at = _due(to_status)
        case.save(update_fields=changed)
        CaseStep.objects.create(case=case, from_status=before, to_status=to_status, at=timezone.now(), actor=actor,
                                note=note, due_at=case.due_at)  # fmt: skip
        do_record_event(actor=actor, action="monitoring.advance_case", object_type="case", object_id=case.pk,
                        remote_addr=remote_addr,
                        details={"number": case.number, "from": before, "to": to_status, "note": note,
                                 "decision": decision_number})  # fmt: skip
    return case


def do_recheck_case(case_id: int, *, actor: Any, remote_addr: str = "") -> Crawl:
    """Queue a re-check crawl of a blocked case's URLs and its known mirrors."""
    from drugcontrol.monitoring.actions.crawls import do_start_crawl

    case = access_case(actor, case_id, purpose="recheck", remote_addr=remote_addr)
    if case.status not in (S.BLOCKED, S.RECHECKED):
        raise InputRefused(BAD_STEP, field="to_status", status=case.status, target=S.RECHECKED)
    seeds = list(dict.fromkeys([*case.urls, *(f"http://{d}/" for d in case.domains if d and "/" not in d)]))
    from drugcontrol.monitoring.crawl.limits import CrawlLimits

    limits = CrawlLimits(**{**settings.MONITORING_CRAWL_LIMITS, "max_depth": 0})
    return do_start_crawl(seeds=seeds[: settings.MONITORING_MAX_SEEDS], limits=limits, actor=actor,
                          remote_addr=remote_addr, recheck_of=case)  # fmt: skip


def record_recheck(crawl: Crawl, fetches: list[Fetch]) -> None:
    """A re-check crawl's finding on its case (inside the crawl's transaction): alive again when any URL answered
    with a page (on its address or, after redirects, on a new one), else still blocked."""
    case = Case.objects.select_for_update().get(pk=crawl.recheck_of_id)
    alive = [f for f in fetches if f.kind == Fetch.Kind.PAGE]
    moved = sorted({urlsplit(f.final_url).hostname or "" for f in alive} - set(case.domains))
    note = ("alive again" + (f" on a new address: {', '.join(moved)}" if moved else "")) if alive else "not reachable"
    before = case.status
    case.status = S.RECHECKED
    case.alive_again = bool(alive)
    case.recheck_note = note[:500]
    case.due_at = _due(S.RECHECKED)
    case.save(update_fields=["status", "alive_again", "recheck_note", "due_at"])
    case.fetches.add(*alive)
    CaseStep.objects.create(case=case, from_status=before, to_status=S.RECHECKED, at=timezone.now(),
                            actor=crawl.created_by, note=note, due_at=case.due_at)  # fmt: skip
    do_record_event(actor=crawl.created_by, action="monitoring.recheck_case", object_type="case", object_id=case.pk,
                    details={"number": case.number, "alive_again": bool(alive), "new_addresses": moved,
                             "crawl": crawl.pk})  # fmt: skip

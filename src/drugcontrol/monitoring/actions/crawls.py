"""Crawl jobs: queue one (validated, audited) and run it on the worker.

The crawl itself runs in a child process (``crawl.process.run_crawl``: Twisted's reactor cannot start twice in the
worker). When it ends, everything it found enters the database in one transaction: the sites, one fetch per URL
tried with its score and reasons, and a case ``detected`` for each site with an offer that has no open case yet
(or, for a re-check, the case's finding). A crawl that fails writes nothing but its failure. Then the worker has
the pages that became evidence screenshotted (``actions.screenshots``).
"""

from __future__ import annotations

import ipaddress
import socket
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from drugcontrol.audit.actions import do_record_event
from drugcontrol.errors import InputRefused
from drugcontrol.messages import Message
from drugcontrol.monitoring.access import require_monitor
from drugcontrol.monitoring.crawl.limits import CrawlLimits
from drugcontrol.monitoring.crawl.process import CrawlOutcome, CrawlProcessFailed, run_crawl
from drugcontrol.monitoring.crawl.records import FetchRecord
from drugcontrol.monitoring.evidence.warc import sha256_hex
from drugcontrol.monitoring.models import Case, Crawl, Fetch, Site
from drugcontrol.monitoring.scoring.model import ModelMissing, load_model

__all__ = ["crawl_folder", "do_start_crawl", "run_crawl_job", "site_key"]

BAD_URL = Message("monitor.bad_url", "%(url)s is not an http or https address")
PRIVATE_HOST = Message("monitor.private_host", "%(url)s points into a private network; crawls reach public hosts only")
NO_SEEDS = Message("monitor.no_seeds", "give at least one seed URL (at most %(limit)s)")


def site_key(url: str) -> str:
    """The site of a URL: its host (with a port other than 80 and 443), and for a messenger channel's public
    preview (``/s/NAME``) the host and the channel."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.port and parts.port not in (80, 443):  # another port is another service
        host = f"{host}:{parts.port}"
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) >= 2 and segments[0] == "s":
        return f"{host}/s/{segments[1]}"
    return host


def crawl_folder(crawl: Crawl) -> Path:
    return Path(settings.DATA_DIR) / "monitoring" / "crawls" / str(crawl.pk)


def _check_seed(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputRefused(BAD_URL, field="seeds", url=url[:200])
    if not settings.MONITORING_ALLOW_PRIVATE_HOSTS:
        try:
            addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, None)}
        except OSError:
            addresses = set()
        if any(not ipaddress.ip_address(a.split("%")[0]).is_global for a in addresses):
            raise InputRefused(PRIVATE_HOST, field="seeds", url=url[:200])
    return url.strip()


def do_start_crawl(
    *, seeds: list[str], limits: CrawlLimits | None = None, actor: Any, remote_addr: str = "",
    recheck_of: Case | None = None,
) -> Crawl:  # fmt: skip
    """Validate the seeds, create the crawl with its audit row and queue it for the worker."""
    from drugcontrol.monitoring.tasks import crawl_job

    require_monitor(actor, action="start_crawl", remote_addr=remote_addr)
    seeds = [s for s in (seed.strip() for seed in seeds) if s]
    if not seeds or len(seeds) > settings.MONITORING_MAX_SEEDS:
        raise InputRefused(NO_SEEDS, field="seeds", limit=settings.MONITORING_MAX_SEEDS)
    seeds = [_check_seed(url) for url in seeds]
    limits = limits or CrawlLimits(**settings.MONITORING_CRAWL_LIMITS)
    with transaction.atomic():
        crawl = Crawl.objects.create(created_at=timezone.now(), created_by=actor, seeds=seeds,
                                     limits=limits.to_dict(), recheck_of=recheck_of)  # fmt: skip
        crawl.task_id = str(crawl_job.enqueue(crawl.pk).id)
        crawl.save(update_fields=["task_id"])
        do_record_event(actor=actor, action="monitoring.start_crawl", object_type="crawl", object_id=crawl.pk,
                        remote_addr=remote_addr,
                        details={"seeds": seeds, "recheck_of": recheck_of.number if recheck_of else ""})  # fmt: skip
    return crawl


def _model():
    try:
        return load_model(Path(settings.MONITORING_MODEL_PATH))
    except ModelMissing:
        return None


def run_crawl_job(crawl_id: int) -> dict[str, Any]:
    """Run a queued crawl (in a child process) and store what it found in one transaction."""
    crawl = Crawl.objects.get(pk=crawl_id)
    if crawl.status == Crawl.Status.DONE:
        return {"pages": crawl.pages, "errors": crawl.errors}
    Crawl.objects.filter(pk=crawl.pk).update(status=Crawl.Status.RUNNING)
    folder = crawl_folder(crawl)
    if folder.exists():  # a run interrupted with its worker starts again from nothing
        for leftover in folder.iterdir():
            leftover.unlink()
    try:
        outcome = run_crawl(
            crawl.seeds, CrawlLimits.from_dict(crawl.limits), folder,
            redis_url=settings.MONITORING_REDIS_URL, frontier=f"drugcontrol:crawl:{crawl.pk}",
        )  # fmt: skip
    except (CrawlProcessFailed, OSError) as exc:
        with transaction.atomic():
            Crawl.objects.filter(pk=crawl.pk).update(status=Crawl.Status.FAILED, error=str(exc)[:2000],
                                                     finished_at=timezone.now())  # fmt: skip
            do_record_event(actor=crawl.created_by, action="monitoring.crawl_failed", object_type="crawl",
                            object_id=crawl.pk, details={"error": str(exc)[:500]})  # fmt: skip
        raise
    result = store_outcome(crawl, outcome)
    from drugcontrol.monitoring.actions.screenshots import do_take_evidence_screenshots

    result["screenshots"] = do_take_evidence_screenshots(crawl)["made"]
    return result


def _fetched_at(record: FetchRecord) -> datetime:
    try:
        return datetime.fromisoformat(record.fetched_at)
    except ValueError:
        return timezone.now()


def store_outcome(crawl: Crawl, outcome: CrawlOutcome) -> dict[str, Any]:
    model = _model()
    pages = outcome.pages
    scores = model.score([f"{p.title}\n{p.text}" for p in pages]) if model and pages else []
    scored = {id(p): s for p, s in zip(pages, scores, strict=True)}
    now = timezone.now()
    warc_sha = sha256_hex(outcome.warc_path.read_bytes()) if outcome.warc_path.exists() else ""
    opened: list[str] = []
    with transaction.atomic():
        sites: dict[str, Site] = {}
        fetches: list[Fetch] = []
        for record in outcome.records:
            key = site_key(record.final_url or record.url)
            site = sites.get(key)
            if site is None:
                site, _ = Site.objects.get_or_create(host=key, defaults={"first_seen": now, "last_seen": now})
                sites[key] = site
            result = scored.get(id(record))
            fetch = Fetch(
                crawl=crawl, site=site, url=record.url[:2000], final_url=record.final_url[:2000], kind=record.kind,
                reason=record.reason, detail=record.detail[:500], status=record.status,
                content_type=record.content_type[:100], size=record.size, sha256=record.sha256,
                warc_record_id=record.warc_record_id, fetched_at=_fetched_at(record), title=record.title[:500],
                text=record.text[:100_000], language=record.language, images=record.images[:50],
                score=result.score if result else None, verdict=result.verdict if result else "",
                reasons=[{"code": r.code, "params": r.params} for r in result.reasons] if result else [],
            )  # fmt: skip
            fetches.append(fetch)
            site.last_seen = now
            if record.kind == "page":
                site.last_alive = now
            if result and result.score > site.max_score:
                site.max_score = result.score
        Fetch.objects.bulk_create(fetches)
        for site in sites.values():
            site.save(update_fields=["last_seen", "last_alive", "max_score"])
        if crawl.recheck_of_id is None:
            from drugcontrol.monitoring.actions.cases import open_case_for_site

            offers: dict[int, list[Fetch]] = {}
            for fetch in fetches:
                if fetch.verdict == "offer":
                    offers.setdefault(fetch.site_id, []).append(fetch)
            for site_id, evidence in offers.items():
                case = open_case_for_site(sites_by_id(sites)[site_id], evidence, actor=crawl.created_by)
                if case is not None:
                    opened.append(case.number)
        else:
            from drugcontrol.monitoring.actions.cases import record_recheck

            record_recheck(crawl, fetches)
        from drugcontrol.monitoring.actions.networks import link_sites

        links = link_sites({site.pk for site in sites.values()})
        crawl.status = Crawl.Status.DONE
        crawl.pages = len(pages)
        crawl.errors = len(outcome.errors)
        crawl.warc_sha256 = warc_sha
        crawl.folder = str(crawl_folder(crawl).relative_to(settings.DATA_DIR))
        crawl.finished_at = timezone.now()
        crawl.save(update_fields=["status", "pages", "errors", "warc_sha256", "folder", "finished_at"])
        do_record_event(actor=crawl.created_by, action="monitoring.crawl_done", object_type="crawl",
                        object_id=crawl.pk, details={"pages": crawl.pages, "errors": crawl.errors,
                                                     "warc_sha256": warc_sha, "cases_opened": opened,
                                                     "scored": bool(model), "links": links})  # fmt: skip
    return {"pages": crawl.pages, "errors": crawl.errors, "cases_opened": opened}


def sites_by_id(sites: dict[str, Site]) -> dict[int, Site]:
    return {site.pk: site for site in sites.values()}

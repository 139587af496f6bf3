"""Screenshots of a crawl's evidence pages, taken on the worker after the crawl is stored (never in the web process).

The pages that became the evidence of a case (an offer, or a page a re-check found alive) are rendered by headless
Chromium from their WARC records (``evidence.screenshots``); each PNG stays in the crawl's folder and its name and
SHA-256 go on the fetch, so the evidence package carries the hash taken when the screenshot was made. Without a
browser, or with screenshots turned off, the crawl's evidence is its WARC records alone; the audit row says why.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction

from drugcontrol.audit.actions import do_record_event
from drugcontrol.monitoring.actions.crawls import crawl_folder
from drugcontrol.monitoring.evidence.screenshots import take_screenshots
from drugcontrol.monitoring.models import Crawl, Fetch

__all__ = ["SCREENSHOTS_FOLDER", "do_take_evidence_screenshots"]

SCREENSHOTS_FOLDER = "screenshots"


def do_take_evidence_screenshots(crawl: Crawl) -> dict[str, Any]:
    """Screenshot the crawl's evidence pages that have none yet; returns (and audits) how many were made."""
    wanted = list(
        Fetch.objects.filter(crawl=crawl, kind=Fetch.Kind.PAGE, cases__isnull=False, screenshot="")
        .exclude(warc_record_id="").distinct().order_by("pk")[: settings.MONITORING_SCREENSHOT_MAX_PAGES]
    )  # fmt: skip
    if not wanted:
        return {"made": 0, "pages": 0}
    skipped = "" if settings.MONITORING_SCREENSHOTS else "turned off"
    if not skipped and not settings.MONITORING_CHROMIUM:
        skipped = "no browser"
    shots = []
    if not skipped:
        folder = crawl_folder(crawl)
        shots = take_screenshots(folder / "fetches.warc.gz", [f.warc_record_id for f in wanted],
                                 folder / SCREENSHOTS_FOLDER, chromium=settings.MONITORING_CHROMIUM)  # fmt: skip
    by_record = {shot.record_id: shot for shot in shots}
    with transaction.atomic():
        for fetch in wanted:
            shot = by_record.get(fetch.warc_record_id)
            if shot is not None:
                fetch.screenshot, fetch.screenshot_sha256 = shot.name, shot.sha256
                fetch.save(update_fields=["screenshot", "screenshot_sha256"])
        details = {"pages": len(wanted), "made": len(shots), "skipped": skipped,
                   "screenshots": {s.name: s.sha256 for s in shots}}  # fmt: skip
        do_record_event(actor=crawl.created_by, action="monitoring.screenshots", object_type="crawl",
                        object_id=crawl.pk, details=details)  # fmt: skip
    return {"made": len(shots), "pages": len(wanted)}

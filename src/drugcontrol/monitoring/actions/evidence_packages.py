"""The evidence package of a case (``evidence.package``), made on request and audited with its SHA-256."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from drugcontrol.audit.actions import do_record_event
from drugcontrol.monitoring.access import access_case
from drugcontrol.monitoring.actions.crawls import crawl_folder
from drugcontrol.monitoring.actions.screenshots import SCREENSHOTS_FOLDER
from drugcontrol.monitoring.evidence.package import build_package

__all__ = ["do_build_evidence_package"]


def do_build_evidence_package(case_id: int, *, actor: Any, remote_addr: str = "") -> Path:
    """Write the case's package under the data folder and return its path."""
    case = access_case(actor, case_id, purpose="evidence package", remote_addr=remote_addr)
    fetches = list(case.fetches.select_related("crawl").exclude(warc_record_id="").order_by("fetched_at", "pk"))
    records = [
        {"record_id": f.warc_record_id, "url": f.url, "final_url": f.final_url, "sha256": f.sha256,
         "fetched_at": f.fetched_at.isoformat(), "status": f.status, "score": f.score, "verdict": f.verdict,
         **({"screenshot": f.screenshot, "screenshot_sha256": f.screenshot_sha256} if f.screenshot else {})}
        for f in fetches
    ]  # fmt: skip
    screenshots = {}
    for f in fetches:
        shot = crawl_folder(f.crawl) / SCREENSHOTS_FOLDER / f.screenshot
        if f.screenshot and shot.is_file():  # a file lost since is missed by the verification, as it should be
            screenshots[f.screenshot] = shot.read_bytes()
    warcs = sorted({crawl_folder(f.crawl) / "fetches.warc.gz" for f in fetches})
    target = Path(settings.DATA_DIR) / "monitoring" / "packages" / f"{case.number}.zip"
    digest = build_package(
        target,
        case={"number": case.number, "site": case.site.host, "status": case.status,
              "decision_number": case.decision_number,
              "decision_date": case.decision_date.isoformat() if case.decision_date else None,
              "urls": case.urls, "domains": case.domains, "ips": case.ips},
        records=records, warc_paths=[p for p in warcs if p.exists()], screenshots=screenshots,
        made_by=actor.get_username(),
    )  # fmt: skip
    with transaction.atomic():
        do_record_event(actor=actor, action="monitoring.evidence_package", object_type="case", object_id=case.pk,
                        remote_addr=remote_addr,
                        details={"number": case.number, "sha256": digest, "records": len(records),
                                 "screenshots": len(screenshots)})  # fmt: skip
    return target

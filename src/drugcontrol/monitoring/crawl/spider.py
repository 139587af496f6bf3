"""The monitoring spider: follow links from the seeds within the limits, keep every response in the WARC file,
and write one ``FetchRecord`` per URL tried (JSON lines). Nothing a page does stops the crawl: every failure is a
record with its reason."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import exceptions as scrapy_errors
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import defer
from twisted.internet import error as net
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from drugcontrol.monitoring.crawl.language import detect_language
from drugcontrol.monitoring.crawl.limits import CrawlLimits
from drugcontrol.monitoring.crawl.records import FetchRecord
from drugcontrol.monitoring.crawl.text import MalformedPage, extract_text
from drugcontrol.monitoring.evidence.warc import WarcRecorder
from drugcontrol.monitoring.mirrors.images import NotAnImage, perceptual_hash

__all__ = ["MonitorSpider", "SharedFrontierSpider", "failure_reason"]

_MAX_REPLACEMENT_SHARE = 0.02
# Scrapy ≥ 2.14 wraps the Twisted failures in its own exceptions; older versions raise the Twisted ones below.
_SCRAPY_ERRORS = {
    name: reason
    for name, reason in {
        "DownloadTimeoutError": "timeout",
        "DownloadCancelledError": "too_large",
        "ResponseDataLossError": "broken_response",
        "DownloadConnectionRefusedError": "connection_refused",
        "CannotResolveHostError": "dns",
        "DownloadFailedError": "broken_response",
    }.items()
    if hasattr(scrapy_errors, name)
}


def failure_reason(exc: BaseException) -> tuple[str, str]:
    """The reason code of a failed fetch and a short detail for the analyst."""
    if isinstance(exc, HttpError):
        return "http_status", f"HTTP {exc.response.status}"
    named = _SCRAPY_ERRORS.get(type(exc).__name__)
    if named:
        return named, str(exc)[:500] or type(exc).__name__
    if isinstance(exc, net.TimeoutError | net.TCPTimedOutError):
        return "timeout", str(exc) or "timed out"
    if isinstance(exc, net.DNSLookupError):
        return "dns", str(exc)
    if isinstance(exc, net.ConnectionRefusedError):
        return "connection_refused", str(exc)
    if isinstance(exc, defer.CancelledError):
        return "too_large", str(exc) or "over the size limit"
    if isinstance(exc, IgnoreRequest):
        text = str(exc)
        if "robots" in text.lower():
            return "robots", text
        if "redirect" in text.lower():
            return "redirect_loop", text
        return "other", text
    if isinstance(exc, ResponseFailed | ResponseNeverReceived | net.ConnectionLost | net.ConnectionDone):
        return "broken_response", type(exc).__name__
    return "other", f"{type(exc).__name__}: {exc}"[:500]


class MonitorSpider(scrapy.Spider):
    """Crawl ``seeds`` within ``limits``; write ``records.jsonl`` and ``fetches.warc.gz`` into ``out_dir``."""

    name = "drugcontrol-monitor"
    shared_frontier = False

    def __init__(self, *, seeds: list[str], limits: dict[str, Any], out_dir: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.seeds = list(seeds)
        self.limits = CrawlLimits.from_dict(limits)
        self.out_dir = Path(out_dir)
        self.seed_hosts = {urlsplit(url).hostname or "" for url in self.seeds}
        self.seen: set[str] = set()
        self.scheduled = 0
        self.images_scheduled = 0
        self.links = LinkExtractor()
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.warc = WarcRecorder(self.out_dir / "fetches.warc.gz")
        self.records = (self.out_dir / "records.jsonl").open("a", encoding="utf-8")

    def closed(self, reason: str) -> None:
        self.warc.close()
        self.records.close()

    # -- scheduling -------------------------------------------------------------------------------------------
    def _request(self, url: str, *, depth: int, parent: str) -> scrapy.Request | None:
        url = url.split("#", 1)[0]
        if url in self.seen or self.scheduled >= self.limits.max_pages:
            return None
        self.seen.add(url)
        self.scheduled += 1
        return scrapy.Request(
            url,
            callback=self.parse,
            errback=self.failed,
            # our own `seen` dedups; a redirect back to a seen URL must reach the redirect limit and be recorded
            dont_filter=not self.shared_frontier,
            meta={"monitor_depth": depth, "monitor_parent": parent, "monitor_url": url},
        )

    async def start(self):  # Scrapy ≥ 2.13
        for request in self.start_requests():
            yield request

    def start_requests(self):
        for url in self.seeds:
            request = self._request(url, depth=0, parent="")
            if request is not None:
                yield request

    # -- results ----------------------------------------------------------------------------------------------
    def _write(self, record: FetchRecord) -> None:
        self.records.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
        self.records.flush()

    def _keep(self, response: Response, record: FetchRecord) -> None:
        """Put the response in the WARC file and its id, hash and time on the record."""
        stored = self.warc.record(
            url=response.url,
            method=response.request.method if response.request else "GET",
            request_headers=_pairs(response.request.headers) if response.request else [],
            status=response.status,
            reason="",
            headers=_pairs(response.headers),
            body=response.body,
            fetched_at=datetime.now(UTC),
        )
        record.sha256 = stored.sha256
        record.warc_record_id = stored.record_id
        record.fetched_at = stored.fetched_at.isoformat()
        record.size = len(response.body)
        record.status = response.status
        record.final_url = response.url
        record.content_type = _content_type(response)
        if response.request is not None:
            record.redirects = [str(url) for url in response.request.meta.get("redirect_urls", [])]

    def _base(self, meta: dict[str, Any]) -> FetchRecord:
        return FetchRecord(
            url=meta.get("monitor_url", ""), kind="page", depth=meta.get("monitor_depth", 0),
            parent=meta.get("monitor_parent", ""),
        )  # fmt: skip

    def parse(self, response: Response, **kwargs: Any):
        record = self._base(response.meta)
        self._keep(response, record)
        problem = self._read(response, record)
        if problem is not None:
            record.kind, (record.reason, record.detail) = "error", problem
            self._write(record)
            return
        self._write(record)
        yield from self._image_requests(record)
        if record.depth >= self.limits.max_depth:
            return
        for link in record.links:
            request = self._request(link, depth=record.depth + 1, parent=record.url)
            if request is not None:
                yield request

    def _image_requests(self, record: FetchRecord):
        """The page's pictures on the crawled hosts, for their perceptual hashes (mirrors share pictures)."""
        for url in record.images:
            if self.images_scheduled >= self.limits.max_images or url in self.seen:
                continue
            if self.limits.same_host_only and urlsplit(url).hostname not in self.seed_hosts:
                continue
            self.seen.add(url)
            self.images_scheduled += 1
            # on a shared frontier the shared filter decides, or two crawls would both fetch the shop's logo
            yield scrapy.Request(url, callback=self.parse_image, errback=self.failed,
                                 dont_filter=not self.shared_frontier,
                                 meta={"monitor_depth": record.depth + 1, "monitor_parent": record.url,
                                       "monitor_url": url})  # fmt: skip

    def parse_image(self, response: Response, **kwargs: Any) -> None:
        record = self._base(response.meta)
        record.kind = "image"
        self._keep(response, record)
        try:
            record.detail = perceptual_hash(response.body)
        except NotAnImage as exc:
            record.kind, record.reason, record.detail = "error", "content_type", str(exc)[:200]
        self._write(record)

    def _read(self, response: Response, record: FetchRecord) -> tuple[str, str] | None:
        """Fill the page's text, language and links; the reason it cannot be read, or None."""
        if record.content_type not in self.limits.content_types:
            return "content_type", record.content_type or "no Content-Type"
        if not isinstance(response, TextResponse) or b"\x00" in response.body[:8192]:
            return "binary_body", f"{record.content_type}: binary content"
        text = response.text
        if text and text.count("\ufffd") / len(text) > _MAX_REPLACEMENT_SHARE:
            return "bad_encoding", f"not {response.encoding}"
        if record.content_type == "text/plain":
            extracted_title, extracted_text, posts = "", " ".join(text.split()), []
        else:
            try:
                extracted = extract_text(text)
            except MalformedPage as exc:
                return "malformed_html", str(exc)
            extracted_title, extracted_text, posts = extracted.title, extracted.text, extracted.posts
            try:
                record.links = sorted({
                    link.url for link in self.links.extract_links(response)
                    if not self.limits.same_host_only or urlsplit(link.url).hostname in self.seed_hosts
                })  # fmt: skip
                record.images = sorted({response.urljoin(src) for src in response.xpath("//img/@src").getall()})[:50]
            except ValueError as exc:  # lxml refuses some documents outright
                return "malformed_html", str(exc)
        language = detect_language(extracted_text or extracted_title)
        record.title, record.text, record.posts = extracted_title[:500], extracted_text, posts
        record.language, record.language_confidence = language.code, round(language.confidence, 3)
        return None

    def failed(self, failure: Any) -> None:
        request = failure.request
        record = self._base(request.meta)
        record.kind = "error"
        record.reason, record.detail = failure_reason(failure.value)
        response = getattr(failure.value, "response", None)
        if isinstance(response, Response):
            self._keep(response, record)
        else:
            record.fetched_at = datetime.now(UTC).isoformat()
            record.redirects = [str(url) for url in request.meta.get("redirect_urls", [])]
        self._write(record)


class SharedFrontierSpider(MonitorSpider):
    """The same spider on a frontier shared through Redis (scrapy-redis): the shared duplicate filter, not this
    process's memory, decides whether a URL is new, so every URL is fetched once by whichever crawl gets it first.
    A redirect loop then ends at the shared filter instead of the redirect limit (no error record for it)."""

    shared_frontier = True


def _pairs(headers: Any) -> list[tuple[str, str]]:
    return [
        (key.decode("latin-1"), value.decode("latin-1"))
        for key, values in headers.items()
        for value in values
    ]


def _content_type(response: Response) -> str:
    raw = response.headers.get(b"Content-Type") or b""
    return raw.decode("latin-1").split(";", 1)[0].strip().lower()

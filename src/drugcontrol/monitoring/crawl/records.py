"""What a crawl hands back for every URL it tried: a page, or a fetch error with its reason code."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["FETCH_ERROR_REASONS", "FetchRecord"]

FETCH_ERROR_REASONS = (
    "http_status",  # the server answered with an error status (kept in the WARC)
    "timeout",  # no complete answer within the timeout (a slow or endless page)
    "dns",  # the host name does not resolve
    "connection_refused",
    "broken_response",  # the connection broke off or the answer was not valid HTTP
    "too_large",  # the body is over the size limit
    "redirect_loop",  # more redirects than the limit (a loop)
    "robots",  # robots.txt forbids it and the crawl obeys robots.txt
    "content_type",  # not a type the crawl reads (an image, an archive, …)
    "binary_body",  # said to be text but is binary
    "bad_encoding",  # text that does not decode in the charset it declares
    "malformed_html",  # no document tree could be built
    "other",
)


@dataclass
class FetchRecord:
    """One URL tried by a crawl; ``kind`` is ``page``, ``image`` (``detail`` is its perceptual hash) or ``error``
    (then ``reason`` is one of ``FETCH_ERROR_REASONS``)."""

    url: str
    kind: str
    depth: int = 0
    parent: str = ""
    final_url: str = ""
    status: int = 0
    reason: str = ""
    detail: str = ""
    content_type: str = ""
    size: int = 0
    sha256: str = ""
    warc_record_id: str = ""
    fetched_at: str = ""
    title: str = ""
    text: str = ""
    language: str = ""
    language_confidence: float = 0.0
    posts: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    redirects: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FetchRecord:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})

"""How far and how politely a crawl goes: every limit a named field with a short default for a careful crawl."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

DEFAULT_CONTENT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


@dataclass(frozen=True)
class HostPoliteness:
    """Per-host override of the delay and the concurrency (Scrapy's ``DOWNLOAD_SLOTS``)."""

    delay_s: float = 1.0
    concurrency: int = 1


@dataclass(frozen=True)
class CrawlLimits:
    """Limits of one crawl; ``to_dict``/``from_dict`` carry it to the child process as JSON."""

    max_pages: int = 200
    max_depth: int = 3
    max_bytes: int = 5 * 1024 * 1024
    timeout_s: float = 30.0
    retries: int = 2
    delay_s: float = 1.0
    concurrency_per_host: int = 2
    obey_robots: bool = True
    max_redirects: int = 10
    max_images: int = 20
    same_host_only: bool = True
    content_types: tuple[str, ...] = DEFAULT_CONTENT_TYPES
    hosts: dict[str, HostPoliteness] = field(default_factory=dict)
    user_agent: str = "drugcontrol-monitor/1.0 (+cyber-police evidence crawler)"
    total_timeout_s: float = 3600.0

    def __post_init__(self) -> None:
        for name in ("max_pages", "max_bytes", "concurrency_per_host", "max_redirects"):
            if getattr(self, name) < 1:
                raise ValueError(f"The {name!r} limit must be at least 1. Got {getattr(self, name)!r} instead.")
        for name in ("max_depth", "retries"):
            if getattr(self, name) < 0:
                raise ValueError(f"The {name!r} limit must not be negative. Got {getattr(self, name)!r} instead.")
        if self.timeout_s <= 0 or self.delay_s < 0:
            raise ValueError("The timeout must be positive and the delay not negative.")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["content_types"] = list(self.content_types)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CrawlLimits:
        data = dict(data)
        data["content_types"] = tuple(data.get("content_types", DEFAULT_CONTENT_TYPES))
        data["hosts"] = {host: HostPoliteness(**value) for host, value in (data.get("hosts") or {}).items()}
        return cls(**data)

    def scrapy_settings(self) -> dict[str, Any]:
        """The Scrapy settings these limits mean (the spider adds its own components)."""
        return {
            "ROBOTSTXT_OBEY": self.obey_robots,
            "DEPTH_LIMIT": 0,  # the spider counts depth itself, so nothing is dropped unrecorded
            "DOWNLOAD_MAXSIZE": self.max_bytes,
            "DOWNLOAD_WARNSIZE": 0,
            "DOWNLOAD_TIMEOUT": self.timeout_s,
            "RETRY_ENABLED": self.retries > 0,
            "RETRY_TIMES": self.retries,
            "DOWNLOAD_DELAY": self.delay_s,
            "RANDOMIZE_DOWNLOAD_DELAY": False,
            "CONCURRENT_REQUESTS_PER_DOMAIN": self.concurrency_per_host,
            "DOWNLOAD_SLOTS": {
                host: {"delay": value.delay_s, "concurrency": value.concurrency} for host, value in self.hosts.items()
            },
            "REDIRECT_MAX_TIMES": self.max_redirects,
            "USER_AGENT": self.user_agent,
            "COOKIES_ENABLED": False,
            "TELNETCONSOLE_ENABLED": False,
            "LOG_LEVEL": "WARNING",
            "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
        }

"""Run one crawl in a child process and read back what it wrote.

Twisted's reactor runs once per process, so the background worker (or the command line) never starts it itself:
``run_crawl`` writes the crawl's configuration to the output folder, runs ``python -m
drugcontrol.monitoring.crawl.process CONFIG`` and, when that ends, reads ``records.jsonl`` (one ``FetchRecord`` per
URL tried) and the WARC file. A crawl that overruns its total time is killed; the records written until then stay.
With ``redis_url`` the crawl shares one frontier (scrapy-redis scheduler and duplicate filter) with every other
crawl given the same URL and ``frontier`` key, on any machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drugcontrol.monitoring.crawl.limits import CrawlLimits
from drugcontrol.monitoring.crawl.records import FetchRecord

__all__ = ["CrawlOutcome", "CrawlProcessFailed", "main", "read_records", "run_crawl"]


class CrawlProcessFailed(RuntimeError):
    """The crawl's process ended with an error before writing its summary."""


@dataclass(frozen=True)
class CrawlOutcome:
    """The records of a crawl, its WARC file and whether it ended by itself (not killed at the time limit)."""

    records: list[FetchRecord]
    warc_path: Path
    finished: bool

    @property
    def pages(self) -> list[FetchRecord]:
        return [r for r in self.records if r.kind == "page"]

    @property
    def errors(self) -> list[FetchRecord]:
        return [r for r in self.records if r.kind == "error"]


def read_records(out_dir: Path) -> list[FetchRecord]:
    path = out_dir / "records.jsonl"
    if not path.exists():
        return []
    records = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            try:
                records.append(FetchRecord.from_dict(json.loads(line)))
            except (ValueError, TypeError):
                continue  # a line cut short when the process was killed
    return records


def run_crawl(
    seeds: list[str],
    limits: CrawlLimits,
    out_dir: Path,
    *,
    redis_url: str = "",
    frontier: str = "",
    python: str = sys.executable,
) -> CrawlOutcome:
    """Crawl in a child process; raises ``CrawlProcessFailed`` when it dies without a summary."""
    out_dir.mkdir(parents=True, exist_ok=True)
    config = {"seeds": list(seeds), "limits": limits.to_dict(), "out_dir": str(out_dir),
              "redis_url": redis_url, "frontier": frontier}  # fmt: skip
    config_path = out_dir / "crawl.json"
    config_path.write_text(json.dumps(config), encoding="utf-8")
    finished = True
    try:
        completed = subprocess.run(  # noqa: S603 - our own module with a path we wrote
            [python, "-m", "drugcontrol.monitoring.crawl.process", str(config_path)],
            capture_output=True, text=True, timeout=limits.total_timeout_s + 30, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        finished = False
    else:
        if completed.returncode != 0 and not (out_dir / "summary.json").exists():
            raise CrawlProcessFailed(completed.stderr[-2000:])
    return CrawlOutcome(read_records(out_dir), out_dir / "fetches.warc.gz", finished)


def scrapy_settings(config: dict[str, Any]) -> dict[str, Any]:
    limits = CrawlLimits.from_dict(config["limits"])
    settings = limits.scrapy_settings()
    if config.get("redis_url"):
        settings.update({
            "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            "SCHEDULER_PERSIST": True,
            "REDIS_URL": config["redis_url"],
            "SCHEDULER_QUEUE_KEY": f"{config['frontier']}:requests",
            "SCHEDULER_DUPEFILTER_KEY": f"{config['frontier']}:dupefilter",
            "SCHEDULER_IDLE_BEFORE_CLOSE": 1,
        })  # fmt: skip
    return settings


def main(argv: list[str] | None = None) -> int:
    """Entry point of the child process: run the spider, then write ``summary.json``."""
    from scrapy.crawler import CrawlerProcess

    from drugcontrol.monitoring.crawl.spider import MonitorSpider, SharedFrontierSpider

    args = sys.argv[1:] if argv is None else argv
    config = json.loads(Path(args[0]).read_text(encoding="utf-8"))
    process = CrawlerProcess(settings=scrapy_settings(config), install_root_handler=True)
    spider = SharedFrontierSpider if config.get("redis_url") else MonitorSpider
    crawler = process.create_crawler(spider)
    process.crawl(crawler, seeds=config["seeds"], limits=config["limits"], out_dir=config["out_dir"])
    process.start()
    stats: dict[str, Any] = {k: v for k, v in (crawler.stats.get_stats() or {}).items() if isinstance(v, int | float)}
    (Path(config["out_dir"]) / "summary.json").write_text(json.dumps(stats), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

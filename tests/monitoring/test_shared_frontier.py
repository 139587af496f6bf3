"""Two crawls on one frontier shared through Redis (scrapy-redis): every URL is fetched once, by one of them."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from drugcontrol.monitoring.crawl.limits import CrawlLimits
from drugcontrol.monitoring.crawl.process import run_crawl


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throwaway redis-server on a free port of 127.0.0.1 (CI installs it: .ci/run)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed here (apt-get install redis-server); CI installs it")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    folder = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(  # noqa: S603 - the Debian binary, fixed arguments
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_two_crawls_share_one_frontier(shop_site: str, redis_url: str, tmp_path: Path) -> None:
    import redis

    limits = CrawlLimits(max_pages=30, max_depth=2, timeout_s=2.0, retries=0, delay_s=0.0, total_timeout_s=60)
    seeds = [shop_site + "/"]
    with ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(
            lambda name: run_crawl(seeds, limits, tmp_path / name, redis_url=redis_url, frontier="test:shop"),
            ["one", "two"],
        ))  # fmt: skip
    fetched = [r.url for outcome in outcomes for r in outcome.records]
    assert len(fetched) == len(set(fetched))
    pages = {r.url.removeprefix(shop_site) for outcome in outcomes for r in outcome.pages}
    assert {"/", "/catalog.html", "/work.html", "/contacts.html", "/kk.html"} <= pages
    assert redis.Redis.from_url(redis_url).scard("test:shop:dupefilter") >= len(fetched)

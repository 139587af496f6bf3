"""Crawl speed: a loopback site of 10,000 pages crawled by the monitoring crawler, beside `scrapy bench` run in the
same run on the same machine (its own loopback server and its default spider).

    .venv/bin/python bench/bench_crawl.py [--pages 10000] [--scrapy-seconds 20]

Prints pages/s of both and their ratio. The monitoring crawler does more per page than `scrapy bench` (a WARC
record with SHA-256, text extraction with trafilatura, language detection, a JSON record), so the ratio says what
that costs. Both servers run in their own process; robots.txt is off and there is no delay (politeness is a
setting, not a speed).
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import subprocess
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from drugcontrol.monitoring.crawl.limits import CrawlLimits
from drugcontrol.monitoring.crawl.process import run_crawl

LINKS_PER_PAGE = 10
WORDS = ["Мефедрон", "кристаллы", "клад", "Алматы", "оплата", "BTC", "бот", "магазина", "отзывы", "доставка", "курьер"]


def _serve(port_queue: multiprocessing.Queue, pages: int) -> None:
    class Site(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            number = int(self.path.strip("/").removeprefix("p") or 0)
            links = "".join(f'<a href="/p{(number * LINKS_PER_PAGE + k) % pages}">{k}</a> '
                            for k in range(1, LINKS_PER_PAGE + 1))  # fmt: skip
            text = " ".join(WORDS[(number + i) % len(WORDS)] for i in range(120))
            body = f"<html><head><title>page {number}</title></head><body><p>{text}</p>{links}</body></html>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    server.daemon_threads = True
    port_queue.put(server.server_address[1])
    server.serve_forever()


def bench_monitor(pages: int) -> float:
    queue: multiprocessing.Queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=_serve, args=(queue, pages), daemon=True)
    server.start()
    port = queue.get(timeout=30)
    limits = CrawlLimits(max_pages=pages, max_depth=50, timeout_s=30, retries=0, delay_s=0.0, obey_robots=False,
                         concurrency_per_host=16, max_images=0, total_timeout_s=3600)  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        outcome = run_crawl([f"http://127.0.0.1:{port}/p0"], limits, Path(folder))
        seconds = time.perf_counter() - started
    server.terminate()
    done = len(outcome.pages)
    print(f"monitoring crawler: {done} pages in {seconds:.1f} s (with process start) = {done / seconds:.1f} pages/s")
    return done / seconds


def bench_scrapy(seconds: int) -> float:
    completed = subprocess.run(  # noqa: S603 - scrapy's own bench command
        [sys.executable, "-m", "scrapy", "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}", "-s", "LOG_LEVEL=INFO"],
        capture_output=True, text=True, check=False, timeout=seconds + 120,
    )  # fmt: skip
    log = completed.stderr + completed.stdout
    counts = re.findall(r"'response_received_count': (\d+)", log)
    elapsed = re.findall(r"'elapsed_time_seconds': ([\d.]+)", log)
    if not counts or not elapsed:
        print("scrapy bench gave no statistics:\n" + log[-2000:])
        return 0.0
    rate = int(counts[-1]) / float(elapsed[-1])
    print(f"scrapy bench: {counts[-1]} pages in {float(elapsed[-1]):.1f} s = {rate:.1f} pages/s")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--scrapy-seconds", type=int, default=20)
    args = parser.parse_args()
    ours = bench_monitor(args.pages)
    baseline = bench_scrapy(args.scrapy_seconds)
    if baseline:
        print(f"ratio monitoring / scrapy bench: {ours / baseline:.2f}")


if __name__ == "__main__":
    main()

"""Screenshots of captured pages by headless Chromium, rendered from the WARC records, never from the live site.

Each page is opened at its own URL in a browser whose every request is answered from the crawl's WARC file (the
page's body and any picture or style sheet the crawl kept) or refused: the screenshot shows what the crawl
received, the shop sees no second visit, and nothing of the screenshot comes from the network. Chromium runs in a
child process (``python -m drugcontrol.monitoring.evidence.screenshots CONFIG``), like the crawl: Playwright's
synchronous API cannot run inside an event loop, and a browser that crashes or hangs takes only that process down.
The names are the WARC record's UUID (``<uuid>.png``); each comes back with its SHA-256 for the manifest.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from drugcontrol import chromium
from drugcontrol.monitoring.evidence.warc import sha256_hex

__all__ = ["CHROMIUM_ARGS", "Screenshot", "screenshot_name", "take_screenshots"]

CHROMIUM_ARGS = [
    *chromium.CHROMIUM_ARGS,
    "--host-resolver-rules=MAP * ~NOTFOUND",  # nothing resolves: every request is answered from the WARC or refused
]
VIEWPORT = {"width": 1280, "height": 900}
MAX_HEIGHT = 8_000
"""A full-page screenshot is cut at 8,000 pixels (an endless page stays one picture of bounded size)."""
PAGE_TIMEOUT_MS = 15_000


@dataclass(frozen=True)
class Screenshot:
    """A page's screenshot: the WARC record it shows, the file name in the folder and its SHA-256."""

    record_id: str
    name: str
    sha256: str


def screenshot_name(record_id: str) -> str:
    """``urn:uuid:…`` → ``….png``."""
    return record_id.rsplit(":", 1)[-1].strip("<>") + ".png"


def _stored_responses(warc_path: Path) -> tuple[dict[str, tuple[int, list[tuple[str, str]], bytes]], dict[str, str]]:
    """Every response of the WARC by URL (status, headers, body), and each record id's URL."""
    by_url: dict[str, tuple[int, list[tuple[str, str]], bytes]] = {}
    urls: dict[str, str] = {}
    with warc_path.open("rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type != "response":
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            body = record.content_stream().read()
            status = int((record.http_headers.get_statuscode() if record.http_headers else "0") or 0)
            headers = list(record.http_headers.headers) if record.http_headers else []
            by_url.setdefault(url, (status, headers, body))
            urls[record.rec_headers.get_header("WARC-Record-ID")] = url
    return by_url, urls


def _render(config: dict[str, Any]) -> dict[str, dict[str, str]]:
    """In the child process: open each wanted record's URL, answer every request from the WARC, save PNGs."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    out_dir = Path(config["out_dir"])
    out_dir.mkdir(parents=True, exist_ok=True)
    by_url, urls = _stored_responses(Path(config["warc"]))
    done: dict[str, dict[str, str]] = {}

    def answer(route: Any) -> None:
        stored = by_url.get(route.request.url)
        if stored is None:
            route.abort("blockedbyclient")
            return
        status, headers, body = stored
        route.fulfill(status=status or 200, headers={k: v for k, v in headers if k.lower() != "content-length"},
                      body=body)  # fmt: skip

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=config["chromium"], args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=VIEWPORT, java_script_enabled=False, service_workers="block")
            context.route("**/*", answer)
            for record_id in config["records"]:
                url = urls.get(record_id)
                if url is None:
                    continue
                page = context.new_page()
                try:
                    page.goto(url, wait_until="load", timeout=PAGE_TIMEOUT_MS)
                    height = min(MAX_HEIGHT, int(page.evaluate("document.documentElement.scrollHeight") or 0))
                    png = page.screenshot(clip={"x": 0, "y": 0, "width": VIEWPORT["width"],
                                                "height": max(height, VIEWPORT["height"])},
                                          full_page=True, timeout=PAGE_TIMEOUT_MS)  # fmt: skip
                except PlaywrightError:
                    continue  # a page the browser cannot show has no screenshot; its WARC record stays the evidence
                finally:
                    page.close()
                name = screenshot_name(record_id)
                (out_dir / name).write_bytes(png)
                done[record_id] = {"name": name, "sha256": sha256_hex(png)}
            context.close()
        finally:
            browser.close()
    return done


def take_screenshots(
    warc_path: Path, record_ids: list[str], out_dir: Path, *, chromium: str, timeout_s: float = 120.0,
    python: str = sys.executable,
) -> list[Screenshot]:  # fmt: skip
    """Screenshots of the pages ``record_ids`` of ``warc_path`` in ``out_dir``; a page the browser could not show
    (or a browser that did not start, or ran out of time) has none. Runs Chromium in a child process."""
    if not record_ids or not warc_path.exists():
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    config_path = out_dir / "screenshots.json"
    result_path = out_dir / "screenshots.result.json"
    config = {"warc": str(warc_path), "records": list(record_ids), "out_dir": str(out_dir), "chromium": chromium,
              "result": str(result_path)}  # fmt: skip
    config_path.write_text(json.dumps(config), encoding="utf-8")
    try:
        subprocess.run(  # noqa: S603 - our own module with a path we wrote
            [python, "-m", "drugcontrol.monitoring.evidence.screenshots", str(config_path)],
            capture_output=True, timeout=timeout_s, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return []
    try:
        done = json.loads(result_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    shots = []
    for record_id in record_ids:
        entry = done.get(record_id)
        if entry and (out_dir / entry["name"]).is_file():
            shots.append(Screenshot(record_id, entry["name"], entry["sha256"]))
    return shots


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    config = json.loads(Path(args[0]).read_text(encoding="utf-8"))
    done = _render(config)
    Path(config["result"]).write_text(json.dumps(done), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

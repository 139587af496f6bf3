"""Real crawls against a loopback shop: pages with text and language, every bad answer a fetch error with its
reason, every response in the WARC file with its SHA-256 and UTC time, and nothing stops the crawl."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from drugcontrol.monitoring.crawl.limits import CrawlLimits
from drugcontrol.monitoring.crawl.process import CrawlOutcome, run_crawl
from drugcontrol.monitoring.evidence.warc import iter_responses

BAD = ["/slow.html", "/broken.html", "/big.html", "/endless.html", "/binary.html", "/cp1251.html", "/empty.html",
       "/malformed.html", "/error.html", "/go/a", "/image.png"]  # fmt: skip
LIMITS = CrawlLimits(max_pages=40, max_depth=3, max_bytes=256 * 1024, timeout_s=5.0, retries=0, delay_s=0.0,
                     concurrency_per_host=8, total_timeout_s=60)  # fmt: skip


@pytest.fixture(scope="module")
def crawl(shop_site: str, tmp_path_factory: pytest.TempPathFactory) -> CrawlOutcome:
    out = tmp_path_factory.mktemp("crawl")
    return run_crawl([shop_site + "/", *(shop_site + path for path in BAD)], LIMITS, out)


def by_path(crawl: CrawlOutcome, base: str) -> dict[str, object]:
    return {record.url.removeprefix(base): record for record in crawl.records}


def test_the_shop_pages_are_read_with_their_text_and_language(crawl: CrawlOutcome, shop_site: str) -> None:
    pages = {r.url.removeprefix(shop_site): r for r in crawl.pages}
    assert {"/", "/catalog.html", "/work.html", "/contacts.html", "/kk.html", "/translit.html"} <= set(pages)
    assert "Мефедрон кристаллы" in pages["/"].text
    assert pages["/"].title == "Снежный Барс — магазин 24/7"
    assert pages["/"].language == "ru"
    assert pages["/kk.html"].language == "kk"
    assert pages["/translit.html"].language == "ru-Latn"
    assert shop_site + "/img/logo.png" in pages["/"].images


def test_pictures_get_a_perceptual_hash(crawl: CrawlOutcome, shop_site: str) -> None:
    logo = by_path(crawl, shop_site)["/img/logo.png"]
    assert logo.kind == "image"
    assert len(logo.detail) == 16 and logo.warc_record_id


def test_a_channel_preview_gives_its_posts(crawl: CrawlOutcome, shop_site: str) -> None:
    channel = by_path(crawl, shop_site)["/s/snowbars_shop"]
    assert channel.kind == "page"
    assert len(channel.posts) == 2
    assert "@snowbars_hr_bot" in channel.posts[1]


def test_a_loop_of_links_is_fetched_once_per_page(crawl: CrawlOutcome, shop_site: str) -> None:
    urls = [r.url for r in crawl.records]
    assert len(urls) == len(set(urls))
    assert urls.count(shop_site + "/loop/a.html") == 1
    assert urls.count(shop_site + "/loop/b.html") == 1


def test_a_redirect_is_followed_and_recorded(crawl: CrawlOutcome, shop_site: str) -> None:
    record = by_path(crawl, shop_site)["/redirect"]
    assert record.kind == "page"
    assert record.final_url == shop_site + "/catalog.html"
    assert record.redirects == [shop_site + "/redirect"]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/slow.html", "timeout"),
        ("/broken.html", "broken_response"),
        ("/big.html", "too_large"),
        ("/endless.html", "too_large"),
        ("/binary.html", "binary_body"),
        ("/cp1251.html", "bad_encoding"),
        ("/empty.html", "malformed_html"),
        ("/error.html", "http_status"),
        ("/missing.html", "http_status"),
        ("/go/a", "redirect_loop"),
        ("/image.png", "content_type"),
        ("/private/admin.html", "robots"),
    ],
)
def test_every_bad_answer_is_a_fetch_error_with_its_reason(
    crawl: CrawlOutcome, shop_site: str, path: str, reason: str
) -> None:
    record = by_path(crawl, shop_site)[path]
    assert (record.kind, record.reason) == ("error", reason), record.detail
    assert record.fetched_at


def test_malformed_html_that_a_browser_would_show_is_read(crawl: CrawlOutcome, shop_site: str) -> None:
    record = by_path(crawl, shop_site)["/malformed.html"]
    assert record.kind == "page"
    assert "альфа" in record.text


def test_every_response_is_in_the_warc_file_with_its_sha256_and_utc_time(crawl: CrawlOutcome) -> None:
    assert crawl.finished
    with crawl.warc_path.open("rb") as fh:
        stored = {record.record_id: record for record in iter_responses(fh)}
    kept = [r for r in crawl.records if r.warc_record_id]
    assert len(kept) >= 15
    for record in kept:
        warc = stored[record.warc_record_id]
        assert warc.claimed_sha256 == warc.payload_sha256 == record.sha256
        assert warc.date.endswith("Z")
        assert record.fetched_at.endswith("+00:00")
    http_error = next(r for r in crawl.errors if r.reason == "http_status" and r.status == 500)
    assert http_error.warc_record_id in stored


def test_the_page_limit_stops_following_links(shop_site: str, tmp_path: Path) -> None:
    limits = CrawlLimits(max_pages=3, max_depth=5, timeout_s=1.0, retries=0, delay_s=0.0, total_timeout_s=30)
    outcome = run_crawl([shop_site + "/"], limits, tmp_path)
    assert len([r for r in outcome.records if r.kind != "image"]) == 3
    with gzip.open(outcome.warc_path) as warc:
        assert warc.read(4) == b"WARC"

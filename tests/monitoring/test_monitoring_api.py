"""The monitoring through HTTP: scoring with reasons, a crawl on the worker that opens a case, the case's
workflow to the block and its re-check, the evidence package, the block list — and an insider refused."""

from __future__ import annotations

import csv
import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from django.test import Client
from typer.testing import CliRunner

from drugcontrol.audit.models import AuditEvent
from drugcontrol.background.worker import run_queued_tasks
from drugcontrol.chromium import chromium_path
from drugcontrol.cli.main import app
from drugcontrol.monitoring.evidence.package import verify_package
from drugcontrol.monitoring.models import Case, Crawl, Fetch, Site, SiteLink

pytestmark = pytest.mark.django_db
CHROMIUM = chromium_path()

OFFER = "Меф кристаллы VHQ 1г 18000 тг, клад Алматы Бостандыкский, бот @snow_shop_bot, оплата BTC"
ORDINARY = "В Алматы открылся новый парк с велодорожками; акимат сообщил, что работы завершены в срок."


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_scores_come_with_verdicts_and_reasons_in_the_readers_language(model_settings, cyber) -> None:
    response = client_for(cyber).post("/api/monitoring/score", {"texts": [OFFER, ORDINARY]},
                                      content_type="application/json", HTTP_ACCEPT_LANGUAGE="ru")  # fmt: skip
    assert response.status_code == 200, response.content
    offer, ordinary = response.json()
    assert offer["verdict"] == "offer" and offer["score"] > ordinary["score"]
    assert ordinary["verdict"] == "no_offer"
    codes = {r["code"] for r in offer["reasons"]}
    assert {"monitor.slang", "monitor.price_per_gram", "monitor.shop_bot", "monitor.city"} <= codes
    assert any(r["text"].startswith("цена за грамм") for r in offer["reasons"])


def test_an_insider_without_the_cyber_police_role_is_refused_and_audited(monitoring_settings, insider) -> None:
    client = client_for(insider)
    for method, url, body in [
        ("post", "/api/monitoring/score", {"texts": [OFFER]}),
        ("post", "/api/monitoring/crawls", {"seeds": ["http://example.com/"]}),
        ("get", "/api/monitoring/cases", None),
        ("get", "/api/monitoring/blocklist", None),
    ]:
        response = getattr(client, method)(url, body, content_type="application/json") if body else client.get(url)
        assert response.status_code == 403, (url, response.content)
    assert client.get("/monitoring/").status_code == 403
    assert client.get("/monitoring/score/").status_code == 403
    assert AuditEvent.objects.filter(action="monitoring.refused", actor=insider).count() == 6
    assert not Crawl.objects.exists()
    anonymous = Client().post("/api/monitoring/score", {"texts": [OFFER]}, content_type="application/json")
    assert anonymous.status_code == 401


def test_without_a_model_scoring_says_what_to_run(monitoring_settings, cyber) -> None:
    response = client_for(cyber).post("/api/monitoring/score", {"texts": [OFFER]}, content_type="application/json",
                                      HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert response.status_code == 422
    assert "drugcontrol monitor train" in response.json()["detail"]


def test_a_seed_in_a_private_network_is_refused(monitoring_settings, cyber) -> None:
    monitoring_settings.MONITORING_ALLOW_PRIVATE_HOSTS = False
    response = client_for(cyber).post("/api/monitoring/crawls", {"seeds": ["http://127.0.0.1:8000/admin/"]},
                                      content_type="application/json", HTTP_ACCEPT_LANGUAGE="kk")  # fmt: skip
    assert response.status_code == 422
    assert response.json()["detail"] == "seeds: http://127.0.0.1:8000/admin/ ішкі желіге апарады; шолу тек жария " \
        "түйіндерге рұқсат етілген"
    assert not Crawl.objects.exists()


def test_from_a_crawl_to_the_block_and_the_recheck(model_settings, cyber, shop_site: str, tmp_path: Path) -> None:
    if not CHROMIUM:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium): no screenshots to test")
    model_settings.MONITORING_SCREENSHOTS = True
    model_settings.MONITORING_CHROMIUM = CHROMIUM
    client = client_for(cyber)
    response = client.post("/api/monitoring/crawls", {"seeds": [shop_site + "/"]}, content_type="application/json")
    assert response.status_code == 202, response.content
    crawl_id = response.json()["id"]
    assert run_queued_tasks() == 1
    crawl = client.get(f"/api/monitoring/crawls/{crawl_id}").json()
    assert crawl["status"] == "done" and crawl["pages"] >= 6 and crawl["errors"] >= 2
    assert Fetch.objects.filter(reason="robots").exists()

    cases = client.get("/api/monitoring/cases").json()
    case = next(c for c in cases if c["site"] == shop_site.removeprefix("http://"))
    assert case["status"] == "detected" and case["due_at"]
    steps = f"/api/monitoring/cases/{case['id']}/steps"

    def step(body: dict) -> object:
        return client.post(steps, body, content_type="application/json")

    assert step({"to_status": "blocked"}).status_code == 422  # not before review and demand
    assert step({"to_status": "reviewed", "note": "offers of mephedrone, prices, shop bot"}).status_code == 200
    demand = step({"to_status": "demand_sent", "domains": ["snowbars.example"], "urls": [shop_site + "/"],
                   "block_type": "domain"})  # fmt: skip
    assert demand.status_code == 200
    refused = step({"to_status": "blocked"})
    assert refused.status_code == 422 and "decision" in refused.json()["detail"]
    blocked = step({"to_status": "blocked", "decision_number": "41-1/2025-117", "decision_date": "2025-06-02"})
    assert blocked.json()["status"] == "blocked"

    full = client.get("/api/monitoring/blocklist").json()
    assert full["kind"] == "full"
    assert [d["decision_number"] for d in full["decisions"]] == ["41-1/2025-117"]
    assert full["decisions"][0]["domains"] == ["snowbars.example"]

    model_settings.MONITORING_SCREENSHOTS = False  # one browser is enough for the test: the re-check has none
    recheck = client.post(f"/api/monitoring/cases/{case['id']}/recheck")
    assert recheck.status_code == 202
    since = Case.objects.get(pk=case["id"]).blocked_at.isoformat()
    run_queued_tasks()
    after = client.get(f"/api/monitoring/cases/{case['id']}").json()
    assert after["status"] == "rechecked" and after["alive_again"] is True
    blocklist = client.get("/api/monitoring/blocklist").json()
    assert blocklist["alive_again"] == [case["number"]]
    delta = client.get("/api/monitoring/blocklist", {"since": since}).json()
    assert delta["kind"] == "delta" and [d["case"] for d in delta["decisions"]] == [case["number"]]

    actions = list(AuditEvent.objects.filter(object_type="case", object_id=str(case["id"]))
                   .values_list("action", flat=True))  # fmt: skip
    assert actions.count("monitoring.advance_case") == 3
    assert {"monitoring.open_case", "monitoring.recheck_case"} <= set(actions)

    package = client.get(f"/api/monitoring/cases/{case['id']}/evidence.zip")
    assert package.status_code == 200
    path = tmp_path / "package.zip"
    path.write_bytes(b"".join(package.streaming_content))
    report = verify_package(path)
    assert report.passed, report.checks
    assert sum(c.code == "evidence.record" for c in report.checks) >= 2
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        shown = [r for r in manifest["records"] if r.get("screenshot")]
        pictures = {r["screenshot"]: archive.read("screenshots/" + r["screenshot"]) for r in shown}
    # every evidence page of the first crawl (its offers) has its screenshot, rendered from its WARC record; the
    # re-check's pages, taken without a browser, have none and the package still verifies
    first_crawl = set(Fetch.objects.filter(crawl_id=crawl_id, cases=case["id"])
                      .values_list("warc_record_id", flat=True))  # fmt: skip
    assert {r["record_id"] for r in shown} == first_crawl and len(shown) >= 1
    assert len(manifest["records"]) > len(shown)
    assert all(png.startswith(b"\x89PNG") and len(png) > 2_000 for png in pictures.values())
    assert sum(c.code == "evidence.screenshot" and c.passed for c in report.checks) == len(shown)
    made = AuditEvent.objects.get(action="monitoring.screenshots", object_id=str(crawl_id)).details
    assert made["made"] == made["pages"] >= len(shown) and made["skipped"] == ""
    # a screenshot swapped after the fact, or added, with SHA256SUMS rewritten to match, is caught by the manifest
    first = shown[0]["screenshot"]
    with zipfile.ZipFile(path) as original, zipfile.ZipFile(tmp_path / "swapped.zip", "w") as swapped:
        files = {name: original.read(name) for name in original.namelist() if name != "SHA256SUMS"}
        files["screenshots/" + first] = pictures[first][:-100] + b"\0" * 100  # a PNG still, of something else
        files["screenshots/extra.png"] = pictures[first]  # and one no record claims
        for name, data in files.items():
            swapped.writestr(name, data)
        swapped.writestr("SHA256SUMS", "".join(f"{hashlib.sha256(d).hexdigest()}  {n}\n" for n, d in files.items()))
    swapped_report = verify_package(tmp_path / "swapped.zip")
    assert [(c.code, c.params["name"]) for c in swapped_report.checks if not c.passed] == [
        ("evidence.screenshot", first), ("evidence.screenshot_claimed", "extra.png")]
    with zipfile.ZipFile(path) as original, zipfile.ZipFile(tmp_path / "tampered.zip", "w") as tampered:
        for name in original.namelist():
            data = original.read(name)
            if name == "manifest.json":
                data = data.replace(b'"status": 200', b'"status": 201', 1)
            tampered.writestr(name, data)
    bad = verify_package(tmp_path / "tampered.zip")
    assert not bad.passed
    assert [c.params["name"] for c in bad.checks if not c.passed] == ["manifest.json"]
    (tmp_path / "not-a-zip.zip").write_bytes(b"no zip")
    assert not verify_package(tmp_path / "not-a-zip.zip").passed


def test_the_score_page_shows_reasons_and_the_case_page_its_steps(model_settings, cyber) -> None:
    client = client_for(cyber)
    page = client.post("/monitoring/score/", {"texts": f"{OFFER}\n\n{ORDINARY}"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert page.status_code == 200
    html = page.content.decode()
    assert "цена за грамм" in html and "бот магазина @snow_shop_bot" in html


def test_the_score_command_keeps_the_rows_in_order_and_adds_score_and_verdict(
    model_settings, tmp_path: Path
) -> None:
    source = tmp_path / "posts.csv"
    source.write_text(f'id,text\n1,"{OFFER}"\n2,"{ORDINARY}"\n3,""\n4,=HYPERLINK("x")\n', encoding="utf-8")
    out = tmp_path / "scored.csv"
    result = CliRunner().invoke(app, ["monitor", "score", str(source), "--text-column", "text", "--output", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["id"] for r in rows] == ["1", "2", "3", "4"]
    assert [r["verdict"] for r in rows[:3]] == ["offer", "no_offer", "no_offer"]
    assert all(0 <= float(r["score"]) <= 1 for r in rows)
    assert rows[3]["text"].startswith("'=")  # a formula stays text in a spreadsheet
    missing = CliRunner().invoke(app, ["monitor", "score", str(source), "--text-column", "body", "--output",
                                       str(tmp_path / "none.csv")])  # fmt: skip
    assert missing.exit_code == 2
    assert "no column body" in missing.output and not (tmp_path / "none.csv").exists()


def test_a_mirror_is_linked_to_its_shop_and_drawn_as_a_network(
    model_settings, cyber, insider, shop_site: str, mirror_site: str
) -> None:
    model_settings.MONITORING_SCREENSHOTS, model_settings.MONITORING_CHROMIUM = True, ""  # a worker with no browser
    client = client_for(cyber)
    seeds = [shop_site + "/", mirror_site + "/"]
    started = client.post("/api/monitoring/crawls", {"seeds": seeds, "max_depth": 1}, content_type="application/json")
    assert started.status_code == 202
    run_queued_tasks()
    skipped = AuditEvent.objects.get(action="monitoring.screenshots")
    assert skipped.details["skipped"] == "no browser" and skipped.details["made"] == 0 < skipped.details["pages"]
    mirror = mirror_site
    shop = Site.objects.get(host=shop_site.removeprefix("http://"))
    twin = Site.objects.get(host=mirror.removeprefix("http://"))
    links = SiteLink.objects.filter(site_a__in=[shop, twin], site_b__in=[shop, twin])
    shared = {(link.kind, link.value) for link in links}
    assert ("handle", "@snowbars_shop_bot") in shared
    assert ("wallet", "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh") in shared
    assert ("phone", "+77015551234") in shared
    assert {"image", "text"} <= {kind for kind, _value in shared}
    page = client.get(f"/monitoring/network/{shop.pk}/", HTTP_ACCEPT_LANGUAGE="ru")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<svg id="network-graph"' in html and twin.host in html and "криптокошелёк" in html
    assert client_for(insider).get(f"/monitoring/network/{shop.pk}/").status_code == 403

"""An evidence package per case: one zip a prosecutor can attach, which anyone can verify offline.

Contents: ``fetches.warc.gz`` (the case's WARC records, copied byte for byte from the crawls' WARC files),
``manifest.json`` (the case, each record's URL, time in UTC and SHA-256, when and by what the package was made),
``screenshots/`` (one PNG per page that headless Chromium rendered from its WARC record at the time of the crawl,
named in that record's manifest entry with the SHA-256 taken when it was made) and ``SHA256SUMS`` (every other
file's SHA-256). ``verify_package`` checks each of these and reports every check it made, passed or not, as codes and
parameters.
"""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from drugcontrol.messages import Message
from drugcontrol.monitoring.evidence.warc import iter_responses, sha256_hex

__all__ = ["Check", "PackageReport", "build_package", "verify_package"]

WARC_NAME = "fetches.warc.gz"
MANIFEST_NAME = "manifest.json"
SUMS_NAME = "SHA256SUMS"
FORMAT = "drugcontrol-evidence/1"

CHECK_ZIP = Message("evidence.zip", "the package is a readable zip file")
CHECK_SUMS = Message("evidence.sums", "%(name)s matches its SHA-256 in SHA256SUMS")
CHECK_UNLISTED = Message("evidence.unlisted", "every file of the package is listed in SHA256SUMS (%(name)s)")
CHECK_MANIFEST = Message("evidence.manifest", "the manifest is readable (format %(format)s)")
CHECK_RECORD = Message("evidence.record", "%(url)s fetched %(date)s: its payload has the SHA-256 %(sha256)s")
CHECK_RECORD_PRESENT = Message("evidence.record_present", "the WARC file holds the record %(record)s of the manifest")
CHECK_COUNT = Message("evidence.count", "the WARC file holds %(count)s responses, as the manifest says")
CHECK_SCREENSHOT = Message(
    "evidence.screenshot", "the screenshot %(name)s of %(url)s is a PNG image with the manifest's SHA-256 %(sha256)s"
)
CHECK_SCREENSHOT_PRESENT = Message(
    "evidence.screenshot_present", "the package holds the screenshot %(name)s of the manifest"
)
CHECK_SCREENSHOT_CLAIMED = Message("evidence.screenshot_claimed",
                                   "the screenshot %(name)s belongs to a record of the manifest")
SCREENSHOTS_DIR = "screenshots/"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Check:
    """One check: its message code and parameters, and whether it passed."""

    code: str
    passed: bool
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class PackageReport:
    checks: list[Check] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return bool(self.checks) and all(c.passed for c in self.checks)

    def add(self, message: Message, passed: bool, **params: Any) -> None:
        self.checks.append(Check(message.code, passed, params))


def _copy_records(warc_paths: Iterable[Path], record_ids: set[str]) -> bytes:
    """The gzip members of the wanted responses and of their requests, byte for byte, in file order."""
    out = io.BytesIO()
    for path in warc_paths:
        with path.open("rb") as fh:
            iterator = ArchiveIterator(fh)
            for record in iterator:
                rec_id = record.rec_headers.get_header("WARC-Record-ID")
                concurrent = record.rec_headers.get_header("WARC-Concurrent-To")
                wanted = rec_id in record_ids or (record.rec_type == "request" and concurrent in record_ids)
                record.content_stream().read()
                if wanted:
                    offset, length = iterator.get_record_offset(), iterator.get_record_length()
                    position = fh.tell()
                    fh.seek(offset)
                    out.write(fh.read(length))
                    fh.seek(position)
    return out.getvalue()


def build_package(
    target: Path,
    *,
    case: dict[str, Any],
    records: list[dict[str, Any]],
    warc_paths: Iterable[Path],
    screenshots: dict[str, bytes] | None = None,
    made_by: str = "",
) -> str:
    """Write the package zip to ``target``; ``records`` are the case's fetches (``record_id``, ``url``,
    ``sha256``, ``fetched_at``, ``status``, and ``screenshot`` + ``screenshot_sha256`` for a page with one);
    ``screenshots`` holds those files by name. Returns the zip's SHA-256."""
    warc = _copy_records(warc_paths, {r["record_id"] for r in records})
    manifest = {
        "format": FORMAT,
        "case": case,
        "made_at": datetime.now(UTC).isoformat(),
        "made_by": made_by,
        "records": records,
        "warc": {"name": WARC_NAME, "sha256": sha256_hex(warc)},
        "screenshots": sorted(screenshots or {}),
        "screenshots_made_by": "headless Chromium, from the WARC records (no network)" if screenshots else "",
    }
    files: dict[str, bytes] = {WARC_NAME: warc,
                               MANIFEST_NAME: json.dumps(manifest, ensure_ascii=False, indent=2).encode()}  # fmt: skip
    for name, data in sorted((screenshots or {}).items()):
        files[f"screenshots/{name}"] = data
    sums = "".join(f"{sha256_hex(data)}  {name}\n" for name, data in files.items())
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".partial")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr(SUMS_NAME, sums)
    tmp.replace(target)
    return sha256_hex(target.read_bytes())


def verify_package(path: Path) -> PackageReport:
    """Check a package offline: the zip, every file against SHA256SUMS, the manifest, and every WARC record's
    payload against its SHA-256 and the manifest's."""
    report = PackageReport()
    try:
        archive = zipfile.ZipFile(path)
        names = set(archive.namelist())
    except (OSError, zipfile.BadZipFile):
        report.add(CHECK_ZIP, False)
        return report
    report.add(CHECK_ZIP, True)
    with archive:
        sums: dict[str, str] = {}
        if SUMS_NAME in names:
            for line in archive.read(SUMS_NAME).decode("utf-8", "replace").splitlines():
                digest, _, name = line.partition("  ")
                sums[name] = digest
        for name in sorted(names - {SUMS_NAME}):
            if name not in sums:
                report.add(CHECK_UNLISTED, False, name=name)
                continue
            report.add(CHECK_SUMS, sha256_hex(archive.read(name)) == sums[name], name=name)
        for name in sorted(set(sums) - names):
            report.add(CHECK_SUMS, False, name=name)
        try:
            manifest = json.loads(archive.read(MANIFEST_NAME))
            report.add(CHECK_MANIFEST, manifest.get("format") == FORMAT, format=manifest.get("format", "?"))
        except (KeyError, ValueError):
            report.add(CHECK_MANIFEST, False, format="?")
            return report
        try:
            warc = archive.read(WARC_NAME)
            responses = {r.record_id: r for r in iter_responses(io.BytesIO(warc))}
        except (KeyError, OSError, gzip.BadGzipFile, ValueError):
            responses = {}
        claimed = {r.get("record_id"): r for r in manifest.get("records", [])}
        for record_id, entry in claimed.items():
            found = responses.get(record_id)
            if found is None:
                report.add(CHECK_RECORD_PRESENT, False, record=record_id)
                continue
            ok = found.payload_sha256 == found.claimed_sha256 == entry.get("sha256")
            report.add(CHECK_RECORD, ok, url=found.url, date=found.date, sha256=found.payload_sha256)
        report.add(CHECK_COUNT, len(responses) == len(claimed), count=len(responses))
        _check_screenshots(archive, names, list(claimed.values()), report)
    return report


def _check_screenshots(archive: zipfile.ZipFile, names: set[str], records: list[dict[str, Any]],
                       report: PackageReport) -> None:  # fmt: skip
    """Each record's screenshot is in the package, a PNG, with the SHA-256 the manifest took when it was made; and
    no screenshot is there that no record claims."""
    claimed: set[str] = set()
    for entry in records:
        name = entry.get("screenshot")
        if not name:
            continue
        path = SCREENSHOTS_DIR + str(name)
        claimed.add(path)
        if path not in names:
            report.add(CHECK_SCREENSHOT_PRESENT, False, name=name)
            continue
        data = archive.read(path)
        ok = data.startswith(PNG_SIGNATURE) and sha256_hex(data) == entry.get("screenshot_sha256")
        report.add(CHECK_SCREENSHOT, ok, name=name, url=entry.get("url", ""), sha256=sha256_hex(data))
    for path in sorted(n for n in names if n.startswith(SCREENSHOTS_DIR) and n not in claimed):
        report.add(CHECK_SCREENSHOT_CLAIMED, False, name=path.removeprefix(SCREENSHOTS_DIR))

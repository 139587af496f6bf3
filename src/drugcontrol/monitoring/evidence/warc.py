"""Every fetch a WARC request/response pair with the payload's SHA-256 and the time of the fetch in UTC.

The body is stored as Scrapy received it after undoing the transfer and content encodings, so the headers that
described those encodings are moved to ``WARC-X-Original-*`` fields (a replayed record then says what it holds).
The SHA-256 is both the WARC payload digest (``sha256:`` + base32, the WARC 1.1 form) and a hex
``WARC-X-Payload-SHA256`` that the case manifest and the verifier compare.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

__all__ = ["StoredRecord", "WarcRecorder", "iter_responses", "sha256_hex", "warc_date"]

_ENCODING_HEADERS = ("content-encoding", "transfer-encoding", "content-length")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def warc_date(moment: datetime) -> str:
    """ISO 8601 in UTC with seconds and microseconds, as WARC 1.1 allows."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class StoredRecord:
    """Where a fetch went in the WARC file and what it hashed to."""

    record_id: str
    sha256: str
    fetched_at: datetime
    offset: int
    length: int


class WarcRecorder:
    """Append fetches to one gzip WARC file; open with ``with``."""

    def __init__(self, path: Path, *, software: str = "drugcontrol monitor") -> None:
        self.path = path
        self._fh: BinaryIO = path.open("ab")
        self._writer = WARCWriter(self._fh, gzip=True, warc_version="1.1")
        if self._fh.tell() == 0:
            info = self._writer.create_warcinfo_record(path.name, {"software": software, "format": "WARC 1.1"})
            self._writer.write_record(info)

    def __enter__(self) -> WarcRecorder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._fh.close()

    def record(
        self,
        *,
        url: str,
        method: str,
        request_headers: list[tuple[str, str]],
        status: int,
        reason: str,
        headers: list[tuple[str, str]],
        body: bytes,
        fetched_at: datetime,
    ) -> StoredRecord:
        """Write the request and the response; the response's id and SHA-256 come back."""
        digest = hashlib.sha256(body).digest()
        kept = [(k, v) for k, v in headers if k.lower() not in _ENCODING_HEADERS]
        kept.append(("Content-Length", str(len(body))))
        original = {f"WARC-X-Original-{k.title()}": v for k, v in headers if k.lower() in _ENCODING_HEADERS[:2]}
        date = warc_date(fetched_at)
        http = StatusAndHeaders(f"{status} {reason or 'OK'}", kept, protocol="HTTP/1.1")
        response = self._writer.create_warc_record(
            url,
            "response",
            payload=BytesIO(body),
            length=len(body),
            http_headers=http,
            warc_headers_dict={
                "WARC-Date": date,
                "WARC-Payload-Digest": "sha256:" + base64.b32encode(digest).decode("ascii"),
                "WARC-X-Payload-SHA256": digest.hex(),
                **original,
            },
        )
        path_line = url.split("://", 1)[-1].partition("/")[2]
        request_http = StatusAndHeaders(f"{method} /{path_line} HTTP/1.1", request_headers, is_http_request=True)
        request = self._writer.create_warc_record(
            url,
            "request",
            payload=BytesIO(b""),
            length=0,
            http_headers=request_http,
            warc_headers_dict={
                "WARC-Date": date,
                "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID"),
            },
        )
        offset = self._fh.tell()
        self._writer.write_record(response)
        length = self._fh.tell() - offset
        self._writer.write_record(request)
        self._fh.flush()
        return StoredRecord(
            record_id=response.rec_headers.get_header("WARC-Record-ID"),
            sha256=digest.hex(),
            fetched_at=fetched_at.astimezone(UTC),
            offset=offset,
            length=length,
        )


@dataclass(frozen=True)
class ReadRecord:
    """A response record read back: its id, URL, time, the SHA-256 it claims and the one its payload has."""

    record_id: str
    url: str
    date: str
    claimed_sha256: str
    payload_sha256: str
    status: int


def iter_responses(stream: BinaryIO) -> Iterator[ReadRecord]:
    """Every response record of a WARC stream with its claimed and recomputed SHA-256."""
    for record in ArchiveIterator(stream):
        if record.rec_type != "response":
            continue
        payload = record.content_stream().read()
        status = int((record.http_headers.get_statuscode() if record.http_headers else "0") or 0)
        yield ReadRecord(
            record_id=record.rec_headers.get_header("WARC-Record-ID"),
            url=record.rec_headers.get_header("WARC-Target-URI"),
            date=record.rec_headers.get_header("WARC-Date"),
            claimed_sha256=record.rec_headers.get_header("WARC-X-Payload-SHA256") or "",
            payload_sha256=sha256_hex(payload),
            status=status,
        )

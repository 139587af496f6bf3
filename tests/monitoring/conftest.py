"""Loopback HTTP servers for crawl tests: a recorded shop site (the HTML files in ``site/``, invented for the
tests) plus every kind of bad answer a crawl meets: redirects and a redirect loop, a slow page, a broken answer,
a 50 MB page, an endless page, an image, a binary body said to be HTML, a page in the wrong encoding, an empty
document, error statuses and a robots.txt rule."""

from __future__ import annotations

import functools
import io
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

SITE = Path(__file__).resolve().parent / "site"
SLOW_SECONDS = 10.0


@functools.lru_cache
def png(colour: tuple[int, int, int] = (200, 30, 30), *, size: int = 64) -> bytes:
    """A small PNG: a coloured square with a white bar, so its perceptual hash is not trivial."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (size, size), colour)
    ImageDraw.Draw(image).rectangle((size // 4, size // 3, size * 3 // 4, size // 2), fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


class ShopHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    site = SITE

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        with suppress(BrokenPipeError, ConnectionResetError):
            self.route(path)

    def route(self, path: str) -> None:
        if path == "/robots.txt":
            return self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if path in ("/", "/index.html"):
            return self._file("index.html")
        if path == "/redirect":
            return self._send(302, b"", Location="/catalog.html")
        if path.startswith("/go/"):  # a redirect loop: /go/a -> /go/b -> /go/a
            return self._send(302, b"", Location="/go/b" if path == "/go/a" else "/go/a")
        if path == "/slow.html":
            time.sleep(SLOW_SECONDS)
            return self._send(200, b"<html><body>slow</body></html>")
        if path == "/broken.html":  # promises 10,000 bytes, sends 20 and hangs up
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "10000")
            self.end_headers()
            self.wfile.write(b"<html><body>cut off ")
            self.wfile.flush()
            self.close_connection = True
            return None
        if path == "/big.html":  # 50 MB announced and streamed until the client gives up
            return self._stream(50 * 1024 * 1024)
        if path == "/endless.html":  # no length, never ends
            return self._stream(None)
        if path in ("/image.png", "/img/logo.png"):
            return self._send(200, png(), "image/png")
        if path == "/binary.html":
            return self._send(200, bytes(range(256)) * 64, "text/html")
        if path == "/cp1251.html":
            body = "<html><body><p>" + "Купить мефедрон в Караганде, клад круглосуточно. " * 20 + "</p></body></html>"
            return self._send(200, body.encode("cp1251"), "text/html; charset=utf-8")
        if path == "/empty.html":
            return self._send(200, b"   \n  ", "text/html; charset=utf-8")
        if path == "/malformed.html":
            body = "<html><body><div><p>Соль <b>альфа <i>PVP</b> 1 г 16000 тг</div></p><table><tr><td>клад"
            return self._send(200, body.encode(), "text/html; charset=utf-8")
        if path == "/error.html":
            return self._send(500, b"<html><body>Internal error</body></html>")
        if path.startswith("/s/"):
            return self._file(path.strip("/") + ".html")
        return self._file(path.lstrip("/"))

    def _file(self, name: str) -> None:
        target = (self.site / name).resolve()
        if not target.is_file() or self.site.resolve() not in target.parents:
            return self._send(404, b"<html><body>not found</body></html>")
        return self._send(200, target.read_bytes())

    def _stream(self, length: int | None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        if length is not None:
            self.send_header("Content-Length", str(length))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"<p>" + b"x" * 300_000 + b"</p>"  # one chunk is over the tests' 256 kB limit
        sent = 0
        while (length is None or sent < length) and sent < 20 * len(chunk):
            self.wfile.write(chunk)
            sent += len(chunk)
            time.sleep(0.01)  # let the other pages be served meanwhile (one process, one GIL)
        self.close_connection = True


@contextmanager
def serve(handler: type[BaseHTTPRequestHandler] = ShopHandler) -> Iterator[str]:
    """Serve ``handler`` on a free port of 127.0.0.1; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def shop_site() -> Iterator[str]:
    """The recorded shop and its bad pages on a free port of 127.0.0.1."""
    with serve() as base:
        yield base


@pytest.fixture
def mirror_site() -> Iterator[str]:
    """The same shop on a second address (a mirror: same bots, wallet, phone, pictures and text)."""
    with serve() as base:
        yield base


FIXTURE_SAMPLE = 100
"""Texts per split and label of the tests' small model."""


@pytest.fixture(scope="session")
def offer_model_path(build_once) -> Path:
    """A small drug-offer model trained on ../shared/data/web (the data's licence keeps the model out of the
    repository), or a skip that says what is missing. Built once for the whole run (see ``build_once``): the
    suite runs on SQLite and then on PostgreSQL, each xdist worker a session of its own."""
    web = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "web"
    if not (web / "drug_offer_listings_ru.csv").exists():
        pytest.skip(f"training texts not found at {web} (../shared beside the repository): no model to test with")
    import sklearn

    import drugcontrol.monitoring.scoring as scoring
    from drugcontrol.monitoring.scoring.training import train_model

    def build(path: Path) -> None:
        model, _report = train_model(web, sample=FIXTURE_SAMPLE)
        model.save(path)

    inputs = (Path(scoring.__file__).parent, web)
    return build_once(
        "drug-offer-model.pickle", inputs, build, f"sample={FIXTURE_SAMPLE} sklearn={sklearn.__version__}"
    )


@pytest.fixture
def monitoring_settings(settings, tmp_path: Path):
    """The monitoring configured for loopback test sites: short timeouts, a fresh data folder, no model, no
    screenshots."""
    settings.DATA_DIR = tmp_path
    settings.MONITORING_MODEL_PATH = str(tmp_path / "no-model.pickle")
    settings.MONITORING_ALLOW_PRIVATE_HOSTS = True
    settings.MONITORING_SCREENSHOTS = False  # a browser per crawl costs seconds: the tests that need one turn it on
    settings.MONITORING_CRAWL_LIMITS = {"max_pages": 30, "max_depth": 2, "timeout_s": 5.0, "retries": 0,
                                        "delay_s": 0.0, "obey_robots": True, "total_timeout_s": 60}  # fmt: skip
    return settings


@pytest.fixture
def model_settings(monitoring_settings, offer_model_path: Path):
    """The monitoring settings with the session's small model installed."""
    monitoring_settings.MONITORING_MODEL_PATH = str(offer_model_path)
    return monitoring_settings


@pytest.fixture
def cyber(django_user_model):
    """An analyst of the cyber police (the ``cyber_police`` group)."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("cyber", password="x-cyber-Pass-1")
    user.groups.add(Group.objects.get(name="cyber_police"))
    return user


@pytest.fixture
def insider(django_user_model):
    """A valid account without the cyber-police role (a physician, a list administrator)."""
    return django_user_model.objects.create_user("insider", password="x-insider-Pass-1")

"""Fetching URLs from a real local HTTP server: limits, errors, user agent, offline."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tickerlens.errors import FetchError, InputTooLargeError
from tickerlens.ingest import ingest
from tickerlens.ingest.fetch import fetch_url
from tickerlens.settings import get_settings

PAGE = (
    b"<html><head><title>Example Corp beats estimates</title>"
    b'<meta property="article:published_time" content="2025-04-15T21:05:00-04:00"></head><body><article>'
    b"<h1>Example Corp beats estimates</h1>"
    b"<p>Chipmaker Example Corp said on Tuesday that its quarterly revenue rose 41% from a year earlier, "
    b"beating analyst estimates, as demand for data-centre processors stayed strong.</p>"
    b"<p>The company raised its full-year forecast and said it would spend more on new factories.</p>"
    b"</article></body></html>"
)
SEEN_AGENTS: list[str] = []


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def _send(self, body: bytes, ctype: str = "text/html; charset=utf-8", **headers: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        SEEN_AGENTS.append(self.headers.get("User-Agent", ""))
        if self.path == "/story.html":
            self._send(PAGE)
        elif self.path == "/big":
            self._send(b"x" * 5000, "text/plain")
        elif self.path == "/bomb":
            self._send(gzip.compress(b" " * 3_000_000), "text/plain", Content_Encoding="gzip")
        elif self.path == "/slow":
            time.sleep(1.5)
            self._send(PAGE)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/story.html")
            self.end_headers()
        else:
            self.send_error(404, "Not Found")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_page_is_fetched_and_ingested_with_its_url(server: str) -> None:
    (article,) = ingest(f"{server}/moved")
    assert article.title == "Example Corp beats estimates"
    assert article.url == f"{server}/story.html"
    assert article.source == f"{server}/moved"
    assert article.fetched is not None
    assert article.published_offset == -240
    assert SEEN_AGENTS[-1] == get_settings().user_agent


def test_size_limit_by_header_and_while_decompressing(server: str) -> None:
    settings = get_settings(max_input_bytes=1000)
    with pytest.raises(InputTooLargeError):
        fetch_url(f"{server}/big", settings)
    with pytest.raises(InputTooLargeError):
        fetch_url(f"{server}/bomb", get_settings(max_input_bytes=1_000_000))


def test_http_error_and_timeout(server: str) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_url(f"{server}/nothing", get_settings())
    with pytest.raises(FetchError, match="no answer within"):
        fetch_url(f"{server}/slow", get_settings(http_timeout=0.3))


def test_unreachable_host_says_to_work_offline() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again below: nothing listens there
    with pytest.raises(FetchError, match="save the page and ingest the file"):
        fetch_url(f"http://127.0.0.1:{port}/x", get_settings(http_timeout=2))

"""Local sites for tests and benchmarks, served on 127.0.0.1 (no test reaches the internet).

`serve(handler)` runs any handler class on a free port for the duration of a block;
`serve_html` sends one string as an HTML response; `serve_pages` serves a dict of pages that
tests change between loads; `serve_directory` serves fixture files as they are on disk.
"""

from __future__ import annotations

import functools
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


@contextmanager
def serve(handler: Callable[..., BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve `handler` on a free 127.0.0.1 port; yields the base URL (no trailing slash)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class QuietHandler(BaseHTTPRequestHandler):
    """A handler that keeps test output clean and answers with `send_html`."""

    def send_html(self, status: int, body: str) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        return


class PageSite:
    """Serves `pages[path]` as HTML, `delays[path]` seconds late; tests change both between
    loads."""

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        self.delays: dict[str, float] = {}
        self.url = ""


@contextmanager
def serve_pages() -> Iterator[PageSite]:
    site = PageSite()

    class Handler(QuietHandler):
        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            time.sleep(site.delays.get(path, 0.0))
            body = site.pages.get(path)
            self.send_html(200 if body is not None else 404, body or "<h1>Not found</h1>")

    with serve(Handler) as url:
        site.url = url
        yield site


class _QuietFiles(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


@contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve the files under `directory` as they are on disk."""
    with serve(functools.partial(_QuietFiles, directory=str(directory))) as url:
        yield url


def free_port() -> int:
    """A TCP port nothing listens on (bound and released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


#: The discovery fixture pages: Lightning-like, iframe checkout, dynamic ids, table, wiki.
DISCOVERY_SITE = Path(__file__).resolve().parents[1] / "fixtures" / "discovery"

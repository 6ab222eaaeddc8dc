"""A real HTTP server on 127.0.0.1 standing in for the LangSmith API: it records every request
the langsmith client sends (method, path, API key header, body) and answers with `status`
(200, or 401 to play a bad key). `GET /info` always answers, as the real service does."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Recorded:
    method: str
    path: str
    api_key: str | None
    body: bytes


@dataclass
class FakeLangSmith:
    status: int = 200
    url: str = ""
    requests: list[Recorded] = field(default_factory=list)

    def run_names(self) -> set[str]:
        """Every `"name"` of a run posted (multipart parts and JSON batches alike)."""
        names: set[str] = set()
        for req in self.requests:
            if req.method != "POST":
                continue
            for chunk in req.body.split(b"\r\n"):
                if chunk.startswith(b"{"):
                    try:
                        doc = json.loads(chunk)
                    except ValueError:
                        continue
                    for run in [doc, *doc.get("post", []), *doc.get("patch", [])]:
                        if isinstance(run, dict) and isinstance(run.get("name"), str):
                            names.add(run["name"])
        return names


@contextmanager
def serve_langsmith(status: int = 200) -> Iterator[FakeLangSmith]:
    fake = FakeLangSmith(status=status)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            return

        def _answer(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            with lock:
                fake.requests.append(
                    Recorded(self.command, self.path, self.headers.get("x-api-key"), body)
                )
            status = 200 if self.path.startswith("/info") else fake.status
            payload = (
                b'{"version": "0.0-fake"}' if status == 200 else b'{"detail": "Invalid token"}'
            )
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PATCH = _answer

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join()

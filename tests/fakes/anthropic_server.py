"""A real HTTP server on 127.0.0.1 that speaks enough of the Anthropic Messages API for tests.

Tests queue replies (`reply_plan`, `reply_error`, `reply_slow`); each POST /v1/messages takes
the next one, or the default plan when the queue is empty. Every request body is recorded.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: dict[str, Any] = field(default_factory=dict)
    delay_s: float = 0.0


def tool_reply(tool_input: dict[str, Any], *, tokens: tuple[int, int] = (120, 40)) -> Reply:
    """A 200 reply whose content is one tool_use block calling `submit_plan`."""
    return Reply(
        body={
            "id": "msg_fake",
            "type": "message",
            "role": "assistant",
            "model": "fake-model",
            "content": [
                {"type": "tool_use", "id": "toolu_fake", "name": "submit_plan", "input": tool_input}
            ],
            "stop_reason": "tool_use",
            "stop_sequence": None,
            "usage": {"input_tokens": tokens[0], "output_tokens": tokens[1]},
        }
    )


class FakeAnthropic:
    """The server, its reply queue and what it was sent; use as a context manager."""

    def __init__(self) -> None:
        self.replies: deque[Reply] = deque()
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.default: Reply = tool_reply({"steps": []})
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                with server._lock:
                    server.requests.append(body)
                    server.headers.append({k.lower(): v for k, v in self.headers.items()})
                    reply = server.replies.popleft() if server.replies else server.default
                if self.path.rstrip("/") != "/v1/messages":
                    reply = Reply(404, {"type": "error", "error": {"type": "not_found_error"}})
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                data = json.dumps(reply.body).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client timed out and went away

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def reply_plan(self, steps: list[dict[str, Any]], **kw: Any) -> None:
        self.replies.append(tool_reply({"steps": steps}, **kw))

    def reply_raw(self, tool_input: dict[str, Any]) -> None:
        self.replies.append(tool_reply(tool_input))

    def reply_error(self, status: int, kind: str = "overloaded_error") -> None:
        self.replies.append(
            Reply(status, {"type": "error", "error": {"type": kind, "message": kind}})
        )

    def reply_slow(self, delay_s: float, steps: list[dict[str, Any]] | None = None) -> None:
        reply = tool_reply({"steps": steps or []})
        reply.delay_s = delay_s
        self.replies.append(reply)

    def __enter__(self) -> FakeAnthropic:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

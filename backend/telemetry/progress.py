"""A live progress line on the terminal (rich): current step, node and elapsed time.

It listens to the run's own log lines, so no node knows about it; it is off unless stderr is a
terminal (CI logs and `--json` output stay plain), and `-q` or PACTS_PROGRESS=off turn it off.
"""

from __future__ import annotations

import logging
import re
import sys
import time
from types import TracebackType
from typing import Any

_STEP = re.compile(r"step (\d+)/(\d+)")
_RUN = re.compile(r"^Run (\S+): (.*)$")


def wanted(mode: str, quiet: bool, as_json: bool, stream: Any = None) -> bool:
    """Whether to show the live line: "on", or "auto" on a terminal without -q / --json."""
    if mode == "off" or quiet or as_json:
        return False
    if mode == "on":
        return True
    stream = stream if stream is not None else sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)())


class ProgressLine(logging.Handler):
    """Keeps what the line shows up to date from log records; `render()` draws it."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.started = time.perf_counter()
        self.requirement = ""
        self.node = "planner"
        self.step = ""
        self.last = ""

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        self.node = record.name.rsplit(".", 1)[-1]
        run = _RUN.match(message)
        if run:
            self.requirement, self.started = run.group(2), time.perf_counter()
        step = _STEP.search(message)
        if step:
            self.step = f"step {step.group(1)}/{step.group(2)}"
        self.last = message.strip()[:70]

    def render(self) -> str:
        elapsed = time.perf_counter() - self.started
        parts = [p for p in (self.requirement, self.step, self.node, f"{elapsed:.1f} s") if p]
        return " | ".join(parts) + (f" | {self.last}" if self.last else "")


class LiveProgress:
    """`with LiveProgress(): ...` shows the line on stderr while the block runs, then clears it."""

    def __init__(self) -> None:
        self.line = ProgressLine()
        self._live: Any = None
        self._streams: list[tuple[logging.StreamHandler[Any], Any]] = []

    def __enter__(self) -> LiveProgress:
        from rich.console import Console
        from rich.live import Live
        from rich.text import Text

        self._live = Live(
            get_renderable=lambda: Text(self.line.render(), style="cyan", overflow="ellipsis"),
            console=Console(file=sys.stderr),
            transient=True,
            redirect_stderr=True,
            refresh_per_second=8,
        )
        self._live.__enter__()
        # Log lines go through rich's stderr proxy so they print above the live line.
        for handler in logging.getLogger().handlers:
            if isinstance(handler, logging.StreamHandler) and not isinstance(
                handler, logging.FileHandler
            ):
                self._streams.append((handler, handler.setStream(sys.stderr)))
        logging.getLogger("backend").addHandler(self.line)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        logging.getLogger("backend").removeHandler(self.line)
        for handler, stream in self._streams:
            handler.setStream(stream)
        self._live.__exit__(exc_type, exc, tb)

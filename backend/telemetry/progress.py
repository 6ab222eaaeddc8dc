"""A live progress line on the terminal (rich): requirement, step, graph node and elapsed time.

It is fed by the graph's own stream (each node's update, see runner.OnUpdate), so no node knows
about it; it is off unless stderr is a terminal (CI logs and `--json` output stay plain), and
`-q` or PACTS_PROGRESS=off turn it off.
"""

from __future__ import annotations

import logging
import sys
import time
from types import TracebackType
from typing import Any


def wanted(mode: str, quiet: bool, as_json: bool, stream: Any = None) -> bool:
    """Whether to show the live line: "on", or "auto" on a terminal without -q / --json."""
    if mode == "off" or quiet or as_json:
        return False
    if mode == "on":
        return True
    stream = stream if stream is not None else sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)())


class ProgressLine:
    """What the line shows, kept up to date from the graph's node updates."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.requirement = ""
        self.node = ""
        self.total = 0
        self.step = 0
        self.last = ""

    def start(self, requirement: str) -> None:
        """A new run begins (a suite runs several)."""
        self.requirement, self.started = requirement, time.perf_counter()
        self.node, self.total, self.step, self.last = "planner", 0, 0, ""

    def update(self, node: str, update: dict[str, Any]) -> None:
        """One node finished with this partial state update (runner.OnUpdate)."""
        self.node = node
        if update.get("retry"):  # the runner re-runs a failed requirement, traced
            self.requirement += " (re-running once with the trace on)"
            self.step, self.last = 0, ""
        plan = update.get("plan")
        if plan is not None:
            self.total = len(plan.steps)
        results = update.get("results")
        if results:
            last = results[-1]
            self.step = last.index + 1
            mark = "ok" if last.status == "passed" else last.error_kind or last.status
            self.last = f"{mark}: {last.step.label()}"[:70]
        verdict = update.get("verdict")
        if verdict is not None:
            self.last = f"{verdict.verdict} {verdict.root_cause or ''}".strip()

    def render(self) -> str:
        elapsed = time.perf_counter() - self.started
        step = f"step {self.step}/{self.total}" if self.total else ""
        parts = [p for p in (self.requirement, step, self.node, f"{elapsed:.1f} s") if p]
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
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for handler, stream in self._streams:
            handler.setStream(stream)
        self._live.__exit__(exc_type, exc, tb)

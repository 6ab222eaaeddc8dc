"""`PACTS_PROFILE=1`: where a run's wall time goes, per phase, printed on stderr at exit.

The per-phase profile of issue 15 (benchmarks/RESULTS.md). Off (the default), `phase()` costs
one boolean test; on, each phase adds its wall time and count to a table printed when the
process ends, with the time from the process start to the CLI's first line (interpreter and
imports) read from /proc.
"""

from __future__ import annotations

import atexit
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

ENABLED = os.environ.get("PACTS_PROFILE", "").lower() not in ("", "0", "off", "false", "no")
_totals: dict[str, list[float]] = {}
_order: list[str] = []


def add(name: str, seconds: float) -> None:
    """Count `seconds` under `name` (no-op when profiling is off)."""
    if not ENABLED:
        return
    if name not in _totals:
        _totals[name] = [0.0, 0]
        _order.append(name)
    entry = _totals[name]
    entry[0] += seconds
    entry[1] += 1


@contextmanager
def phase(name: str) -> Iterator[None]:
    """Time the block under `name`."""
    if not ENABLED:
        yield
        return
    started = time.perf_counter()
    try:
        yield
    finally:
        add(name, time.perf_counter() - started)


def since_process_start() -> float | None:
    """Seconds since this process started (Linux /proc), or None where that is not known."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        with open("/proc/uptime", encoding="ascii") as uptime:
            up = float(uptime.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return up - int(fields[19]) / os.sysconf("SC_CLK_TCK")


def mark_since_start(name: str) -> None:
    """Count the time from the process start to now under `name` (no-op when profiling is off)."""
    if ENABLED and (seconds := since_process_start()) is not None:
        add(name, seconds)


def mark_imports_done() -> None:
    """The CLI's first line: record interpreter start plus imports, and print the table at exit."""
    if not ENABLED:
        return
    seconds = since_process_start()
    if seconds is not None:
        add("interpreter + imports to the CLI", seconds)
    atexit.register(report)


def report() -> None:
    """The table on stderr: phase, total ms, count."""
    total = since_process_start()
    lines = ["PACTS_PROFILE (wall ms; phases may nest):"]
    for name in _order:
        seconds, count = _totals[name]
        lines.append(f"  {name:44s} {seconds * 1000:9.1f}  x{int(count)}")
    if total is not None:
        lines.append(f"  {'whole process (to exit)':44s} {total * 1000:9.1f}")
    print("\n".join(lines), file=sys.stderr, flush=True)

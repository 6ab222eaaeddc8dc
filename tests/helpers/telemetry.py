"""Helpers for the telemetry tests: `pacts test` and `pacts serve` as real subprocesses, and
the scrape parsed by prometheus_client's own text parser."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from backend.models import Step, StepResult, Verdict
from tests.helpers.cli import REPO

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]

#: Anything a clean exit must not print (PYTHONWARNINGS=default shows ResourceWarnings too).
UNCLEAN = re.compile(
    r"Warning|Traceback|Exception ignored|Unclosed|Task was destroyed|coroutine .* never awaited"
)


def pacts_test(env: dict[str, str], *args: str) -> dict[str, Any]:
    """`pacts test ... --json` in a new process; its verdict. Its stderr must be clean."""
    result = subprocess.run(
        [sys.executable, "-m", "backend.cli.main", "test", *args, "--json"],
        cwd=REPO,
        env={**env, "PYTHONWARNINGS": "default"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode in (0, 1), result.stderr
    assert not UNCLEAN.search(result.stderr), result.stderr[-3000:]
    verdict: dict[str, Any] = json.loads(result.stdout)
    return verdict


@dataclass
class Served:
    """A running `pacts serve`: its URL; once stopped, what it printed after its banner."""

    url: str = ""
    stderr: str = ""


@contextmanager
def pacts_serve(env: dict[str, str]) -> Iterator[Served]:
    """`pacts serve --port 0` until the block ends, then SIGINT: it must exit 0."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "backend.cli.main", "serve", "--port", "0"],
        cwd=REPO,
        env={**env, "PYTHONWARNINGS": "default", "PACTS_METRICS_INTERVAL_S": "0.5"},
        stderr=subprocess.PIPE,
        text=True,
    )
    served = Served()
    try:
        assert proc.stderr is not None
        banner = proc.stderr.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", banner)
        assert match, banner
        served.url = match.group(0).rstrip("/")
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(served.url + "/metrics", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "pacts serve did not answer"
                time.sleep(0.2)
        yield served
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            _, served.stderr = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()  # never leak the server into the next test (a ResourceWarning there)
            _, rest = proc.communicate()
            raise AssertionError(f"pacts serve did not exit 60 s after SIGINT: {rest}") from None
    assert proc.returncode == 0, served.stderr


def scrape(url: str) -> Samples:
    """Every sample of /metrics, parsed by prometheus_client's own text parser."""
    response = httpx.get(url + "/metrics", timeout=10)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(response.text)
        for s in family.samples
    }


def summed(samples: Samples, name: str) -> float:
    return sum(v for (n, _), v in samples.items() if n == name)


def sample_verdict(verdict: str = "PASS", cause: str | None = None) -> Verdict:
    steps = [
        StepResult(
            index=0, step=Step(action="navigate", value="/"), status="passed", duration_ms=300.0
        ),
        StepResult(
            index=1,
            step=Step(action="click", source="Click Save"),
            status="passed",
            duration_ms=1200.0,
            healed=True,
        ),
        StepResult(index=2, step=Step(action="click"), status="skipped"),
    ]
    return Verdict(
        run_id="r1",
        requirement="req",
        verdict=verdict,
        root_cause=cause,  # type: ignore[arg-type]
        steps=steps,
        evidence={"heal_events": [{"outcome": "accepted"}, {"outcome": "rejected"}]},
        cache={"redis_hits": 1, "postgres_hits": 1, "misses": 2, "drift": 1},
        planner={
            "model": "claude-sonnet-4-5",
            "calls": 1,
            "input_tokens": 120,
            "output_tokens": 40,
            "cost_usd": 0.00096,
        },
    )

"""The PACTS metrics (their names are a public interface) and the recorder a run adds to.

A process adds to counters named by their sample: `pacts_runs_total{root_cause="none",...}`,
`pacts_step_duration_seconds_bucket{action="click",le="0.5"}`. Those sums live in the shared
tier (see `store.py`), so every worker adds up; `exposition.py` turns a snapshot of them back
into Prometheus families for `/metrics`. Nothing here imports prometheus_client, so a run
pays nothing for it.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

logger = logging.getLogger(__name__)

CACHE_LOOKUPS = "pacts_cache_lookups_total"
HEALS = "pacts_heals_total"
RUNS = "pacts_runs_total"
STEP_DURATION = "pacts_step_duration_seconds"
DISCOVERY_DURATION = "pacts_discovery_duration_seconds"
LOOKUP_DURATION = "pacts_cache_lookup_duration_seconds"
LLM_TOKENS = "pacts_llm_tokens_total"
LLM_COST = "pacts_llm_cost_dollars_total"
CACHE_RECORDS = "pacts_cache_records"


@dataclass(frozen=True)
class MetricSpec:
    """One metric: its kind, help text, label names and (histograms) bucket bounds."""

    name: str
    kind: str
    help: str
    labels: tuple[str, ...] = ()
    buckets: tuple[float, ...] = ()


_STEP_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
_LOOKUP_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1.0)

METRICS: dict[str, MetricSpec] = {
    spec.name: spec
    for spec in (
        MetricSpec(
            CACHE_LOOKUPS,
            "counter",
            "Selector cache lookups by tier and result (hit, miss, drift).",
            ("tier", "result"),
        ),
        MetricSpec(HEALS, "counter", "Heal rounds by outcome.", ("outcome",)),
        MetricSpec(RUNS, "counter", "Runs by verdict and root cause.", ("verdict", "root_cause")),
        MetricSpec(
            STEP_DURATION,
            "histogram",
            "Time of one step (finding the element and acting), by action.",
            ("action",),
            _STEP_BUCKETS,
        ),
        MetricSpec(
            DISCOVERY_DURATION,
            "histogram",
            "Time of one discovery (a cache miss or a drift).",
            (),
            _STEP_BUCKETS,
        ),
        MetricSpec(
            LOOKUP_DURATION,
            "histogram",
            "Time of one lookup in one cache tier.",
            ("tier",),
            _LOOKUP_BUCKETS,
        ),
        MetricSpec(LLM_TOKENS, "counter", "LLM planner tokens by kind (input, output).", ("kind",)),
        MetricSpec(LLM_COST, "counter", "LLM planner cost in US dollars.", ()),
        MetricSpec(CACHE_RECORDS, "gauge", "Selector records held by each cache tier.", ("tier",)),
    )
}

_SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?$")
_LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), value)


def sample_key(name: str, labels: Mapping[str, str] | None = None) -> str:
    """The stored name of one sample: `name{a="x",b="y"}` with labels sorted."""
    if not labels:
        return name
    body = ",".join(f'{k}="{_escape(str(v))}"' for k, v in sorted(labels.items()))
    return f"{name}{{{body}}}"


def parse_key(key: str) -> tuple[str, dict[str, str]] | None:
    """`sample_key` read back; None for a key that is not one."""
    match = _SAMPLE.match(key)
    if match is None:
        return None
    labels = {k: _unescape(v) for k, v in _LABEL.findall(match.group(2) or "")}
    return match.group(1), labels


def le(bound: float) -> str:
    """A bucket bound as the `le` label writes it."""
    return "+Inf" if math.isinf(bound) else repr(float(bound))


class Recorder:
    """Increments of one process since its last flush: cheap, synchronous, no I/O."""

    def __init__(self) -> None:
        self.pending: dict[str, float] = {}

    def inc(self, name: str, labels: Mapping[str, str] | None = None, value: float = 1.0) -> None:
        """Add to a counter."""
        if value:
            key = sample_key(name, labels)
            self.pending[key] = self.pending.get(key, 0.0) + value

    def observe(self, name: str, seconds: float, labels: Mapping[str, str] | None = None) -> None:
        """Add one observation to a histogram (every bucket it falls in, the sum, the count)."""
        spec = METRICS[name]
        labels = dict(labels or {})
        for bound in (*spec.buckets, math.inf):
            if seconds <= bound:
                self.inc(f"{name}_bucket", {**labels, "le": le(bound)})
        self.inc(f"{name}_sum", labels, max(seconds, 0.0))
        self.inc(f"{name}_count", labels)

    def take(self) -> dict[str, float]:
        """The pending increments, cleared."""
        batch, self.pending = self.pending, {}
        return batch


def total(totals: Mapping[str, float], name: str, **match: str) -> float:
    """The sum of one metric's samples whose labels include `match`."""
    found = 0.0
    for key, value in totals.items():
        parsed = parse_key(key)
        if parsed and parsed[0] == name and all(parsed[1].get(k) == v for k, v in match.items()):
            found += value
    return found


def label_values(totals: Iterable[str], name: str, label: str) -> set[str]:
    """Every value one label of one metric takes."""
    values: set[str] = set()
    for key in totals:
        parsed = parse_key(key)
        if parsed and parsed[0] == name and label in parsed[1]:
            values.add(parsed[1][label])
    return values

"""The Prometheus exposition of the aggregated totals: metric families and `/metrics` text."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping

from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

from backend.telemetry.metrics import METRICS, le, parse_key


def _families(
    totals: Mapping[str, float], gauges: Mapping[str, float]
) -> dict[str, dict[tuple[tuple[str, str], ...], dict[str, float]]]:
    """Samples grouped by metric and label set: {name: {labels: {suffix or le: value}}}."""
    grouped: dict[str, dict[tuple[tuple[str, str], ...], dict[str, float]]] = {}
    for key, value in (*totals.items(), *gauges.items()):
        parsed = parse_key(key)
        if parsed is None:
            continue
        sample, labels = parsed
        for suffix in ("_bucket", "_sum", "_count", ""):
            base = sample[: -len(suffix)] if suffix else sample
            if sample.endswith(suffix) and base in METRICS:
                break
        else:
            continue
        part = labels.pop("le", None) if suffix == "_bucket" else suffix or "value"
        if part is None:
            continue
        group = grouped.setdefault(base, {}).setdefault(tuple(sorted(labels.items())), {})
        group[part] = group.get(part, 0.0) + value
    return grouped


def families(totals: Mapping[str, float], gauges: Mapping[str, float]) -> list[Metric]:
    """Prometheus metric families for every PACTS metric, from stored sums and live gauges."""
    grouped = _families(totals, gauges)
    out: list[Metric] = []
    for name, spec in METRICS.items():
        series = grouped.get(name, {})
        names = list(spec.labels)
        family: Metric
        if spec.kind == "counter":
            family = CounterMetricFamily(name, spec.help, labels=names)
            if not names and not series:
                series = {(): {"value": 0.0}}
            for labels, parts in sorted(series.items()):
                family.add_metric([dict(labels).get(n, "") for n in names], parts.get("value", 0))
        elif spec.kind == "gauge":
            family = GaugeMetricFamily(name, spec.help, labels=names)
            for labels, parts in sorted(series.items()):
                family.add_metric([dict(labels).get(n, "") for n in names], parts.get("value", 0))
        else:
            family = HistogramMetricFamily(name, spec.help, labels=names)
            for labels, parts in sorted(series.items()):
                buckets = [(le(b), parts.get(le(b), 0.0)) for b in (*spec.buckets, math.inf)]
                family.add_metric(
                    [dict(labels).get(n, "") for n in names], buckets, parts.get("_sum", 0.0)
                )
        out.append(family)
    return out


class PactsCollector(Collector):
    """A prometheus_client collector that serves the latest aggregated snapshot."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = {}
        self.gauges: dict[str, float] = {}

    def update(self, totals: Mapping[str, float], gauges: Mapping[str, float]) -> None:
        """Replace the snapshot the next scrape shows."""
        self.totals, self.gauges = dict(totals), dict(gauges)

    def collect(self) -> Iterator[Metric]:
        yield from families(self.totals, self.gauges)


def render(collector: PactsCollector) -> bytes:
    """The Prometheus text exposition of one collector (its own registry, nothing else)."""
    from prometheus_client import CollectorRegistry, generate_latest

    registry = CollectorRegistry(auto_describe=False)
    registry.register(collector)
    return generate_latest(registry)

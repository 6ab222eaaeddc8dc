"""Suite throughput: 40 requirements as pytest items on 1, 2 and 4 xdist workers, cold and warm,
on one shared Redis + Postgres cache; Redis and Postgres latency measured while the suite runs.

The 40 requirements are copies of the four demo requirements, written to a temporary folder at
bench time. Each configuration runs twice: cold (Redis DB and Postgres tables emptied first) and
warm (the same cache). A probe in this process times the cache's own operations every 20 ms
while pytest runs: a Redis GET of a selector record and a SET NX PX + release of a single-flight
lock, and a Postgres SELECT of a record and an upsert of one (history row included).

Usage: .venv/bin/python benchmarks/bench_throughput.py [--workers 1 2 4] [--copies 10]
Needs Redis (PACTS_BENCH_REDIS_URL, default DB 14) and Postgres (PACTS_BENCH_POSTGRES_SERVER).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from backend.demo.server import DEMO_PASSWORD, DemoServer  # noqa: E402
from backend.storage.postgres import PostgresTier  # noqa: E402
from backend.storage.redis_tier import RedisTier  # noqa: E402
from tests.unit.test_storage_unit import make_record  # noqa: E402

REDIS_URL = os.environ.get("PACTS_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
PG_SERVER = os.environ.get("PACTS_BENCH_POSTGRES_SERVER", "postgresql://postgres@127.0.0.1:5432")
PG_DB = "pacts_bench"
#: The probe writes to a database of its own on the same server, so the suite's counters in
#: pg_stat_database are the suite's alone.
PROBE_DB = "pacts_bench_probe"
DEMO = ("demo_login", "demo_preferences", "demo_search", "demo_search_results")
PROBE_EVERY_S = 0.02


@dataclass
class Probe:
    """Latencies (ms) of the cache's operations, sampled while a suite runs."""

    redis_get: list[float] = field(default_factory=list)
    redis_lock: list[float] = field(default_factory=list)
    pg_get: list[float] = field(default_factory=list)
    pg_put: list[float] = field(default_factory=list)


@dataclass
class Result:
    workers: int
    phase: str
    seconds: float
    passed: int
    total: int
    probe: Probe
    redis_ops_s: float
    pg_writes_s: float
    pg_commits_s: float
    lookups: dict[str, int] = field(default_factory=dict)


def write_requirements(folder: Path, copies: int) -> int:
    """`copies` copies of each demo requirement, each under its own name."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for name in DEMO:
        text = (REPO / "requirements" / f"{name}.md").read_text(encoding="utf-8")
        for n in range(copies):
            (folder / f"{name}_{n:02d}.md").write_text(text, encoding="utf-8")
            count += 1
    return count


async def reset_stores(pg_url: str) -> None:
    """Empty the bench Redis DB and the bench Postgres tables (created on first use)."""
    import asyncpg
    from redis.asyncio import Redis

    client = Redis.from_url(REDIS_URL)
    try:
        await client.flushdb()
    finally:
        await client.aclose()
    conn = await asyncpg.connect(PG_SERVER + "/postgres")
    try:
        for db in (PG_DB, PROBE_DB):
            if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", db):
                await conn.execute(f'CREATE DATABASE "{db}"')
    finally:
        await conn.close()
    tier = PostgresTier(pg_url)
    try:
        pool = await tier.pool()
        await pool.execute("TRUNCATE selectors, selector_history, cache_stats, plans")
    finally:
        await tier.close()


async def cache_counts(pg_url: str) -> dict[str, int]:
    """The suite's own cache counters (every worker adds to them in Postgres)."""
    import asyncpg

    conn = await asyncpg.connect(pg_url)
    try:
        rows = await conn.fetch("SELECT name, value FROM cache_stats")
    finally:
        await conn.close()
    return {str(r["name"]): int(r["value"]) for r in rows}


def redis_ops(counts: dict[str, int]) -> int:
    """Redis commands the lookups made, by the code path of each kind of lookup: a fast hit is
    one GET; a persistent hit a GET and the warming SETEX script; a miss a GET, SET NX PX, the
    GET after the lock, the SETEX script and the lock release (counters go to Postgres)."""
    hits, warmed = counts.get("redis_hits", 0), counts.get("postgres_hits", 0)
    return hits + 2 * warmed + 5 * counts.get("misses", 0)


async def counters(pg_url: str) -> tuple[int, int]:
    """Postgres rows written and transactions committed in the bench database, so far."""
    import asyncpg

    conn = await asyncpg.connect(pg_url)
    try:
        row = await conn.fetchrow(
            "SELECT tup_inserted + tup_updated + tup_deleted AS writes, xact_commit"
            " FROM pg_stat_database WHERE datname = $1",
            PG_DB,
        )
    finally:
        await conn.close()
    return int(row["writes"]), int(row["xact_commit"])


async def probe_loop(probe: Probe, pg_url: str, stop: asyncio.Event) -> None:
    """Time the cache's operations against the shared stores until `stop` is set."""
    redis = RedisTier.from_url(REDIS_URL, ttl_s=600)
    pg = PostgresTier(f"{PG_SERVER}/{PROBE_DB}", max_size=1)
    record = make_record("bench-probe", version=1, name="Probe")
    await redis.put(record)
    await pg.put(record)
    version = 1
    try:
        while not stop.is_set():
            started = time.perf_counter()
            await redis.get("bench-probe")
            probe.redis_get.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            token = await redis.acquire("bench-probe", 1000)
            if token:
                await redis.release("bench-probe", token)
            probe.redis_lock.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            await pg.get("bench-probe")
            probe.pg_get.append((time.perf_counter() - started) * 1000)
            if len(probe.pg_get) % 10 == 0:  # a write per ~10 lookups, as a cold suite does
                version += 1
                started = time.perf_counter()
                await pg.put(record.model_copy(update={"version": version}), "bench")
                probe.pg_put.append((time.perf_counter() - started) * 1000)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), PROBE_EVERY_S)
    finally:
        await redis.close()
        await pg.close()


async def run_suite(
    workdir: Path, workers: int, phase: str, base_url: str, pg_url: str, total: int
) -> Result:
    """One pytest run of the whole folder, with the probe running beside it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PACTS_")}
    env.update(
        {
            "PYTHONPATH": str(REPO),
            "PACTS_REDIS_URL": REDIS_URL,
            "PACTS_DATABASE_URL": pg_url,
            "PACTS_SCREENSHOTS": "on-failure",
            "PACTS_TRACE": "false",
            "DEMO_PASSWORD": DEMO_PASSWORD,
        }
    )
    junit = workdir / f"junit-{workers}-{phase}.xml"
    args = [sys.executable, "-m", "pytest", "requirements", "-q", "-p", "no:cacheprovider"]
    args += [*plugin_args(), "--base-url", base_url, "-n", str(workers)]
    args += [f"--junitxml={junit}"]
    probe = Probe()
    stop = asyncio.Event()
    before = await counters(pg_url)
    counts_before = await cache_counts(pg_url)
    prober = asyncio.create_task(probe_loop(probe, pg_url, stop))
    started = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(
        *args, cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    out, _ = await proc.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    await prober
    after = await counters(pg_url)
    counts_after = await cache_counts(pg_url)
    lookups = {k: v - counts_before.get(k, 0) for k, v in counts_after.items()}
    root = ET.parse(junit).getroot()
    cases = list(root.iter("testcase"))
    failed = sum(1 for c in cases if c.find("failure") is not None or c.find("error") is not None)
    if failed:
        print(out.decode()[-3000:], file=sys.stderr)
    # the suite's own load: Postgres from its own database's counters; Redis from the suite's
    # lookups (INFO counts the whole server, which the probe and other jobs share)
    suite_redis_ops = redis_ops(lookups)
    pg_rows = after[0] - before[0]
    pg_commits = after[1] - before[1]
    return Result(
        workers,
        phase,
        seconds,
        len(cases) - failed,
        total,
        probe,
        suite_redis_ops / seconds,
        pg_rows / seconds,
        pg_commits / seconds,
        lookups,
    )


def plugin_args() -> list[str]:
    """`-p backend.pytest_plugin` unless an install already registers it as `pytest11` `pacts`
    (naming it twice would register one module under two names, which pytest refuses)."""
    from importlib.metadata import entry_points

    installed = any(ep.name == "pacts" for ep in entry_points(group="pytest11"))
    return [] if installed else ["-p", "backend.pytest_plugin"]


def p(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def table(results: list[Result]) -> str:
    lines = [
        "workers phase  passed   wall s  req/min | redis GET p50/p95  lock p95 | "
        "pg SELECT p50/p95  upsert p95 ms | lookups misses | suite: redis ops/s  pg rows/s"
        "  pg commits/s",
    ]
    for r in results:
        pr = r.probe
        lines.append(
            f"{r.workers:>7} {r.phase:<5} {r.passed:>3}/{r.total:<3} {r.seconds:>8.1f} "
            f"{r.total / r.seconds * 60:>8.1f} | "
            f"{p(pr.redis_get, 0.5):>8.2f}/{p(pr.redis_get, 0.95):<8.2f} "
            f"{p(pr.redis_lock, 0.95):>8.2f} | "
            f"{p(pr.pg_get, 0.5):>8.2f}/{p(pr.pg_get, 0.95):<8.2f} "
            f"{p(pr.pg_put, 0.95):>11.2f} | "
            f"{sum(r.lookups.get(k, 0) for k in ('redis_hits', 'postgres_hits', 'misses')):>7} "
            f"{r.lookups.get('misses', 0):>6} | "
            f"{r.redis_ops_s:>18.1f} {r.pg_writes_s:>10.1f} {r.pg_commits_s:>13.1f}"
        )
    return "\n".join(lines)


async def main(workers: list[int], copies: int) -> list[Result]:
    pg_url = f"{PG_SERVER}/{PG_DB}"
    results: list[Result] = []
    with DemoServer() as server, tempfile.TemporaryDirectory(prefix="pacts-bench-") as tmp:
        workdir = Path(tmp)
        total = write_requirements(workdir / "requirements", copies)
        for n in workers:
            await reset_stores(pg_url)
            for phase in ("cold", "warm"):
                result = await run_suite(workdir, n, phase, server.url, pg_url, total)
                results.append(result)
                print(table([result]).splitlines()[1], flush=True)
    return results


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--copies", type=int, default=10, help="copies of each demo requirement")
    ns = parser.parse_args()
    print(f"load average before: {load_average()}; cores: {os.cpu_count()}", flush=True)
    results = asyncio.run(main(ns.workers, ns.copies))
    print()
    print(table(results))
    print(f"load average after: {load_average()}")
    print(_median_summary(results))


def _median_summary(results: list[Result]) -> str:
    per: dict[str, Any] = {}
    for r in results:
        per.setdefault(r.phase, []).append(r.total / r.seconds * 60)
    return "; ".join(f"{k}: median {statistics.median(v):.1f} req/min" for k, v in per.items())


if __name__ == "__main__":
    cli()

"""The environment of one benchmarked `pacts` process: its own cache, run, screenshot and
generated-test folders under `home`, none of the caller's PACTS_* settings, and the demo's
password (one definition for bench_vs_hand, profile_warm and ab_phases)."""

from __future__ import annotations

from pathlib import Path

from backend.demo.server import DEMO_PASSWORD
from tests.helpers.cli import service_env


def isolated_env(home: Path, base_url: str, tree: Path, **extra: str) -> dict[str, str]:
    """`os.environ` without PACTS_*, pointed at folders under `home` and at `base_url`; the
    code is `tree`'s (PYTHONPATH); `extra` last."""
    env = service_env(home, None, None)  # the embedded tiers, folders under `home`
    # bytecode cached as an installed package has it (pip compiles at install; the hand
    # script's Playwright is compiled): a shell's PYTHONDONTWRITEBYTECODE made every benchmarked
    # `pacts` process compile the package from source, about 100-200 ms of CPU a process
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        PACTS_BASE_URL=base_url,
        PACTS_PROGRESS="off",
        DEMO_PASSWORD=DEMO_PASSWORD,
        PYTHONPATH=str(tree),
        **extra,
    )
    return env

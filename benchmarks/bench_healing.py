"""Heal rate on v2 (cosmetic drift) and false-heal rate on v3 (regression), drift fixture site.

Each round starts from an empty cache, runs every drift requirement on v1 (the baseline, which
fills the cache), then on v2, v3 and v4. Prints, over all rounds:
    heal rate        v2 runs that PASS with at least one healed step / v2 runs   (goal 100%)
    false-heal rate  v3 runs that PASS, or heal the step whose element v3 removed
                     (the Search button) onto another element / v3 runs        (must be 0%)
    v4 pass rate     v4 runs (slow, behind a spinner) that PASS with no wait step
and the v3 root causes. A v3 step that drifted back to an element that is still there under its
own name (the Subscribe button, cached as v2's "Subscribe now") is re-found, not falsely healed:
it is counted apart, as "v3 re-found".

Usage: .venv/bin/python benchmarks/bench_healing.py [--rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from backend.browser.session import launch  # noqa: E402
from backend.planning.loader import load_requirement  # noqa: E402
from backend.runner import run_requirement  # noqa: E402
from backend.settings import Settings  # noqa: E402
from backend.storage.init import get_storage  # noqa: E402
from tests.fixtures.drift.site import serve_drift  # noqa: E402

#: The elements the v3 regression removed (tests/fixtures/drift/site.py): healing any of them
#: onto something else would hide the regression.
REMOVED_IN_V3 = frozenset({"Search"})
REQS = sorted((REPO / "tests" / "fixtures" / "drift" / "requirements").glob("*.md"))


async def main(rounds: int) -> None:
    counts: collections.Counter[str] = collections.Counter()
    causes: collections.Counter[str] = collections.Counter()
    with serve_drift() as site, tempfile.TemporaryDirectory() as tmp:
        for n in range(rounds):
            home = Path(tmp) / f"round{n}"
            settings = Settings(
                _env_file=None,  # type: ignore[call-arg]
                home=home / ".pacts",
                runs_dir=home / "runs",
                screenshots_dir=home / "screenshots",
                generated_dir=home / "generated",
                redis_url=None,
                database_url=None,
                step_timeout_s=5,
            )
            session = await launch(settings)
            storage = await get_storage(settings)
            try:
                for version in ("1", "2", "3", "4"):
                    for path in REQS:
                        verdict = await run_requirement(
                            load_requirement(path),
                            settings,
                            url=site.page(version),
                            session=session,
                            cache=storage.selector_cache,
                        )
                        healed = any(s.healed for s in verdict.steps)
                        passed = verdict.verdict == "PASS"
                        counts[f"v{version}"] += 1
                        if version == "2" and passed and healed:
                            counts["v2_healed_pass"] += 1
                        if version == "3":
                            onto_other = any(
                                s.healed
                                and s.step.target is not None
                                and s.step.target.name in REMOVED_IN_V3
                                for s in verdict.steps
                            )
                            counts["v3_false_heal"] += passed or onto_other
                            counts["v3_refound"] += healed and not onto_other
                            causes[f"{path.stem}: {verdict.root_cause}"] += 1
                        if version == "4":
                            no_wait = all(s.step.action != "wait" for s in verdict.steps)
                            counts["v4_pass"] += passed and no_wait
                        if version == "1":
                            counts["v1_pass"] += passed
            finally:
                await storage.close()
                await session.close()
    print(f"rounds: {rounds}; requirements: {', '.join(p.stem for p in REQS)}")
    print(f"v1 baseline PASS:  {counts['v1_pass']}/{counts['v1']}")
    print(
        f"v2 heal rate:      {counts['v2_healed_pass']}/{counts['v2']} = "
        f"{100 * counts['v2_healed_pass'] / counts['v2']:.0f}%"
    )
    print(
        f"v3 false-heal rate: {counts['v3_false_heal']}/{counts['v3']} = "
        f"{100 * counts['v3_false_heal'] / counts['v3']:.0f}%"
    )
    print(
        f"v3 re-found:       {counts['v3_refound']}/{counts['v3']} "
        "(a drifted step found its own element again)"
    )
    print(f"v3 causes:         {dict(causes)}")
    print(f"v4 PASS, no waits: {counts['v4_pass']}/{counts['v4']}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    asyncio.run(main(parser.parse_args().rounds))

"""The kept trace records every step's action with its DOM snapshots and marks the failure;
PACTS's own looks at the page (settle, the Oracle, the cache check) are left out of it, unless
`--evidence full` asks for everything (issue 15: their snapshots were 14% of a warm run)."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.browser.session import BrowserSession, launch
from backend.browser.trace_scope import traced, untraced
from backend.models import Verdict
from backend.planning.loader import parse_requirement
from backend.runner import run_requirement
from backend.settings import Settings
from tests.helpers.traces import FAILING_LOGIN, read_trace

pytestmark = pytest.mark.e2e


async def _fail(settings: Settings, env: dict[str, str], name: str) -> Verdict:
    req = parse_requirement(FAILING_LOGIN, name=name)
    verdict = await run_requirement(req, settings, env=env)
    assert verdict.verdict == "FAIL", (verdict.root_cause, verdict.explanation)
    return verdict


@pytest.mark.parametrize("mode", ["on-first-retry", "retain-on-failure"])
async def test_a_failing_runs_trace_holds_each_action_with_snapshots_and_marks_the_failure(
    mode: str, demo_settings: Settings, demo_env: dict[str, str]
) -> None:
    """The default (on-first-retry: the traced re-run's trace) and retain-on-failure (the one
    attempt's trace) keep the same trace."""
    settings = demo_settings.model_copy(update={"step_timeout_s": 1.0})
    assert settings.trace == "on-first-retry"  # the default
    settings = settings.model_copy(update={"trace": mode})
    verdict = await _fail(settings, demo_env, "trace_scope_fail")
    assert (verdict.retry is not None) == (mode == "on-first-retry")
    order, snapshots, groups = read_trace(Path(verdict.run_dir or "") / "trace.zip")
    actions = [c for c in order if c in ("Frame.goto", "Frame.fill", "Frame.click")]
    assert actions == ["Frame.goto", "Frame.fill", "Frame.fill", "Frame.click"]
    assert "Frame.expect" in order  # the failing check, as Playwright ran it
    for call in ("Frame.goto", "Frame.fill", "Frame.click", "Frame.expect"):
        assert snapshots[call] >= 2, (call, snapshots)  # before and after, each time
    # The failure, marked where it happened and at the verdict, each with the page's DOM.
    assert groups[0].startswith("PACTS: step 5 failed (assertion_failed)")
    assert groups[-1].startswith("PACTS: step 5 failed; the page at the verdict")
    assert snapshots["Frame.evaluateExpression"] >= 2 * len(groups) >= 4
    # PACTS's own looks (settle's busy check, the Oracle's alerts and value reads) are not in it.
    assert "Frame.evalOnSelectorAll" not in order and "Frame.inputValue" not in order


async def test_evidence_full_still_records_every_call(
    demo_settings: Settings, demo_env: dict[str, str]
) -> None:
    settings = demo_settings.model_copy(update={"step_timeout_s": 1.0}).with_evidence("full")
    verdict = await _fail(settings, demo_env, "trace_scope_full")
    order, snapshots, _ = read_trace(Path(verdict.run_dir or "") / "trace.zip")
    assert "Frame.inputValue" in order and snapshots["Frame.inputValue"] >= 2  # the Oracle's read


async def test_untraced_calls_stay_out_of_the_trace_and_traced_ones_inside_come_back(
    settings: Settings, tmp_path: Path
) -> None:
    """The contract with Playwright's client (a private API): fails if an upgrade moves it."""
    session: BrowserSession = await launch(settings, trace=True)
    try:
        page = session.page
        await page.set_content("<title>t</title><p>x</p>")
        with untraced():
            await page.evaluate("() => 'looked'")
            await page.locator("p").count()
            with traced():
                await page.evaluate("() => 'acted'")
            await page.locator("p").inner_text()
        path = tmp_path / "trace.zip"
        await session.stop_trace(str(path))
    finally:
        await session.close()
    order, snapshots, _ = read_trace(path)
    assert order.count("Frame.evaluateExpression") == 1 and "Frame.queryCount" not in order
    assert "Frame.innerText" not in order and snapshots["Frame.evaluateExpression"] == 2

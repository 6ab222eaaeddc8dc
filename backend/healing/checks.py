"""The Oracle's implicit checks of a step's effect; each check is recorded with its result."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from backend.actions import spec_for
from backend.browser.session import BrowserSession
from backend.models import CheckResult, SelectorRecord, StepResult, expand_variables

logger = logging.getLogger(__name__)

_ALERTS = '[role="alert"]:visible, [role="alertdialog"]:visible'


def check(name: str, ok: bool, detail: str = "") -> CheckResult:
    """A passed or failed check with its detail."""
    return CheckResult(check=name, result="pass" if ok else "fail", detail=detail)


async def _opens_a_tab(page: Any, record: SelectorRecord | None) -> bool:
    """A target=_blank link leaves the page where it is: its tab is the next step's business."""
    if record is None:
        return False
    try:
        target = await record.locator.resolve(page).get_attribute("target", timeout=1000)
    except Exception:  # the link went away
        return False
    return bool(target) and target not in ("_self", "_top", "_parent")


async def implicit_checks(
    session: BrowserSession,
    env: Mapping[str, str],
    redact: Callable[[str], str],
    result: StepResult,
    record: SelectorRecord | None,
    url_before: str | None,
    errors_before: int,
) -> tuple[list[CheckResult], str | None]:
    """Checks the step implies; returns them all, and the first failure's message (or None)."""
    step = result.step
    page = session.page
    checks: list[CheckResult] = []
    problem: str | None = None
    if spec_for(step.action).keeps_value and step.value is not None and record is not None:
        try:
            actual = await record.locator.resolve(page).input_value(timeout=2000)
            ok = actual == expand_variables(step.value, env)
            checks.append(check("field keeps the value", ok))
            if not ok:
                problem = "the field did not keep the value that was filled in"
        except Exception as exc:  # the field left with a navigation (a form that submits on enter)
            logger.debug("fill check skipped: %s", exc)
            checks.append(check("field keeps the value", True, "the page moved on"))
    href = record.fingerprint.attributes.get("href", "") if record else ""
    is_link = step.action == "click" and record is not None and record.fingerprint.tag == "a"
    if is_link and href and not href.startswith(("#", "javascript:")) and url_before is not None:
        ok = page.url != url_before or await _opens_a_tab(page, record)
        checks.append(check("link click navigates", ok, page.url))
        if not ok and problem is None:
            problem = f"clicking the link did not leave {url_before}"
    new_errors = session.page_errors[errors_before:]
    checks.append(check("no uncaught page error", not new_errors, "; ".join(new_errors)[:200]))
    if new_errors and problem is None:
        problem = f"the page threw an uncaught error: {new_errors[0][:200]}"
    try:
        alerts = await page.locator(_ALERTS).all_inner_texts()
    except Exception:  # the page is navigating
        alerts = []
    # An alert is recorded, not failed on: a requirement may well expect one ("shows an error").
    checks.append(
        CheckResult(
            check="no alert shown",
            result="warn" if alerts else "pass",
            detail=redact("; ".join(alerts))[:200],  # redacted before the cut
        )
    )
    return [c.model_copy(update={"detail": redact(c.detail)}) for c in checks], problem

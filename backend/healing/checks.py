"""The Oracle's implicit checks of a step's effect; each check is recorded with its result."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from backend.actions import EDITOR_TAGS, spec_for
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


#: A dialog a link's script opened in place of a navigation (a confirmation, a form).
_OPEN_DIALOG = "[role=dialog]:visible, [role=alertdialog]:visible, dialog[open]"


async def acted_in_place(page: Any, record: SelectorRecord) -> bool:
    """A link whose script did its work on the page instead of leaving it: it opened a dialog,
    or it went away with what it acted on (phpMyAdmin's Delete link removes its row by AJAX)."""
    try:
        if await page.locator(_OPEN_DIALOG).count() > 0:
            return True
        link = record.locator.resolve(page)
        return bool(await link.count() == 0 or not await link.first.is_visible())
    except Exception:  # the page is navigating after all
        return True


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
            ok = await _kept(record, page, expand_variables(step.value, env))
            checks.append(check("field keeps the value", ok))
            if not ok:
                problem = "the field did not keep the value that was filled in"
        except Exception as exc:  # the field left with a navigation (a form that submits on enter)
            logger.debug("fill check skipped: %s", exc)
            checks.append(check("field keeps the value", True, "the page moved on"))
    href = record.fingerprint.attributes.get("href", "") if record else ""
    clicked = step.action in ("click", "open")
    is_link = clicked and record is not None and record.fingerprint.tag == "a"
    if is_link and href and not href.startswith(("#", "javascript:")) and url_before is not None:
        ok = (
            page.url != url_before
            or await _opens_a_tab(page, record)
            or (record is not None and await acted_in_place(page, record))
        )
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


async def _kept(record: SelectorRecord, page: Any, value: str) -> bool:
    """Whether the filled element holds `value`: a field's value, or the text a code editor
    shows (its own words, whitespace aside: an editor adds line numbers around them)."""
    loc = record.locator.resolve(page)
    if record.fingerprint.tag not in EDITOR_TAGS:
        return bool(await loc.input_value(timeout=2000) == value)
    shown = " ".join((await loc.inner_text(timeout=2000)).split())
    return " ".join(value.split()) in shown

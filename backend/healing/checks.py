"""The Oracle's implicit checks of a step's effect; each check is recorded with its result."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from typing import Any

from backend.actions import EDITOR_TAGS, spec_for
from backend.browser.session import BrowserSession
from backend.browser.settle import ALERTS
from backend.models import CheckResult, SelectorRecord, Step, StepResult, expand_variables

logger = logging.getLogger(__name__)

_ALERTS = ", ".join(f"{part.strip()}:visible" for part in ALERTS.split(","))


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
    settled_alerts: list[str] | None = None,
) -> tuple[list[CheckResult], str | None]:
    """Checks the step implies; returns them all, and the first failure's message (or None).

    The page is asked once per check at most, and the questions go out together (the field's
    value and the alerts in one wait, not two); a step that only looks reads no alerts, and
    `settled_alerts` (what settle() read as the page came to rest) stand for the alerts query.
    """
    step = result.step
    page = session.page
    kept, link, alerts = await asyncio.gather(
        _kept_check(step, record, page, env),
        _link_check(step, record, page, url_before),
        _alerts(page, settled_alerts) if not spec_for(step.action).looks_only else _none(),
    )
    checks = [c for c, _ in (kept, link) if c is not None]
    problems = [p for _, p in (kept, link) if p]
    new_errors = session.page_errors[errors_before:]
    checks.append(check("no uncaught page error", not new_errors, "; ".join(new_errors)[:200]))
    if new_errors:
        problems.append(f"the page threw an uncaught error: {new_errors[0][:200]}")
    if alerts is not None:
        # An alert is recorded, not failed on: a requirement may well expect one ("shows an error").
        checks.append(
            CheckResult(
                check="no alert shown",
                result="warn" if alerts else "pass",
                detail=redact("; ".join(alerts))[:200],  # redacted before the cut
            )
        )
    problem = problems[0] if problems else None
    return [c.model_copy(update={"detail": redact(c.detail)}) for c in checks], problem


_Check = tuple[CheckResult | None, str | None]


async def _kept_check(
    step: Step, record: SelectorRecord | None, page: Any, env: Mapping[str, str]
) -> _Check:
    """A filled field keeps the value it was given (None: the step filled nothing)."""
    if not spec_for(step.action).keeps_value or step.value is None or record is None:
        return None, None
    try:
        ok = await _kept(record, page, expand_variables(step.value, env))
    except Exception as exc:  # the field left with a navigation (a form that submits on enter)
        logger.debug("fill check skipped: %s", exc)
        return check("field keeps the value", True, "the page moved on"), None
    problem = None if ok else "the field did not keep the value that was filled in"
    return check("field keeps the value", ok), problem


async def _link_check(
    step: Step, record: SelectorRecord | None, page: Any, url_before: str | None
) -> _Check:
    """A click on a link leaves the page (None: the step clicked no link that goes anywhere)."""
    href = record.fingerprint.attributes.get("href", "") if record else ""
    clicked = step.action in ("click", "open")
    is_link = clicked and record is not None and record.fingerprint.tag == "a"
    if not is_link or not href or href.startswith(("#", "javascript:")) or url_before is None:
        return None, None
    assert record is not None
    ok = (
        page.url != url_before
        or await _opens_a_tab(page, record)
        or await acted_in_place(page, record)
    )
    problem = None if ok else f"clicking the link did not leave {url_before}"
    return check("link click navigates", ok, page.url), problem


async def _alerts(page: Any, settled: list[str] | None) -> list[str]:
    """The texts of the alerts the page shows ([] while it navigates); `settled`: read already."""
    if settled is not None:
        return settled
    shown = page.locator(_ALERTS)
    try:
        # count() first: one query in the world the step's action used, where evaluate_all
        # (all_inner_texts) is three (query, evaluate, release), for a query that almost
        # always finds nothing; the texts only when an alert shows (issue 15)
        return list(await shown.all_inner_texts()) if await shown.count() else []
    except Exception:  # the page is navigating
        return []


async def _none() -> None:
    return None


async def _kept(record: SelectorRecord, page: Any, value: str) -> bool:
    """Whether the filled element holds `value`: a field's value, or the text a code editor
    shows (its own words, whitespace aside: an editor adds line numbers around them)."""
    loc = record.locator.resolve(page)
    if record.fingerprint.tag not in EDITOR_TAGS:
        return bool(await loc.input_value(timeout=2000) == value)
    shown = " ".join((await loc.inner_text(timeout=2000)).split())
    return " ".join(value.split()) in shown

"""Evidence a run keeps on disk: step screenshots under the names users know."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

from backend.browser.session import BrowserSession
from backend.models import Step
from backend.text import safe_name

logger = logging.getLogger(__name__)

_SLUG = re.compile(r"[^a-z0-9]+")


def step_slug(step: Step) -> str:
    """A file-name slug from the action and target only: values (secrets) never go in names."""
    words: str = step.action
    if step.target is not None:
        words += " " + (step.target.name or step.target.kind or "")
    return _SLUG.sub("_", words.lower()).strip("_")[:40] or "step"


async def take_screenshot(
    session: BrowserSession,
    run_dir: Path,
    latest_dir: Path,
    requirement: str,
    index: int,
    step: Step,
) -> str | None:
    """`<run_dir>/stepNN_<slug>.png`, copied to `<latest_dir>/<req>_stepNN_<slug>.png`."""
    name = f"step{index + 1:02d}_{step_slug(step)}.png"
    path = run_dir / name
    try:
        await session.page.screenshot(path=str(path), timeout=5000)
    except Exception as exc:  # a screenshot is evidence, not a reason to stop
        logger.debug("screenshot failed: %s", exc)
        return None
    latest_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, latest_dir / f"{safe_name(requirement)}_{name}")
    return str(path)

"""Planner node: English requirement -> Plan, with the start URL and secrets resolved."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from backend.errors import PlanningError
from backend.graph.context import RunContext
from backend.graph.state import PlanningFailure, RunState
from backend.models import Plan, PlannerUsage, Step, variables_in
from backend.planning.loader import url_problem
from backend.planning.reuse import plan_for_run
from backend.secrets import secret_names
from backend.text import normalise_text

if TYPE_CHECKING:
    from langgraph.runtime import Runtime

logger = logging.getLogger(__name__)


def origin_of(url: str | None) -> str | None:
    """`scheme://host:port` of a URL, or None; `file://` for `file:///path` (no host)."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme and (parts.netloc or parts.scheme.lower() == "file"):
        return f"{parts.scheme}://{parts.netloc}"
    return None


def resolve_url(value: str, start_url: str | None, written_url: str | None) -> str:
    """An absolute URL for a navigate step; body URLs on the written origin follow --url."""
    if start_url and value.startswith("/"):
        return urljoin(start_url, value)
    written, start = origin_of(written_url), origin_of(start_url)
    if written and start and written != start and origin_of(value) == written:
        return start + value[len(written) :]
    return value


#: Page names that mean the site's front page when the front matter maps no URL for them.
HOME_PAGES = frozenset({"home", "homepage", "main", "start", "front", "index"})


def named_pages(
    name: str, steps: list[Step], pages: Mapping[str, str] | None, start_url: str | None = None
) -> list[Step] | PlanningFailure:
    """URLs for the pages a plan names in words ("the login page"), from the front matter's
    `pages:` map (`pages: {login: /login}`); the home page is "/" unless mapped. A ticket's
    first step "Open the Staff handbook page" opens its start page (`url:` or --url) when no
    map names it and that URL says a word of the name (`/doku.php?id=handbook`), or the name
    is a home ("Open the back office home page" on a ticket whose `url:` is /admin/)."""
    known = {normalise_text(k): str(v) for k, v in (pages or {}).items()}
    out: list[Step] = []
    for i, step in enumerate(steps):
        target = step.target
        if target is None or target.kind != "page" or step.value:
            out.append(step)
            continue
        page = normalise_text(target.name)
        path = known.get(page) or ("/" if page in HOME_PAGES else None)
        if path is None and i == 0 and step.action == "navigate" and _is_start(start_url, page):
            path = start_url
        if path is None:
            return PlanningFailure(
                kind="planning_error",
                message=f"requirement {name} names the {target.name!r} page but no URL is known "
                f"for it: add `pages: {{{target.name}: /path}}` to its front matter.",
            )
        expect = "contains" if step.action == "assert_url" else step.expect
        out.append(step.model_copy(update={"value": path, "expect": expect}))
    return out


def _is_start(url: str | None, page: str) -> bool:
    """Whether a ticket's first "Open the X page" means its start URL: the URL says a word of
    the name, or the name is some site's home ("the back office home page" on /admin/)."""
    words = set(re.findall(r"[a-z0-9]+", page.lower()))
    return bool(url) and (bool(words & HOME_PAGES) or _names(url, page))


def _names(url: str | None, page: str) -> bool:
    """Whether a URL's path or query says a word of a page's name ("handbook" in ?id=handbook)."""
    parts = urlsplit(url or "")
    said = set(re.findall(r"[a-z0-9]+", f"{parts.path} {parts.query}".lower()))
    return any(len(w) > 2 and w in said for w in re.findall(r"[a-z0-9]+", page.lower()))


def anchored_steps(
    name: str,
    steps: list[Step],
    start_url: str | None,
    written_url: str | None,
    allow_file_urls: bool = False,
) -> list[Step] | PlanningFailure:
    """The steps with absolute URLs, opening the start page first unless they open one."""
    out = [
        s.model_copy(update={"value": resolve_url(s.value, start_url, written_url)})
        if s.action == "navigate" and s.value
        else s
        for s in steps
    ]
    if not out or out[0].action != "navigate":
        if not start_url:
            return PlanningFailure(
                kind="planning_error",
                message=f"requirement {name} says nowhere which page to open: add "
                "`url: https://...` to its front matter, or pass --url.",
            )
        shown = urlsplit(start_url).path or "/"
        out.insert(0, Step(action="navigate", value=start_url, source=f"Open {shown}"))
    for step in out:
        problem = (
            url_problem(step.value or "", allow_file_urls) if step.action == "navigate" else None
        )
        if problem:
            return PlanningFailure(kind="planning_error", message=problem)
        if step.action == "navigate" and step.value and not origin_of(step.value):
            return PlanningFailure(
                kind="planning_error",
                message=f"cannot open {step.value!r}: it is not an absolute URL and no "
                "base URL is known. Pass --url, or set PACTS_BASE_URL.",
            )
    return out


def missing_variables(steps: list[Step], env: Mapping[str, str]) -> PlanningFailure | None:
    """An environment_error naming the `${VAR}`s the steps use that the environment lacks."""
    names = list(dict.fromkeys(n for s in steps for n in variables_in(s.value)))
    missing = [n for n in names if n not in env]
    if not missing:
        return None
    return PlanningFailure(
        kind="environment_error",
        message=f"environment variable(s) {', '.join(missing)} not set: the requirement "
        f"uses ${{{missing[0]}}}. Export it (or put it in .env) and run again.",
    )


async def planner(state: RunState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    """Plan the requirement; unreadable English or missing variables end the run as ERROR."""
    ctx = runtime.context
    req = state.requirement
    try:
        plan, usage = await plan_for_run(req, ctx.settings, ctx.settings.planner, ctx.plan_store)
    except PlanningError as exc:
        return {"planning_error": PlanningFailure(kind="planning_error", message=exc.one_line())}
    update: dict[str, Any] = {
        "planner_usage": PlannerUsage.model_validate(usage) if usage else None,
        "secret_names": secret_names(req),
    }
    paged = named_pages(req.name, plan.steps, req.meta.get("pages"), state.start_url)
    if isinstance(paged, PlanningFailure):
        return {**update, "planning_error": paged}
    steps = anchored_steps(
        req.name, paged, state.start_url, state.written_url, ctx.settings.allow_file_urls
    )
    if isinstance(steps, PlanningFailure):
        return {**update, "planning_error": steps}
    missing = missing_variables(steps, ctx.env)
    if missing is not None:
        return {**update, "planning_error": missing}
    full = Plan(
        requirement=req.name,
        steps=steps,
        planner=plan.planner,
        base_url=origin_of(state.start_url) or origin_of(steps[0].value),
    )
    logger.info("Plan for %s: %d steps (hash %s)", req.name, len(full.steps), full.hash)
    for i, step in enumerate(full.steps, 1):
        logger.debug("  %2d. %s", i, step.label())
    return {**update, "plan": full, "index": 0}

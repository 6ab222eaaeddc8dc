"""pytest plugin: requirement `.md` files are test items that run the PACTS graph.

`pytest requirements/` (or one file) collects each requirement as an item; `--base-url`
(pytest-base-url's option, or pytest-playwright's stand-in) replaces the origin of its start
URL; its tags are markers (`-m smoke`); `-n N` (pytest-xdist) spreads the items over workers,
which share the Redis + Postgres cache; `--junitxml` reports them. Registered through the
`pytest11` entry point; `-p no:pacts` turns it off.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from backend.errors import PactsError

if TYPE_CHECKING:
    from backend.browser.session import BrowserSession
    from backend.models import Requirement, Verdict
    from backend.settings import Settings
    from backend.storage.init import Storage

logger = logging.getLogger(__name__)

#: Markdown files in a requirements folder that are documentation, not requirements.
#: A folder's notes, never requirements: README.md, and README-apps.md or RESULTS-2.md (a dash
#: after the word; `results_filter.md`, snake_case like every requirement, stays one).
_NOTE = re.compile(r"(readme|index|changelog|results)(-[^.]*)?\.md", re.IGNORECASE)


def is_note(name: str) -> bool:
    """A Markdown file that documents a folder of requirements rather than being one."""
    return _NOTE.fullmatch(name) is not None


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--pacts-planner`; the base URL option comes from pytest-base-url when it is there."""
    group = parser.getgroup("pacts", "PACTS requirements as test items")
    group.addoption(
        "--pacts-planner",
        choices=("rules", "llm", "auto"),
        default=None,
        help="planner for requirement items (default: PACTS_PLANNER or rules)",
    )
    parser.addini(
        "pacts_requirements_dirs",
        type="args",
        default=[],
        help="folder names whose .md files are collected when pytest walks a tree "
        "(default: none; a file or its folder named on the command line is always collected)",
    )


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_load_initial_conftests(
    early_config: pytest.Config, parser: pytest.Parser, args: list[str]
) -> Generator[None, None, None]:
    """Provide `--base-url` only when neither pytest-base-url nor pytest-playwright does.

    Outermost wrapper: the code after `yield` runs after theirs, so their option wins.
    """
    yield
    try:
        parser.addoption(
            "--base-url",
            metavar="url",
            default=os.getenv("PYTEST_BASE_URL"),
            help="base url for the application under test.",
        )
    except ValueError:  # already added by pytest-base-url or pytest-playwright
        return
    parser.addini("base_url", help="base url for the application under test.")


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_RUNTIME] = _Runtime(config)


def pytest_unconfigure(config: pytest.Config) -> None:
    runtime = config.stash.get(_RUNTIME, None)
    if runtime is not None:
        runtime.close()


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.File | None:
    """A requirement: a `.md` file named on the command line, or in a folder that was.

    `pytest tests/` never runs the requirement files of test fixtures below it; a project that
    wants `pytest` alone to run them names their folder in `pacts_requirements_dirs`.
    """
    if file_path.suffix.lower() != ".md":
        return None
    session = parent.session
    if not session.isinitpath(file_path):
        if is_note(file_path.name):
            return None
        walked = set(parent.config.getini("pacts_requirements_dirs"))
        if not (session.isinitpath(file_path.parent) or file_path.parent.name in walked):
            return None
    return RequirementFile.from_parent(parent, path=file_path)


class RequirementFile(pytest.File):
    """One requirement file: one item, marked with the requirement's tags."""

    def collect(self) -> Iterator[pytest.Item]:
        from backend.planning.loader import load_requirement

        try:
            limit = self.config.stash[_RUNTIME].settings.max_requirement_bytes
            requirement = load_requirement(self.path, limit)
        except PactsError as exc:
            raise self.CollectError(f"Error: {exc.one_line()}") from None
        item = RequirementItem.from_parent(self, name=requirement.name, requirement=requirement)
        for tag in requirement.tags:
            _register_marker(self.config, tag)
            item.add_marker(tag)
        yield item


class RequirementFailed(Exception):
    """The requirement ran and its verdict was FAIL or ERROR."""

    def __init__(self, verdict: Verdict) -> None:
        super().__init__(f"{verdict.verdict}: {verdict.root_cause}")
        self.verdict = verdict


class RequirementItem(pytest.Item):
    """Runs one requirement through `run_requirement` and passes on a PASS verdict."""

    def __init__(self, *, requirement: Requirement, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.requirement = requirement

    def runtest(self) -> None:
        runtime = self.config.stash[_RUNTIME]
        url = with_base_url(self.requirement.url, runtime.base_url)
        verdict = runtime.run(self.requirement, url)
        self.user_properties.extend(
            [
                ("verdict", verdict.verdict),
                ("root_cause", verdict.root_cause or ""),
                ("run_dir", verdict.run_dir or ""),
            ]
        )
        if verdict.verdict != "PASS":
            raise RequirementFailed(verdict)

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str | Any:
        """The verdict's root cause, explanation and report path; one line for PACTS errors."""
        if isinstance(excinfo.value, RequirementFailed):
            return failure_text(excinfo.value.verdict)
        if isinstance(excinfo.value, PactsError):
            return f"Error: {excinfo.value.one_line()}"
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, 0, f"requirement: {self.requirement.title or self.name}"


def failure_text(verdict: Verdict) -> str:
    """What a failed requirement item prints: verdict, cause, failing step, report."""
    lines = [f"{verdict.verdict} {verdict.requirement}: {verdict.root_cause}"]
    lines.append(f"  explanation: {verdict.explanation}")
    failed = [s for s in verdict.steps if s.index + 1 == verdict.failing_step]
    if failed:
        step = failed[0].step
        lines.append(f"  failing step {verdict.failing_step}: {step.source or step.label()}")
    shot = verdict.evidence.get("screenshot")
    if shot:
        lines.append(f"  screenshot: {shot}")
    if verdict.run_dir:
        report = Path(verdict.run_dir) / "report.html"
        lines.append(f"  report: {report if report.is_file() else verdict.run_dir}")
    return "\n".join(lines)


def with_base_url(url: str | None, base_url: str | None) -> str | None:
    """The requirement's start URL with its origin replaced by `base_url` (path kept)."""
    if not base_url:
        return None  # the runner uses the requirement's url (and PACTS_BASE_URL)
    base = urlsplit(base_url)
    if not url:
        return base_url
    parts = urlsplit(url)
    prefix = base.path.rstrip("/")
    path = prefix + (parts.path if parts.path.startswith("/") else "/" + parts.path)
    return urlunsplit((base.scheme, base.netloc, path, parts.query, parts.fragment))


def _register_marker(config: pytest.Config, tag: str) -> None:
    """Declare a tag as a marker, so `--strict-markers` and `-m TAG` accept it."""
    known = {line.split(":", 1)[0].split("(", 1)[0].strip() for line in config.getini("markers")}
    if tag not in known:
        config.addinivalue_line("markers", f"{tag}: PACTS requirement tag")


class _Runtime:
    """One event loop, browser and cache per pytest process (per xdist worker), made lazily."""

    def __init__(self, config: pytest.Config) -> None:
        self._config = config
        self._loop: asyncio.AbstractEventLoop | None = None
        self._session: BrowserSession | None = None
        self._storage: Storage | None = None
        self._settings: Settings | None = None

    @property
    def base_url(self) -> str | None:
        value = self._config.getoption("base_url", default=None)
        if not value:
            try:
                value = self._config.getini("base_url")
            except ValueError:
                value = None
        return str(value) if value else None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from backend.settings import Settings

            settings = Settings()
            planner = self._config.getoption("pacts_planner", default=None)
            if planner:
                settings = settings.model_copy(update={"planner": planner})
            self._settings = settings
        return self._settings

    def run(self, requirement: Requirement, url: str | None) -> Verdict:
        """Run one requirement on this process's browser and cache."""
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
        return self._loop.run_until_complete(self._run(requirement, url))

    async def _run(self, requirement: Requirement, url: str | None) -> Verdict:
        from backend.browser.session import launch
        from backend.runner import run_requirement
        from backend.storage.init import get_storage

        settings = self.settings
        if self._session is None:
            # no context yet: run_requirement opens a fresh one, traced as PACTS_TRACE says
            self._session = await launch(settings, page=False)
        if self._storage is None:
            self._storage = await get_storage(settings)
        return await run_requirement(
            requirement,
            settings,
            url=url,
            session=self._session,
            cache=self._storage.selector_cache,
            plan_store=self._storage.plan_store,
        )

    def close(self) -> None:
        if self._loop is None:
            return
        loop, self._loop = self._loop, None
        try:
            loop.run_until_complete(self._aclose())
        finally:
            loop.close()

    async def _aclose(self) -> None:
        if self._storage is not None:
            await self._storage.close()
        if self._session is not None:
            await self._session.close()


_RUNTIME = pytest.StashKey[_Runtime]()

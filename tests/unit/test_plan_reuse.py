"""A warm run loads what it uses (issue 15): the rules plan of an unchanged requirement comes
from the plan store, and the grammar, discovery's candidate pass and the renderer are imported
only when a run needs them."""

from __future__ import annotations

import json
import subprocess
import sys
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import pytest

from backend.errors import PlanningError
from backend.models import Requirement
from backend.planning import modes
from backend.planning.reuse import PLANNER_SOURCES, plan_for_run, reuse_key
from backend.planning.rules import plan_requirement
from backend.settings import Settings
from tests.helpers.cli import REPO

REQ = Requirement(name="search", body='1. Search for "kettle"\n2. Press Enter')


class Store:
    """A PlanStore in a dict (the contract the SQLite and Postgres tiers implement)."""

    def __init__(self) -> None:
        self.plans: dict[str, dict[str, object]] = {}

    async def get_plan(self, key: str) -> dict[str, object] | None:
        return self.plans.get(key)

    async def put_plan(self, key: str, plan: dict[str, object]) -> None:
        self.plans[key] = json.loads(json.dumps(plan))  # what a real tier gives back


class DeadStore:
    async def get_plan(self, key: str) -> dict[str, object] | None:
        raise ConnectionError("down")

    async def put_plan(self, key: str, plan: dict[str, object]) -> None:
        raise ConnectionError("down")


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The requirements the grammar reads (the calls that reach `make_plan`)."""
    calls: list[str] = []
    real = modes.make_plan

    async def counting(req: Requirement, *args: Any, **kwargs: Any) -> Any:
        calls.append(req.name)
        return await real(req, *args, **kwargs)

    monkeypatch.setattr(modes, "make_plan", counting)
    return calls


async def test_an_unchanged_requirement_is_planned_once(
    settings: Settings, parses: list[str]
) -> None:
    store = Store()
    first, usage = await plan_for_run(REQ, settings, "rules", store)
    again, usage2 = await plan_for_run(REQ, settings, "rules", store)
    assert parses == ["search"] and usage is usage2 is None
    assert again == first and again.hash == first.hash
    renamed = REQ.model_copy(update={"name": "other"})  # the name is not in the stored plan
    assert (await plan_for_run(renamed, settings, "rules", store))[0].requirement == "other"
    assert parses == ["search"]


async def test_a_changed_body_mode_or_replan_plans_again(
    settings: Settings, parses: list[str]
) -> None:
    store = Store()
    await plan_for_run(REQ, settings, "rules", store)
    changed = REQ.model_copy(update={"body": REQ.body + "\n3. Click Save"})
    plan, _ = await plan_for_run(changed, settings, "rules", store)
    assert len(plan.steps) == 3
    await plan_for_run(REQ, settings, "auto", store)  # another mode: its own entry
    await plan_for_run(REQ, settings.model_copy(update={"replan": True}), "rules", store)
    assert len(parses) == 4
    assert reuse_key(REQ, "llm") is None  # the LLM's plans have their own cache


async def test_a_stored_plan_still_obeys_max_steps_and_a_bad_mode(
    settings: Settings, parses: list[str]
) -> None:
    store = Store()
    await plan_for_run(REQ, settings, "rules", store)
    with pytest.raises(PlanningError, match="PACTS_MAX_STEPS=1"):
        await plan_for_run(REQ, settings.model_copy(update={"max_steps": 1}), "rules", store)
    with pytest.raises(PlanningError, match="needs an Anthropic API key"):
        await plan_for_run(REQ, settings, "llm", store)
    assert parses == ["search"]


async def test_a_dead_or_corrupt_store_costs_a_parse_not_the_run(
    settings: Settings, parses: list[str]
) -> None:
    plan, _ = await plan_for_run(REQ, settings, "rules", DeadStore())
    assert [s.action for s in plan.steps] == ["fill", "press"]
    store = Store()
    key = reuse_key(REQ, "rules")
    assert key is not None
    store.plans[key] = {"steps": [{"action": "no such action"}], "planner": "rules"}
    again, _ = await plan_for_run(REQ, settings, "rules", store)
    assert again.steps == plan.steps and parses == ["search", "search"]


async def test_unreadable_english_is_not_stored(settings: Settings) -> None:
    store = Store()
    with pytest.raises(PlanningError):
        await plan_for_run(
            Requirement(name="x", body="Frobnicate the widget"), settings, "rules", store
        )
    assert store.plans == {}


@pytest.mark.parametrize("path", sorted((REPO / "requirements").glob("*.md")), ids=lambda p: p.stem)
async def test_a_stored_plan_is_the_plan_the_grammar_makes(settings: Settings, path: Path) -> None:
    from backend.planning.loader import load_requirement

    req = load_requirement(path, settings.max_requirement_bytes)
    store = Store()
    await plan_for_run(req, settings, "rules", store)
    stored, _ = await plan_for_run(req, settings, "rules", store)
    parsed = plan_requirement(req)
    assert stored == parsed and stored.model_dump_json() == parsed.model_dump_json()


def test_every_plan_of_the_main_corpus_comes_back_from_the_store_unchanged() -> None:
    """The store keeps a plan as JSON: every plan the grammar makes of the main corpus's
    lines (lenient reads, contexts, counts...) must read back equal."""
    from backend.models import Step

    lines = (REPO / "tests/unit/planner_corpus/main.txt").read_text(encoding="utf-8").splitlines()
    english = [x.strip() for x in lines if x.strip() and not x.strip().startswith(("#", "= "))]
    read = 0
    for line in english:
        try:
            plan = plan_requirement(Requirement(name="c", body=line))
        except PlanningError:
            continue
        read += 1
        stored = json.loads(json.dumps([s.model_dump(mode="json") for s in plan.steps]))
        assert [Step.model_validate(s) for s in stored] == plan.steps, line
    assert read > 300  # the rest need a line before them ("it", "again")


def _loaded(code: str) -> list[str]:
    """The backend modules a fresh interpreter holds after running `code`."""
    script = f"{code}\nimport sys, json; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    return [m for m in json.loads(out.stdout.splitlines()[-1]) if m.startswith("backend")]


def test_the_planner_version_covers_every_module_the_grammar_reads() -> None:
    loaded = _loaded("import backend.planning.rules, backend.planning.modes")
    files = [
        "__init__.py" if m == "backend" else m.removeprefix("backend.").replace(".", "/") + ".py"
        for m in loaded
    ]
    uncovered = [
        f
        for f in files
        if not f.startswith("storage")  # where plans are kept, not what they say
        and not any(
            fnmatch(f, p) or fnmatch(f.replace(".py", "/__init__.py"), p) for p in PLANNER_SOURCES
        )
    ]
    assert "planning/grammar.py" in files and uncovered == []


#: Modules a warm run of a cached requirement has no use for.
HEAVY = (
    "backend.planning.rules",
    "backend.planning.grammar",
    "backend.planning.tickets",
    "backend.planning.modes",
    "backend.planning.llm",
    "backend.discovery.engine",
    "backend.discovery.candidates",
    "backend.discovery.score",
    "backend.discovery.selectors",
    "backend.codegen.render",
)


def test_the_warm_run_path_imports_no_grammar_discovery_or_renderer() -> None:
    loaded = _loaded(
        "from backend.cli.main import cli\n"
        "from backend.cli.suite import _load_runner\n"
        "_load_runner()\n"
        "import backend.storage.init\n"
    )
    assert "backend.agents.pom_builder" in loaded and "backend.agents.planner" in loaded
    assert [m for m in HEAVY if m in loaded] == []


def test_the_source_version_follows_the_code_and_needs_every_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backend import sources

    (tmp_path / "planning").mkdir()
    (tmp_path / "planning" / "a.py").write_text("A = 1\n")
    monkeypatch.setattr(sources, "BACKEND", tmp_path)
    version = sources.source_version.__wrapped__  # not the process-wide cache
    first = version("planning/*.py")
    assert first is not None and version("planning/*.py") == first
    (tmp_path / "planning" / "a.py").write_text("A = 2\n")
    assert version("planning/*.py") not in (None, first)
    assert version("planning/*.py", "models.py") is None  # a sourceless or zipped install

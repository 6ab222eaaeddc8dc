"""Issue 14, without a browser: redaction, data that becomes code, corrupt stores, input limits."""

from __future__ import annotations

import ast
import html
import json
import logging
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from backend.browser.trace import strip_trace
from backend.codegen.render import render_test, write_generated
from backend.codegen.steps import step_code
from backend.errors import PlanningError, RequirementError
from backend.literals import py_literal
from backend.models import LocatorCall, LocatorSpec, Plan, SelectorRecord, Step, Target
from backend.planning.loader import (
    load_requirement,
    parse_requirement,
    requirement_from_text,
    text_name,
    url_problem,
)
from backend.planning.modes import make_plan
from backend.planning.rules import plan_requirement
from backend.runner import start_url_for
from backend.secrets import MASK, environment, redact, redact_excerpt
from backend.settings import Settings
from backend.storage.base import route_template
from backend.storage.cache import scrub_record
from backend.storage.memory import MemoryTier
from backend.storage.sqlite import SQLiteTier
from tests.helpers.records import make_record

SECRET = 'Pw9<b>&"\u00fc x+y'


# --- Secrets: encoded forms, truncation, .env ---------------------------------------------


@pytest.mark.parametrize(
    "form",
    [
        SECRET,
        html.escape(SECRET),
        html.escape(SECRET, quote=False),
        SECRET.replace("&", "&amp;").replace('"', "&quot;"),  # an attribute, as Chromium writes it
        quote(SECRET, safe=""),
        quote_plus(SECRET),
        json.dumps(SECRET)[1:-1],
        json.dumps(SECRET, ensure_ascii=False)[1:-1],
        json.dumps(json.dumps(SECRET)[1:-1])[1:-1],  # a page's JSON inside a trace's JSON
        html.escape(quote(SECRET, safe="")),  # a URL in an href
    ],
)
def test_redaction_catches_every_encoded_form(form: str) -> None:
    text = f"<p>before {form} after</p>"
    assert redact(text, [SECRET]) == f"<p>before {MASK} after</p>"


_NO_STAR = st.characters(blacklist_characters="*", blacklist_categories=("Cs",))


@settings(max_examples=300, deadline=None)
@given(
    secret=st.text(_NO_STAR, min_size=4, max_size=12),
    before=st.text(_NO_STAR, max_size=30),
    after=st.text(_NO_STAR, max_size=30),
    limit=st.integers(min_value=1, max_value=80),
)
def test_a_cut_excerpt_never_keeps_the_start_of_a_secret(
    secret: str, before: str, after: str, limit: int
) -> None:
    text = before + secret + after
    whole = redact(text, [secret])
    out = redact_excerpt(text, [secret], limit)
    assert secret not in out
    if len(whole) <= limit:
        assert out == whole
    else:
        assert len(out) <= limit + len(MASK)
        assert not any(out.endswith(secret[:k]) for k in range(1, len(secret)))


def test_the_excerpt_of_the_failing_page_is_cut_after_redaction() -> None:
    page = "x" * 1995 + SECRET + "y" * 100
    out = redact_excerpt(page, [SECRET], 2000)
    # cut first, then redacted, this would end in "Pw9<b"
    assert out == "x" * 1995 + MASK + "yy" and SECRET[:3] not in out


def test_dotenv_is_read_and_the_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("TOKEN='from-dotenv'\nOTHER=only-in-dotenv\n", encoding="utf-8")
    env = environment({"TOKEN": "from-environment"}, env_file)
    assert env["TOKEN"] == "from-environment" and env["OTHER"] == "only-in-dotenv"
    assert environment({}, tmp_path / "missing.env") == {}


def test_the_trace_is_stripped_of_every_form(tmp_path: Path) -> None:
    path = tmp_path / "trace.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("trace.trace", json.dumps({"params": {"value": SECRET}}))
        archive.writestr("trace.network", f'{{"postData": "pw={quote_plus(SECRET)}"}}')
        archive.writestr("resources/abc.dat", f"<p>{html.escape(SECRET)}</p>".encode())
    assert strip_trace(path, [SECRET])
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            data = archive.read(name).decode()
            assert MASK in data and "Pw9" not in data, (name, data)


def test_mcp_payloads_hold_no_form_of_a_secret_from_the_environment_or_dotenv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backend.mcp.tools import Scrubber

    (tmp_path / "requirements").mkdir()
    (tmp_path / "requirements" / "login.md").write_text(
        "Fill Password with ${USER_PASSWORD}\n", encoding="utf-8"
    )
    (tmp_path / ".env").write_text(f"USER_PASSWORD='{SECRET}'\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("USER_PASSWORD", raising=False)
    settings_ = Settings(_env_file=None, requirements_dir=tmp_path / "requirements")  # type: ignore[call-arg]
    data = {"explanation": f"typed {SECRET}", "url": f"/next?pw={quote_plus(SECRET)}"}
    for scrub in (Scrubber(settings_, {"USER_PASSWORD": SECRET}), Scrubber(settings_)):
        out = json.dumps(scrub.payload(data))
        assert "Pw9" not in out and out.count(MASK) == 2, out


# --- Secrets in URLs ----------------------------------------------------------------------


def test_a_secret_in_the_url_path_never_reaches_the_route() -> None:
    url = f"http://user:pw@127.0.0.1:8000/reset/{quote(SECRET)}/confirm"
    origin, route = route_template(url, [SECRET])
    assert route == "/reset/{secret}/confirm"
    assert origin == "http://127.0.0.1:8000"
    assert route_template("http://h/reset/abc", [])[1] == "/reset/abc"


def test_the_generated_navigate_reads_the_secret_from_os_environ() -> None:
    step = Step(action="navigate", value="http://127.0.0.1:8000/reset/${TOKEN}")
    code = step_code(step, None, "http://127.0.0.1:8000")
    assert code.lines == ['page.goto(base + "/reset/" + os.environ["TOKEN"])']
    assert code.env_vars == ["TOKEN"] and "os" in code.imports


def test_a_record_keeps_no_secret() -> None:
    record = make_record()
    record = record.model_copy(
        update={"fingerprint": record.fingerprint.model_copy(update={"labels": [SECRET]})}
    )
    clean = scrub_record(record, lambda t: redact(t, [SECRET]))
    assert clean is not None and SECRET not in clean.model_dump_json()
    assert clean.locator == record.locator
    # nor the digest of what it was read from, which showed the secret
    assert record.fingerprint.digest and clean.fingerprint.digest == ""
    assert scrub_record(make_record(), lambda t: redact(t, [SECRET])) == make_record()
    named = make_record(name=SECRET)
    assert scrub_record(named, lambda t: redact(t, [SECRET])) is None


# --- Data that becomes code ---------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        {"method": "get_by_role", "args": ["button"], "kwargs": {"name": "x", "__import__": 1}},
        {"method": "get_by_role", "args": ["button"], "kwargs": {"name) or os.system('id'": "x"}},
        {"method": "get_by_text", "args": ["x"], "kwargs": {"exact": "yes"}},
        {"method": "get_by_role", "args": ["button"], "kwargs": {"level": True}},
        {"method": "nth", "args": ["0"]},
        {"method": "filter", "args": ["x"]},
        {"method": "get_by_label", "args": []},
    ],
)
def test_locator_calls_take_only_playwright_parameters_and_literals(call: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValidationError):
        LocatorCall.model_validate(call)


def test_every_locator_discovery_writes_is_still_valid() -> None:
    for call in [
        LocatorCall(method="get_by_role", args=("button",), kwargs={"name": "Go", "exact": True}),
        LocatorCall(method="get_by_role", args=("heading",), kwargs={"level": 1}),
        LocatorCall(method="locator", args=("li",), kwargs={"has_text": "Acme"}),
        LocatorCall(method="filter", kwargs={"has_text": "Acme"}),
        LocatorCall(method="nth", args=(-1,)),
        LocatorCall(method="frame_locator", args=("#f",)),
        LocatorCall(method="get_by_test_id", args=("save",)),
    ]:
        assert LocatorCall.model_validate_json(call.model_dump_json()) == call


def test_a_tampered_selectors_json_is_a_one_line_error(tmp_path: Path) -> None:
    run = tmp_path / "runs" / "20260101-000000-tampered-abcdef"
    run.mkdir(parents=True)
    plan = Plan(
        requirement="tampered",
        steps=[
            Step(action="navigate", value="http://127.0.0.1:1/"),
            Step(action="click", target=Target(kind="button", name="Go")),
        ],
        base_url="http://127.0.0.1:1",
    )
    (run / "plan.json").write_text(plan.model_dump_json(), encoding="utf-8")
    record = make_record().model_dump(mode="json")
    record["locator"]["calls"][0]["kwargs"]["name=__import__('os').system('id'),x"] = "y"
    (run / "selectors.json").write_text(json.dumps({"1": record}), encoding="utf-8")
    verdict = {"run_id": run.name, "requirement": "tampered", "verdict": "PASS"}
    (run / "verdict.json").write_text(json.dumps(verdict), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "backend.cli.main", "generate", "--req", "tampered"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert (
        len(lines) == 1 and lines[0].startswith("Error: run folder") and "no parameter" in lines[0]
    )
    assert not (tmp_path / "generated_tests").exists()


def test_bidi_controls_are_escaped_in_generated_code(tmp_path: Path) -> None:
    value = "abc\u202edef\u2066x\u200f"
    literal = py_literal(value)
    assert ast.literal_eval(literal) == value
    assert not any(ch in literal for ch in "\u202e\u2066\u200f")
    plan = Plan(
        requirement="bidi",
        steps=[
            Step(action="navigate", value="http://127.0.0.1:1/"),
            Step(action="assert_title", value=value, expect="contains"),
        ],
        base_url="http://127.0.0.1:1",
    )
    path = tmp_path / "test_bidi.py"
    path.write_text(render_test(plan, {}, title="b\u202eidi", source="x"), encoding="utf-8")
    ruff = Path(sys.executable).with_name("ruff")
    result = subprocess.run(
        [str(ruff), "check", "--isolated", "--select", "E,F,PLE", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout


# --- Corrupt stores and bad settings ------------------------------------------------------


async def test_a_corrupt_memory_record_is_dropped(caplog: pytest.LogCaptureFixture) -> None:
    tier = MemoryTier()
    await tier.put(make_record())
    expires, payload = tier._entries["k1"]
    bad = json.loads(payload)
    bad["locator"]["calls"][0]["kwargs"]["bogus"] = 1
    tier._entries["k1"] = (expires, json.dumps(bad))
    with caplog.at_level(logging.WARNING):
        assert await tier.get("k1") is None
    assert "k1" not in tier._entries
    assert [r.getMessage() for r in caplog.records if "unusable" in r.getMessage()]
    assert all("\n" not in r.getMessage() for r in caplog.records)


def _damaged_database(path: Path) -> None:
    """A real SQLite file with a run of its pages overwritten (a disk or copy gone wrong)."""
    import sqlite3

    db = sqlite3.connect(path)
    db.execute("CREATE TABLE filler (x TEXT)")
    db.executemany("INSERT INTO filler VALUES (?)", [("y" * 500,) for _ in range(2000)])
    db.execute("CREATE INDEX filler_x ON filler (x)")
    db.commit()
    db.close()
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.seek(size // 2)
        file.write(b"\xff" * 8192)


@pytest.mark.parametrize("damage", ["not a database", "damaged pages"])
async def test_a_corrupt_sqlite_file_is_moved_aside_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: str
) -> None:
    path = tmp_path / ".pacts" / "cache.sqlite3"
    path.parent.mkdir()
    if damage == "not a database":
        path.write_bytes(b"this is not a database" * 500)
    else:
        _damaged_database(path)
    original = path.read_bytes()
    with caplog.at_level(logging.WARNING):
        tier = await SQLiteTier.open(path)
    try:
        await tier.put(make_record())
        assert await tier.get("k1") is not None
    finally:
        await tier.close()
    moved = list(path.parent.glob("cache.sqlite3.corrupt-*"))
    # the damaged file (opening it may have written to it before the check found the damage)
    assert len(moved) == 1 and moved[0].read_bytes()[:16] == original[:16]
    assert moved[0].stat().st_size >= len(original)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and str(moved[0]) in warnings[0] and "\n" not in warnings[0]
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        again = await SQLiteTier.open(path)
    await again.close()
    assert not caplog.records and len(list(path.parent.glob("*.corrupt-*"))) == 1


@pytest.mark.parametrize(
    "url",
    [
        "127.0.0.1:6379",  # no scheme
        "redis://:pw-s3cret@127.0.0.1:abc/0",  # a port that is not a number
        "redis://127.0.0.1:6379/0?socket_timeout=soon",  # an option redis-py cannot read
        "redis://:pw-s3cret@127.0.0.1:6379/0?colour=blue",  # an option redis-py does not know
    ],
)
def test_a_bad_redis_url_is_a_settings_error_exit_3(tmp_path: Path, url: str) -> None:
    result = _cache_stats(tmp_path, "PACTS_REDIS_URL", url)
    assert result.returncode == 3, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "PACTS_REDIS_URL" in lines[0] and "redis://" in lines[0]
    assert "Traceback" not in result.stderr and "s3cret" not in result.stderr


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("postgresql://postgres:pw-s3cret@127.0.0.1:abc/x", "not a usable Postgres URL"),
        ("mysql://root:pw-s3cret@127.0.0.1/x", "not a Postgres URL"),
    ],
)
def test_a_bad_database_url_is_a_settings_error_exit_3(tmp_path: Path, url: str, says: str) -> None:
    result = _cache_stats(tmp_path, "PACTS_DATABASE_URL", url)
    assert result.returncode == 3, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "PACTS_DATABASE_URL" in lines[0] and says in lines[0]
    assert "postgresql://postgres@127.0.0.1" in lines[0]  # the example is a Postgres URL
    assert "Traceback" not in result.stderr and "s3cret" not in result.stderr


def test_every_redis_option_redis_py_reads_is_accepted() -> None:
    """The unknown-option check must not refuse what redis-py takes (its own parsers)."""
    from redis.asyncio.connection import URL_QUERY_ARGUMENT_PARSERS

    from backend.settings import Settings

    examples = {"db": "1", "ssl_check_hostname": "true", "timeout": "3"}
    for key in URL_QUERY_ARGUMENT_PARSERS:
        if key in ("ssl_include_verify_flags", "ssl_exclude_verify_flags"):
            continue  # flags of the ssl module, read only on rediss://
        url = f"redis://127.0.0.1:6379/0?{key}={examples.get(key, '2')}"
        assert Settings(redis_url=url).redis_url == url
    url = "rediss://127.0.0.1:6380/0?ssl_cert_reqs=none&client_name=ci"
    assert Settings(redis_url=url).redis_url == url


def _cache_stats(cwd: Path, name: str, value: str) -> subprocess.CompletedProcess[str]:
    """`pacts cache stats` with one setting, and no other PACTS_* one."""
    return subprocess.run(
        [sys.executable, "-m", "backend.cli.main", "cache", "stats"],
        cwd=cwd,
        env={**_clean_env(), name: value},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _clean_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("PACTS_")}


# --- Bad input ----------------------------------------------------------------------------


def test_a_large_requirement_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_text("blah blah\n" * 130_000, encoding="utf-8")  # 1.3 MB
    with pytest.raises(RequirementError, match="too large") as info:
        load_requirement(path, Settings(_env_file=None).max_requirement_bytes)  # type: ignore[call-arg]
    assert len(info.value.one_line()) < 300


def test_a_file_whose_size_says_nothing_is_read_no_further_than_the_limit() -> None:
    proc = Path("/proc/self/status")  # st_size 0, over a kilobyte to read
    assert proc.stat().st_size == 0
    with pytest.raises(RequirementError, match="too large"):
        load_requirement(proc, 100)


def test_the_size_limit_setting_holds_for_text_and_for_mcp(tmp_path: Path) -> None:
    from backend.mcp.tools import load

    small = Settings(_env_file=None, max_requirement_bytes=100)  # type: ignore[call-arg]
    text = "Click the Save button\n" * 10
    with pytest.raises(RequirementError, match="PACTS_MAX_REQUIREMENT_BYTES=100"):
        requirement_from_text(text, "http://127.0.0.1:1/", max_bytes=100)
    assert requirement_from_text(text, "http://127.0.0.1:1/").body == text
    with pytest.raises(RequirementError, match="PACTS_MAX_REQUIREMENT_BYTES=100"):
        load(small, None, text, "http://127.0.0.1:1/")
    (tmp_path / "long.md").write_text(text, encoding="utf-8")
    with pytest.raises(RequirementError, match="PACTS_MAX_REQUIREMENT_BYTES=100"):
        load(small, str(tmp_path / "long.md"), None, None)


def test_the_pytest_plugin_refuses_a_requirement_over_the_size_setting(tmp_path: Path) -> None:
    (tmp_path / "small.md").write_text('Click the "Go" button\n' * 5, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only", "-q"],
        cwd=tmp_path,
        env={**_clean_env(), "PACTS_MAX_REQUIREMENT_BYTES": "50"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stdout[-2000:]
    assert "too large" in result.stdout and "PACTS_MAX_REQUIREMENT_BYTES=50" in result.stdout


def test_a_planning_error_quotes_a_few_lines_and_counts_the_rest() -> None:
    body = "\n".join(f"root:x:{i}:0:secret line {i}:/root:/bin/bash" for i in range(2000))
    req = parse_requirement(body, "passwd", "/etc/passwd")
    with pytest.raises(PlanningError) as info:
        plan_requirement(req, quoted=5)
    text = info.value.one_line()
    assert "and 45 more" in text and "secret line 5:" not in text
    # a file that is no requirement is read no further than 50 unreadable lines (a 250 KB one
    # took a minute of CPU to refuse)
    assert "reading stopped at line 50 of 2000" in text
    assert len(text) < 1200


def test_a_few_unreadable_lines_are_all_counted() -> None:
    body = "\n".join(["Go to /home"] + [f"frobnicate the widget {i}" for i in range(49)])
    with pytest.raises(PlanningError) as info:
        plan_requirement(parse_requirement(body, "r", "r.md"), quoted=5)
    text = info.value.one_line()
    assert "and 44 more" in text and "stopped" not in text


async def test_a_plan_over_max_steps_is_refused() -> None:
    req = parse_requirement("\n".join(["Press Tab"] * 12), "long")
    few = Settings(_env_file=None, max_steps=10)  # type: ignore[call-arg]
    with pytest.raises(PlanningError, match="PACTS_MAX_STEPS=10"):
        await make_plan(req, few, "rules")


@pytest.mark.parametrize(
    "url", ["file://localhost/etc/passwd", "file:///etc/passwd", "FILE:///etc/passwd"]
)
def test_file_urls_are_refused_unless_allowed(url: str) -> None:
    req = parse_requirement("Click Save", "x")
    settings_ = Settings(_env_file=None)  # type: ignore[call-arg]
    with pytest.raises(RequirementError, match="--allow-file-urls") as info:
        start_url_for(req, url, settings_)
    assert "file: URLs" in info.value.one_line()
    allowed = settings_.model_copy(update={"allow_file_urls": True})
    assert start_url_for(req, url, allowed) == url
    assert url_problem("javascript:alert(1)") is None  # not a URL to open: "not a URL" elsewhere
    assert url_problem("chrome://settings") is not None


@pytest.mark.parametrize("url", ["file:///tmp/page.html", "file://localhost/tmp/page.html"])
def test_an_allowed_file_url_is_opened_in_either_spelling(url: str) -> None:
    from backend.agents.planner import anchored_steps
    from backend.graph.state import PlanningFailure

    click = [Step(action="click", target=Target(kind="button", name="Go"))]
    steps = anchored_steps("x", click, url, None, allow_file_urls=True)
    assert isinstance(steps, list) and steps[0].value == url, steps
    refused = anchored_steps("x", click, url, None)
    assert isinstance(refused, PlanningFailure) and "--allow-file-urls" in refused.message


def test_text_runs_are_named_from_their_words() -> None:
    one = text_name('Click the "Sign in" button')
    assert one.startswith("adhoc_click_the_sign_in_button_")
    assert text_name('Click the "Sign in" button') == one
    assert text_name('Click the "Sign up" button') != one
    assert "secret" not in text_name("Fill Password with ${SECRET}")
    assert text_name("x", "Login smoke") == "login_smoke"


def test_a_generated_test_never_overwrites_another_requirements_test(tmp_path: Path) -> None:
    plan = Plan(
        requirement="login",
        steps=[Step(action="navigate", value="http://127.0.0.1:1/")],
        base_url="http://127.0.0.1:1",
    )
    first = write_generated(tmp_path, plan, {}, title=None, source="requirements/a/login.md")
    again = write_generated(tmp_path, plan, {}, title=None, source="requirements/a/login.md")
    other = write_generated(tmp_path, plan, {}, title=None, source="requirements/b/login.md")
    assert first == again == tmp_path / "test_login.py"
    assert other == tmp_path / "test_login_2.py"
    assert "requirements/a/login.md" in first.read_text(encoding="utf-8")
    hand = tmp_path / "test_mine.py"
    hand.write_text("def test_mine():\n    pass\n", encoding="utf-8")
    mine = plan.model_copy(update={"requirement": "mine"})
    assert (
        write_generated(tmp_path, mine, {}, title=None, source="x") == tmp_path / "test_mine_2.py"
    )
    assert hand.read_text(encoding="utf-8") == "def test_mine():\n    pass\n"


def test_cached_records_with_unknown_kwargs_fail_validation_not_resolution() -> None:
    raw = make_record().model_dump(mode="json")
    raw["locator"]["calls"][0]["kwargs"]["bogus"] = True
    with pytest.raises(ValidationError):
        SelectorRecord.model_validate(raw)
    assert LocatorSpec.model_validate(make_record().locator.model_dump()).calls


@pytest.mark.parametrize("secret", ["x", "test", "pass", "assert_text", "passed"])
def test_a_secret_that_is_also_a_word_of_the_verdict_leaves_it_valid(secret: str) -> None:
    """A short or common secret (`test`, `pass`) used to rewrite the verdict's keys and fixed
    words (`generated_test`, `assert_text`, `passed`): the verdict no longer validated and the
    run crashed instead of giving its FAIL. Values are redacted; names and fixed words stay."""
    from backend.models import CheckResult, Step, StepResult, Target, Verdict
    from backend.secrets import Redactor, redact_model

    step = Step(action="assert_text", target=Target(kind="heading", name="Hi"), value="Hi")
    result = StepResult(
        index=0,
        step=step,
        status="passed",
        error=f"the page said {secret!r} back",
        checks=[CheckResult(check="no alert", result="pass", detail=f"typed {secret}")],
    )
    verdict = Verdict(
        run_id="r", requirement="req", verdict="FAIL", explanation=f"it showed {secret}",
        steps=[result], generated_test="generated_tests/test_req.py",
    )  # fmt: skip
    written = redact_model(verdict, Redactor([secret]))
    assert written.steps[0].step.action == "assert_text" and written.steps[0].status == "passed"
    assert written.steps[0].checks[0].result == "pass"
    assert secret not in (written.explanation + (written.steps[0].error or ""))
    assert secret not in written.steps[0].checks[0].detail
    assert "***" in written.explanation

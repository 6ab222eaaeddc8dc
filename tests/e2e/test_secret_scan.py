"""Issue 14: no secret (or an encoded form of it) in anything a run writes, under default settings.

A local site takes a secret in a URL path (`/reset/${RESET_TOKEN}`) and in a field
(`${USER_PASSWORD}`), and echoes both back HTML-escaped, URL-encoded and as JSON. Two `pacts`
processes run against it (one passing with `--pom`, one failing so the verdict carries a DOM
excerpt); then every byte they wrote is scanned: runs/ (trace.zip unzipped), screenshots/,
.pacts/, generated_tests/, stdout and stderr.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.helpers.cli import pacts, run_pytest
from tests.helpers.pages import serve
from tests.helpers.secret_site import (
    PASSWORD,
    REQUIREMENT,
    TOKEN,
    EchoSite,
    leaks,
    scan_tree,
)

pytestmark = pytest.mark.e2e


def test_no_secret_in_anything_a_run_writes(tmp_path: Path) -> None:
    (tmp_path / "secret_reset.md").write_text(REQUIREMENT, encoding="utf-8")
    failing = REQUIREMENT + '6. Verify the text "Nothing like this" is visible\n'
    (tmp_path / "secret_reset_fails.md").write_text(failing, encoding="utf-8")
    # RESET_TOKEN comes from .env, USER_PASSWORD from the environment
    (tmp_path / ".env").write_text(f"RESET_TOKEN='{TOKEN}'\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PACTS_")}
    env.pop("RESET_TOKEN", None)
    env["USER_PASSWORD"] = PASSWORD
    env["PACTS_STEP_TIMEOUT_S"] = "3"  # the failing step gives up sooner; nothing else is set
    outputs: list[str] = []
    with serve(EchoSite) as url:
        # the pass keeps everything (a screenshot per step, the trace); the failing run below
        # keeps what the default settings keep on a failure (its screenshot; the trace and the
        # screenshot of its traced re-run, PACTS_TRACE=on-first-retry)
        passing = pacts(
            "test", "--req", "secret_reset.md", "--url", url, "--pom", "--json",
            "--evidence", "full", cwd=tmp_path, env=env,
        )  # fmt: skip
        outputs += [passing.stdout, passing.stderr]
        assert passing.returncode == 0, passing.stdout[-2000:] + passing.stderr[-2000:]
        verdict = json.loads(passing.stdout)
        assert verdict["verdict"] == "PASS"
        failed = pacts(
            "test", "--req", "secret_reset_fails.md", "--url", url, "--json", "--junit",
            "junit.xml", cwd=tmp_path, env=env,
        )  # fmt: skip
        outputs += [failed.stdout, failed.stderr]
        assert failed.returncode == 1, failed.stdout[-2000:] + failed.stderr[-2000:]
        # The generated test reads both secrets from os.environ and opens the right URL; its
        # conftest reads the same .env (beside generated_tests/), under the environment.
        generated = tmp_path / verdict["generated_test"]
        run = run_pytest(generated, "--base-url", url, cwd=generated.parent, env=env)
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
        assert "1 passed" in run.stdout, run.stdout[-3000:]
    assert 'os.environ["RESET_TOKEN"]' in generated.read_text(encoding="utf-8")
    runs = sorted((tmp_path / "runs").iterdir())
    assert len(runs) == 2 and all((r / "trace.zip").is_file() for r in runs)
    assert all((r / "report.html").is_file() for r in runs)
    assert (runs[0] / "selectors.json").is_file()
    assert any((tmp_path / "generated_tests" / "pages").rglob("*.py"))
    fail_verdict = json.loads((runs[1] / "verdict.json").read_text(encoding="utf-8"))
    assert fail_verdict["evidence"]["dom_excerpt"], "the failing run kept no DOM excerpt"
    # the traced re-run's files are scanned below too: its trace and its own screenshot
    assert fail_verdict["retry"]["verdict"] == "FAIL"
    assert tmp_path / fail_verdict["retry"]["trace"] == runs[1] / "trace.zip"
    assert any((runs[1] / "retry").glob("step*.png")), "the re-run kept no screenshot"
    assert "/welcome?t=" in json.loads(failed.stdout)["evidence"]["url"]
    assert (tmp_path / "junit.xml").is_file()
    found, count = scan_tree(tmp_path, skip={".env", "secret_reset.md", "secret_reset_fails.md"})
    for i, text in enumerate(outputs):
        found += leaks(f"output {i}", text.encode())
    assert count > 20
    assert not found, "\n".join(sorted(found)[:40])

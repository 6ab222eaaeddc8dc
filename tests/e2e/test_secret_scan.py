"""Issue 14: no secret (or an encoded form of it) in anything a run writes, under default settings.

A local site takes a secret in a URL path (`/reset/${RESET_TOKEN}`) and in a field
(`${USER_PASSWORD}`), and echoes both back HTML-escaped, URL-encoded and as JSON. Two `pacts`
processes run against it (one passing with `--pom`, one failing so the verdict carries a DOM
excerpt); then every byte they wrote is scanned: runs/ (trace.zip unzipped), screenshots/,
.pacts/, generated_tests/, stdout and stderr.
"""

from __future__ import annotations

import html
import io
import json
import os
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, quote, quote_plus, unquote, urlsplit

import pytest

from tests.e2e.test_cli import pacts, run_pytest
from tests.pages import QuietHandler, serve

pytestmark = pytest.mark.e2e

TOKEN = 'Rt7"q<\u00e9>&z w'
PASSWORD = 'Pw9<b>&"\u00fc x+y'
#: How Chromium writes TOKEN in a URL path (the WHATWG path percent-encode set: `&` stays).
TOKEN_IN_PATH = "Rt7%22q%3C%C3%A9%3E&z%20w"

REQUIREMENT = """\
# Secret reset
1. Go to /reset/${RESET_TOKEN}
2. Fill "Username" with "alice"
3. Fill "Password" with ${USER_PASSWORD}
4. Click the "Sign in" button
5. Verify the page heading is "Welcome"
"""


class EchoSite(QuietHandler):
    """Echoes what it is sent: the token in the page, the password after the POST."""

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if not path.startswith("/reset/"):
            self.send_html(404, "<h1>Not found</h1>")
            return
        token = unquote(path[len("/reset/") :])
        self.send_html(
            200,
            "<!doctype html><title>Reset</title><main><h1>Reset</h1>"
            f"<p>Reset token: {html.escape(token)}</p>"
            f'<form method="post" action="/welcome?t={quote(token, safe="")}">'
            '<label>Username <input name="user"></label> '
            '<label>Password <input type="text" name="password"></label> '
            "<button>Sign in</button></form>"
            f"<script>window.TOKEN = {json.dumps(token)};</script></main>",
        )

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode())
        token = parse_qs(urlsplit(self.path).query).get("t", [""])[0]
        password = form.get("password", [""])[0]
        self.send_html(
            200,
            "<!doctype html><title>Welcome</title><main><h1>Welcome</h1>"
            f"<p>Signed in with {html.escape(password)} (token {html.escape(token)})</p>"
            f'<a href="/account?key={quote_plus(password)}&t={quote(token, safe="")}">Account</a>'
            f"<script>const data = {json.dumps({'pw': password, 'tok': token})};</script></main>",
        )


def encoded_forms(secret: str) -> set[str]:
    """The secret as a page, a URL, a form body or a JSON document may carry it."""
    forms = {
        secret,
        html.escape(secret),
        html.escape(secret, quote=False),
        quote(secret, safe=""),
        quote(secret),
        quote_plus(secret),
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
    }
    # a cut excerpt must not keep the start of one either
    return forms | {f[:6] for f in forms}


FORBIDDEN = encoded_forms(TOKEN) | encoded_forms(PASSWORD) | {TOKEN_IN_PATH, TOKEN_IN_PATH[:6]}


def leaks(name: str, data: bytes) -> list[str]:
    """`name: form` for every forbidden form found in the bytes (zip members looked inside)."""
    found = [f"{name}: {form!r}" for form in FORBIDDEN if form.encode() in data]
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                found += leaks(f"{name}!{member}", archive.read(member))
    return found


def scan_tree(root: Path, skip: set[str]) -> tuple[list[str], int]:
    """Leaks in every file under root (but the ones the user wrote), and how many were read."""
    found: list[str] = []
    count = 0
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name not in skip:
            count += 1
            found += leaks(str(path.relative_to(root)), path.read_bytes())
    return found, count


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
        passing = pacts(
            "test", "--req", "secret_reset.md", "--url", url, "--pom", "--json", cwd=tmp_path,
            env=env,
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
        # The generated test reads both secrets from os.environ and opens the right URL.
        generated = tmp_path / verdict["generated_test"]
        run = run_pytest(
            generated,
            "--base-url",
            url,
            cwd=generated.parent,
            env={**env, "RESET_TOKEN": TOKEN},
        )
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert 'os.environ["RESET_TOKEN"]' in generated.read_text(encoding="utf-8")
    runs = sorted((tmp_path / "runs").iterdir())
    assert len(runs) == 2 and all((r / "trace.zip").is_file() for r in runs)
    assert all((r / "report.html").is_file() for r in runs)
    assert (runs[0] / "selectors.json").is_file()
    assert any((tmp_path / "generated_tests" / "pages").rglob("*.py"))
    fail_verdict = json.loads((runs[1] / "verdict.json").read_text(encoding="utf-8"))
    assert fail_verdict["evidence"]["dom_excerpt"], "the failing run kept no DOM excerpt"
    assert "/welcome?t=" in json.loads(failed.stdout)["evidence"]["url"]
    assert (tmp_path / "junit.xml").is_file()
    found, count = scan_tree(tmp_path, skip={".env", "secret_reset.md", "secret_reset_fails.md"})
    for i, text in enumerate(outputs):
        found += leaks(f"output {i}", text.encode())
    assert count > 20
    assert not found, "\n".join(sorted(found)[:40])

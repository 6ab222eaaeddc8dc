"""The secret-echoing site and the secret scan the security tests share (issue 14)."""

from __future__ import annotations

import html
import io
import json
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, quote, quote_plus, unquote, urlsplit

from tests.helpers.pages import QuietHandler

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

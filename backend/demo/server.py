"""PACTS's local demo site: an encyclopedia, a sign-in form and a preferences form on 127.0.0.1.

Tests use `with DemoServer() as server: ... server.url ...`; `python -m backend.demo.server`
serves it in the foreground.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import secrets
import socket
import socketserver
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.cookies import CookieError, SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import jinja2

from backend.demo.articles import MAIN_PAGE, load_encyclopedia, normalize_title, wiki_path

logger = logging.getLogger(__name__)

DEMO_USERNAME = "alice"
DEMO_PASSWORD = "correct-horse-battery-staple"
SESSION_COOKIE = "pacts_demo_session"
COUNTRIES = ("Denmark", "Finland", "Germany", "Iceland", "Norway", "Sweden")
TOPICS = ("News", "Releases", "Events")
PLANS = {"free": "Free", "team": "Team", "enterprise": "Enterprise"}

_MAX_FORM_BYTES = 64 * 1024
_STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
_DISCONNECTS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)

Route = Callable[["Request"], "Response"]


@dataclass
class Request:
    """What a route sees of an HTTP request."""

    method: str
    path: str
    query: dict[str, list[str]] = field(default_factory=dict)
    form: dict[str, list[str]] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    base_url: str = ""
    query_string: str = ""

    def arg(self, name: str) -> str:
        """The first value of a query-string parameter, or ""."""
        return self.query.get(name, [""])[0]

    def form_value(self, name: str) -> str:
        """The first value of a posted form field, or ""."""
        return self.form.get(name, [""])[0]


@dataclass
class Response:
    """What a route answers; the handler turns it into bytes on the wire."""

    status: int = HTTPStatus.OK
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


class HTTPError(Exception):
    """A request the site refuses before any route sees it (bad form encoding, too large)."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


def redirect(location: str, status: int = HTTPStatus.FOUND) -> Response:
    """A redirect to a path on this site."""
    return Response(status, headers={"Location": location})


def json_response(data: object, status: int = HTTPStatus.OK) -> Response:
    """A JSON body, as MediaWiki's API sends it."""
    body = json.dumps(data, ensure_ascii=False).encode()
    return Response(status, body, "application/json; charset=utf-8")


@dataclass(frozen=True)
class Preferences:
    """The newsletter preferences form, as shown or as submitted."""

    full_name: str = ""
    email: str = ""
    country: str = ""
    topics: tuple[str, ...] = ("News",)
    plan: str = ""

    @classmethod
    def from_form(cls, request: Request) -> Preferences:
        """The submitted form; topics keep the form's order whatever order they were posted in."""
        posted_topics = request.form.get("topics", [])
        return cls(
            full_name=" ".join(request.form_value("full_name").split()),
            email=request.form_value("email").strip(),
            country=request.form_value("country"),
            topics=tuple(topic for topic in TOPICS if topic in posted_topics),
            plan=request.form_value("plan"),
        )

    def error(self) -> str | None:
        """Why the form cannot be saved, or None."""
        if not self.full_name:
            return "Full name is required."
        if self.email and "@" not in self.email.strip("@"):
            return "Enter a valid email address."
        if self.country and self.country not in COUNTRIES:
            return "Choose a country from the list."
        if self.plan and self.plan not in PLANS:
            return "Choose a plan from the list."
        return None

    @property
    def plan_label(self) -> str:
        """The chosen plan's name, or "" when none is chosen."""
        return PLANS.get(self.plan, "")

    @property
    def summary(self) -> list[str]:
        """The confirmation page's lines, e.g. "Country: Norway"."""
        return [
            f"Full name: {self.full_name}",
            f"Email: {self.email or 'none'}",
            f"Country: {self.country or 'none'}",
            f"Topics: {', '.join(self.topics) or 'none'}",
            f"Plan: {self.plan_label or 'none'}",
        ]


class DemoSite:
    """The demo's routes, templates and sign-in sessions, independent of the HTTP plumbing."""

    def __init__(self) -> None:
        self.wiki = load_encyclopedia()
        self._templates = jinja2.Environment(
            loader=jinja2.PackageLoader("backend.demo", "site/templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self._templates.globals.update(
            wiki=self.wiki, countries=COUNTRIES, topics=TOPICS, plan_options=_PLAN_OPTIONS
        )
        self._sessions: dict[str, str] = {}
        self._sessions_lock = threading.Lock()
        # Like Lightning's generated ids: a running counter, so every page load gets new ones.
        self._ids = itertools.count(1000 + secrets.randbelow(8000))
        self._routes: dict[str, dict[str, Route]] = {
            "/": {"GET": self.home},
            "/login": {"GET": self.login_form, "POST": self.login},
            "/logout": {"POST": self.logout},
            "/account": {"GET": self.account},
            "/forgot-password": {"GET": self.forgot_password, "POST": self.forgot_password},
            "/preferences": {"GET": self.preferences_form, "POST": self.save_preferences},
            "/wiki": {
                "GET": lambda _: redirect(wiki_path(MAIN_PAGE), HTTPStatus.MOVED_PERMANENTLY)
            },
            "/w/index.php": {"GET": self.wiki_index},
            "/w/api.php": {"GET": self.wiki_api},
        }

    def handle(self, request: Request) -> Response:
        """Route a request; HEAD is answered as GET (the handler drops the body)."""
        if request.path.startswith("/wiki/"):
            methods: dict[str, Route] | None = {"GET": self.wiki_page}
        elif request.path.startswith("/static/"):
            methods = {"GET": self.static}
        else:
            methods = self._routes.get(request.path)
        if methods is None:
            return self.not_found(request)
        route = methods.get("GET" if request.method == "HEAD" else request.method)
        if route is None:
            allowed = {*methods, "HEAD"} if "GET" in methods else set(methods)
            return Response(
                HTTPStatus.METHOD_NOT_ALLOWED,
                b"Method not allowed\n",
                "text/plain; charset=utf-8",
                {"Allow": ", ".join(sorted(allowed))},
            )
        return route(request)

    def render(self, template: str, status: int = HTTPStatus.OK, **context: Any) -> Response:
        """A page from site/templates."""
        html = self._templates.get_template(template).render(**context)
        return Response(status, html.encode())

    def home(self, request: Request) -> Response:
        """The demo's front page, linking to its three apps."""
        return self.render("home.html")

    def not_found(self, request: Request) -> Response:
        """The 404 page for any unknown path."""
        return self.render("not_found.html", HTTPStatus.NOT_FOUND, path=unquote(request.path))

    def static(self, request: Request) -> Response:
        """CSS and JavaScript from site/static."""
        name = request.path.removeprefix("/static/")
        suffix = "." + name.rpartition(".")[2]
        resource = resources.files("backend.demo").joinpath("site", "static", name)
        if "/" in name or suffix not in _STATIC_TYPES or not resource.is_file():
            return self.not_found(request)
        body = resource.read_bytes()
        return Response(HTTPStatus.OK, body, _STATIC_TYPES[suffix], {"Cache-Control": "no-cache"})

    # Pactopedia

    def wiki_page(self, request: Request) -> Response:
        """`/wiki/<Title>`: articles, the Main Page and a few special pages."""
        title = normalize_title(unquote(request.path.removeprefix("/wiki/")))
        if not title:
            return redirect(wiki_path(MAIN_PAGE), HTTPStatus.MOVED_PERMANENTLY)
        canonical = wiki_path(title)
        if unquote(request.path) != unquote(canonical):
            # MediaWiki sends /wiki/foo_bar and /wiki/Foo bar to the canonical /wiki/Foo_bar.
            query = f"?{request.query_string}" if request.query_string else ""
            return redirect(canonical + query, HTTPStatus.MOVED_PERMANENTLY)
        if title == MAIN_PAGE:
            return self.render("wiki/main_page.html", featured=_FEATURED)
        if title == "Special:Search":
            return self.wiki_search(request)
        if title == "Special:Random":
            return redirect(self.wiki.random_article().path)
        if title == "Special:AllPages":
            return self.render("wiki/all_pages.html", articles=self.wiki.articles)
        article = self.wiki.get(title)
        if article is None:
            return self.render("wiki/missing.html", HTTPStatus.NOT_FOUND, title=title)
        return self.render("wiki/article.html", article=article)

    def wiki_index(self, request: Request) -> Response:
        """`/w/index.php`: the search form's target, and `?title=X` page views."""
        title = normalize_title(request.arg("title"))
        if "search" not in request.query and title and title != "Special:Search":
            return redirect(wiki_path(title))
        return self.wiki_search(request)

    def wiki_search(self, request: Request) -> Response:
        """Go to the article titled like the query, else list results (always with fulltext=1)."""
        query = " ".join(request.arg("search").split())
        if query and not request.arg("fulltext") and self.wiki.exists(query):
            return redirect(wiki_path(query))
        hits = self.wiki.search(query) if query else []
        return self.render("wiki/search.html", query=query, hits=hits, search_value=query)

    def wiki_api(self, request: Request) -> Response:
        """`/w/api.php?action=opensearch`: the typeahead's suggestions, in MediaWiki's format."""
        action, limit = request.arg("action"), request.arg("limit") or "10"
        if action != "opensearch":
            return _api_error("badvalue", f'Unrecognized value for parameter "action": {action}.')
        if not (limit.isascii() and limit.isdigit()):
            return _api_error(
                "badinteger", f'Invalid value "{limit}" for integer parameter "limit".'
            )
        query = request.arg("search")
        articles = self.wiki.suggest(query, min(max(int(limit), 1), 100))
        titles = [article.title for article in articles]
        urls = [request.base_url + article.path for article in articles]
        return json_response([query, titles, [""] * len(articles), urls])

    # Sign-in

    def login_form(
        self, request: Request, status: int = HTTPStatus.OK, error: str = ""
    ) -> Response:
        """The sign-in form; its input ids change on every load, as Lightning's do."""
        ids = {"username_id": f"input-{next(self._ids)}", "password_id": f"input-{next(self._ids)}"}
        username = request.form_value("username").strip()
        return self.render("login.html", status, error=error, username=username, **ids)

    def login(self, request: Request) -> Response:
        """Check the credentials; on success start a session and go to the account page."""
        username = request.form_value("username").strip()
        password = request.form_value("password")
        valid = username == DEMO_USERNAME and secrets.compare_digest(
            password.encode(), DEMO_PASSWORD.encode()
        )
        if not valid:
            return self.login_form(
                request, HTTPStatus.UNAUTHORIZED, "Invalid username or password."
            )
        token = secrets.token_urlsafe(24)
        with self._sessions_lock:
            self._sessions[token] = username
        response = redirect("/account", HTTPStatus.SEE_OTHER)
        response.headers["Set-Cookie"] = f"{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax"
        return response

    def logout(self, request: Request) -> Response:
        """End the session and go back to the sign-in form."""
        token = request.cookies.get(SESSION_COOKIE, "")
        with self._sessions_lock:
            self._sessions.pop(token, None)
        response = redirect("/login", HTTPStatus.SEE_OTHER)
        response.headers["Set-Cookie"] = f"{SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly"
        return response

    def account(self, request: Request) -> Response:
        """The signed-in user's page; anonymous visitors are sent to sign in."""
        with self._sessions_lock:
            username = self._sessions.get(request.cookies.get(SESSION_COOKIE, ""))
        if username is None:
            return redirect("/login")
        return self.render("account.html", username=username)

    def forgot_password(self, request: Request) -> Response:
        """A password-reset form that pretends to send an email."""
        username = request.form_value("username").strip()
        if request.method == "POST" and not username:
            error = "Enter your username."
            return self.render(
                "forgot_password.html", HTTPStatus.BAD_REQUEST, error=error, sent_to=""
            )
        return self.render("forgot_password.html", error="", sent_to=username)

    # Newsletter preferences

    def preferences_form(self, request: Request) -> Response:
        """The preferences form with its defaults."""
        return self.render("preferences.html", prefs=Preferences(), error="")

    def save_preferences(self, request: Request) -> Response:
        """Validate and confirm the preferences, or show the form again with the problem."""
        prefs = Preferences.from_form(request)
        error = prefs.error()
        if error is not None:
            return self.render("preferences.html", HTTPStatus.BAD_REQUEST, prefs=prefs, error=error)
        return self.render("preferences_saved.html", prefs=prefs)


_FEATURED = ("Selenium (software)", "Software testing", "Headless browser", "Test automation")
_PLAN_OPTIONS = [{"value": value, "label": label} for value, label in PLANS.items()]


def _api_error(code: str, info: str) -> Response:
    return json_response({"error": {"code": code, "info": info}}, HTTPStatus.BAD_REQUEST)


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    server_version = "PactsDemo/1.0"
    # Chromium opens speculative connections it may never use; do not hold a thread forever.
    timeout = 30

    def do_GET(self) -> None:
        self._respond()

    do_HEAD = do_POST = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s %s", self.address_string(), format % args)

    def _respond(self) -> None:
        url = urlsplit(self.path)
        request = Request(
            method=self.command,
            path=url.path or "/",
            query=parse_qs(url.query, keep_blank_values=True),
            query_string=url.query,
            cookies=self._cookies(),
            base_url=f"http://{self.headers.get('Host') or self.server.authority}",
        )
        try:
            if self.command == "POST":
                request.form = self._read_form()
            response = self.server.site.handle(request)
        except HTTPError as exc:
            response = Response(exc.status, f"{exc}\n".encode(), "text/plain; charset=utf-8")
        except Exception:
            logger.exception("demo site failed on %s %s", self.command, self.path)
            response = Response(HTTPStatus.INTERNAL_SERVER_ERROR, b"Internal error\n", "text/plain")
        self._send(response)

    def _cookies(self) -> dict[str, str]:
        cookies: SimpleCookie = SimpleCookie()
        try:
            cookies.load(self.headers.get("Cookie", ""))
        except CookieError:
            return {}
        return {name: morsel.value for name, morsel in cookies.items()}

    def _read_form(self) -> dict[str, list[str]]:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise HTTPError(HTTPStatus.BAD_REQUEST, "Bad Content-Length") from None
        if length == 0:
            return {}
        if length > _MAX_FORM_BYTES:
            raise HTTPError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "Form too large")
        if self.headers.get_content_type() != "application/x-www-form-urlencoded":
            raise HTTPError(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "Forms must be application/x-www-form-urlencoded"
            )
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        return parse_qs(body, keep_blank_values=True)

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if "Cache-Control" not in response.headers:
            # Every test should see the page as the server renders it now, not a cached copy.
            self.send_header("Cache-Control", "no-store")
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    # stop() must not wait for idle connections Chromium keeps open; handler threads are daemons.
    block_on_close = False

    def __init__(self, address: tuple[str, int], site: DemoSite) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.site = site
        super().__init__(address, _Handler)

    @property
    def authority(self) -> str:
        host, port = self.server_address[:2]
        host = str(host)
        return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks up the host's FQDN, which can stall for seconds offline.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # The default prints a traceback to stderr, also for a browser that closed the socket.
        error = sys.exc_info()[1]
        if isinstance(error, _DISCONNECTS):
            logger.debug("client %s went away: %r", client_address, error)
        else:
            logger.exception("demo site: error serving %s", client_address)


class DemoServer:
    """The demo site on a background thread; port 0 picks a free port."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._address = (host, port)
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> DemoServer:
        """Bind and serve in a daemon thread; `url` answers as soon as this returns."""
        if self._httpd is not None:
            raise RuntimeError("the demo server is already running")
        httpd = _HTTPServer(self._address, DemoSite())
        name = f"pacts-demo-server-{httpd.server_port}"
        thread = threading.Thread(target=httpd.serve_forever, args=(0.1,), name=name, daemon=True)
        thread.start()
        self._httpd, self._thread = httpd, thread
        logger.debug("demo site serving at %s", self.url)
        return self

    def stop(self) -> None:
        """Stop serving, join the thread and close the socket; stopping twice is harmless."""
        httpd, thread = self._httpd, self._thread
        if httpd is None or thread is None:
            return
        self._httpd = self._thread = None
        httpd.shutdown()
        thread.join()
        httpd.server_close()

    @property
    def url(self) -> str:
        """The base URL, without a trailing slash: http://127.0.0.1:41234."""
        if self._httpd is None:
            raise RuntimeError("the demo server is not running; call start() first")
        return f"http://{self._httpd.authority}"

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    """Serve the demo site in the foreground until Ctrl-C."""
    parser = argparse.ArgumentParser(prog="python -m backend.demo.server", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port (default: any free port)")
    args = parser.parse_args(argv)
    try:
        server = DemoServer(args.host, args.port).start()
    except OSError as exc:
        reason = exc.strerror or exc
        print(
            f"Error: cannot listen on {args.host}:{args.port}: {reason}. Choose another --port.",
            file=sys.stderr,
        )
        return 3
    print(server.url, flush=True)
    print(
        "Serving the PACTS demo site; press Ctrl-C to stop.\n"
        f"  encyclopedia: {server.url}/wiki/Main_Page\n"
        f"  try: pacts test --req wikipedia_search --url {server.url}/wiki/Main_Page",
        file=sys.stderr,
        flush=True,
    )
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

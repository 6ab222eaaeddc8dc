"""The demo site over real HTTP on 127.0.0.1: routes, redirects, forms and the server lifecycle."""

from __future__ import annotations

import re
import socket
import struct
from collections.abc import Iterator

import httpx
import pytest

from backend.demo.articles import load_encyclopedia, normalize_title, wiki_path
from backend.demo.server import DEMO_PASSWORD, SESSION_COOKIE, DemoServer, main

REQUIRED_ARTICLES = [
    "Playwright (software)",
    "Selenium (software)",
    "Puppeteer (software)",
    "Cypress (software)",
    "Test automation",
    "Software testing",
    "Headless browser",
    "Python (programming language)",
]


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with DemoServer() as running:
        yield running


@pytest.fixture
def client(server: DemoServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, follow_redirects=False, timeout=10) as http:
        yield http


def one_h1(html: str) -> str:
    """The text of the page's only h1 (fails if there are more)."""
    headings = re.findall(r"<h1\b.*?</h1>", html, flags=re.S)
    assert len(headings) == 1, headings
    return re.sub(r"<[^>]+>", "", headings[0]).strip()


def page_title(html: str) -> str:
    match = re.search(r"<title>(.*?)</title>", html, flags=re.S)
    assert match is not None
    return match.group(1)


# Lifecycle


def test_port_zero_gives_a_working_url_and_stop_frees_it() -> None:
    server = DemoServer(port=0)
    assert server.start() is server
    url = server.url
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
    assert httpx.get(url + "/").status_code == 200
    server.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/", timeout=2)
    server.stop()  # a second stop is harmless


def test_context_manager_starts_and_stops() -> None:
    with DemoServer() as server:
        url = server.url
        assert httpx.get(url + "/login").status_code == 200
    with pytest.raises(RuntimeError):
        _ = server.url


def test_start_twice_and_url_before_start_are_errors() -> None:
    server = DemoServer()
    with pytest.raises(RuntimeError, match="start"):
        _ = server.url
    with server, pytest.raises(RuntimeError, match="already running"):
        server.start()


def test_requests_are_not_logged_to_stderr(
    client: httpx.Client, capfd: pytest.CaptureFixture[str]
) -> None:
    client.get("/")
    client.get("/no-such-page")
    assert capfd.readouterr().err == ""


def test_client_disconnects_print_no_traceback(
    server: DemoServer, capfd: pytest.CaptureFixture[str]
) -> None:
    host, port = server.url.removeprefix("http://").split(":")
    for _ in range(5):
        with socket.create_connection((host, int(port))) as sock:
            # Linger 0: close() sends a reset, so the server's write fails mid-response.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.sendall(b"GET /wiki/Playwright_(software) HTTP/1.0\r\n\r\n")
    assert httpx.get(server.url + "/").status_code == 200
    assert "Traceback" not in capfd.readouterr().err


def test_main_rejects_a_port_in_use(capsys: pytest.CaptureFixture[str]) -> None:
    with DemoServer() as server:
        port = server.url.rsplit(":", 1)[1]
        assert main(["--port", port]) == 3
    assert "Error: cannot listen" in capsys.readouterr().err


# Routes


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/wiki/Main_Page", 200),
        ("/wiki/Playwright_(software)", 200),
        ("/wiki/Special:AllPages", 200),
        ("/w/index.php?search=browser+automation", 200),
        ("/w/api.php?action=opensearch&search=Pl", 200),
        ("/login", 200),
        ("/forgot-password", 200),
        ("/preferences", 200),
        ("/static/pacts.css", 200),
        ("/static/typeahead.js", 200),
        ("/static/combobox.js", 200),
        ("/wiki", 301),
        ("/wiki/Special:Random", 302),
        ("/account", 302),
        ("/wiki/No_such_article", 404),
        ("/static/missing.css", 404),
        ("/static/../server.py", 404),
        ("/definitely/not/here", 404),
        ("/w/api.php?action=query", 400),
    ],
)
def test_route_status(client: httpx.Client, path: str, status: int) -> None:
    assert client.get(path).status_code == status


def test_every_html_page_is_well_formed(client: httpx.Client) -> None:
    for path in [
        "/",
        "/wiki/Main_Page",
        "/wiki/Test_automation",
        "/login",
        "/preferences",
        "/nope",
    ]:
        response = client.get(path)
        html = response.text
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        assert '<html lang="en">' in html
        assert "<main" in html
        assert "<nav" in html
        assert page_title(html)
        one_h1(html)


def test_home_links_to_the_three_apps(client: httpx.Client) -> None:
    html = client.get("/").text
    assert one_h1(html) == "PACTS demo"
    for href in ['href="/wiki/Main_Page"', 'href="/login"', 'href="/preferences"']:
        assert href in html


def test_head_has_headers_but_no_body(client: httpx.Client) -> None:
    response = client.head("/wiki/Main_Page")
    assert response.status_code == 200
    assert int(response.headers["content-length"]) > 0
    assert response.content == b""


def test_wrong_method_is_405_with_allow(client: httpx.Client) -> None:
    response = client.post("/wiki/Main_Page", data={"x": "1"})
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"


def test_unknown_path_renders_the_404_page(client: httpx.Client) -> None:
    response = client.get("/nope/<script>")
    assert response.status_code == 404
    assert one_h1(response.text) == "Page not found"
    assert "<script>" not in response.text
    assert "/nope/&lt;script&gt;" in response.text


# Pactopedia


@pytest.mark.parametrize("title", REQUIRED_ARTICLES)
def test_required_articles_exist(client: httpx.Client, title: str) -> None:
    response = client.get(wiki_path(title))
    assert response.status_code == 200
    assert one_h1(response.text) == title
    assert page_title(response.text) == f"{title} - Pactopedia"


def test_encyclopedia_has_enough_articles_and_no_browser_automation_article() -> None:
    wiki = load_encyclopedia()
    assert len(wiki.articles) >= 12
    assert wiki.get("Browser automation") is None


def test_article_page_looks_like_vector(client: httpx.Client) -> None:
    html = client.get("/wiki/Playwright_(software)").text
    assert (
        '<h1 id="firstHeading" class="firstHeading mw-first-heading">'
        '<span class="mw-page-title-main">Playwright (software)</span></h1>'
    ) in html
    assert '<table class="infobox">' in html
    assert 'id="vector-toc"' in html
    assert 'id="mw-panel"' in html
    assert '<a href="#History">History</a>' in html
    assert '<h2 id="History">History</h2>' in html


def test_search_form_matches_wikipedias(client: httpx.Client) -> None:
    html = client.get("/wiki/Main_Page").text
    assert '<form action="/w/index.php" id="searchform" role="search"' in html
    assert (
        '<input type="search" name="search" id="searchInput" placeholder="Search Pactopedia" '
        'aria-label="Search Pactopedia" autocomplete="off" accesskey="f"'
    ) in html
    assert '<input type="hidden" name="title" value="Special:Search">' in html
    assert '<button type="submit" name="go" value="Go" class="cdx-button">Go</button>' in html
    assert html.count('type="search"') == 1
    assert html.count(">Go<") == 1


def test_main_page(client: httpx.Client) -> None:
    html = client.get("/wiki/Main_Page").text
    assert one_h1(html) == "Welcome to Pactopedia"
    assert 'href="/wiki/Playwright_(software)"' in html
    assert 'href="/wiki/Selenium_(software)"' in html


@pytest.mark.parametrize(
    "path",
    [
        "/wiki/playwright_(software)",
        "/wiki/Playwright%20(software)",
        "/wiki/Playwright__(software)",
    ],
)
def test_non_canonical_article_urls_redirect(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 301
    assert response.headers["location"] == "/wiki/Playwright_(software)"


def test_missing_article_is_a_404_with_a_search_link(client: httpx.Client) -> None:
    response = client.get("/wiki/Browser_automation")
    assert response.status_code == 404
    assert one_h1(response.text) == "Browser automation"
    assert "Pactopedia does not have an article with this exact name." in response.text
    assert "search=Browser+automation" in response.text


@pytest.mark.parametrize(
    "query",
    [
        "Playwright (software)",
        "playwright (software)",
        "Playwright_(software)",
        " Playwright  (software) ",
    ],
)
def test_exact_title_search_redirects_to_the_article(client: httpx.Client, query: str) -> None:
    response = client.get(
        "/w/index.php", params={"search": query, "title": "Special:Search", "go": "Go"}
    )
    assert response.status_code == 302
    assert response.headers["location"] == "/wiki/Playwright_(software)"


def test_search_is_case_sensitive_after_the_first_letter(client: httpx.Client) -> None:
    response = client.get("/w/index.php", params={"search": "PLAYWRIGHT (SOFTWARE)"})
    assert response.status_code == 200
    assert one_h1(response.text) == "Search results"


def test_fulltext_forces_the_results_page(client: httpx.Client) -> None:
    response = client.get(
        "/w/index.php", params={"search": "Playwright (software)", "fulltext": "1"}
    )
    assert response.status_code == 200
    assert one_h1(response.text) == "Search results"
    assert ">Playwright (software)</a>" in response.text


def test_search_without_exact_match_lists_results(client: httpx.Client) -> None:
    response = client.get("/w/index.php", params={"search": "browser automation", "go": "Go"})
    html = response.text
    assert response.status_code == 200
    assert one_h1(html) == "Search results"
    assert page_title(html) == 'Search results for "browser automation" - Pactopedia'
    count = html.count('class="mw-search-result"')
    assert count > 1
    assert f"Results <strong>1 – {count}</strong> of <strong>{count}</strong>" in html
    assert html.count(">Playwright (software)</a>") == 1
    assert '<span class="searchmatch">' in html


def test_search_ranks_title_matches_first(client: httpx.Client) -> None:
    html = client.get("/w/index.php", params={"search": "selenium"}).text
    titles = re.findall(r'mw-search-result-heading"><a [^>]*>([^<]+)</a>', html)
    assert titles[0] == "Selenium (software)"


def test_search_with_no_results(client: httpx.Client) -> None:
    html = client.get("/w/index.php", params={"search": "zxqv"}).text
    assert "There were no results matching the query." in html
    assert "Results " not in html


def test_empty_search_shows_the_prompt(client: httpx.Client) -> None:
    response = client.get("/w/index.php", params={"search": "", "title": "Special:Search"})
    assert response.status_code == 200
    assert one_h1(response.text) == "Search results"
    assert page_title(response.text) == "Search - Pactopedia"
    assert 'class="mw-search-prompt"' in response.text


def test_index_php_with_a_title_views_the_page(client: httpx.Client) -> None:
    response = client.get("/w/index.php", params={"title": "Test_automation"})
    assert response.status_code == 302
    assert response.headers["location"] == "/wiki/Test_automation"


def test_search_escapes_the_query(client: httpx.Client) -> None:
    html = client.get("/w/index.php", params={"search": '<script>alert("x")</script>'}).text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_opensearch_answers_like_mediawiki(client: httpx.Client, server: DemoServer) -> None:
    response = client.get(
        "/w/api.php", params={"action": "opensearch", "search": "sel", "limit": "5"}
    )
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    query, titles, descriptions, urls = response.json()
    assert query == "sel"
    assert titles == ["Selenium (software)"]
    assert descriptions == [""]
    assert urls == [server.url + "/wiki/Selenium_(software)"]


def test_opensearch_matches_later_words_and_honours_the_limit(client: httpx.Client) -> None:
    titles = client.get("/w/api.php", params={"action": "opensearch", "search": "software"}).json()[
        1
    ]
    assert "Playwright (software)" in titles
    assert titles[0] == "Software testing"
    limited = client.get("/w/api.php", params={"action": "opensearch", "search": "t", "limit": "2"})
    assert len(limited.json()[1]) == 2


def test_opensearch_rejects_a_bad_limit(client: httpx.Client) -> None:
    response = client.get(
        "/w/api.php", params={"action": "opensearch", "search": "x", "limit": "many"}
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "badinteger"


def test_title_normalisation() -> None:
    assert normalize_title("playwright_(software)") == "Playwright (software)"
    assert wiki_path("Python (programming language)") == "/wiki/Python_(programming_language)"


# Sign-in


def login_ids(html: str) -> tuple[str, str]:
    username = re.search(r'<label class="form-label" for="(input-\d+)">Username</label>', html)
    password = re.search(r'id="(input-\d+)" name="password" type="password"', html)
    assert username is not None
    assert password is not None
    return username.group(1), password.group(1)


def test_login_form(client: httpx.Client) -> None:
    html = client.get("/login").text
    assert page_title(html) == "Sign in to PACTS demo"
    assert one_h1(html) == "Sign in"
    username_id, _ = login_ids(html)
    assert f'<input class="form-input" id="{username_id}" name="username"' in html
    assert '<button type="submit" class="button button-brand">Sign in</button>' in html
    assert ">Forgot password?</a>" in html


def test_login_ids_change_on_every_load(client: httpx.Client) -> None:
    first, second = login_ids(client.get("/login").text), login_ids(client.get("/login").text)
    assert len({*first, *second}) == 4


def test_login_success_sets_a_session_and_shows_the_account(client: httpx.Client) -> None:
    response = client.post("/login", data={"username": "alice", "password": DEMO_PASSWORD})
    assert response.status_code == 303
    assert response.headers["location"] == "/account"
    assert SESSION_COOKIE in response.headers["set-cookie"]
    assert "HttpOnly" in response.headers["set-cookie"]
    account = client.get("/account")
    assert account.status_code == 200
    assert one_h1(account.text) == "Welcome, alice"
    assert "Signed in as <strong>alice</strong>" in account.text
    assert ">Sign out</button>" in account.text


@pytest.mark.parametrize(
    ("username", "password"),
    [("alice", "wrong"), ("bob", DEMO_PASSWORD), ("", ""), ("Alice", DEMO_PASSWORD)],
)
def test_login_failure_rerenders_with_an_alert(
    client: httpx.Client, username: str, password: str
) -> None:
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 401
    assert '<div role="alert" class="alert alert-error">Invalid username or password.</div>' in (
        response.text
    )
    assert f'name="username" type="text" value="{username}"' in response.text
    assert "set-cookie" not in response.headers


def test_login_failure_escapes_the_username(client: httpx.Client) -> None:
    response = client.post("/login", data={"username": '"><img src=x>', "password": "x"})
    assert "<img src=x>" not in response.text
    assert 'value="&#34;&gt;&lt;img src=x&gt;"' in response.text


def test_account_without_a_session_redirects_to_login(client: httpx.Client) -> None:
    assert client.get("/account").headers["location"] == "/login"
    client.cookies.set(SESSION_COOKIE, "forged")
    assert client.get("/account").headers["location"] == "/login"


def test_sign_out_ends_the_session(client: httpx.Client) -> None:
    client.post("/login", data={"username": "alice", "password": DEMO_PASSWORD})
    token = client.cookies[SESSION_COOKIE]
    response = client.post("/logout")
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    client.cookies.set(SESSION_COOKIE, token)  # replaying the old cookie does not help
    assert client.get("/account").status_code == 302


def test_forgot_password(client: httpx.Client) -> None:
    sent = client.post("/forgot-password", data={"username": "alice"})
    assert sent.status_code == 200
    assert 'role="status"' in sent.text
    assert client.post("/forgot-password", data={"username": ""}).status_code == 400


# Preferences


def test_preferences_form(client: httpx.Client) -> None:
    html = client.get("/preferences").text
    assert one_h1(html) == "Newsletter preferences"
    assert '<label class="form-label" for="full-name">Full name</label>' in html
    assert 'type="email"' in html
    assert '<option value="">Choose a country</option>' in html
    for country in ["Norway", "Sweden", "Denmark", "Finland", "Iceland", "Germany"]:
        assert f"<option>{country}</option>" in html
    assert '<legend class="form-label">Topics</legend>' in html
    assert 'value="News" checked>' in html
    assert 'value="Releases">' in html
    assert (
        'role="combobox" aria-haspopup="listbox" aria-expanded="false" aria-labelledby="plan-label"'
    ) in html
    assert ">Select a plan</span>" in html
    assert 'role="option"' not in html  # the listbox exists only while the combobox is open
    assert 'role="listbox"' not in html
    assert ">Save preferences</button>" in html


def test_preferences_post_shows_a_summary(client: httpx.Client) -> None:
    response = client.post(
        "/preferences",
        data={
            "full_name": "Ada Lovelace",
            "email": "ada@example.org",
            "country": "Norway",
            "topics": ["Events", "Releases"],
            "plan": "team",
        },
    )
    html = response.text
    assert response.status_code == 200
    assert one_h1(html) == "Preferences saved"
    assert (
        '<p role="status" class="alert alert-success">Preferences saved for Ada Lovelace</p>'
        in html
    )
    for line in [
        "Country: Norway",
        "Plan: Team",
        "Topics: Releases, Events",
        "Email: ada@example.org",
    ]:
        assert f"<li>{line}</li>" in html


def test_preferences_with_no_topics_and_no_choices(client: httpx.Client) -> None:
    html = client.post("/preferences", data={"full_name": "Ada Lovelace"}).text
    for line in ["Topics: none", "Plan: none", "Country: none", "Email: none"]:
        assert f"<li>{line}</li>" in html


def test_preferences_need_a_full_name(client: httpx.Client) -> None:
    response = client.post(
        "/preferences",
        data={"full_name": "  ", "country": "Sweden", "topics": ["Events"], "plan": "free"},
    )
    html = response.text
    assert response.status_code == 400
    assert '<div role="alert" class="alert alert-error">Full name is required.</div>' in html
    assert "<option selected>Sweden</option>" in html  # what was entered is kept
    assert 'value="Events" checked>' in html
    assert 'value="News">' in html
    assert '<input type="hidden" name="plan" id="plan-value" value="free">' in html
    assert '<span class="combobox-value">Free</span>' in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("country", "Atlantis", "Choose a country from the list."),
        ("plan", "platinum", "Choose a plan from the list."),
        ("email", "not-an-email", "Enter a valid email address."),
    ],
)
def test_preferences_reject_invalid_values(
    client: httpx.Client, field: str, value: str, message: str
) -> None:
    response = client.post("/preferences", data={"full_name": "Ada", field: value})
    assert response.status_code == 400
    assert message in response.text


def test_preferences_escape_the_name(client: httpx.Client) -> None:
    html = client.post("/preferences", data={"full_name": "<b>Ada</b>"}).text
    assert "<b>Ada</b>" not in html
    assert "Preferences saved for &lt;b&gt;Ada&lt;/b&gt;" in html


def test_non_form_posts_are_refused(client: httpx.Client) -> None:
    response = client.post("/preferences", json={"full_name": "Ada"})
    assert response.status_code == 415

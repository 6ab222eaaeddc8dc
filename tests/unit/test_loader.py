"""Requirement files: front matter, English, and the errors for bad ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.errors import RequirementError
from backend.planning.loader import (
    available,
    find_requirement,
    load_requirement,
    parse_requirement,
    plain_front_matter,
    requirement_from_text,
)
from backend.text import safe_name


def test_front_matter_and_body_are_split() -> None:
    text = (
        "---\nurl: https://en.wikipedia.org/wiki/Main_Page\ntags: [smoke, search]\n"
        "public_vars: [USER]\n---\n# Wikipedia search\n1. Press Enter\n"
    )
    req = parse_requirement(text, name="wiki")
    assert req.url == "https://en.wikipedia.org/wiki/Main_Page"
    assert req.tags == ["smoke", "search"]
    assert req.public_vars == ["USER"]
    assert req.title == "Wikipedia search"
    assert req.body.startswith("# Wikipedia search")
    assert "url:" not in req.body


def test_no_front_matter_is_fine() -> None:
    req = parse_requirement("Click the Save button\n", name="x")
    assert req.url is None and req.body == "Click the Save button\n"


def test_crlf_and_bom_are_read(tmp_path: Path) -> None:
    path = tmp_path / "win.md"
    path.write_bytes("\ufeff---\r\nurl: /login\r\n---\r\nClick Save\r\n".encode())
    req = load_requirement(path)
    assert req.url == "/login"
    assert req.name == "win"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n",
        "---\nurl: /x\n---\n",
        "---\nurl: /x\n---\n# Only a title\n",
        "<!-- a note -->\n",
    ],
)
def test_empty_requirement_is_a_clear_error(text: str) -> None:
    with pytest.raises(RequirementError) as err:
        parse_requirement(text, name="empty")
    assert "empty" in str(err.value)
    assert err.value.exit_code == 2


def test_bad_yaml_names_the_problem() -> None:
    with pytest.raises(RequirementError, match="front matter"):
        parse_requirement("---\nurl: [unclosed\n---\nClick Save\n", name="bad")


def test_front_matter_that_is_not_a_mapping() -> None:
    with pytest.raises(RequirementError, match="not a mapping"):
        parse_requirement("---\n- a\n- b\n---\nClick Save\n", name="bad")


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes("Click the caf\xe9 button".encode("latin-1"))
    with pytest.raises(RequirementError, match="UTF-8"):
        load_requirement(path)


def test_unknown_requirement_lists_the_known_ones(tmp_path: Path) -> None:
    (tmp_path / "login.md").write_text("Click Save\n")
    (tmp_path / "search.md").write_text("Click Save\n")
    with pytest.raises(RequirementError) as err:
        find_requirement("logn", tmp_path)
    message = str(err.value)
    assert "'logn'" in message and "login, search" in message
    assert "\n" not in message


def test_find_by_name_path_and_md_suffix(tmp_path: Path) -> None:
    (tmp_path / "login.md").write_text("Click Save\n")
    assert find_requirement("login", tmp_path) == tmp_path / "login.md"
    assert find_requirement("login.md", tmp_path) == tmp_path / "login.md"
    assert (
        find_requirement(str(tmp_path / "login.md"), Path("/nonexistent")) == tmp_path / "login.md"
    )
    assert available(tmp_path) == ["login"]


def test_folder_is_not_a_requirement(tmp_path: Path) -> None:
    with pytest.raises(RequirementError, match="folder"):
        find_requirement(str(tmp_path), tmp_path)


def test_text_requirement() -> None:
    req = requirement_from_text("Click Save", "http://127.0.0.1:1/")
    assert req.name == "adhoc" and req.url == "http://127.0.0.1:1/"
    with pytest.raises(RequirementError):
        requirement_from_text("  ", None)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("wikipedia_search", "wikipedia_search"),
        ("../../etc/passwd", "etc_passwd"),
        ("Log in & out!", "log_in_out"),
        ("???", "requirement"),
    ],
)
def test_safe_name(name: str, expected: str) -> None:
    assert safe_name(name) == expected


def test_every_shipped_requirement_loads() -> None:
    root = Path(__file__).resolve().parents[2] / "requirements"
    names = available(root)
    assert "wikipedia_search" in names
    for name in names:
        req = load_requirement(root / f"{name}.md")
        assert req.title, name
        assert req.url, name


_KEYS = st.sampled_from(["url", "tags", "title", "on", "Yes", "null", "_x", "a1", "pages"])
_VALUES = st.sampled_from(
    [
        "/login",
        "/",
        "https://host:8000/x?a=1&b=%20",
        "http://h/",
        "demo",
        "No",
        "OFF",
        "true",
        "Null",
        "~",
        "abc:",
        "a:b",
        "a: b",
        "x #c",
        "x#c",
        "1.5",
        "0x1F",
        "2026-11-29",
        "1:20",
        "'q'",
        '"q"',
        "&a x",
        "*a",
        "!tag x",
        "[demo, smoke]",
        "[demo,smoke]",
        "[ a , b ]",
        "[]",
        "[yes, x]",
        "[a-b.c]",
        "{a: b}",
        "|",
        ">",
        "-",
        "- x",
        ".inf",
        "=",
        "<<",
        "a.b-c",
        "Sign in",
    ]
)
_LINES = st.one_of(
    st.builds(lambda k, sep, v: f"{k}:{sep}{v}", _KEYS, st.sampled_from([" ", "  ", ""]), _VALUES),
    st.sampled_from(["", "  nested: x", "# comment", "- item", "url: /x ", "url:\t/x", "\r"]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINES, min_size=0, max_size=4))
def test_plain_front_matter_reads_as_yaml_does_or_leaves_it_to_yaml(lines: list[str]) -> None:
    """Issue 15: front matter of plain `key: value` lines is read without importing YAML, and
    only where YAML would read it the same; anything else is left to YAML."""
    import yaml

    text = "\n".join(lines)
    plain = plain_front_matter(text)
    if plain is None:
        return
    assert plain == (yaml.safe_load(text) or {})
    assert plain and all(isinstance(v, str | list) for v in plain.values())


def test_the_usual_front_matter_needs_no_yaml() -> None:
    assert plain_front_matter("url: /wiki/Main_Page\ntags: [demo, smoke]") == {
        "url": "/wiki/Main_Page",
        "tags": ["demo", "smoke"],
    }
    assert plain_front_matter("url: 'quoted'") is None
    assert plain_front_matter("headless: yes") is None

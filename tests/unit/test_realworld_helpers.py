"""Pure helpers behind the fixes the real-world apps asked for (issue 13): quotation marks a
page puts around a value, synonymous log-in words, role-less boxes named by a label or an id,
and the code-editor fill. Each is also exercised on the real page that needed it
(tests/realworld/test_datasette_discovery.py, test_phpmyadmin_discovery.py)."""

from __future__ import annotations

import ast
import re

import pytest

from backend.actions import FILL_EDITOR, fill_code, spec_for
from backend.codegen.steps import contains_source, regex_literal
from backend.discovery.candidates import Candidate, Context, contexts_of
from backend.discovery.engine import attempts
from backend.discovery.score import canonical, context_score, key, name_match
from backend.discovery.selectors import Built, editor_of, scopes
from backend.models import LocatorCall, LocatorSpec, Target
from backend.text import contains_pattern


@pytest.mark.parametrize(
    ("wanted", "shown", "found"),
    [
        # the page quotes the value the ticket could not quote inside its own quotes
        ("3 rows where country = United States", '3 rows where country = "United States"', True),
        ("2 rows where language = Japanese", "2 rows where language = \u201cJapanese\u201d", True),
        ("Saved", "Saved", True),
        ("Emma", "'Emma' sorted by title", True),
        # in a filter summary, whitespace runs are one gap
        ("6 rows where year > 1900", '6 rows\n    where year > "1900"', True),
        # a plain text: no quotes made optional, but a page's line break between two words
        # is whitespace like a space (Datasette's "20 rows" / "sorted by pages" <h3>)
        ("Plan: Team", 'Plan: "Team"', False),
        ("20 rows sorted by pages", "20 rows\n        sorted by pages\n    ", True),
        ("20 rows sorted by pages", "20 rows\tsorted  by\u00a0pages", True),
        ("20 rows sorted by pages", "20 rows sorted by title", False),
        ("20 rows sorted by pages", "20 rowssorted by pages", False),
        ("Saved", "saved", False),  # a regex check stays case-sensitive
        # words still have to be there, in order
        ("United States", "States United", False),
        ("3 rows", "13 rows", True),  # a contained text, as before
        # a text with quotes of its own is matched as written
        ("user 'hotel'@'localhost'", "user 'hotel'@'127.0.0.1'", False),
        ("user 'hotel'", "Access denied for user 'hotel'@'x'", True),
        ("user 'hotel'", 'Access denied for user "hotel"', False),
    ],
)
def test_contains_pattern_reads_a_pages_quotes_and_line_breaks(
    wanted: str, shown: str, found: bool
) -> None:
    assert bool(re.search(contains_pattern(wanted), shown)) is found


def test_contains_pattern_finds_the_text_itself_and_generated_code_compiles_it() -> None:
    for text in ("a.b*c (d)", "  x  ", "", "Price: $5+"):
        assert re.search(contains_pattern(text), text)
    source = contains_source("a = b", '"a = b"', [])
    assert source.startswith("re.compile(")
    assert re.search(ast.literal_eval(source[11:-1]), 'a = "b"')
    # one word is matched as written; several words have loose whitespace, as a raw string
    assert contains_source("Saved", '"Saved"', []) == 're.compile(re.escape("Saved"))'
    assert contains_source("a b", '"a b"', []) == r're.compile(r"a\s+b")'
    # a value read from the environment at test time is matched as written
    assert contains_source("${X}", 'os.environ["X"]', ["X"]) == (
        're.compile(re.escape(os.environ["X"]))'
    )


@pytest.mark.parametrize(
    "text",
    [
        "20 rows sorted by pages",
        'say "hi" now',
        "a\\ b\\",
        "x \u202e y",
        "caf\u00e9 \U0001f600",
        "a\tb",
    ],
)
def test_a_regex_literal_reads_back_as_the_pattern(text: str) -> None:
    pattern = contains_pattern(text)
    source = regex_literal(pattern)
    assert "\n" not in source and ast.literal_eval(source) == pattern
    assert re.search(ast.literal_eval(source), text)


@pytest.mark.parametrize(
    ("wanted", "have"),
    [("Sign in", "Log in"), ("Log in", "Login"), ("Sign out", "Log out"), ("Logout", "Sign out")],
)
def test_log_in_words_are_one_act(wanted: str, have: str) -> None:
    assert canonical(key(wanted)) == canonical(key(have))
    assert name_match(wanted, have) == 0.9
    # an exact name still beats a synonym, by far more than a tie (score.TIE)
    assert name_match(wanted, wanted) - name_match(wanted, have) > 0.05


def test_synonyms_are_whole_words_only() -> None:
    assert canonical("signing in") == "signing in"
    assert name_match("Sign in", "Sign up") < 0.5
    assert name_match("Log in", "Blog index") == 0.0


def _raw(role: str, name: str, ident: str = "", label: str = "") -> dict[str, object]:
    return {
        "role": role,
        "tag": "div",
        "name": name,
        "own_name": "",
        "cells": [],
        "id": ident,
        "label": label,
    }


def test_a_box_is_named_by_its_label_or_a_stable_id_never_a_generated_one() -> None:
    got = contexts_of(
        [
            _raw("box", "Suggested facets", label="Suggested facets"),
            _raw("box", "facet genre", ident="facet-genre"),
            _raw("box", "ember 1234567", ident="ember1234567"),  # generated: dropped
            _raw("navigation", "Main"),
        ]
    )
    assert [c.name for c in got] == ["Suggested facets", "facet genre", "Main"]
    # "the genre facet" and "the navigation panel" find the boxes by their words
    assert context_score("genre", (got[1],)) > 0.8
    nav = contexts_of([_raw("box", "pma navigation", ident="pma_navigation")])
    assert context_score("navigation", nav) > 0.8
    assert context_score("the Suggested facets", got[:1]) >= 0.95
    assert context_score("genre", got[:1]) == 0.0


def test_a_box_scope_is_its_label_text_or_its_id() -> None:
    labelled = Context("box", "p", "Suggested facets", label="Suggested facets")
    by_id = Context("box", "div", "facet genre", id="facet-genre")
    assert scopes(_with(labelled)) == [
        (
            LocatorCall(method="locator", args=("p",)),
            LocatorCall(method="filter", kwargs={"has_text": "Suggested facets:"}),
        )
    ]
    assert scopes(_with(by_id)) == [(LocatorCall(method="locator", args=("#facet-genre",)),)]


def _with(ctx: Context) -> Candidate:
    """A link in the box, as collect.js would report it."""
    empty = dict.fromkeys(("text", "placeholder", "title", "alt", "aria_label", "id"), "")
    return Candidate(
        index=0,
        role="link",
        tag="a",
        name="x",
        labels=(),
        name_attr="",
        href="",
        testids={},
        level=None,
        visible=True,
        disabled=False,
        shadow_depth=0,
        contexts=(ctx,),
        **empty,
    )


def test_fill_types_into_an_editor_box_and_fills_a_field() -> None:
    assert fill_code("input") == spec_for("fill").code
    assert fill_code("textarea") == spec_for("fill").code
    assert fill_code("label") == spec_for("fill").code
    assert fill_code("button") == spec_for("fill").code  # Playwright says what is wrong
    assert fill_code("div") == FILL_EDITOR
    assert any("ControlOrMeta+A" in line for line in FILL_EDITOR)


def test_an_editor_is_reached_through_its_hidden_textarea() -> None:
    textarea = LocatorSpec(calls=(LocatorCall(method="locator", args=("#sql-editor",)),))
    built = editor_of(Built(spec=textarea, strategy="stable_id", fallbacks=[textarea]))
    assert built.strategy == "editor_stable_id"
    assert built.spec.expr() == (
        'page.locator("#sql-editor").locator("xpath=following-sibling::*[1]")'
    )
    assert built.fallbacks[0] == built.spec


def test_an_images_alt_text_or_title_never_names_a_field() -> None:
    def methods(target: Target, action: str) -> set[str]:
        return {a.spec.calls[-1].method for a in attempts(target, action)}

    # phpMyAdmin's SQL tab icon is <img alt="SQL">: "the SQL box" is not it
    for field in (Target(kind="textbox", name="SQL"), Target(name="SQL")):
        assert not {"get_by_alt_text", "get_by_title"} & methods(field, "fill")
    assert "get_by_alt_text" in methods(Target(kind="img", name="Log out"), "click")
    assert "get_by_alt_text" in methods(Target(name="Log out"), "click")

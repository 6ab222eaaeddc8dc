"""Scoring of collected candidates (backend/discovery/score.py): names, kinds, context, ordinals.

The candidates here are plain data, as collect.js returns them; the same scoring runs on real
pages in tests/e2e/test_candidates.py and the labelled corpus."""

from __future__ import annotations

from typing import Any

import pytest

from backend.discovery.candidates import Candidate, Context
from backend.discovery.engine import roles_for
from backend.discovery.score import choose, context_score, key, name_match, rank
from backend.models import Target


def cand(order: int, role: str, name: str, **extra: Any) -> Candidate:
    fields: dict[str, Any] = {
        "index": order,
        "role": role,
        "tag": "button",
        "name": name,
        "text": name,
        "labels": (),
        "placeholder": "",
        "title": "",
        "alt": "",
        "aria_label": "",
        "id": "",
        "name_attr": "",
        "href": "",
        "testids": {},
        "level": None,
        "visible": True,
        "disabled": False,
        "shadow_depth": 0,
        "contexts": (),
        "order": (0, order),
    }
    fields.update(extra)
    return Candidate(**fields)


def test_key_folds_case_accents_and_punctuation_but_keeps_other_scripts() -> None:
    assert key("  E-mail  Address * ") == "e mail address"
    assert key("Élan") == "elan"
    assert key("Поиск") == "поиск"
    assert key("検索") == "検索"


@pytest.mark.parametrize(
    ("wanted", "have", "low", "high"),
    [
        ("Save", "Save", 1.0, 1.0),
        ("save", "Save", 0.95, 0.95),
        ("Email address", "Email address *", 0.95, 0.95),
        ("Search", "Search Wikipedia", 0.7, 0.8),
        ("Email address", "Email", 0.6, 0.7),
        ("notes.md in the file browser", "File", 0.0, 0.0),
        ("Sitemap from the site tools", "Sitemap", 0.5, 0.6),
        ("Save profile", "Profile", 0.0, 0.0),
        ("Save profle", "Save profile", 0.65, 0.75),
        ("Field 44", "Field 448", 0.0, 0.0),
        ("editor", "Edit", 0.0, 0.0),  # another word, not a typo (JupyterLab's Edit menu)
        ("Save profil", "Save profile", 0.65, 0.75),  # one letter short is still a typo
        ("New", "Renewal", 0.0, 0.0),
        ("Delete", "Cancel", 0.0, 0.0),
        ("", "Save", 0.0, 0.0),
        ("Sign in", "Log In", 0.9, 0.9),  # one act, spelt the app's way
        ("Sign in", "Login", 0.9, 0.9),
        ("Log out", "Sign Out", 0.9, 0.9),
        ("Sign in", "Sign up", 0.0, 0.0),
        ("Sign in to the wiki", "Log In", 0.0, 0.0),
    ],
)
def test_name_match_levels(wanted: str, have: str, low: float, high: float) -> None:
    assert low <= name_match(wanted, have) <= high


def test_an_exact_name_beats_a_containing_one_and_kind_filters_roles() -> None:
    target = Target(kind="button", name="Search")
    roles = roles_for(target, "click")
    candidates = [
        cand(0, "searchbox", "Search"),
        cand(1, "button", "Search help"),
        cand(2, "button", "Search"),
    ]
    ranked = rank(target, roles, candidates)
    assert [s.candidate.index for s in ranked] == [2, 1]
    assert choose(target, ranked).chosen is not None
    assert choose(target, ranked).chosen.candidate.index == 2  # type: ignore[union-attr]


def test_equal_matches_are_ambiguous_unless_an_ordinal_or_context_settles_it() -> None:
    contacts = (Context("article", "article", "Contacts", "Contacts"),)
    deals = (Context("article", "article", "Opportunities", "Opportunities"),)
    candidates = [
        cand(0, "button", "New", contexts=contacts),
        cand(1, "button", "New", contexts=deals),
    ]
    plain = Target(kind="button", name="New")
    roles = roles_for(plain, "click")
    tied = choose(plain, rank(plain, roles, candidates))
    assert tied.chosen is None and len(tied.tied) == 2
    for target, index in (
        (Target(kind="button", name="New", nth=2), 1),
        (Target(kind="button", name="New", nth=-1), 1),
        (Target(kind="button", name="New", nth=1), 0),
        (Target(kind="button", name="New", context="Opportunities"), 1),
        (Target(kind="button", name="New", context="contacts"), 0),
    ):
        chosen = choose(target, rank(target, roles, candidates)).chosen
        assert chosen is not None and chosen.candidate.index == index, target
    too_far = Target(kind="button", name="New", nth=3)
    assert choose(too_far, rank(too_far, roles, candidates)).chosen is None


def test_two_loose_matches_close_together_are_a_guess_not_an_answer() -> None:
    target = Target(kind="button", name="Search")
    candidates = [cand(0, "button", "Search articles"), cand(1, "button", "Search help")]
    result = choose(target, rank(target, roles_for(target, "click"), candidates))
    assert result.chosen is None and len(result.tied) == 2


def test_context_matches_rows_by_cell_and_regions_by_kind_word() -> None:
    row = Context("row", "tr", "Acme 1,200.00 Paid Edit", "", ("Acme", "1,200.00", "Paid"))
    dialog = Context("dialog", "div", "Delete invoice", "Delete invoice")
    assert context_score("Acme", (row,)) > 0.9
    assert context_score("Globex", (row,)) == 0.0
    assert context_score("dialog", (dialog,)) > 0.9
    assert context_score("the modal", (dialog,)) > 0.9
    assert context_score("Delete invoice", (dialog,)) == 1.0
    assert context_score("form", (row, dialog)) == 0.0
    card = Context("card", "div", "Contacts (2)")
    assert 0.5 < context_score("Contacts", (card,)) < 1.0


def test_labels_placeholders_and_stable_attributes_are_names_too_but_dynamic_ids_are_not() -> None:
    target = Target(kind="textbox", name="Work email")
    roles = roles_for(target, "fill")
    by_label = cand(0, "textbox", "", labels=("Work email",), tag="input")
    by_placeholder = cand(1, "textbox", "", placeholder="Work email", tag="input")
    by_dynamic_id = cand(2, "textbox", "", id="work-email-4821", tag="input")
    by_stable_name = cand(3, "textbox", "", name_attr="work_email", tag="input")
    ranked = rank(target, roles, [by_dynamic_id, by_stable_name, by_placeholder, by_label])
    assert [s.candidate.index for s in ranked] == [0, 1, 3]
    assert [s.source for s in ranked] == ["label", "placeholder", "attribute"]


def test_tied_duplicates_with_one_effect_are_one_choice_the_first_in_reading_order() -> None:
    href = "href http://x/contacts"
    ranked = rank(
        Target(kind="link", name="Contacts"),
        ("link",),
        [cand(7, "link", "Contacts", effect=href), cand(3, "link", "Contacts", effect=href)],
    )
    choice = choose(Target(kind="link", name="Contacts"), ranked)
    assert choice.equivalent and choice.chosen is not None
    assert choice.chosen.candidate.order == (0, 3) and len(choice.tied) == 2


@pytest.mark.parametrize(
    "second",
    [
        {"effect": "href http://x/other"},  # another page
        {"effect": ""},  # a button outside a form: what it does is unknown
        {"effect": "href http://x/contacts", "role": "button"},
    ],
)
def test_tied_duplicates_with_different_or_unknown_effects_stay_ambiguous(
    second: dict[str, Any],
) -> None:
    role = second.pop("role", "link")
    first = cand(1, "link", "Contacts", effect="href http://x/contacts")
    ranked = rank(
        Target(name="Contacts"), ("link", "button"), [first, cand(2, role, "Contacts", **second)]
    )
    choice = choose(Target(name="Contacts"), ranked)
    assert choice.chosen is None and not choice.equivalent and len(choice.tied) == 2


def test_a_generated_record_id_in_a_title_or_text_is_never_a_selector() -> None:
    from backend.discovery.selectors import options
    from backend.discovery.stability import holds_generated_id

    assert holds_generated_id("/lightning/r/Contact/0038d0000n42eqFJaa/view")
    assert holds_generated_id("Order 20261129") and holds_generated_id("550e8400-e29b-41d4-a716")
    for stable in ("Edge Communications (512) 757-6000", "Windows 11", "Room 101", "Pricing 2026"):
        assert not holds_generated_id(stable)
    link = cand(1, "link", "Ada Lovelace", title="/lightning/r/Contact/0038d0000n42eqFJaa/view")
    assert [o.strategy for o in options(link)] == ["role", "text"]
    assert "title" in [o.strategy for o in options(cand(1, "link", "Ada", title="Ada Lovelace"))]


def test_next_to_a_text_is_the_control_in_the_row_or_label_that_holds_it() -> None:
    class NearTarget(Target):
        near: str | None = None

    def row(text: str) -> Context:
        return Context("row", "tr", text, cells=(text.split()[0],))

    boxes = [
        cand(1, "checkbox", "", contexts=(row("maria Maria Rossi"),)),
        cand(2, "checkbox", "", contexts=(row("tom Tom Berg"),)),
        cand(3, "checkbox", "Buy milk", labels=("Buy milk",)),
    ]
    for near, order in (("Tom Berg", 2), ("maria", 1), ("Buy milk", 3)):
        target = NearTarget(kind="checkbox", near=near)
        choice = choose(target, rank(target, ("checkbox",), boxes))
        assert choice.chosen is not None and choice.chosen.candidate.order == (0, order)
    nowhere = NearTarget(kind="checkbox", near="Ana Silva")
    assert rank(nowhere, ("checkbox",), boxes) == []

"""The one fingerprint similarity (issue 18): its bounds, its order, and its threshold's cases."""

from __future__ import annotations

import pytest

from backend.discovery.placement import placement
from backend.models import Fingerprint
from backend.settings import Settings
from backend.similarity import (
    THRESHOLD,
    WEIGHTS,
    identifier_words,
    root_path_score,
    similarity,
    tag_score,
    text_score,
)

SEARCH = Fingerprint(
    tag="button",
    role="button",
    name="Search",
    text="Search",
    attributes={"id": "search-btn", "type": "submit"},
    ancestors=["form", "main", "body"],
)
#: The Search button as the live fingerprint sees it: what is read around it, where it is.
PLACED = SEARCH.model_copy(
    update={
        "neighbours": ["Query", "Reset", "Results"],
        "classes": ["btn-primary"],
        "path": "*[@id='search-btn']",  # an element with a stable id is anchored at it
        "xpath": "html/body/main/form/button",
        "box": [220, 40, 70, 24],
    }
)


def test_identical_fingerprints_score_one() -> None:
    assert similarity(SEARCH, SEARCH) == 1.0
    assert similarity(PLACED, PLACED.model_copy()) == 1.0


def test_scores_stay_between_zero_and_one() -> None:
    nothing_alike = Fingerprint(tag="img", role="img", name="Logo", box=[900, 900, 10, 10])
    for new in (nothing_alike, Fingerprint(), PLACED):
        assert 0.0 <= similarity(PLACED, new) <= 1.0
    assert similarity(Fingerprint(), Fingerprint()) == 0.0  # nothing known: no evidence
    assert similarity(PLACED, nothing_alike) < 0.1


def test_more_alike_scores_higher() -> None:
    renamed = PLACED.model_copy(update={"name": "Search articles", "text": "Search articles"})
    renamed_and_moved = renamed.model_copy(
        update={"box": [600, 400, 120, 24], "neighbours": ["Stay in touch"], "path": "div/button"}
    )
    assert similarity(PLACED, PLACED) > similarity(PLACED, renamed)
    assert similarity(PLACED, renamed) > similarity(PLACED, renamed_and_moved)


def test_a_renamed_moved_button_scores_above_the_threshold() -> None:
    drifted = Fingerprint(
        tag="button",
        role="button",
        name="Search articles",
        text="Search articles",
        attributes={"id": "go-submit-a1", "type": "submit"},
        ancestors=["div", "main", "body"],
    )
    assert similarity(SEARCH, drifted) >= Settings().fingerprint_threshold


def test_a_renamed_button_in_place_keeps_its_neighbours() -> None:
    """A new name, same place and the same texts around it: still the element (Similo's lesson)."""
    renamed = PLACED.model_copy(update={"name": "Find", "text": "Find"})
    elsewhere = PLACED.model_copy(
        update={
            "name": "Find",
            "text": "Find",
            "neighbours": ["Newsletter", "Subscribe"],
            "path": "*[@id='news']/button",
            "box": [220, 600, 70, 24],
        }
    )
    assert similarity(PLACED, renamed) >= THRESHOLD
    assert similarity(PLACED, renamed) > similarity(PLACED, elsewhere) + 0.2


def test_the_only_button_left_scores_below_the_threshold() -> None:
    for name in ("Reset", "Help", "Submit", "Cancel", "Save"):
        other = SEARCH.model_copy(update={"name": name, "text": name, "attributes": {}})
        assert similarity(SEARCH, other) < Settings().fingerprint_threshold, name
        # ... even standing where the removed button stood, in the same form (drift site v3)
        in_its_place = PLACED.model_copy(
            update={
                "name": name,
                "text": name,
                "attributes": {"id": f"{name.lower()}-btn", "type": "reset"},
                "path": f"*[@id='{name.lower()}-btn']",
                "classes": [],
                "neighbours": ["Query", "Help", "Results"],
            }
        )
        assert similarity(PLACED, in_its_place) < THRESHOLD, name


def test_a_record_stored_before_the_placement_fields_still_compares() -> None:
    """Old records have no neighbours, box, paths or classes: those parts are skipped, not
    scored 0 (and the new element's class names do not dilute the old one's id words)."""
    placement = {"neighbours", "box", "path", "xpath", "classes"}
    stored = Fingerprint.model_validate(SEARCH.model_dump(exclude=placement))
    assert similarity(stored, PLACED) == 1.0
    # ... and a record stored as JSON before these fields existed loads with them empty
    loaded = Fingerprint.model_validate_json('{"tag": "button", "name": "Search"}')
    assert (loaded.xpath, loaded.path, loaded.box, loaded.classes) == ("", "", [], [])


def test_text_score_and_weights() -> None:
    assert text_score("Search", "search") == 1.0
    assert 0.6 < text_score("Search", "Search articles") < 1.0
    assert text_score("All", "(c) Walmart. All Rights Reserved.") < 0.5  # little of the text
    assert text_score("Support and Communities", "Support and Blogs") > 0.35  # words shared
    assert text_score("Search", "Research") < 0.6  # a substring inside a word is not a match
    assert text_score("", "x") == 0.0
    assert WEIGHTS["name"] + WEIGHTS["text"] > WEIGHTS["tag"] + WEIGHTS["role"]


def test_identifier_words_are_the_vocabulary_of_ids_and_classes() -> None:
    assert identifier_words("header-GlobalSearch-submit") == {
        "header",
        "global",
        "search",
        "submit",
    }
    assert identifier_words("BuyOffice365 uh-notifications") == {
        "buy",
        "office",
        "uh",
        "notification",
    }
    # a renamed id in the same words still counts: Walmart's search toggle after its redesign
    old = Fingerprint(tag="button", classes=["header-SearchDropdown-toggle"])
    renamed = Fingerprint(tag="button", attributes={"id": "global-search-dropdown-toggle"})
    unrelated = Fingerprint(tag="button", attributes={"id": "pause-slide-animation"})
    assert similarity(old, renamed) > similarity(old, unrelated)


def test_the_root_path_is_compared_from_both_ends() -> None:
    path = "html/body/div[12]/div/nav/div/a"
    assert root_path_score(path, path) == 1.0
    assert root_path_score(path, "html/body/div[12]/div/div/nav/div/a") == 7 / 8  # a wrapper
    assert root_path_score(path, "html/body/main/section[3]/p") == 2 / 7
    assert root_path_score("html/body/a", "html/body/a/span") == 3 / 4


def test_one_wrapper_more_or_less_is_the_same_tag() -> None:
    span_in_link = Fingerprint(tag="span", ancestors=["a", "li", "ul"])
    assert tag_score(span_in_link, Fingerprint(tag="a", ancestors=["li", "ul"])) == 1.0
    label = Fingerprint(tag="label", ancestors=["div"])
    assert tag_score(label, Fingerprint(tag="span", ancestors=["label", "div"])) == 1.0
    assert tag_score(span_in_link, Fingerprint(tag="button", ancestors=["div"])) == 0.0


def test_the_contents_of_a_control_swapped_are_the_same_tag() -> None:
    text_in_button = Fingerprint(tag="span", ancestors=["button", "div"])
    assert tag_score(text_in_button, Fingerprint(tag="svg", ancestors=["button", "form"])) == 1.0
    assert tag_score(text_in_button, Fingerprint(tag="svg", ancestors=["div", "form"])) == 0.0
    in_a_div = Fingerprint(tag="span", ancestors=["div"])
    assert tag_score(in_a_div, Fingerprint(tag="svg", ancestors=["div"])) == 0.0


def test_unrelated_texts_share_no_likeness() -> None:
    """Letter pairs two unrelated texts share by chance are no evidence (Myshopify)."""
    assert text_score("Get started", "Shopify Ecommerce - Shopping Cart & Software") == 0.0
    assert text_score("Sign in", "Sign up") > 0.2  # a real spelling likeness stays


def _live(steps: list[list[object]], **fields: object) -> Fingerprint:
    """A fingerprint whose place comes from the live placement (context.js's raw measure)."""
    where = {"neighbours": [], "box": [], "path": steps, "classes": fields.pop("classes", [])}
    return Fingerprint(**fields, **placement(where))  # type: ignore[arg-type]


HEADER = [["html", 1, ""], ["body", 1, ""], ["header", 1, ""]]


def test_a_name_that_became_an_icon_is_found_in_its_identifiers() -> None:
    """Walmart's "Search" button became a text-less icon `#global-search-submit`, its "Items in
    cart" link an icon inside `#hf-cart`: the old name lives on in the new identifier words, the
    element's own or (an icon with neither id nor name) its parent's, as the live path has it."""
    search = _live([*HEADER, ["form", 1, ""], ["button", 1, ""]], tag="button", name="Search")
    icon = _live(
        [*HEADER, ["form", 1, ""], ["button", 3, "global-search-submit"]],
        tag="button",
        attributes={"id": "global-search-submit"},
    )
    pause = _live(
        [*HEADER, ["div", 2, ""], ["button", 1, "pause-slides"]],
        tag="button",
        attributes={"id": "pause-slides"},
    )
    assert similarity(search, icon) > similarity(search, pause) + 0.1
    cart = _live([*HEADER, ["a", 3, "header-Cart"]], tag="a", name="Items in cart")
    cart_icon = _live(
        [*HEADER, ["div", 2, ""], ["a", 1, "hf-cart"], ["span", 1, ""]],
        tag="span",
        ancestors=["a", "div"],
    )
    other_icon = _live(
        [*HEADER, ["div", 2, ""], ["a", 1, "hf-home"], ["span", 1, ""]],
        tag="span",
        ancestors=["a", "div"],
    )
    assert cart_icon.path == "*[@id='hf-cart']/span"
    assert similarity(cart, cart_icon) > similarity(cart, other_icon)


def test_landmarks_are_read_from_the_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """An element anchored at its own id (`*[@id='go']`) still sits in its form and header:
    the landmarks count for it (they did not when read on its one-step path)."""
    go = _live([*HEADER, ["form", 1, ""], ["button", 1, "go"]], tag="button")
    renamed = _live([*HEADER, ["form", 1, ""], ["button", 1, "run"]], tag="button")
    assert go.path == "*[@id='go']"
    with_landmarks = similarity(go, renamed)
    monkeypatch.setitem(WEIGHTS, "landmarks", 0.0)
    assert with_landmarks > similarity(go, renamed)


def test_the_live_placement_gives_both_paths() -> None:
    steps = [["html", 1, ""], ["body", 1, ""], ["nav", 1, "top-nav"], ["a", 2, "x-12345"]]
    where = {"neighbours": ["Home"], "box": [1.0, 2.0, 3.0, 4.0], "path": steps, "classes": []}
    placed = placement(where)
    assert (placed["path"], placed["xpath"]) == ("*[@id='top-nav']/a[2]", "html/body/nav/a[2]")


def test_the_settings_default_is_the_documented_threshold() -> None:
    assert Settings(_env_file=None).fingerprint_threshold == THRESHOLD  # type: ignore[call-arg]

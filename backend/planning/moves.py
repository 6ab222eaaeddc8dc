"""Small moves testers write in their own words (issue 12, second external collection).

- `Click in the "Name" input field`, `click into the search box`: a click on that field.
- `Press Enter without typing any text`: the key; the manner after "without" is no step.
- `Clear the text`, `clear all text`: the field with focus is emptied.
- `When I load the page`: the page is loaded again.
- `the user is on the page "https://..."`, `the user goes to the page "https://..."`: the URL.
"""

from __future__ import annotations

from backend.models import Step, Target
from backend.planning.builders import Rule, navigate, one, rule
from backend.planning.grammar import Bindings
from backend.planning.keys import read_key
from backend.planning.targets import read_target


def _click_in(b: Bindings) -> list[Step] | None:
    target = read_target(b["TARGET"])
    if target is None or target.kind not in ("textbox", "searchbox", "combobox", "editor"):
        return None  # "click in the footer": a place, not a field (a kind word must say so)
    return one("click", target)


def _press_without(b: Bindings) -> list[Step] | None:
    key, manner = read_key(b["KEY"]), b["REST"]
    if key is None or not manner or not manner[0].word.endswith("ing"):
        return None
    return one("press", value=key)


MOVE_RULES: tuple[Rule, ...] = (
    rule(["@CLICK {in|into|inside} TARGET"], _click_in, 'Click in the "Name" input field'),
    rule(["@PRESS KEY without REST"], _press_without, "Press Enter without typing any text"),
    rule(
        [
            "clear [all] [the] text",
            "clear all [the] text",
            "{clear|erase|delete|remove|empty} [all] [of] [the] {existing|current|old|whole} "
            "{text|value}",
            "{erase|delete|remove} [all] [the] text",
        ],
        lambda b: one("clear", Target(kind="focused", name="")),
        "Clear the text",
    ),
    rule(["[i] load the page"], lambda b: one("reload"), "Load the page"),
    rule(
        [
            "[the] user {is on|is at|goes to|navigates to|opens|visits} [the] page URL",
            "[i] {am on|go to|navigate to|open|visit} the page URL",
        ],
        navigate,
        'The user goes to the page "https://example.com/cart"',
    ),
)

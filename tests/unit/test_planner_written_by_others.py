"""The issue-12 classes of English written by others, with examples written for these tests
(none is a corpus line): each line must plan exactly the canonical steps given."""

from __future__ import annotations

import pytest

from backend.errors import PlanningError
from backend.planning.grammar import split_sentences
from backend.planning.rules import parse_line


def canon(line: str) -> list[str]:
    """`action [target] 'value' expect` per step, the way the corpus labels compare them."""
    out = []
    for sentence in split_sentences(line):
        for s in parse_line(sentence):
            c = s.canonical()
            text = f"{c['action']} [{c['target']}]" if c["target"] else c["action"]
            if c["value"] is not None:
                text += f" {c['value']!r}"
            if c["expect"]:
                text += f" {c['expect']}"
            out.append(text)
    return out


CASES = [
    # notices: the toast is the one visible alert (discovery/notices.py)
    (
        """Verify the toast says 'Contact "Ada" was created'""",
        ["""assert_text [alert|] 'Contact "Ada" was created' equals"""],
    ),
    ('The snackbar reads "Undo"', ["assert_text [alert|] 'Undo' equals"]),
    ('Verify the toast contains "created"', ["assert_text [alert|] 'created' contains"]),
    ('the toast message shows "Saved"', ["assert_text [alert|] 'Saved' contains"]),
    ("Verify the toast is visible", ["assert_visible [alert|]"]),
    # a bracketed aside names where the element is
    ('Click the row link "5" (Anna Karenina)', ["click [link|5|in=anna karenina]"]),
    ('Click the row button "Edit" (Order 1042)', ["click [button|edit|in=order 1042]"]),
    ("Click Delete (for example on Draft.txt)", ["click [any|delete|in=draft.txt]"]),
    ('Click "Save" (the green one)', ["click [any|save (the green one)]"]),
    # what a field holds is the field
    ("Clear the text in the Notes field", ["clear [textbox|notes]"]),
    ("Empty the contents of the Comment box", ["clear [textbox|comment]"]),
    # a value typed "as" a label fills that text field
    ('Enter "bob@x.io" as the Email', ["fill [textbox|email] 'bob@x.io'"]),
]


@pytest.mark.parametrize(("line", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_reads_as_labelled(line: str, expected: list[str]) -> None:
    assert canon(line) == expected


@pytest.mark.parametrize("line", ["Try the other way", "Enter valid email"])
def test_an_unreadable_action_stays_a_planning_error(line: str) -> None:
    with pytest.raises(PlanningError):
        canon(line)

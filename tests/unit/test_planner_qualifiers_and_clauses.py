"""Issue 12/13 readings from real tickets (Datasette, phpMyAdmin): a qualifier before the kind
word ("the author link "X""), a column's heading as its sort control, an unnamed summary, a
negation that belongs to one clause, and an either-or check. Each class is tested with
sentences written for these tests and with the real line."""

from __future__ import annotations

import pytest

from backend.planning.rules import parse_line
from tests.helpers.plans import canon as plan_canon


def canon(line: str) -> list[str]:
    return plan_canon(line, lenient=True)


CASES = [
    # a lowercase qualifier and the kind word before the quoted name: the kind and the name
    ('Click the author link "Isaac Asimov".', ["click [link|isaac asimov]"]),
    ('Click the publisher link "Penguin"', ["click [link|penguin]"]),
    ('Press the delete button "Remove row"', ["click [button|remove row]"]),
    ('Open the settings tab "Privacy"', ["click [tab|privacy]"]),
    # ... a kind word alone before the name keeps working
    ('Click the link "Penguin"', ["click [link|penguin]"]),
    # the row link: in the row that shows the bracketed text
    ('Click the row link "5" (Anna Karenina).', ["click [link|5|in=anna karenina]"]),
    # a column's heading: the header's own control (a sort link or button), named by the column
    ('Click the "pages" column heading.', ["click [any|pages]"]),
    ('Click the "Price" column header', ["click [any|price]"]),
    ("Click the Price column header", ["click [any|price]"]),
    # an unnamed summary: the text is somewhere on the page (lenient)
    ('the summary says "6 rows"', ["assert_text '6 rows' contains (lenient)"]),
    ('Verify the status reads "3 items found"', ["assert_text '3 items found' contains (lenient)"]),
    ('Verify the summary shows "2 tables"', ["assert_text '2 tables' contains (lenient)"]),
    ('The total should show "$12.50"', ["assert_text '$12.50' contains (lenient)"]),
    ('the count contains "4"', ["assert_text '4' contains (lenient)"]),
    # ... a named one is still that element's whole text
    ('the list summary is "1 item left"', ["assert_text [any|list summary] '1 item left' equals"]),
]


@pytest.mark.parametrize(("line", "expected"), CASES)
def test_line_plans_these_steps(line: str, expected: list[str]) -> None:
    assert canon(line) == expected


NEGATIONS = [
    (
        'You should see "2 rows where language = Japanese" with "Norwegian Wood" and "Kafka on '
        'the Shore" listed, and "War and Peace" not shown.',
        [
            "assert_text '2 rows where language = Japanese' contains (lenient)",
            "assert_text 'Norwegian Wood' contains (lenient)",
            "assert_text 'Kafka on the Shore' contains (lenient)",
            "assert_hidden [text|war and peace] (lenient)",
        ],
    ),
    (
        'You should see "Cart" with "Pen" listed, and "Ink" no longer shown',
        [
            "assert_text 'Cart' contains (lenient)",
            "assert_text 'Pen' contains (lenient)",
            "assert_hidden [text|ink] (lenient)",
        ],
    ),
    (
        'You should see "Total" with "Pen" listed, but "Ink" is gone',
        [
            "assert_text 'Total' contains (lenient)",
            "assert_text 'Pen' contains (lenient)",
            "assert_hidden [text|ink] (lenient)",
        ],
    ),
    # a negation before a list covers every item of it
    (
        'I should not see "Alpha" and "Beta"',
        ["assert_hidden [text|alpha]", "assert_hidden [text|beta]"],
    ),
]


@pytest.mark.parametrize(("line", "expected"), NEGATIONS)
def test_negation_belongs_to_its_own_clause(line: str, expected: list[str]) -> None:
    assert canon(line) == expected


EITHER_OR = [
    (
        'Verify the heading "Structure" or the text "scratch" is shown',
        ["assert_text 'Structure' contains (lenient)"],
    ),
    (
        'Verify the banner "Saved" or the text "Done" appears',
        ["assert_text 'Saved' contains (lenient)"],
    ),
    ('Check that "Welcome" or "Hello" is shown', ["assert_text 'Welcome' contains (lenient)"]),
]


@pytest.mark.parametrize(("line", "expected"), EITHER_OR)
def test_either_or_checks_the_first_alternative_leniently(line: str, expected: list[str]) -> None:
    """No action checks "X or Y": the lenient reading checks the first alternative only (the
    others would make the check stricter than the ticket), marked lenient."""
    assert canon(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        'Verify "Alpha", "Beta" and "Gamma" are not shown',
        'Check that "Alpha" and "Gamma" are not displayed',
    ],
)
def test_quoted_subjects_share_the_negated_predicate_after_and(line: str) -> None:
    steps = parse_line(line)
    assert [s.action for s in steps] == ["assert_hidden"] * (len(steps))
    assert len(steps) == line.count('"') // 2

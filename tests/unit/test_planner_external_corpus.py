"""The external planner corpus (issue 12) is well formed: sources, labels, size and split; and
the rule planner reads it at least as well as the floors below.

The floors are the figures the issue-12 planner reached, BELOW the issue's targets (main >= 97%,
held-back >= 90%): they stop a regression, they do not claim the target.
`benchmarks/bench_planner_external.py` reports the figures per category.
"""

from __future__ import annotations

import pytest

from tests.helpers.planner_external import (
    HELD_BACK_SHARE,
    HELD_BACK_SHARE_D,
    HELD_BACK_SHARE_E,
    KNOWN_ACTIONS,
    KNOWN_KINDS,
    MATCHES,
    PARTS,
    PARTS_B,
    PARTS_C,
    PARTS_D,
    PARTS_E,
    PROPOSED_ACTIONS,
    PROPOSED_KINDS,
    SPLIT_SEED_C,
    SPLIT_SEED_D,
    SPLIT_SEED_E,
    Case,
    expected_steps,
    load,
    read,
    reads_right,
    score,
    split_of,
    split_of_files,
)

#: Reached on 2026-11-29 by the issue-12 planner (stop 22: unquoted messages to the line's end,
#: try/view/submit, "the X URL", create-titled and change-and-save macros, conditional checks);
#: main is past its target (97%), held-back below its own (90%). Held-back raised to what the
#: entries/ranks pass (branch h-plan) measured: 249/347 = 71.8% (main 707/718 unchanged).
#: held-back raised to 0.72 by the general rewordings (branch h-plan-gen: 250/347, 72.0%).
FLOORS_BELOW_TARGET = {"main": 0.98, "heldback": 0.72}
#: The second collection (main_b / heldback_b), as measured on 2026-11-29 after the lists and
#: moves pass (main_b 94/106, heldback_b 43/63; benchmarks/RESULTS.md "Stop 22"); raised to
#: the entries/ranks pass's measured main_b 104/106 (98.1%), heldback_b 46/63 (73.0%).
FLOORS_B = {"main_b": 0.98, "heldback_b": 0.73}
EVERY_PART = (*PARTS, *PARTS_B, *PARTS_C, *PARTS_D, *PARTS_E)
#: The third collection's lines read right at stop 22 (2026-11-29, after its planner work):
#: floors at what was measured, so a later change cannot lose one unnoticed.
FLOORS_C = {"main_c": 85, "heldback_c": 48}
#: The fourth collection's lines read right after its planner work (2026-11-29, branch
#: h-plan-d: before it, main_d 74/122 with the corrected labels, heldback_d 45/84).
#: heldback_d raised to 59 by the general rewordings and element nouns (branch h-plan-gen).
FLOORS_D = {"main_d": 114, "heldback_d": 59}
#: The fifth collection's lines read right by the planner it was split against (2026-11-29,
#: branch h-plan-e, before any planner work on it: 86 and 58); main_e 87 after h-plan-gen's
#: general readings, which never read it. A later change may not lose one.
FLOORS_E = {"main_e": 87, "heldback_e": 58}


@pytest.fixture(scope="module")
def cases() -> dict[str, list[Case]]:
    """Every part of the five collections, loaded once."""
    return {part: load(part) for part in EVERY_PART}


def test_every_line_has_a_source_and_a_label(cases: dict[str, list[Case]]) -> None:
    for part in EVERY_PART:
        assert cases[part], f"{part}.txt holds no lines"
        for case in cases[part]:
            repo, *path = case.source.split()
            assert repo.count("/") == 1 and path, f"{case.where}: source {case.source!r}"
            assert case.label, f"{case.where}: no label"


def test_labels_use_known_or_proposed_actions_kinds_and_matches(
    cases: dict[str, list[Case]],
) -> None:
    kinds = KNOWN_KINDS | PROPOSED_KINDS | {"any"}
    for case in (c for part in EVERY_PART for c in cases[part]):
        if case.marker:
            assert case.expected == (), case.where
            continue
        assert case.expected, f"{case.where}: a label with no step"
        for step in case.expected:
            assert step["action"] in KNOWN_ACTIONS | PROPOSED_ACTIONS, (case.where, step)
            assert step["expect"] in MATCHES | {None}, (case.where, step)
            if step["target"] is not None:
                assert step["target"].split("|")[0] in kinds, (case.where, step)


def test_the_corpus_is_big_and_broad(cases: dict[str, list[Case]]) -> None:
    every = [c for part in PARTS for c in cases[part]]
    assert len(every) >= 1000
    assert len({c.repo for c in every}) >= 20


def test_held_back_follows_the_fixed_rule(cases: dict[str, list[Case]]) -> None:
    main_repos = {c.repo for c in cases["main"]}
    held_repos = {c.repo for c in cases["heldback"]}
    assert not main_repos & held_repos, "a repository is on both sides"
    every = cases["main"] + cases["heldback"]
    assert len(cases["heldback"]) / len(every) >= HELD_BACK_SHARE
    assert split_of(every) == held_repos


def test_the_second_collection_is_new_and_follows_its_fixed_rule(
    cases: dict[str, list[Case]],
) -> None:
    first = {c.repo for part in PARTS for c in cases[part]}
    second = [c for part in PARTS_B for c in cases[part]]
    assert not first & {c.repo for c in second}, "a repository of the first collection"
    held = {c.source for c in cases["heldback_b"]}
    assert not {c.source for c in cases["main_b"]} & held, "a source file on both sides"
    assert split_of_files(second) == held


def test_the_third_collection_is_new_and_follows_its_fixed_rule(
    cases: dict[str, list[Case]],
) -> None:
    earlier = {c.repo for part in (*PARTS, *PARTS_B) for c in cases[part]}
    third = [c for part in PARTS_C for c in cases[part]]
    assert len(third) >= 120 and len({c.repo for c in third}) >= 8
    assert not earlier & {c.repo for c in third}, "a repository of an earlier collection"
    held = {c.source for c in cases["heldback_c"]}
    assert not {c.source for c in cases["main_c"]} & held, "a source file on both sides"
    assert split_of_files(third, SPLIT_SEED_C) == held


def test_the_fourth_collection_is_new_and_follows_its_fixed_rule(
    cases: dict[str, list[Case]],
) -> None:
    earlier = {c.repo for part in (*PARTS, *PARTS_B, *PARTS_C) for c in cases[part]}
    fourth = [c for part in PARTS_D for c in cases[part]]
    assert len(fourth) >= 150 and len({c.repo for c in fourth}) >= 8
    assert not earlier & {c.repo for c in fourth}, "a repository of an earlier collection"
    held = {c.source for c in cases["heldback_d"]}
    assert not {c.source for c in cases["main_d"]} & held, "a source file on both sides"
    assert split_of_files(fourth, SPLIT_SEED_D, HELD_BACK_SHARE_D) == held


def test_the_fifth_collection_is_new_and_follows_its_fixed_rule(
    cases: dict[str, list[Case]],
) -> None:
    earlier = {c.repo for part in (*PARTS, *PARTS_B, *PARTS_C, *PARTS_D) for c in cases[part]}
    fifth = [c for part in PARTS_E for c in cases[part]]
    assert len(fifth) >= 180 and len({c.source for c in fifth}) >= 25
    assert len({c.repo for c in fifth}) >= 12
    assert not earlier & {c.repo for c in fifth}, "a repository of an earlier collection"
    held = {c.source for c in cases["heldback_e"]}
    assert not {c.source for c in cases["main_e"]} & held, "a source file on both sides"
    assert len(cases["heldback_e"]) / len(fifth) >= HELD_BACK_SHARE_E
    assert split_of_files(fifth, SPLIT_SEED_E, HELD_BACK_SHARE_E) == held


def test_labels_parse_and_reject_what_they_do_not_know() -> None:
    (step,) = expected_steps('click kind=link name="Edit" in="#contact_1" nth=2 near=note')
    assert step == {
        "action": "click",
        "target": "link|edit|in=#contact_1|nth=2|near=note",
        "value": None,
        "expect": None,
    }
    assert expected_steps("skip") == ()
    with pytest.raises(ValueError, match="unknown key"):
        expected_steps("click colour=red")
    with pytest.raises(ValueError, match="whole line"):
        expected_steps("click name=Save ; error")


def _case(line: str, label: str) -> Case:
    return Case("main", "owner/repo file", line, label, expected_steps(label), "test:1")


def test_scoring_tells_right_from_wrong() -> None:
    line = "Click the Save button"
    got = read(line)
    assert reads_right(_case(line, "click kind=button name=Save"), got)
    assert not reads_right(_case(line, "click kind=link name=Save"), got)
    skip, error = _case("Given a user", "skip"), _case("Enter valid email", "error")
    assert reads_right(skip, []) and not reads_right(skip, None)
    assert reads_right(error, None) and not reads_right(error, [])


@pytest.mark.parametrize("part", (*PARTS, *PARTS_B))
def test_the_rule_planner_reads_the_corpus_at_least_as_well_as_its_floor(
    cases: dict[str, list[Case]], part: str
) -> None:
    floor = {**FLOORS_BELOW_TARGET, **FLOORS_B}[part]
    result = score(cases[part])
    accuracy = result.right / result.total
    assert accuracy >= floor, (
        f"{part}: {result.right}/{result.total} = {accuracy:.1%} fell below the floor "
        f"{floor:.0%} (python benchmarks/bench_planner_external.py)"
    )


@pytest.mark.parametrize("part", PARTS_C)
def test_the_third_collection_reads_at_least_as_well_as_measured(
    cases: dict[str, list[Case]], part: str
) -> None:
    result = score(cases[part])
    assert result.right >= FLOORS_C[part], (
        f"{part}: {result.right}/{result.total} fell below the {FLOORS_C[part]} lines read right "
        "at stop 22 (python benchmarks/bench_planner_external.py --top 0)"
    )


@pytest.mark.parametrize("part", PARTS_D)
def test_the_fourth_collection_reads_at_least_as_well_as_measured(
    cases: dict[str, list[Case]], part: str
) -> None:
    result = score(cases[part])
    assert result.right >= FLOORS_D[part], (
        f"{part}: {result.right}/{result.total} fell below the {FLOORS_D[part]} lines read right "
        "after the fourth collection's planner work (python benchmarks/bench_planner_external.py "
        "--top 0)"
    )


@pytest.mark.parametrize("part", PARTS_E)
def test_the_fifth_collection_reads_at_least_as_well_as_measured(
    cases: dict[str, list[Case]], part: str
) -> None:
    result = score(cases[part])
    assert result.right >= FLOORS_E[part], (
        f"{part}: {result.right}/{result.total} fell below the {FLOORS_E[part]} lines read right "
        "when the fifth collection was split (python benchmarks/bench_planner_external.py "
        "--top 0)"
    )

"""Discourse state across a requirement's lines: what "it", "that X" and "again" refer to,
dialog steps moved before the click that opens the dialog, and what "the form is not
submitted" checks."""

from __future__ import annotations

from backend.errors import PlanningError
from backend.models import Step, Target

#: Names that refer back to the last element a step acted on.
PRONOUNS = frozenset({"it", "that", "this", "them", "its", "it's"})
#: Steps that open a JavaScript dialog a following accept/dismiss step answers.
_OPENERS = frozenset({"click", "dblclick", "open", "press", "check", "uncheck", "select"})


#: The context of "its Delete button", "that row's toggle": the element named last.
IT = "it"
#: "the form is not submitted" checks that what would have submitted it is still on screen:
#: the target of the click or key press before the check, filled in by `_submitter_kept`.
SUBMITTER = Target(kind="submitter")
_SUBMITS = frozenset({"click", "dblclick", "press"})


def resolve(steps: list[Step]) -> list[Step]:
    """Steps with "it" / "that checkbox" replaced by the last target, dialogs answered in time."""
    return _modals_closed(_dialogs_first(references(_submitter_kept(steps))))


def _submitter_kept(steps: list[Step]) -> list[Step]:
    """`the form is not submitted` (read leniently): the page still shows the element that would
    have submitted the form, the target of the last click before the check (for a key press
    with no target, the element acted on before it). A form that is sent leaves its page or
    replaces it; one the page refuses (a required field left empty) keeps its Save button."""
    out: list[Step] = []
    last: Target | None = None
    acted: Target | None = None
    for step in steps:
        if step.target == SUBMITTER:
            if last is None:
                raise PlanningError(
                    what="cannot read " + repr(step.source or "the form is not submitted"),
                    why="no click or key press before it submits a form",
                    fix='say what the page shows instead, e.g. Verify the URL contains "/new"',
                )
            step = step.model_copy(update={"target": last})
        elif step.action in _SUBMITS:
            last = step.target or acted
        if step.target is not None and not step.action.startswith("assert_"):
            acted = step.target
        out.append(step)
    return out


def references(steps: list[Step]) -> list[Step]:
    """Steps with "it" replaced by the last target and "its X" scoped to it (a line's own
    references are resolved as the line is read; the rest across the requirement's lines)."""
    out: list[Step] = []
    last: Target | None = None
    for step in steps:
        target = step.target
        if target is not None and last is not None and _refers_back(target, last):
            step = step.model_copy(update={"target": last})
            target = last
        elif target is not None and last is not None and target.context == IT:
            target = target.model_copy(update={"context": _scope_of(last)})
            step = step.model_copy(update={"target": target})
        if target is not None and target.kind not in ("page", "text"):
            last = target
        out.append(step)
    return out


def _scope_of(last: Target) -> str | None:
    """What "its" / "that row's" points at: the N-th entry, else the element's own name."""
    if last.kind in ("listitem", "row") and last.nth and not last.name:
        return f"listitem#{last.nth}"
    return last.name or last.context or IT


def _refers_back(target: Target, last: Target) -> bool:
    words = target.name.lower().split()
    if not words or words[0] not in PRONOUNS:
        return False
    if len(words) == 1:
        return target.kind in (None, last.kind)
    return target.kind == last.kind and len(words) == 1


def _dialogs_first(steps: list[Step]) -> list[Step]:
    """`click Delete; accept the dialog` -> the handler is set before the click (Playwright
    answers a dialog no handler waits for by dismissing it)."""
    out = list(steps)
    for i in range(1, len(out)):
        if out[i].action in ("accept_dialog", "dismiss_dialog") and out[i - 1].action in _OPENERS:
            out[i - 1], out[i] = out[i], out[i - 1]
    return out


def _modals_closed(steps: list[Step]) -> list[Step]:
    """`Dismiss the dialog` with no later step that could open a JavaScript dialog: the dialog
    is one on the page (JupyterLab's About box), which Escape closes; a JavaScript dialog
    shown before it was already dismissed by Playwright, so a handler set now would answer
    nothing (issue 13)."""
    out = list(steps)
    for i, step in enumerate(out):
        later = out[i + 1 :]
        if step.action == "dismiss_dialog" and not any(s.action in _OPENERS for s in later):
            out[i] = step.model_copy(update={"action": "press", "value": "Escape"})
    return out

"""Looser readings of a target that matched nothing as written (issue 13, real apps).

A tester names a thing by its title and what it is, "the File menu", "the "Add Filter"
dropdown", "the reports folder": the element is the menu's title, a menubar item, a button or
a link that opens the list (Flask-Admin's "Add Filter" is a Bootstrap dropdown-toggle link, not
a combobox), or the entry that shows the folder's name (JupyterLab's file browser). These
readings are tried only when the written one finds no element at all, never to settle a tie.
"""

from __future__ import annotations

import re

from backend.models import Target

#: Last words of a name that say the element opens a list: the title is the rest.
TOGGLE_WORDS = frozenset({"menu", "dropdown", "drop-down", "submenu"})
#: Last words of a name that say what sort of thing it is (a file browser's entries).
THING_WORDS = frozenset({"folder", "directory", "file", "icon"})
#: Two-word endings that say what a thing is: "the "Quantity" column heading" is the header's
#: own control (a sort link), named "Quantity".
THING_PHRASES = ("column heading", "column header")
#: "the row for "Alan Turing"" as a check's element: that row itself.
_ENTRY_FOR = re.compile(r"(?:row|entry|line|record) (?:for|of|with) (.+)", re.I)
#: Actions that open a menu by acting on its title.
OPENING_ACTIONS = frozenset({"click", "dblclick", "open", "hover", "right_click"})
#: Kinds a tester gives a list-opening control that may be a plain button or link.
TOGGLE_KINDS = frozenset({"combobox", "listbox"})


def loosened(target: Target, action: str) -> list[Target]:
    """The readings to try after `target` matched no element for `action` (most likely first);
    empty when there is none."""
    entry = _ENTRY_FOR.fullmatch(target.name.strip())
    if entry and target.kind is None and not target.context and action.startswith("assert_"):
        return [Target(name="", context=entry.group(1))]
    if action not in OPENING_ACTIONS:
        return []
    out: list[Target] = []
    words = target.name.split()
    said = f"{target.name} {target.kind}" if target.kind == "heading" else target.name
    phrase = next((p for p in THING_PHRASES if said.lower().endswith(" " + p)), None)
    if phrase and target.kind in (None, "heading"):  # read as a heading named "Quantity column"
        out.append(target.model_copy(update={"name": said[: -len(phrase) - 1], "kind": None}))
    last = words[-1].lower() if words else ""
    if len(words) > 1 and last in TOGGLE_WORDS | THING_WORDS and target.kind is None:
        out.append(target.model_copy(update={"name": " ".join(words[:-1])}))
    if target.kind in TOGGLE_KINDS and target.name.strip():
        out.append(target.model_copy(update={"kind": None}))
    return out


def loosened_note(written: Target, read: Target) -> str:
    """What the step result records when a looser reading found the element."""
    return (
        f"no element matched {written.describe()!r} as written; took {read.describe()!r} "
        "(the thing's own name, without what it is)"
    )

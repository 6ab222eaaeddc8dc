"""The kinds of element a Target may name ("button", "search box"), and the ARIA roles of each."""

from __future__ import annotations

#: kind -> the roles an element of that kind may have, the most likely first (a direct locator
#: for "3 rows are shown" uses the first). "text" is plain text: no role.
KIND_ROLES: dict[str, tuple[str, ...]] = {
    "button": ("button",),
    "link": ("link",),
    "textbox": ("textbox", "searchbox", "combobox", "spinbutton"),
    "searchbox": ("searchbox", "textbox", "combobox"),
    "combobox": ("combobox", "listbox"),
    "checkbox": ("checkbox", "switch"),
    "radio": ("radio",),
    "heading": ("heading",),
    "tab": ("tab",),
    "menuitem": ("menuitem", "menuitemcheckbox", "menuitemradio"),
    "img": ("img",),
    "option": ("option",),
    "text": (),
    # issue 12: a list and its entries ("the first search result" is listitem nth=1)
    "list": ("list", "listbox"),
    "listitem": ("listitem", "option", "row"),
    # "Type "milk"": no field named; the only text field on the page (discovery's sole-of-kind)
    "focused": ("textbox", "searchbox", "combobox"),
    # "type "x" in the editor": the one multi-line text field (a textarea or contenteditable)
    "editor": ("textbox",),
    # "the dialog is no longer shown": a modal dialog (alertdialog for a confirmation)
    "dialog": ("dialog", "alertdialog"),
    # "Verify the toast says ...": a transient notice (discovery/notices.py: the one visible)
    "alert": ("alert", "status"),
}

#: Kinds whose natural names are labels and placeholders (fields), not their text.
FIELD_KINDS = frozenset({"textbox", "searchbox", "combobox"})

#: Roles that name a region a person can say "in the X ..." about.
SCOPE_ROLES = ("region", "dialog", "form", "group", "navigation", "article", "complementary", "row")


def roles_of(kind: str) -> tuple[str, ...]:
    """The roles of a kind; a kind the table does not know is taken as a role of its own."""
    return KIND_ROLES.get(kind, (kind,))

"""A list named by what it offers: "Select ">" in the operator dropdown" on a page whose
operator list has no name a person could read (Datasette's `<select name="_filter_op">`). When
no list matches the name, the one visible list that has an option labelled with the value is
the list meant (issue 13); two such lists are still no answer."""

from __future__ import annotations

from typing import Any

from backend.discovery.candidates import collect
from backend.discovery.selectors import Built, build, editor_of

#: The candidates (window.__pactsCandidates indexes) whose options include the value.
_OFFERING_JS = """
([indexes, value]) => indexes.filter(i => {
  const el = window.__pactsCandidates[i];
  const norm = s => (s || '').replace(/\\s+/g, ' ').trim();
  const options = el.options ? Array.from(el.options)
    : Array.from(el.querySelectorAll('[role=option]'));
  return options.some(o => norm(o.label || o.textContent) === norm(value));
})
"""
LIST_ROLES = ("combobox", "listbox")


async def list_offering(page: Any, value: str) -> Built | None:
    """The locator of the one visible list (a native <select> or a listbox, or the list widget
    shown for a hidden <select>) with an option labelled `value`; None if none, or several."""
    if not value.strip():
        return None
    collected = await collect(page, LIST_ROLES, "")
    # a hidden <select> behind its list widget (select2) counts: the widget is what is shown
    lists = [c for c in collected.candidates if (c.visible or c.widget) and not c.frame]
    if not lists:
        return None
    offering = set(await page.evaluate(_OFFERING_JS, [[c.index for c in lists], value]))
    chosen = [c for c in lists if c.index in offering]
    if len(chosen) != 1:
        return None
    built = await build(page, chosen[0])
    if built is not None and chosen[0].widget and not chosen[0].visible:
        return editor_of(built, before=chosen[0].widget == "before")
    return built

"""Candidate collection: one in-page pass per frame (open shadow roots included), see collect.js."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any

from backend.discovery.placement import CONTEXT_JS, placement
from backend.discovery.stability import css_attr, is_dynamic
from backend.models import Fingerprint, LocatorCall

logger = logging.getLogger(__name__)

_COLLECT_JS = (
    resources.files("backend.discovery")
    .joinpath("collect.js")
    .read_text("utf-8")
    .replace("/* context.js */ null", CONTEXT_JS)
)
#: The most candidates one frame returns (the in-page pre-filter keeps far fewer in practice).
LIMIT = 1000


@dataclass(frozen=True)
class Context:
    """A region the element sits in: a dialog, card, form, row, landmark ..."""

    role: str
    tag: str
    name: str
    own_name: str = ""
    cells: tuple[str, ...] = ()
    #: A role-less box's stable id, or the label that opens it ("Suggested facets:"), by which
    #: it is named and scoped (role "box"; collect.js).
    id: str = ""
    label: str = ""

    def describe(self) -> str:
        return f"{self.role} {self.name[:40]!r}" if self.name else self.role


@dataclass(frozen=True)
class Candidate:
    """One element a person could mean, with everything scoring needs."""

    index: int
    role: str
    tag: str
    name: str
    text: str
    labels: tuple[str, ...]
    placeholder: str
    title: str
    alt: str
    aria_label: str
    id: str
    name_attr: str
    href: str
    testids: dict[str, str]
    level: int | None
    visible: bool
    disabled: bool
    shadow_depth: int
    contexts: tuple[Context, ...]
    type: str = ""
    role_attr: str = ""
    #: What activating it does ("href <url>", "submit form 0 <action> name=value"; "": unknown).
    effect: str = ""
    #: A hidden checkbox/radio's visible label (its index in the page's candidate list), which
    #: stands in for it: Playwright checks and reads a label's control.
    proxy: int | None = None
    proxy_text: str = ""
    #: The shadow host a proxy label lives in, as (tag, its light-DOM text); () if none.
    proxy_host: tuple[str, ...] = ()
    #: A nameless list's or table's heading right before it ("Fulltext results:"), else "".
    heading_before: str = ""
    #: The proxy is a code editor shown in place of this hidden <textarea> (CodeMirror): it is
    #: located through the textarea, as the element right after it.
    editor: bool = False
    #: The proxy is a list widget (select2) shown in place of this hidden <select>, right
    #: "before" or "after" it ("": none); located through the select, as that sibling.
    widget: str = ""
    #: Tag names of the three nearest ancestors, as in a fingerprint.
    ancestors: tuple[str, ...] = ()
    #: The `frame_locator` calls that lead to the frame it lives in (empty: the page itself).
    frame: tuple[LocatorCall, ...] = ()
    #: Document order across frames: (frame number, index in that frame).
    order: tuple[int, int] = (0, 0)
    #: Where it sits (context.js): nearest texts around it, page box, path, stable classes.
    neighbours: tuple[str, ...] = ()
    box: tuple[int, ...] = ()
    path: str = ""
    xpath: str = ""
    classes: tuple[str, ...] = ()

    @property
    def usable(self) -> bool:
        """Visible itself, or through the label that stands in for it."""
        return self.visible or self.proxy is not None

    def label_proxy(self) -> Candidate | None:
        """The visible label of a hidden checkbox or radio, as a candidate of its own."""
        if self.proxy is None or self.editor or self.widget:
            return None
        return replace(
            self,
            index=self.proxy,
            role="",
            tag="label",
            type="",
            name=self.proxy_text,
            text=self.proxy_text,
            labels=(),
            placeholder="",
            title="",
            alt="",
            aria_label="",
            id="",
            name_attr="",
            href="",
            effect="",
            testids={},
            visible=True,
            proxy=None,
        )

    @property
    def stable_id(self) -> str:
        return "" if is_dynamic(self.id) else self.id

    @property
    def stable_name_attr(self) -> str:
        return "" if is_dynamic(self.name_attr) else self.name_attr

    def fingerprint(self, name: str | None = None) -> Fingerprint:
        """The fingerprint discovery would take of this element (dynamic ids left out)."""
        attrs = {
            "id": self.stable_id,
            "name": self.stable_name_attr,
            "type": self.type,
            "placeholder": self.placeholder,
            "aria-label": self.aria_label,
            "role": self.role_attr,
            "title": self.title,
            "alt": self.alt,
            "href": self.href,
            **self.testids,
        }
        return Fingerprint(
            tag=self.tag,
            role=self.role,
            name=self.name if name is None else name,
            text=self.text[:120],
            attributes={k: v[:200] for k, v in attrs.items() if v},
            ancestors=list(self.ancestors),
            labels=[label[:80] for label in self.labels],
            neighbours=list(self.neighbours),
            classes=list(self.classes),
            path=self.path,
            xpath=self.xpath,
            box=list(self.box),
        )

    def describe(self) -> str:
        """`button 'New' in article 'Contacts'`: what the verdict lists for an ambiguous target."""
        text = f"{self.role or self.tag} {self.name[:60]!r}"
        if self.contexts:
            text += " in " + self.contexts[0].describe()
        if self.frame:
            text += f" (frame {self.frame[-1].args[0]})"
        if not self.visible:
            text += " (hidden)"
        return text


@dataclass
class Collected:
    """All candidates of a page and its frames, and what the pass cost."""

    candidates: list[Candidate] = field(default_factory=list)
    scanned: int = 0
    shadow_roots: int = 0
    frames: int = 0


def contexts_of(raw: list[dict[str, Any]]) -> tuple[Context, ...]:
    """The regions collect.js reported, without a role-less box named only by a generated id."""
    out = []
    for c in raw:
        ident = "" if is_dynamic(c.get("id", "")) else c.get("id", "")
        label = c.get("label", "")
        if c["role"] == "box" and not (label or ident):
            continue
        cells = tuple(c["cells"])
        out.append(Context(c["role"], c["tag"], c["name"], c["own_name"], cells, ident, label))
    return tuple(out)


def _candidate(raw: dict[str, Any], frame: tuple[LocatorCall, ...], number: int) -> Candidate:
    where = placement(raw["where"])
    return Candidate(
        index=raw["index"],
        role=raw["role"],
        tag=raw["tag"],
        type=raw["type"].lower(),
        name=raw["name"],
        text=raw["text"],
        labels=tuple(raw["labels"]),
        placeholder=raw["placeholder"],
        title=raw["title"],
        alt=raw["alt"],
        aria_label=raw["aria_label"],
        id=raw["id"],
        name_attr=raw["name_attr"],
        href=raw["href"],
        role_attr=raw["role_attr"],
        effect=raw.get("effect", ""),
        proxy=raw["proxy"],
        proxy_text=raw["proxy_text"],
        proxy_host=tuple(raw.get("proxy_host") or ()),
        heading_before=raw.get("heading_before", ""),
        editor=bool(raw.get("editor")),
        widget=str(raw.get("widget") or ""),
        ancestors=tuple(raw["ancestors"]),
        testids=dict(raw["testids"]),
        level=raw["level"],
        visible=bool(raw["visible"]),
        disabled=bool(raw["disabled"]),
        shadow_depth=int(raw["shadow_depth"]),
        contexts=contexts_of(raw["contexts"]),
        frame=frame,
        order=(number, raw["index"]),
        neighbours=tuple(where["neighbours"]),
        box=tuple(where["box"]),
        path=where["path"],
        xpath=where["xpath"],
        classes=tuple(where["classes"]),
    )


async def frame_selector(frame: Any) -> str | None:
    """A stable CSS selector for the iframe element that holds `frame`, unique in its parent."""
    try:
        element = await frame.frame_element()
        attrs = await element.evaluate(
            "f => ({title: f.getAttribute('title'), name: f.getAttribute('name'),"
            " id: f.id || null, src: f.getAttribute('src'), label: f.getAttribute('aria-label')})"
        )
    except Exception as exc:  # detached while we looked
        logger.debug("frame vanished: %s", exc)
        return None
    parent = frame.parent_frame
    for attr, key in (("title", "title"), ("aria-label", "label"), ("name", "name"), ("id", "id")):
        value = attrs.get(key)
        if not value or (attr in ("id", "name") and is_dynamic(value)):
            continue
        selector = css_attr(attr, value) if attr == "id" else "iframe" + css_attr(attr, value)
        if parent is not None and await parent.locator(selector).count() == 1:
            return selector
    src = attrs.get("src")
    if src and parent is not None:
        selector = "iframe" + css_attr("src", src)
        if await parent.locator(selector).count() == 1:
            return selector
    return None


async def collect(
    page: Any,
    roles: tuple[str, ...],
    name: str,
    frame_root: Any = None,
    base: tuple[LocatorCall, ...] = (),
) -> Collected:
    """Candidates in the page (or in `frame_root`, reached by the `base` frame_locator calls, and
    its child frames), one evaluate per frame. `roles` and `name` feed the in-page pre-filter;
    scoring happens in Python."""
    out = Collected()
    args = {"roles": list(roles), "name": name, "limit": LIMIT}
    pending: list[tuple[Any, tuple[LocatorCall, ...]]] = [(frame_root or page.main_frame, base)]
    number = 0
    while pending:
        frame, path = pending.pop(0)
        try:
            raw = await frame.evaluate(_COLLECT_JS, args)
        except Exception as exc:  # a frame navigating or cross-origin and closed to us
            logger.debug("candidate pass failed in %s: %s", frame.url, exc)
            if number == 0:
                raise
            continue
        out.frames += 1
        out.scanned += raw["scanned"]
        out.shadow_roots += raw["shadow_roots"]
        out.candidates.extend(_candidate(c, path, number) for c in raw["candidates"])
        number += 1
        for child in frame.child_frames:
            selector = await frame_selector(child)
            if selector is not None:
                call = LocatorCall(method="frame_locator", args=(selector,))
                pending.append((child, (*path, call)))
    return out

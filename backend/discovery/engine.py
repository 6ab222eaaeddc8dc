"""Finds a robust, unique Playwright locator for a Target on the live page (DESIGN §5)."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from dataclasses import dataclass, field
from typing import Any

from backend.actions import spec_for
from backend.discovery.by_option import list_offering
from backend.discovery.candidates import collect, frame_selector
from backend.discovery.fingerprints import fingerprint_of
from backend.discovery.loosen import loosened, loosened_note
from backend.discovery.notices import is_notice, notice
from backend.discovery.patience import keep_looking
from backend.discovery.regions import resolve_scope, sole_editor, visible_of_roles
from backend.discovery.score import Choice, choose, equivalent_note, near_text, rank
from backend.discovery.selectors import build, editor_of
from backend.discovery.stability import stable_attributes
from backend.discovery.standins import stand_in_field
from backend.kinds import FIELD_KINDS, KIND_ROLES, roles_of
from backend.models import Fingerprint, LocatorCall, LocatorSpec, RootCause, Target
from backend.telemetry.hooks import observe_discovery

logger = logging.getLogger(__name__)

_SNAPSHOT_LINE = re.compile(r'^- (?P<role>[a-z]+)(?: "(?P<name>(?:[^"\\]|\\.)*)")?')


@dataclass
class Discovered:
    """What discovery chose: the locator, how it was found, fallbacks and a fingerprint."""

    locator: LocatorSpec
    strategy: str
    fingerprint: Fingerprint
    fallbacks: list[LocatorSpec] = field(default_factory=list)
    elapsed_ms: float = 0.0
    #: The best-scored candidates, for logs and the healer ("0.95 button 'New' in article ...").
    candidates: list[str] = field(default_factory=list)
    #: A choice made for the person: equivalent duplicates, of which the first was taken.
    note: str = ""


class DiscoveryFailed(Exception):
    """No unique element matched: data for the verdict, not a crash."""

    def __init__(self, kind: RootCause, message: str, candidates: list[str] | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.candidates = candidates or []


@dataclass
class _Attempt:
    strategy: str
    spec: LocatorSpec
    exact: bool = True


def _call(method: str, *args: str | int, **kwargs: str | int | bool) -> LocatorCall:
    return LocatorCall(method=method, args=args, kwargs=kwargs)  # type: ignore[arg-type]


def roles_for(target: Target, action: str) -> tuple[str, ...]:
    """The ARIA roles an element of this kind may have, for this action."""
    if target.kind:
        return roles_of(target.kind)
    return spec_for(action).discovery_roles()


def attempts(target: Target, action: str, scope: tuple[LocatorCall, ...] = ()) -> list[_Attempt]:
    """Candidate locators in order of robustness (test id, role+name, label, ...)."""
    name = target.name.strip()
    roles = roles_for(target, action)
    out: list[_Attempt] = []

    def add(strategy: str, *calls: LocatorCall, exact: bool = True) -> None:
        out.append(_Attempt(strategy, LocatorSpec(calls=scope + calls), exact))

    if not name:
        if target.kind == "heading":
            if any(c.method != "frame_locator" for c in scope):
                add("role", _call("get_by_role", "heading"))  # "the heading in the dialog"
            add("role", _call("get_by_role", "heading", level=1))
            # A site logo in an <h1> too (DokuWiki, many themes): the page's own heading is the
            # one in the main content (only tried when the level-1 headings are several).
            add("role", _call("get_by_role", "main"), _call("get_by_role", "heading", level=1))
        return out
    is_field = spec_for(action).field or target.kind in FIELD_KINDS
    add("test_id", _call("get_by_test_id", name))
    for role in roles:
        add("role", _call("get_by_role", role, name=name, exact=True))
    if is_field or target.kind is None:
        add("label", _call("get_by_label", name, exact=True))
        add("placeholder", _call("get_by_placeholder", name, exact=True))
    if not is_field:
        # an icon's alt text or title never names a field ("the SQL box" is not phpMyAdmin's
        # <img alt="SQL" title="SQL">); a field named by its title has that as its role name
        add("alt", _call("get_by_alt_text", name, exact=True))
        add("title", _call("get_by_title", name, exact=True))
    if target.kind in (None, "text", "link", "button") and not spec_for(action).field:
        add("text", _call("get_by_text", name, exact=True))
    for role in roles:
        add("role", _call("get_by_role", role, name=name), exact=False)
    if is_field or target.kind is None:
        add("label", _call("get_by_label", name), exact=False)
        add("placeholder", _call("get_by_placeholder", name), exact=False)
    return out


async def _unique_visible(loc: Any, need_visible: bool) -> tuple[int, bool]:
    count = int(await loc.count())
    if count != 1:
        return count, False
    if not need_visible:
        return 1, True
    return 1, bool(await loc.is_visible())


def _role_of(spec: LocatorSpec) -> str:
    last = spec.calls[-1]
    return str(last.args[0]) if last.method == "get_by_role" and last.args else ""


async def _snapshot_role_name(loc: Any) -> tuple[str, str] | None:
    try:
        snapshot = await loc.aria_snapshot(timeout=1000)
    except Exception:
        return None
    match = _SNAPSHOT_LINE.match(snapshot.strip().splitlines()[0] if snapshot.strip() else "")
    if not match:
        return None
    return match.group("role"), (match.group("name") or "").replace('\\"', '"')


async def _near_scope(page: Any, near: str) -> tuple[LocatorCall, ...]:
    """`the toggle beside "milk"`: the list entry or row showing the text, else the text's
    parent element (the element is looked for inside it)."""
    entry = await resolve_scope(page, near)
    if entry is not None:
        return entry
    return (_call("get_by_text", near, exact=True), _call("locator", "xpath=.."))


async def _describe(loc: Any, limit: int = 5) -> list[str]:
    described = []
    count = min(int(await loc.count()), limit)
    for i in range(count):
        found = await _snapshot_role_name(loc.nth(i))
        html = await loc.nth(i).evaluate("e => e.outerHTML.slice(0, 120)")
        described.append(f"{found[0]} {found[1]!r}: {html}" if found else html)
    return described


async def _frame_scopes(page: Any) -> list[LocatorCall]:
    """A `frame_locator` call for each child frame that a stable attribute names uniquely."""
    calls: list[LocatorCall] = []
    for child in page.main_frame.child_frames:
        selector = await frame_selector(child)
        if selector is not None:
            calls.append(_call("frame_locator", selector))
    return calls


async def _try_once(
    page: Any,
    target: Target,
    action: str,
    scope: tuple[LocatorCall, ...] = (),
    value: str | None = None,
) -> Discovered | DiscoveryFailed:
    """One discovery pass; a `select` whose list no name finds is the list offering `value`."""
    outcome = await _try_named(page, target, action, scope)
    if isinstance(outcome, Discovered) or outcome.kind != "selector_not_found" or scope:
        return outcome
    if action == "select" and value and target.name.strip() and not target.context:
        built = await list_offering(page, value)
        if built is not None:
            fp = await fingerprint_of(built.spec.resolve(page), role="combobox", name=target.name)
            return Discovered(
                locator=built.spec,
                strategy=built.strategy,
                fingerprint=fp,
                fallbacks=built.fallbacks,
                note=f"no list is named {target.name!r}: took the one list offering {value!r}",
            )
    return outcome


async def _try_named(
    page: Any, target: Target, action: str, scope: tuple[LocatorCall, ...] = ()
) -> Discovered | DiscoveryFailed:
    """Score the page's candidates; the strategy chain only for what scoring has no candidate
    for (text on the page, a nameless heading, the site's only search box). With a `scope`
    (the frame a switch_frame step entered) only that frame is searched."""
    if _is_the_box(target, action):
        return await _box_itself(page, target, scope)
    if is_notice(target):
        return await _notice_found(page, scope)
    placed = bool(target.context or near_text(target))  # "the checkbox in the row for X"
    if (target.name.strip() or placed) and target.kind != "text":
        scored = await _score_pass(page, target, action, scope)
        if scored is not None:
            return scored
    if scope:
        return await _try_in(page, target, action, scope)
    outcome = await _try_in(page, target, action, ())
    if isinstance(outcome, Discovered) or outcome.kind == "ambiguous_target":
        return outcome
    for call in await _frame_scopes(page):
        inner = await _try_in(page, target, action, (call,))
        if isinstance(inner, Discovered) or inner.kind == "ambiguous_target":
            return inner
    return outcome


def _is_the_box(target: Target, action: str) -> bool:
    """ "Verify text "X" is visible in the Cases related list": a check that names no element,
    only where to look; the element checked is that box itself (not its first control)."""
    bare = not target.name.strip() and not target.kind and not near_text(target)
    return bare and bool(target.context) and action.startswith("assert_")


async def _box_itself(
    page: Any, target: Target, scope: tuple[LocatorCall, ...]
) -> Discovered | DiscoveryFailed:
    root = LocatorSpec(calls=scope).resolve(page) if scope else page
    resolved = await resolve_scope(root, target.context or "")
    if resolved is None:
        return DiscoveryFailed(
            "selector_not_found", f"no region, dialog or form named {target.context!r}"
        )
    spec = LocatorSpec(calls=scope + resolved)
    fp = await fingerprint_of(spec.resolve(page), role=_role_of(spec), name="")
    return Discovered(locator=spec, strategy="role", fingerprint=fp)


async def _notice_found(page: Any, scope: tuple[LocatorCall, ...]) -> Discovered | DiscoveryFailed:
    spec = await notice(page, scope)
    if spec is None:
        return DiscoveryFailed("selector_not_found", "no toast or alert is on screen")
    fp = await fingerprint_of(spec.resolve(page), role=_role_of(spec), name="")
    return Discovered(locator=spec, strategy="role", fingerprint=fp)


async def _frame_of(page: Any, scope: tuple[LocatorCall, ...]) -> Any:
    """The Playwright Frame a chain of `frame_locator` calls leads to (None: not there now)."""
    frame = page.main_frame
    for call in scope:
        handle = await frame.query_selector(str(call.args[0]))
        frame = await handle.content_frame() if handle is not None else None
        if frame is None:
            return None
    return frame


def _tie_failure(target: Target, choice: Choice) -> DiscoveryFailed:
    """Several candidates tie: no N-th one when the target asked for one, else ambiguous."""
    tied = [s.candidate.describe() for s in choice.tied[:8]]
    if target.nth:
        return DiscoveryFailed(
            "selector_not_found",
            f"{len(choice.tied)} elements match {target.describe()!r}, so there is no "
            f"{'last' if target.nth < 0 else f'#{target.nth}'} one",
            tied,
        )
    return DiscoveryFailed(
        "ambiguous_target",
        f"{len(choice.tied)} elements match {target.describe()!r}; say which one "
        "(e.g. 'the second ...' or 'in the X section')",
        tied,
    )


async def _score_pass(
    page: Any, target: Target, action: str, scope: tuple[LocatorCall, ...] = ()
) -> Discovered | DiscoveryFailed | None:
    """One candidate pass per frame, scored against the target (None: no candidate at all)."""
    roles = roles_for(target, action)
    root = await _frame_of(page, scope) if scope else None
    if scope and root is None:
        return None  # the frame is not (yet) there: the chain reports it
    collected = await collect(page, roles, target.name, frame_root=root, base=scope)
    ranked = rank(target, roles, collected.candidates)
    need_visible = spec_for(action).visible
    usable = [s for s in ranked if s.candidate.usable or not need_visible]
    if (untyped := _only_lists(target, action, usable)) is not None:
        return untyped
    usable = [s for s in usable if not cannot_type_into(action, s.candidate.tag)]
    if not usable:
        if ranked:
            best = ranked[0].candidate
            return DiscoveryFailed(
                "selector_not_found",
                f"{target.describe()!r} is on the page but hidden ({best.describe()})",
            )
        return None
    choice = choose(target, usable)
    if choice.chosen is None:
        return _tie_failure(target, choice)
    chosen = choice.chosen.candidate
    if chosen.disabled and spec_for(action).enabled:
        # Found, but not usable yet: discovery polls until it is enabled, then gives up with
        # the root cause a stuck control is (the action could never run).
        return DiscoveryFailed(
            "timeout", f"{target.describe()!r} stayed disabled ({chosen.describe()})"
        )
    proxy = chosen.label_proxy() if not chosen.visible and need_visible else None
    built = await build(page, proxy or chosen, nth=target.nth)
    if built is None:
        return None
    if (chosen.editor or chosen.widget) and not chosen.visible:
        built = editor_of(built, before=chosen.widget == "before")
    loc = built.spec.resolve(page)
    fp = await fingerprint_of(loc, role=chosen.role, name=target.name)
    shown = choice.tied if choice.equivalent else usable
    return Discovered(
        locator=built.spec,
        strategy=built.strategy,
        fingerprint=fp,
        fallbacks=built.fallbacks,
        candidates=[f"{s.score:.2f} {s.candidate.describe()}" for s in shown[:5]],
        note=equivalent_note(choice),
    )


#: Actions that type into their element: a native <select> cannot take them (Playwright's
#: fill raises "not an <input>"), so a list whose name holds the words is never the field.
_TYPING_ACTIONS = frozenset({"fill", "clear"})


def cannot_type_into(action: str, tag: str) -> bool:
    """Whether the action types text and the element (by tag) takes no typing."""
    return action in _TYPING_ACTIONS and tag == "select"


def _only_lists(target: Target, action: str, usable: list[Any]) -> DiscoveryFailed | None:
    """A typing step whose every match is a drop-down list: found, and unusable (None: not so)."""
    if not usable or not all(cannot_type_into(action, s.candidate.tag) for s in usable):
        return None
    return DiscoveryFailed(
        "selector_not_found",
        f"{target.describe()!r} matches only a drop-down list "
        f"({usable[0].candidate.describe()}), which cannot be typed into",
    )


@dataclass
class _Tally:
    """What the strategy chain saw: the first unique, visible match, fallbacks, near misses."""

    chosen: tuple[_Attempt, LocatorSpec] | None = None
    fallbacks: list[LocatorSpec] = field(default_factory=list)
    ambiguous: list[_Attempt] = field(default_factory=list)
    hidden: list[_Attempt] = field(default_factory=list)
    missed: list[_Attempt] = field(default_factory=list)


async def _try_in(
    page: Any, target: Target, action: str, frame: tuple[LocatorCall, ...]
) -> Discovered | DiscoveryFailed:
    """The strategy chain in one frame (or the page): each selector option in order."""
    need_visible = spec_for(action).visible
    root = LocatorSpec(calls=frame).resolve(page) if frame else page
    scope: tuple[LocatorCall, ...] = frame
    if target.context:
        resolved = await resolve_scope(root, target.context)
        if resolved is None:
            return DiscoveryFailed(
                "selector_not_found", f"no region, dialog or form named {target.context!r}"
            )
        scope = frame + resolved
    elif target.near:
        scope = frame + await _near_scope(root, target.near)
    tally = await _tally(page, target, action, scope, need_visible)
    if tally.chosen is None and target.kind == "focused":
        tally.chosen = await _focused(page, scope)
    if tally.chosen is None and not frame:
        tally.chosen = await _by_stable_attribute(page, target, need_visible, scope)
    if tally.chosen is None and target.kind == "editor" and not target.name.strip():
        editor = await sole_editor(page, scope)
        tally.chosen = (_Attempt("editor", editor), editor) if editor is not None else None
    if tally.chosen is None and _may_take_sole(target):
        tally.chosen = await _sole_of_kind(page, target, need_visible, scope)
    if tally.chosen is None and target.nth and not target.name.strip():
        tally.chosen = await _nth_of_kind(page, target, scope)
    if tally.chosen is None:
        return await _chain_failure(page, target, tally)
    attempt, spec = tally.chosen
    loc = spec.resolve(page)
    fp = await fingerprint_of(loc, role=_role_of(spec), name=target.name)
    return Discovered(
        locator=spec, strategy=attempt.strategy, fingerprint=fp, fallbacks=tally.fallbacks
    )


async def _tally(
    page: Any, target: Target, action: str, scope: tuple[LocatorCall, ...], need_visible: bool
) -> _Tally:
    tally = _Tally()
    tried = 0
    for attempt in attempts(target, action, scope):
        if tally.chosen is not None and (len(tally.fallbacks) >= 2 or tried >= 4):
            break
        if tally.chosen is not None:
            tried += 1
        if tally.chosen is None and tally.ambiguous and not attempt.exact:
            # Several elements carry exactly this name: a looser match ("Renewal" for "New")
            # would be a different element, never the answer.
            break
        spec = attempt.spec
        count, ok = await _unique_visible(spec.resolve(page), need_visible)
        if not ok and count > 1 and target.nth:
            spec = LocatorSpec(calls=(*spec.calls, _call("nth", max(target.nth - 1, -1))))
            ok = await spec.resolve(page).is_visible() if need_visible else True
        if ok:
            if tally.chosen is None:
                tally.chosen = (attempt, spec)
            elif spec != tally.chosen[1]:
                tally.fallbacks.append(spec)
        elif count > 1 and attempt.exact:
            tally.ambiguous.append(attempt)
        elif count == 1 and attempt.exact:
            tally.hidden.append(attempt)
        elif attempt.exact:
            tally.missed.append(attempt)
    await _prefer_exact(page, tally, need_visible)
    return tally


async def _prefer_exact(page: Any, tally: _Tally, need_visible: bool) -> None:
    """A page still drawing may show the exact name only after it was tried, and a looser
    match later: the exact one, now there, is the answer (the looser one a fallback)."""
    if tally.chosen is None or tally.chosen[0].exact:
        return
    for attempt in tally.missed:
        if (await _unique_visible(attempt.spec.resolve(page), need_visible))[1]:
            tally.fallbacks.insert(0, tally.chosen[1])
            tally.chosen = (attempt, attempt.spec)
            return


async def _chain_failure(page: Any, target: Target, tally: _Tally) -> DiscoveryFailed:
    if tally.ambiguous:
        loc = tally.ambiguous[0].spec.resolve(page)
        return DiscoveryFailed(
            "ambiguous_target",
            f"{await loc.count()} elements match {target.describe()!r}; say which one "
            "(e.g. 'the second ...' or 'in the X section')",
            await _describe(loc),
        )
    if tally.hidden:
        return DiscoveryFailed(
            "selector_not_found",
            f"{target.describe()!r} is on the page but hidden "
            f"({tally.hidden[0].spec.short()} is not visible)",
        )
    return DiscoveryFailed("selector_not_found", f"no element matches {target.describe()!r}")


async def _by_stable_attribute(
    page: Any, target: Target, need_visible: bool, scope: tuple[LocatorCall, ...]
) -> tuple[_Attempt, LocatorSpec] | None:
    if not target.name:
        return None
    for attr, css in await stable_attributes(page, target.name):
        spec = LocatorSpec(calls=(*scope, _call("locator", css)))
        _, ok = await _unique_visible(spec.resolve(page), need_visible)
        if ok:
            return _Attempt("stable_" + attr, spec), spec
    return None


def _may_take_sole(target: Target) -> bool:
    """Whether "the only X on the page" may stand in for a name that did not match.

    Only for a nameless target ("the heading") or the site's search box, whose name the
    planner makes up from "search <Site> for ..."; a named button is never replaced by
    whatever button happens to be alone on the page.
    """
    if target.kind not in KIND_ROLES:
        return False
    return not target.name.strip() or target.kind == "searchbox"


async def _focused(
    page: Any, scope: tuple[LocatorCall, ...]
) -> tuple[_Attempt, LocatorSpec] | None:
    """ "Type "milk"": the field that has focus, re-expressed by its role and name (else the
    caller falls back to the only text field on the page)."""
    loc = LocatorSpec(calls=(*scope, _call("locator", ":focus"))).resolve(page)
    if await loc.count() < 1:
        return None
    # a web component's field: its host matches :focus too; the focused input is the deepest
    found = await _snapshot_role_name(loc.last)
    if not found or not found[1] or found[0] not in KIND_ROLES["focused"]:
        return None
    named = LocatorSpec(calls=(*scope, _call("get_by_role", found[0], name=found[1], exact=True)))
    _, ok = await _unique_visible(named.resolve(page), True)
    return (_Attempt("role", named), named) if ok else None


async def _nth_of_kind(
    page: Any, target: Target, scope: tuple[LocatorCall, ...]
) -> tuple[_Attempt, LocatorSpec] | None:
    """ "The second item", "the last row": the N-th element of a nameless kind, by position."""
    n = target.nth or 0
    for role in KIND_ROLES.get(target.kind or "", ()):
        bare = LocatorSpec(calls=(*scope, _call("get_by_role", role)))
        if await bare.resolve(page).count() >= abs(n):
            spec = LocatorSpec(calls=(*bare.calls, _call("nth", n - 1 if n > 0 else n)))
            return _Attempt("role", spec), spec
    return None


async def _sole_of_kind(
    page: Any, target: Target, need_visible: bool, scope: tuple[LocatorCall, ...]
) -> tuple[_Attempt, LocatorSpec] | None:
    """The only element of the asked kind ("the search box"), re-expressed by its own name."""
    if target.kind == "focused" and await visible_of_roles(page, target, scope) != 1:
        return None  # "type X" with three text fields: not the one combobox
    for role in KIND_ROLES[target.kind or ""]:
        bare = LocatorSpec(calls=(*scope, _call("get_by_role", role)))
        loc = bare.resolve(page)
        visible = [i for i in range(min(await loc.count(), 5)) if await loc.nth(i).is_visible()]
        if len(visible) != 1:
            continue
        found = await _snapshot_role_name(loc.nth(visible[0]))
        if found and found[1]:
            named = LocatorSpec(
                calls=(*scope, _call("get_by_role", found[0], name=found[1], exact=True))
            )
            _, ok = await _unique_visible(named.resolve(page), need_visible)
            if ok:
                return _Attempt("role", named), named
        _, ok = await _unique_visible(loc, need_visible)
        if ok:
            return _Attempt("role", bare), bare
    return None


async def _loosely(
    page: Any, target: Target, action: str, scope: tuple[LocatorCall, ...]
) -> Discovered | None:
    """The first looser reading of a target that matched nothing ("the File menu": "File")."""
    for read in loosened(target, action):
        found = await _try_once(page, read, action, scope)
        if isinstance(found, Discovered):
            found.note = loosened_note(target, read)
            return found
    stand_in = await stand_in_field(page, target, action, scope)
    if stand_in is None:
        return None
    box, strategy, note = stand_in
    fp = await fingerprint_of(box.resolve(page), role="textbox")
    return Discovered(locator=box, strategy=strategy, fingerprint=fp, note=note)


async def discover(
    page: Any,
    target: Target,
    action: str,
    timeout_s: float,
    *,
    scope: tuple[LocatorCall, ...] = (),
    value: str | None = None,
) -> Discovered:
    """Poll the page until one unique, visible element matches the target, or give up.

    `scope`: the frame a `switch_frame` step entered (`frame_locator` calls): look only there.
    `value`: the step's value (a `select` step's option names the list it is in, when no
    list's name matches).
    """
    started = time.perf_counter()
    deadline = started + timeout_s
    while True:
        try:
            outcome = await _try_once(page, target, action, scope, value)
            if isinstance(outcome, DiscoveryFailed) and outcome.kind == "selector_not_found":
                outcome = await _loosely(page, target, action, scope) or outcome
        except Exception as exc:  # the page navigated mid-pass: try again on the new one
            logger.debug("discovery pass interrupted: %s", exc)
            outcome = DiscoveryFailed("selector_not_found", f"page changed during discovery: {exc}")
        if isinstance(outcome, Discovered):
            outcome.elapsed_ms = (time.perf_counter() - started) * 1000
            observe_discovery(outcome.elapsed_ms / 1000)
            return outcome
        if time.perf_counter() >= deadline and not await keep_looking(page, started, timeout_s):
            observe_discovery(time.perf_counter() - started)
            raise outcome
        await asyncio.sleep(0.15)

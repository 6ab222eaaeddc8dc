"""The data that crosses the pipeline's boxes: requirement, plan, selectors, results, verdict."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    WithJsonSchema,
    model_validator,
)

from backend.actions import ACTIONS, known_action
from backend.kinds import roles_of
from backend.literals import py_literal
from backend.text import normalise_text

#: An action name from the table in backend/actions.py (the one place actions are defined).
Action = Annotated[
    str,
    AfterValidator(known_action),
    WithJsonSchema({"type": "string", "enum": list(ACTIONS)}),
]

#: How an assertion compares; the `not_` forms are the negated checks ("the title is not X").
Match = Literal["equals", "contains", "not_equals", "not_contains"]
Status = Literal["passed", "failed", "error", "skipped"]
VerdictKind = Literal["PASS", "FAIL", "ERROR"]
RootCause = Literal[
    "selector_not_found",
    "ambiguous_target",
    "assertion_failed",
    "timeout",
    "navigation_error",
    "drift_unhealed",
    "planning_error",
    "environment_error",
]

_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def now_utc() -> str:
    """An ISO-8601 UTC timestamp, the one format every record uses."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def variables_in(text: str | None) -> list[str]:
    """Names of the `${VAR}` references in a text, in order of first appearance."""
    if not text:
        return []
    seen: dict[str, None] = {}
    for name in _VAR.findall(text):
        seen.setdefault(name, None)
    return list(seen)


def expand_variables(text: str, env: Mapping[str, str]) -> str:
    """Replace `${VAR}` with its value from `env`; a missing one raises KeyError naming it."""
    return _VAR.sub(lambda m: env[m.group(1)], text)


class Requirement(BaseModel):
    """A requirement file (or ad-hoc text): front matter plus English."""

    model_config = ConfigDict(frozen=True)

    name: str
    body: str
    url: str | None = None
    title: str | None = None
    tags: list[str] = Field(default_factory=list)
    path: str | None = None
    #: `${VAR}` names the front matter declares as not secret (`public_vars: [USER]`).
    public_vars: list[str] = Field(default_factory=list)
    meta: dict[str, Any] = Field(default_factory=dict)


class Target(BaseModel):
    """An element described the way a person does: a kind, a name, optional context."""

    model_config = ConfigDict(frozen=True)

    #: button, link, textbox, searchbox, combobox, checkbox, radio, heading, tab, option, ...
    #: None when the English named no kind ("click Save").
    kind: str | None = None
    name: str = ""
    #: "within the X region/dialog/card/row", as the person wrote X.
    context: str | None = None
    #: 1-based ordinal ("the second Edit link" -> 2); -1 is the last ("the last Edit link").
    nth: int | None = None
    #: "the icon next to the note": the element nearest to a text (None: no relation).
    near: str | None = None

    def canonical(self) -> str:
        """The normalised form used in cache keys and plan hashes."""
        parts = [self.kind or "any", normalise_text(self.name)]
        if self.context:
            parts.append("in=" + normalise_text(self.context))
        if self.nth:
            parts.append(f"nth={self.nth}")
        if self.near:
            parts.append("near=" + normalise_text(self.near))
        return "|".join(parts)

    def describe(self) -> str:
        """A short human description, for logs and reports."""
        text = self.name or (self.kind or "element")
        if self.name and self.kind:
            text = f"{self.name} {self.kind}"
        if self.nth == -1:
            text = f"last {text}"
        elif self.nth:
            text = f"#{self.nth} {text}"
        if self.context:
            text += f" in {self.context}"
        if self.near:
            text += f" near {self.near}"
        return text


class Step(BaseModel):
    """One action of a plan, as the planner read it from one piece of English."""

    model_config = ConfigDict(frozen=True)

    action: Action
    target: Target | None = None
    #: The text to type, key to press, option to select, URL, expected text ... may hold ${VAR}.
    value: str | None = None
    #: How an assertion compares its value.
    expect: Match | None = None
    #: The English this step came from.
    source: str = ""
    #: How the planner read it: None for a pattern, "lenient" for the quoted-text fallback
    #: ("each quoted text is (not) visible"). Not part of the canonical form or the hash.
    read_as: str | None = None

    def canonical(self) -> dict[str, Any]:
        """Action + target + value, without the English: paraphrases compare equal."""
        return {
            "action": self.action,
            "target": self.target.canonical() if self.target else None,
            "value": self.value,
            "expect": self.expect,
        }

    def label(self) -> str:
        """A short description for logs, screenshots and comments (secrets stay as ${VAR})."""
        bits: list[str] = [self.action]
        if self.target:
            bits.append(self.target.describe())
        if self.value is not None:
            bits.append(repr(self.value))
        return " ".join(bits)


class Plan(BaseModel):
    """An ordered list of steps, with the hash of its canonical form."""

    requirement: str
    steps: list[Step]
    planner: str = "rules"
    base_url: str | None = None

    @property
    def hash(self) -> str:
        """Hash of the canonical steps; URLs on the run's own origin count by their path."""
        canon = []
        for step in self.steps:
            item = step.canonical()
            value = item["value"]
            base = (self.base_url or "").rstrip("/")
            if step.action == "navigate" and base and str(value).startswith(base + "/"):
                item["value"] = str(value)[len(base) :]
            canon.append(item)
        payload = json.dumps(canon, sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()[:16]


_TEXT: dict[str, type] = {"exact": bool}
_FILTER: dict[str, type] = {"has_text": str, "has_not_text": str}
#: Each locator method PACTS writes: its positional argument types and keyword parameters,
#: as Playwright's Python API names them (only the ones that take a literal value).
LOCATOR_SIGNATURES: dict[str, tuple[tuple[type, ...], dict[str, type]]] = {
    "get_by_role": (
        (str,),
        {
            "name": str,
            "exact": bool,
            "level": int,
            "checked": bool,
            "disabled": bool,
            "expanded": bool,
            "include_hidden": bool,
            "pressed": bool,
            "selected": bool,
        },
    ),
    "get_by_label": ((str,), _TEXT),
    "get_by_placeholder": ((str,), _TEXT),
    "get_by_text": ((str,), _TEXT),
    "get_by_test_id": ((str,), {}),
    "get_by_alt_text": ((str,), _TEXT),
    "get_by_title": ((str,), _TEXT),
    "locator": ((str,), _FILTER),
    "frame_locator": ((str,), {}),
    "filter": ((), {**_FILTER, "visible": bool}),
    "nth": ((int,), {}),
}


class LocatorCall(BaseModel):
    """One call of a Playwright locator chain: `get_by_role("button", name="New")`."""

    model_config = ConfigDict(frozen=True)

    method: Literal[
        "get_by_role",
        "get_by_label",
        "get_by_placeholder",
        "get_by_text",
        "get_by_test_id",
        "get_by_alt_text",
        "get_by_title",
        "locator",
        "frame_locator",
        "filter",
        "nth",
    ]
    args: tuple[str | int, ...] = ()
    kwargs: dict[str, str | int | bool] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _playwright_signature(self) -> LocatorCall:
        """Only Playwright's own parameters, with literal values of their types (issue 14).

        A record read from a cache or `selectors.json` is data written into generated source
        and applied to a page: an unknown keyword would be code injection or a TypeError.
        """
        arg_types, allowed = LOCATOR_SIGNATURES[self.method]
        if len(self.args) != len(arg_types):
            raise ValueError(
                f"{self.method}() takes {len(arg_types)} positional argument(s), "
                f"not {len(self.args)}"
            )
        for value, kind in zip(self.args, arg_types, strict=True):
            if type(value) is not kind:
                raise ValueError(f"{self.method}() argument {value!r} is not a {kind.__name__}")
        for key, value in self.kwargs.items():
            if key not in allowed:
                raise ValueError(f"{self.method}() has no parameter {key!r}")
            if type(value) is not allowed[key]:
                raise ValueError(f"{self.method}({key}=...) must be a {allowed[key].__name__}")
        return self


#: Keyword arguments are written in this order whatever order a stored record has them in,
#: so a record that went through JSON with sorted keys renders the same code.
_KWARG_FIRST = ("name", "exact", "level", "checked", "has_text")


def _kwarg_order(kwargs: Mapping[str, object]) -> list[str]:
    first = [k for k in _KWARG_FIRST if k in kwargs]
    return first + sorted(k for k in kwargs if k not in _KWARG_FIRST)


class LocatorSpec(BaseModel):
    """A Playwright locator as data: rendered into code, or applied to a live page."""

    model_config = ConfigDict(frozen=True)

    calls: tuple[LocatorCall, ...]

    def expr(self, root: str = "page") -> str:
        """The Python expression, e.g. `page.get_by_role("button", name="Go", exact=True)`."""
        out = root
        for call in self.calls:
            parts = [py_literal(a) for a in call.args]
            parts += [f"{k}={py_literal(call.kwargs[k])}" for k in _kwarg_order(call.kwargs)]
            out += f".{call.method}({', '.join(parts)})"
        return out

    def short(self) -> str:
        """The chain without its root, for log lines: `get_by_role("button", name="New")`."""
        return self.expr(root="")[1:]

    def resolve(self, page: Any) -> Any:
        """Apply the chain to a Playwright page (or locator) and return the locator."""
        current = page
        for call in self.calls:
            current = getattr(current, call.method)(*call.args, **call.kwargs)
        return current


def direct_locator(target: Target | None, text: str = "") -> LocatorSpec:
    """A locator built from the description alone, for elements that may be absent or many:
    "3 Edit buttons are shown", "the spinner is hidden"; no target: the text itself."""
    target = target or Target(kind="text", name=text)
    if target.kind and target.kind != "text":
        role = roles_of(target.kind)[0]
        if not target.name:  # "3 rows are shown": every element of the kind
            return LocatorSpec(calls=(LocatorCall(method="get_by_role", args=(role,)),))
        call = LocatorCall(
            method="get_by_role", args=(role,), kwargs={"name": target.name, "exact": True}
        )
        return LocatorSpec(calls=(call,))
    text_call = LocatorCall(method="get_by_text", args=(target.name,), kwargs={"exact": True})
    return LocatorSpec(calls=(text_call,))


class Fingerprint(BaseModel):
    """What an element looked like when it was found, to notice when it changes."""

    tag: str = ""
    role: str = ""
    name: str = ""
    text: str = ""
    attributes: dict[str, str] = Field(default_factory=dict)
    ancestors: list[str] = Field(default_factory=list)
    labels: list[str] = Field(default_factory=list)
    #: Visible texts nearest the element (above, below, left, right): what a person reads next
    #: to it, which survives a rename of the element itself (issue 18, the Similo data).
    neighbours: list[str] = Field(default_factory=list)
    #: Class names that look hand-written (generated ones left out).
    classes: list[str] = Field(default_factory=list)
    #: Where it sits in the document: from the nearest stable id, `*[@id='nav']/ul/li[2]/a`
    #: (from `html` when there is none); a sibling index is written only past 1.
    path: str = ""
    #: The same from the root, `html/body/div[2]/nav/ul/li[3]/a`: a redesign often renames the
    #: ids a path is anchored at while the page's layout around the element stays.
    xpath: str = ""
    #: x, y, width, height in CSS pixels of the page; empty when not known (hidden, old record).
    box: list[int] = Field(default_factory=list)
    #: A digest of the in-page data this fingerprint was read from (discovery/fingerprints.py):
    #: a cache hit whose element reads the same digest is this element, unchanged, and its
    #: check needs no fingerprint read (issue 15). Empty: unknown. Set only by `checked()`.
    digest: str = ""
    #: (the data read, as JSON; its digest) when this fingerprint was read from a live page.
    _read: tuple[str, str] | None = PrivateAttr(default=None)

    def checked(self, redact: Callable[[str], str]) -> Fingerprint:
        """This fingerprint with the digest of the data it was read from, when that data holds
        no secret (a digest is a form of what it digests); unchanged when not read here."""
        if self._read is None:
            return self
        data, digest = self._read
        return self.model_copy(update={"digest": digest if redact(data) == data else ""})


class SelectorRecord(BaseModel):
    """A discovered selector for one target on one route, as the cache stores it."""

    key: str
    origin: str
    route: str
    target: str
    selector: str
    locator: LocatorSpec
    strategy: str
    fallbacks: list[LocatorSpec] = Field(default_factory=list)
    fingerprint: Fingerprint = Field(default_factory=Fingerprint)
    version: int = 1
    hits: int = 0
    created_at: str = Field(default_factory=now_utc)
    last_verified_at: str = Field(default_factory=now_utc)


class CheckResult(BaseModel):
    """One of the Oracle's checks of a step's effect ("field keeps the value")."""

    check: str
    result: Literal["pass", "fail", "warn"]
    detail: str = ""


class PlannerUsage(BaseModel):
    """The LLM planner's accounting for one run: model, calls, tokens, cost, cache hit."""

    model: str
    version: str = ""
    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0
    retries: int = 0
    repaired: bool = False
    cached: bool = False
    #: The requirement's line numbers the LLM planned (auto mode: the ones rules left).
    lines: list[int] = Field(default_factory=list)


class StepResult(BaseModel):
    """What happened when one step ran: data, never an exception."""

    index: int
    step: Step
    status: Status
    selector: str | None = None
    strategy: str | None = None
    cache: Literal["fast", "persistent", "discovered", "none"] = "none"
    error_kind: RootCause | None = None
    error: str | None = None
    screenshot: str | None = None
    #: Finding the element (cache check or discovery) plus doing the step.
    duration_ms: float = 0.0
    heal_rounds: int = 0
    healed: bool = False
    #: Whether a fresh element could cure the failure (False: the element was fine, the app not).
    healable: bool = True
    candidates: list[str] = Field(default_factory=list)
    #: A choice discovery made for the person: "2 equivalent elements (link 'Ada Lovelace', same
    #: href ...): took the first in reading order"; `candidates` lists them.
    note: str = ""
    #: The Oracle's checks of this step's effect: {"check", "result": pass|fail|warn, "detail"}.
    checks: list[CheckResult] = Field(default_factory=list)


#: ERROR causes met while driving the browser, which a re-run on the page may not repeat.
RETRIED_ERRORS: frozenset[str] = frozenset({"ambiguous_target", "navigation_error", "timeout"})


class Retry(BaseModel):
    """The traced re-run of a requirement whose first attempt failed (PACTS_TRACE=on-first-retry).

    The run's verdict stays the first attempt's; this says what the re-run saw. Its trace is the
    run folder's `trace.zip`, its screenshots are under the run folder's `retry/`.
    """

    verdict: VerdictKind
    root_cause: RootCause | None = None
    explanation: str = ""
    failing_step: int | None = None
    #: The re-run passed: the first attempt's failure did not repeat (flaky).
    passed: bool = False
    duration_ms: float = 0.0
    #: `runs/<id>/retry` (its screenshots, plan.json) and `runs/<id>/trace.zip` (None: no trace
    #: was saved, e.g. the browser died).
    run_dir: str | None = None
    trace: str | None = None
    screenshots: list[str] = Field(default_factory=list)

    def sentence(self) -> str:
        """What the re-run means, in plain words (appended to the verdict's explanation)."""
        if self.passed:
            return "The traced re-run passed: the failure did not repeat (flaky)."
        where = f" at step {self.failing_step}" if self.failing_step else ""
        cause = f" ({self.root_cause})" if self.root_cause else ""
        return f"The traced re-run failed too{where}{cause}; its trace is trace.zip."


class Verdict(BaseModel):
    """The outcome of a run: PASS / FAIL / ERROR, why, and the evidence."""

    run_id: str
    requirement: str
    verdict: VerdictKind
    root_cause: RootCause | None = None
    explanation: str = ""
    failing_step: int | None = None
    steps: list[StepResult] = Field(default_factory=list)
    evidence: dict[str, Any] = Field(default_factory=dict)
    plan_hash: str | None = None
    started_at: str = Field(default_factory=now_utc)
    duration_ms: float = 0.0
    discoveries: int = 0
    cache: dict[str, Any] = Field(default_factory=dict)
    generated_test: str | None = None
    run_dir: str | None = None
    #: The LLM planner's accounting when it took part: model, calls, tokens, cost_usd, cached.
    planner: PlannerUsage | None = None
    #: The traced re-run of a failing first attempt (PACTS_TRACE=on-first-retry); None: none ran.
    retry: Retry | None = None

    def worth_a_retry(self) -> bool:
        """What PACTS_TRACE=on-first-retry re-runs: a FAIL, or an ERROR met in the browser;
        never a planning_error or an environment_error (a re-run would repeat them as they are)."""
        if self.verdict == "FAIL":
            return True
        return self.verdict == "ERROR" and self.root_cause in RETRIED_ERRORS

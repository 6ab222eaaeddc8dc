"""The Anthropic planner: English lines -> Steps through tool use, validated, repaired once."""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from backend.actions import spec_for
from backend.errors import PlanningError
from backend.models import Action, Match, Step, Target
from backend.settings import Settings

logger = logging.getLogger(__name__)

#: Bump when the prompt or the schema changes: cached plans of another version are not used.
PLANNER_VERSION = "llm-2"
TOOL_NAME = "submit_plan"
#: US dollars per million (input, output) tokens, by model name prefix; unknown models cost 0.
PRICES: dict[str, tuple[float, float]] = {
    "claude-opus-4-5": (5.0, 25.0),
    "claude-opus": (15.0, 75.0),
    "claude-sonnet": (3.0, 15.0),
    "claude-haiku-4-5": (1.0, 5.0),
    "claude-3-5-haiku": (0.8, 4.0),
    "claude-haiku": (1.0, 5.0),
}
RETRY_STATUSES = frozenset({408, 409, 429})

SYSTEM = """You turn English test requirements into browser test steps for PACTS.
Call the submit_plan tool once with every step, in order. Each step names the number of the
input line it comes from (`line`, 1-based); every line gives at least one step.
Describe elements the way a person does (kind + visible name + optional context), never CSS.
Kinds: button, link, textbox, searchbox, combobox, checkbox, radio, heading, tab, option,
menuitem, img, row, text. Keep ${VAR} placeholders exactly as written; never invent values.
"press/hit/tap X" where X is no key name clicks a button (kind button); target.nth is 1-based,
-1 for "the last". right_click is a click with the right mouse button.
Assertions: assert_text (value, expect contains|equals|not_contains|not_equals; target
optional), assert_visible, assert_hidden, assert_url, assert_title, assert_value,
assert_count (value is the number), assert_enabled, assert_disabled, assert_checked,
assert_unchecked. Negated checks use expect not_equals or not_contains.
switch_frame: target.name is the iframe's title or name ("" for the only iframe); no target
goes back to the page itself. switch_tab: value "new" for the tab that just opened, or an
ordinal ("1" the first tab, "-1" the last); or target.name, a word of the tab's title."""


class LlmStep(BaseModel):
    """One step as the model writes it: a Step without its English, plus the line it read."""

    action: Action
    target: Target | None = None
    value: str | None = None
    expect: Match | None = None
    line: int = Field(ge=1, description="1-based number of the input line this step comes from")


class LlmPlan(BaseModel):
    steps: list[LlmStep] = Field(min_length=1)


def _inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """The JSON schema with `$ref`s replaced by their definitions (one self-contained object)."""
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return walk(dict(defs[ref.rsplit("/", 1)[1]]))
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return dict(walk(schema))


def plan_tool() -> dict[str, Any]:
    """The tool whose input_schema is the Plan schema the pydantic models define."""
    return {
        "name": TOOL_NAME,
        "description": "Submit the test plan: the ordered steps for the numbered lines.",
        "input_schema": _inline_refs(LlmPlan.model_json_schema()),
    }


@dataclass
class Usage:
    """Tokens, calls and cost of the LLM planning of one run."""

    model: str
    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    retries: int = 0
    repaired: bool = False
    cached: bool = False
    lines: list[int] = field(default_factory=list)

    @property
    def cost_usd(self) -> float:
        for prefix, (per_in, per_out) in PRICES.items():
            if self.model.startswith(prefix):
                return round((self.input_tokens * per_in + self.output_tokens * per_out) / 1e6, 6)
        return 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "version": PLANNER_VERSION,
            "calls": self.calls,
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "cost_usd": self.cost_usd,
            "retries": self.retries,
            "repaired": self.repaired,
            "cached": self.cached,
            "lines": self.lines,
        }


def _needs_target(action: str) -> bool:
    """Element steps, and element checks, say which element."""
    return spec_for(action).element in ("one", "direct")


def _validate(content: list[Any], count: int) -> tuple[LlmPlan | None, str]:
    """The plan in a reply's tool_use block, or None and what is wrong with it."""
    block = next((b for b in content if getattr(b, "type", None) == "tool_use"), None)
    if block is None:
        return None, f"no {TOOL_NAME} tool call in the reply"
    try:
        plan = LlmPlan.model_validate(block.input)
    except ValidationError as exc:
        return None, str(exc)
    unrunnable = sorted(
        {s.action for s in plan.steps if _needs_target(s.action) and s.target is None}
        | {s.action for s in plan.steps if s.action == "switch_tab" and not (s.target or s.value)}
    )
    if unrunnable:
        return None, f"actions {unrunnable} need a target (switch_tab: a target or a value)"
    seen = {s.line for s in plan.steps}
    bad = sorted(n for n in seen if n > count)
    missing = sorted(set(range(1, count + 1)) - seen)
    if bad or missing:
        return None, f"line numbers must cover 1..{count}: unknown {bad}, missing {missing}"
    return plan, ""


class LlmPlanner:
    """Plans numbered English lines with the Anthropic Messages API (tool use)."""

    def __init__(self, settings: Settings) -> None:
        import anthropic

        if settings.anthropic_api_key is None:
            raise PlanningError(
                what="the LLM planner needs an API key",
                why="ANTHROPIC_API_KEY is not set",
                fix="export ANTHROPIC_API_KEY, or use --planner rules",
            )
        self.settings = settings
        self.model = settings.llm_model
        # Retries are ours (count and backoff are settings), so the SDK's own are off.
        self.client = anthropic.AsyncAnthropic(
            api_key=settings.anthropic_api_key.get_secret_value(),
            base_url=settings.anthropic_base_url,
            timeout=settings.llm_timeout_s,
            max_retries=0,
        )
        self.traced = self._trace()

    def _trace(self) -> bool:
        """Wrap the client for LangSmith when LANGSMITH_API_KEY is set and langsmith exists."""
        if self.settings.langsmith_api_key is None:
            return False
        try:
            import warnings

            with warnings.catch_warnings():
                # langsmith.wrappers imports a deprecated module of its own on the way
                warnings.simplefilter("ignore", DeprecationWarning)
                from langsmith.wrappers import wrap_anthropic
        except ImportError:
            logger.warning("LANGSMITH_API_KEY is set but langsmith is not installed: no tracing")
            return False
        self.client = wrap_anthropic(self.client)
        return True

    async def close(self) -> None:
        await self.client.close()

    async def _create(self, messages: list[dict[str, Any]], usage: Usage) -> Any:
        """One Messages call, retried with exponential backoff on 408/409/429/5xx/timeouts."""
        import anthropic

        attempt = 0
        while True:
            try:
                reply = await self.client.messages.create(  # type: ignore[call-overload]
                    model=self.model,
                    max_tokens=self.settings.llm_max_tokens,
                    system=SYSTEM,
                    tools=[plan_tool()],
                    tool_choice={"type": "tool", "name": TOOL_NAME},
                    messages=messages,
                )
            except (anthropic.APIStatusError, anthropic.APIConnectionError) as exc:
                status = getattr(exc, "status_code", None)
                transient = status is None or status in RETRY_STATUSES or status >= 500
                usage.calls += 1
                if not transient or attempt >= self.settings.llm_max_retries:
                    raise PlanningError(
                        what="the LLM planner failed",
                        why=_describe(exc, self.settings, attempt),
                        fix="try again later, or use --planner rules",
                    ) from exc
                delay = self.settings.llm_backoff_s * (2**attempt)
                logger.warning(
                    "LLM planner: %s; retry %d in %.2fs",
                    _describe(exc, self.settings, attempt),
                    attempt + 1,
                    delay,
                )
                attempt += 1
                usage.retries += 1
                await asyncio.sleep(delay)
                continue
            usage.calls += 1
            usage.input_tokens += reply.usage.input_tokens
            usage.output_tokens += reply.usage.output_tokens
            return reply

    async def plan_lines(self, lines: list[str], usage: Usage) -> list[Step]:
        """Steps for the numbered lines, each carrying its line's English as `source`."""
        numbered = "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1))
        messages: list[dict[str, Any]] = [
            {"role": "user", "content": f"Plan these requirement lines:\n{numbered}"}
        ]
        reply = await self._create(messages, usage)
        plan, problem = _validate(reply.content, len(lines))
        if plan is None:
            logger.warning(
                "LLM planner: the plan does not validate (%s); asking once to repair", problem
            )
            usage.repaired = True
            messages.append(
                {"role": "assistant", "content": [b.model_dump() for b in reply.content]}
            )
            tool_use = next((b for b in reply.content if b.type == "tool_use"), None)
            fix = f"The plan is invalid: {problem}. Call {TOOL_NAME} again with a corrected plan."
            if tool_use is not None:
                messages.append(
                    {
                        "role": "user",
                        "content": [
                            {
                                "type": "tool_result",
                                "tool_use_id": tool_use.id,
                                "is_error": True,
                                "content": fix,
                            }
                        ],
                    }
                )
            else:
                messages.append({"role": "user", "content": fix})
            reply = await self._create(messages, usage)
            plan, problem = _validate(reply.content, len(lines))
            if plan is None:
                raise PlanningError(
                    what="the LLM planner's plan does not validate after one repair",
                    why=problem.splitlines()[0],
                    fix="rephrase the requirement, or use --planner rules",
                )
        return [
            Step(
                action=s.action,
                target=s.target,
                value=s.value,
                expect=s.expect,
                source=lines[s.line - 1],
            )
            for s in sorted(plan.steps, key=lambda s: s.line)
        ]


def _describe(exc: Exception, settings: Settings, attempt: int) -> str:
    import anthropic

    if isinstance(exc, anthropic.APITimeoutError):
        return f"no answer within PACTS_LLM_TIMEOUT_S={settings.llm_timeout_s:g}s"
    if isinstance(exc, anthropic.APIStatusError):
        kind = ""
        if isinstance(exc.body, dict):
            kind = str((exc.body.get("error") or {}).get("type") or "")
        return f"HTTP {exc.status_code} {kind}".strip() + f" after {attempt + 1} attempt(s)"
    return f"cannot reach the API ({type(exc).__name__})"


def cache_key(text: str, mode: str, model: str) -> str:
    """Plan-cache key: (requirement text hash, planner version, model)."""
    import hashlib

    text_hash = hashlib.sha256(text.encode()).hexdigest()
    parts = json.dumps([text_hash, f"{PLANNER_VERSION}/{mode}", model])
    return hashlib.sha256(parts.encode()).hexdigest()

"""The LLM planner through the real `anthropic` SDK against a local Messages API server."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import SecretStr

from backend.errors import PlanningError
from backend.models import Requirement
from backend.planning.llm import TOOL_NAME, plan_tool
from backend.planning.modes import make_plan
from backend.settings import Settings
from backend.storage.init import get_storage
from tests.fakes.anthropic_server import FakeAnthropic

KEY = "sk-test-not-a-real-key"
REQ = Requirement(name="shop", body='1. Add the "Red kettle" to the basket\n2. Go to the checkout')
STEPS = [
    {"action": "click", "target": {"kind": "button", "name": "Add to basket"}, "line": 1},
    {"action": "click", "target": {"kind": "link", "name": "Checkout"}, "line": 2},
]


@pytest.fixture
def server() -> Iterator[FakeAnthropic]:
    with FakeAnthropic() as fake:
        yield fake


@pytest.fixture
def llm_settings(settings: Settings, server: FakeAnthropic) -> Settings:
    return settings.model_copy(
        update={
            "anthropic_api_key": SecretStr(KEY),
            "anthropic_base_url": server.url,
            "llm_model": "claude-sonnet-4-5",
            "llm_backoff_s": 0.01,
            "llm_timeout_s": 5.0,
        }
    )


def test_the_tool_schema_is_the_plan_schema() -> None:
    schema = plan_tool()["input_schema"]
    item = schema["properties"]["steps"]["items"]
    assert "$ref" not in str(schema)
    assert "click" in item["properties"]["action"]["enum"]
    assert set(item["required"]) == {"action", "line"}


async def test_a_good_plan(llm_settings: Settings, server: FakeAnthropic) -> None:
    server.reply_plan(STEPS, tokens=(1000, 200))
    plan, usage = await make_plan(REQ, llm_settings, "llm")
    assert [s.label() for s in plan.steps] == [
        "click Add to basket button",
        "click Checkout link",
    ]
    assert plan.steps[1].source == "Go to the checkout"
    assert plan.planner == "llm"
    assert usage is not None
    assert (usage["calls"], usage["input_tokens"], usage["output_tokens"]) == (1, 1000, 200)
    assert usage["cost_usd"] == pytest.approx((1000 * 3 + 200 * 15) / 1e6)
    sent = server.requests[0]
    assert sent["model"] == "claude-sonnet-4-5"
    assert sent["tool_choice"] == {"type": "tool", "name": TOOL_NAME}
    assert sent["tools"][0]["input_schema"] == plan_tool()["input_schema"]
    assert "2. Go to the checkout" in sent["messages"][0]["content"]
    assert server.headers[0]["x-api-key"] == KEY


async def test_an_invalid_plan_is_repaired_once(
    llm_settings: Settings, server: FakeAnthropic
) -> None:
    server.reply_plan([{"action": "tap", "line": 1}])  # no such action, line 2 missing
    server.reply_plan(STEPS)
    plan, usage = await make_plan(REQ, llm_settings, "llm")
    assert len(plan.steps) == 2
    assert usage is not None and usage["repaired"] and usage["calls"] == 2
    repair = server.requests[1]["messages"]
    assert [m["role"] for m in repair] == ["user", "assistant", "user"]
    result = repair[2]["content"][0]
    assert result["type"] == "tool_result" and result["is_error"] is True
    assert "unknown action 'tap'" in result["content"]


async def test_a_plan_still_invalid_after_the_repair_is_a_planning_error(
    llm_settings: Settings, server: FakeAnthropic
) -> None:
    server.reply_plan([{"action": "click", "line": 1}])  # line 2 never planned
    server.reply_plan([{"action": "click", "line": 7}])
    with pytest.raises(PlanningError, match="does not validate after one repair"):
        await make_plan(REQ, llm_settings, "llm")
    assert len(server.requests) == 2


async def test_overloaded_then_success_backs_off_and_retries(
    llm_settings: Settings, server: FakeAnthropic
) -> None:
    settings = llm_settings.model_copy(update={"llm_backoff_s": 0.2, "llm_max_retries": 2})
    server.reply_error(529, "overloaded_error")
    server.reply_error(429, "rate_limit_error")
    server.reply_plan(STEPS)
    started = time.perf_counter()
    plan, usage = await make_plan(REQ, settings, "llm")
    elapsed = time.perf_counter() - started
    assert len(plan.steps) == 2
    assert len(server.requests) == 3
    assert usage is not None and usage["retries"] == 2
    assert elapsed >= 0.2 + 0.4  # backoff 0.2 s, then doubled


async def test_retries_are_bounded_by_the_setting(
    llm_settings: Settings, server: FakeAnthropic
) -> None:
    settings = llm_settings.model_copy(update={"llm_max_retries": 1})
    for _ in range(3):
        server.reply_error(529, "overloaded_error")
    with pytest.raises(PlanningError, match="HTTP 529 overloaded_error after 2 attempt"):
        await make_plan(REQ, settings, "llm")
    assert len(server.requests) == 2


async def test_a_client_error_is_not_retried(llm_settings: Settings, server: FakeAnthropic) -> None:
    server.reply_error(401, "authentication_error")
    with pytest.raises(PlanningError, match="HTTP 401 authentication_error"):
        await make_plan(REQ, llm_settings, "llm")
    assert len(server.requests) == 1


async def test_a_timeout_is_a_planning_error(llm_settings: Settings, server: FakeAnthropic) -> None:
    settings = llm_settings.model_copy(update={"llm_timeout_s": 0.3, "llm_max_retries": 0})
    server.reply_slow(3.0, STEPS)
    started = time.perf_counter()
    with pytest.raises(PlanningError, match=r"no answer within PACTS_LLM_TIMEOUT_S=0\.3s"):
        await make_plan(REQ, settings, "llm")
    assert time.perf_counter() - started < 2.5
    assert len(server.requests) == 1


async def test_a_timeout_then_an_answer_is_retried(
    llm_settings: Settings, server: FakeAnthropic
) -> None:
    settings = llm_settings.model_copy(update={"llm_timeout_s": 0.5, "llm_max_retries": 1})
    server.reply_slow(3.0, STEPS)
    server.reply_plan(STEPS)
    plan, _ = await make_plan(REQ, settings, "llm")
    assert len(plan.steps) == 2 and len(server.requests) == 2


async def test_the_second_run_hits_the_plan_cache_and_replan_pays_again(
    llm_settings: Settings, server: FakeAnthropic
) -> None:
    storage = await get_storage(llm_settings)
    try:
        server.reply_plan(STEPS)
        first, usage1 = await make_plan(REQ, llm_settings, "llm", storage.plan_store)
        assert len(server.requests) == 1 and usage1 and not usage1["cached"]
        second, usage2 = await make_plan(REQ, llm_settings, "llm", storage.plan_store)
        assert len(server.requests) == 1  # 0 LLM calls on run 2
        assert usage2 is not None and usage2["cached"] and usage2["calls"] == 0
        assert second.hash == first.hash
        assert [s.source for s in second.steps] == [s.source for s in first.steps]
        other_model = llm_settings.model_copy(update={"llm_model": "claude-haiku-4-5"})
        server.reply_plan(STEPS)
        await make_plan(REQ, other_model, "llm", storage.plan_store)
        assert len(server.requests) == 2  # the model is part of the key
        server.reply_plan(STEPS)
        replan = llm_settings.model_copy(update={"replan": True})
        _, usage3 = await make_plan(REQ, replan, "llm", storage.plan_store)
        assert len(server.requests) == 3 and usage3 and not usage3["cached"]
    finally:
        await storage.close()


async def test_auto_asks_the_llm_only_for_unreadable_lines(
    llm_settings: Settings, server: FakeAnthropic
) -> None:
    req = Requirement(
        name="mixed",
        body='1. Go to /login\n2. Do the secret handshake with "alice"\n3. Click the Save button',
    )
    server.reply_plan([{"action": "click", "target": {"kind": "button", "name": "Hi"}, "line": 1}])
    plan, usage = await make_plan(req, llm_settings, "auto")
    assert [s.action for s in plan.steps] == ["navigate", "click", "click"]
    assert plan.steps[1].source == 'Do the secret handshake with "alice"'
    assert plan.planner == "auto"
    assert usage is not None and usage["lines"] == [2]
    content = server.requests[0]["messages"][0]["content"]
    assert '1. Do the secret handshake with "alice"' in content and "/login" not in content


async def test_auto_with_readable_lines_makes_no_call(
    llm_settings: Settings, server: FakeAnthropic
) -> None:
    plan, usage = await make_plan(Requirement(name="r", body="Click Save"), llm_settings, "auto")
    assert usage is None and plan.steps[0].action == "click"
    assert server.requests == []


async def test_auto_without_a_key_is_the_rules_planning_error(settings: Settings) -> None:
    req = Requirement(name="r", body="Click Save\nDo the secret handshake")
    with pytest.raises(PlanningError, match='cannot read line 2 of r: "Do the secret handshake"'):
        await make_plan(req, settings, "auto")


async def test_llm_without_a_key_is_a_usage_error(settings: Settings) -> None:
    with pytest.raises(PlanningError, match="needs an Anthropic API key") as info:
        await make_plan(REQ, settings, "llm")
    assert info.value.exit_code == 2


def test_the_key_is_not_in_the_usage_record(llm_settings: Settings) -> None:
    from backend.planning.llm import Usage

    record: dict[str, Any] = Usage(model=llm_settings.llm_model).as_dict()
    assert KEY not in str(record)


def test_langsmith_tracing_is_off_by_default_and_on_with_a_key(llm_settings: Settings) -> None:
    from backend.planning.llm import LlmPlanner

    assert LlmPlanner(llm_settings).traced is False
    traced = llm_settings.model_copy(update={"langsmith_api_key": SecretStr("ls-test")})
    assert LlmPlanner(traced).traced is True


async def test_an_action_the_executor_cannot_run_is_repaired(
    llm_settings: Settings, server: FakeAnthropic
) -> None:
    server.reply_plan([{"action": "click", "line": 1}, {"action": "switch_tab", "line": 2}])
    server.reply_plan(STEPS)
    plan, usage = await make_plan(REQ, llm_settings, "llm")
    assert [s.action for s in plan.steps] == ["click", "click"]
    assert usage is not None and usage["repaired"]
    repair = server.requests[1]["messages"][2]["content"][0]["content"]
    assert "click" in repair and "switch_tab" in repair

"""Toolkit actions answer from knowledge/, in the user's role, behind a confidence gate."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.settings import Settings
from actions.toolkit import (
    ActionAnswerToolkit,
    ActionRoleNoted,
    ActionToolkitFallback,
    ActionToolkitMore,
)
from devtools.trackers import tracker as build_tracker
from knowledge import get_knowledge


def tracker(
    intent: str | None,
    confidence: float = 0.95,
    ranking: list[dict[str, Any]] | None = None,
    **slots: Any,
) -> Tracker:
    message = {
        "text": "question",
        "intent": {"name": intent, "confidence": confidence} if intent else {},
        "intent_ranking": ranking
        if ranking is not None
        else ([{"name": intent, "confidence": confidence}] if intent else []),
    }
    return build_tracker(message, sender="user", slots=slots)


async def run(action: Any, current: Tracker) -> tuple[CollectingDispatcher, list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, current, {})
    return dispatcher, events


@pytest.fixture(autouse=True)
def _settings(app_settings: Settings) -> None:
    """Every toolkit test runs on the default confidence gate and a temporary database."""


async def test_answer_uses_role_variant_with_source_and_citation() -> None:
    """A supervisor asking about background checks gets the supervisor variant, cited."""
    entry = get_knowledge().entries["background_checks"]
    assert entry.variants is not None
    dispatcher, events = await run(
        ActionAnswerToolkit(), tracker("ask_background_checks", role="supervisor")
    )
    first, citation = dispatcher.messages[0], dispatcher.messages[1]
    assert first["response"] == "utter_toolkit_answer"
    assert first["answer"] == entry.variants.supervisor
    assert "NASMHPD" in first["source"] or "National Association" in first["source"]
    assert {b["payload"] for b in first["buttons"]} >= {f"/ask_{i}" for i in entry.related}
    assert citation["custom"]["citation"]["entry_id"] == "background_checks"
    assert citation["custom"]["citation"]["sources"]
    assert events == [SlotSet("last_entry", "background_checks")]


async def test_unknown_role_gets_general_answer_and_is_asked_once() -> None:
    """With no role, an entry with variants gets the general answer and one role question."""
    dispatcher, events = await run(ActionAnswerToolkit(), tracker("ask_supervision"))
    assert dispatcher.messages[0]["answer"] == get_knowledge().entries["supervision"].answer
    assert dispatcher.messages[-1]["response"] == "utter_ask_role"
    assert SlotSet("role_asked", True) in events
    dispatcher, events = await run(
        ActionAnswerToolkit(), tracker("ask_supervision", role_asked=True)
    )
    assert all(m.get("response") != "utter_ask_role" for m in dispatcher.messages)


async def test_low_confidence_offers_nearest_topics_instead_of_answering() -> None:
    """Below the gate the bot does not answer; it offers up to three nearest entries."""
    ranking = [
        {"name": "ask_pay", "confidence": 0.31},
        {"name": "greet", "confidence": 0.3},
        {"name": "ask_retention", "confidence": 0.2},
        {"name": "ask_advanced_certification", "confidence": 0.1},
        {"name": "ask_certification", "confidence": 0.05},
    ]
    dispatcher, events = await run(ActionAnswerToolkit(), tracker("ask_pay", 0.31, ranking))
    assert [m["response"] for m in dispatcher.messages] == ["utter_toolkit_not_sure"]
    payloads = [b["payload"] for b in dispatcher.messages[0]["buttons"]]
    assert payloads == ["/ask_pay", "/ask_retention", "/ask_advanced_certification"]
    assert events == []


async def test_close_runner_up_topic_is_offered() -> None:
    """A question mixing two topics offers the second one as a button."""
    ranking = [
        {"name": "ask_pay", "confidence": 0.6},
        {"name": "ask_background_checks", "confidence": 0.35},
    ]
    dispatcher, _ = await run(ActionAnswerToolkit(), tracker("ask_pay", 0.6, ranking))
    assert dispatcher.messages[0]["buttons"][0]["payload"] == "/ask_background_checks"


async def test_tell_me_more_follows_the_last_entry() -> None:
    """Asking to "tell me more" expands the last answer, or says there is nothing to expand."""
    entry = get_knowledge().entries["pay"]
    dispatcher, _ = await run(ActionToolkitMore(), tracker("tell_me_more", last_entry="pay"))
    assert dispatcher.messages[0]["response"] == "utter_toolkit_more"
    assert dispatcher.messages[0]["more"] == entry.more
    dispatcher, _ = await run(ActionToolkitMore(), tracker("tell_me_more"))
    assert [m["response"] for m in dispatcher.messages] == ["utter_toolkit_nothing_to_expand"]


async def test_fallback_without_any_topic_asks_to_rephrase() -> None:
    """NLU fallback with no knowledge intent in the ranking asks the user to rephrase."""
    ranking = [{"name": "greet", "confidence": 0.2}]
    dispatcher, _ = await run(ActionToolkitFallback(), tracker("nlu_fallback", 0.4, ranking))
    assert [m["response"] for m in dispatcher.messages] == ["utter_please_rephrase"]


async def test_role_noted_re_answers_last_question_for_that_role() -> None:
    """Saying "I'm a peer" after a variant answer re-sends the peer variant."""
    entry = get_knowledge().entries["supervision"]
    assert entry.variants is not None
    dispatcher, _ = await run(
        ActionRoleNoted(), tracker("inform_role", role="peer", last_entry="supervision")
    )
    assert dispatcher.messages[0]["response"] == "utter_role_noted"
    assert dispatcher.messages[1]["answer"] == entry.variants.peer

"""Unanswered questions are kept only after a yes, scrubbed, never a crisis message."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.questions import ActionQuestionConsent
from actions.settings import Settings
from actions.storage.db import get_sessionmaker
from actions.storage.models import UnansweredQuestion
from actions.toolkit import ActionAnswerToolkit, ActionToolkitFallback
from devtools.trackers import tracker as build_tracker

QUESTION = "Can Sarah Jones call me at 555-123-4567 about the union dues rule?"


@pytest.fixture(autouse=True)
def _settings(app_settings: Settings) -> None:
    """Every test runs on a temporary, migrated database."""


def after_consent(answer: str, question: str = QUESTION, asked: bool = True,
                  intent: str = "nlu_fallback") -> Tracker:  # fmt: skip
    """A conversation: a question, "not sure", the consent question, then ``answer``."""
    message = {"text": answer, "intent": {"name": answer, "confidence": 1.0}}
    events: list[dict[str, Any]] = [
        {"event": "user", "text": question, "parse_data": {"intent": {"name": intent}}},
        {
            "event": "bot",
            "text": "not sure",
            "metadata": {"utter_action": "utter_toolkit_not_sure"},
        },
    ]
    if asked:
        events.append(
            {
                "event": "bot",
                "text": "May I?",
                "metadata": {"utter_action": "utter_ask_save_question"},
            }
        )
    events.append({"event": "user", "text": answer, "parse_data": message})
    return build_tracker(message, events=events)


async def run(action: Any, current: Tracker) -> list[str]:
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, current, {})
    return [m.get("response") for m in dispatcher.messages]


def kept() -> list[str]:
    with get_sessionmaker().begin() as session:
        return [q.text for q in session.scalars(select(UnansweredQuestion))]


async def test_fallback_asks_consent_for_a_question_only() -> None:
    """A typed question that fell back gets the consent question; a bare word does not."""
    fallback = {"text": QUESTION, "intent": {"name": "nlu_fallback"}, "knowledge": []}
    assert await run(ActionToolkitFallback(), build_tracker(fallback)) == [
        "utter_please_rephrase", "utter_ask_save_question"
    ]  # fmt: skip
    short = {"text": "hmm ok", "intent": {"name": "nlu_fallback"}, "knowledge": []}
    assert await run(ActionToolkitFallback(), build_tracker(short)) == ["utter_please_rephrase"]
    unsure = {"text": QUESTION, "intent": {"name": "ask_knowledge", "confidence": 0.2},
              "knowledge": [{"card": "pay", "score": 0.3}]}  # fmt: skip
    assert await run(ActionAnswerToolkit(), build_tracker(unsure)) == [
        "utter_toolkit_not_sure", "utter_ask_save_question"
    ]  # fmt: skip


async def test_yes_keeps_the_question_scrubbed() -> None:
    """Yes keeps the question, with the name and phone number replaced."""
    assert await run(ActionQuestionConsent(), after_consent("affirm")) == ["utter_question_saved"]
    (text,) = kept()
    assert "Sarah" not in text and "Jones" not in text and "555" not in text
    assert text == "Can [name] call me at [phone] about the union dues rule?"


async def test_no_keeps_nothing() -> None:
    """No keeps nothing and says so."""
    assert await run(ActionQuestionConsent(), after_consent("deny")) == ["utter_question_not_saved"]
    assert kept() == []


async def test_yes_without_the_consent_question_keeps_nothing() -> None:
    """A yes that answers something else is a bare yes: nothing kept."""
    assert await run(ActionQuestionConsent(), after_consent("affirm", asked=False)) == [
        "utter_affirm_ack"
    ]
    assert kept() == []


@pytest.mark.parametrize(
    ("question", "intent", "reply"),
    [
        ("I want to kill myself tonight, where do I go", "nlu_fallback", "utter_crisis_self"),
        ("what about the union dues rule for peers", "crisis_client", "utter_crisis_client"),
    ],
)
async def test_a_crisis_message_is_never_kept(question: str, intent: str, reply: str) -> None:
    """Even after a yes, a message the detector or NLU flags is not kept; resources go out."""
    assert await run(ActionQuestionConsent(), after_consent("affirm", question, intent=intent)) == [
        reply
    ]
    assert kept() == []

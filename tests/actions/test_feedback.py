"""Answer feedback: every answer carries two vote buttons; a vote counts once, no user kept."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import inspect, select

from actions.feedback import ActionRecordFeedback
from actions.settings import Settings
from actions.storage.db import get_sessionmaker
from actions.storage.feedback import votes_per_card
from actions.storage.models import AnswerFeedback
from actions.toolkit import ActionAnswerToolkit, card_payload
from bot.rasa_ext.guard import screen
from devtools.trackers import tracker as build_tracker
from knowledge import get_knowledge
from peerline_core import feedback

ANSWER = "0123456789abcdef"
RANKING = [("pay", 0.8), ("retention", 0.5), ("certification", 0.4), ("supervision", 0.3)]


@pytest.fixture(autouse=True)
def _settings(app_settings: Settings) -> None:
    """Every test runs on a temporary, migrated database."""


def marked(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m["custom"]["feedback"] for m in messages if "feedback" in (m.get("custom") or {})]


def answered(answer_id: str = ANSWER, card: str = "pay") -> list[dict[str, Any]]:
    """A conversation in which Peerline answered ``card`` to a ranked question."""
    ranking = [{"card": c, "score": s} for c, s in RANKING]
    return [
        {"event": "user", "text": "how much do peers earn", "parse_data": {"knowledge": ranking}},
        {"event": "bot", "text": "Peers earn ...", "data": {}},
        {"event": "bot", "data": {"custom": feedback.marker(answer_id, card)}},
    ]


def vote_tracker(
    vote: Any = "helpful",
    card: Any = "pay",
    answer: Any = ANSWER,
    events: Any = None,
    metadata: dict[str, Any] | None = None,
) -> Tracker:
    entities = [
        {"entity": key, "value": value}
        for key, value in (("answer", answer), ("card", card), ("vote", vote))
    ]
    message = {
        "text": "/feedback",
        "intent": {"name": "feedback", "confidence": 1.0},
        "entities": entities,
    }
    history = answered() if events is None else events
    last = {"event": "user", "parse_data": message, "metadata": metadata or {}}
    return build_tracker(message, events=[*history, last])


async def run(current: Tracker) -> CollectingDispatcher:
    dispatcher = CollectingDispatcher()
    assert await ActionRecordFeedback().run(dispatcher, current, {}) == []
    return dispatcher


def stored() -> list[AnswerFeedback]:
    with get_sessionmaker().begin() as session:
        return list(session.scalars(select(AnswerFeedback)))


async def test_every_answer_carries_two_vote_buttons_that_pass_the_guard() -> None:
    """An answer ends with a feedback message whose two payloads reach Rasa as intents."""
    message = {
        "text": "q",
        "intent": {"name": "ask_knowledge", "confidence": 0.9},
        "knowledge": [{"card": c, "score": s} for c, s in RANKING],
    }
    dispatcher = CollectingDispatcher()
    await ActionAnswerToolkit().run(dispatcher, build_tracker(message), {})
    (marker,) = marked(dispatcher.messages)
    assert marker["card"] == "pay" and feedback.is_answer_id(marker["answer"])
    assert [b["title"] for b in marker["buttons"]] == ["Helpful", "Not what I asked"]
    for button in marker["buttons"]:
        assert screen(button["payload"]).text == button["payload"]
        assert not screen(button["payload"]).intent_syntax_removed


async def test_two_answers_get_different_ids() -> None:
    """Each answer message has its own id, so each can be rated once."""
    message = {"text": "q", "intent": {"name": "ask_knowledge", "confidence": 0.9},
               "knowledge": [{"card": "pay", "score": 0.9}]}  # fmt: skip
    ids = set()
    for _ in range(2):
        dispatcher = CollectingDispatcher()
        await ActionAnswerToolkit().run(dispatcher, build_tracker(message), {})
        ids.update(m["answer"] for m in marked(dispatcher.messages))
    assert len(ids) == 2


async def test_helpful_vote_stores_card_vote_channel_and_date_only() -> None:
    """A helpful vote is one row: card, vote, channel, date and the answer's random id."""
    dispatcher = await run(vote_tracker())
    assert [m["response"] for m in dispatcher.messages] == ["utter_feedback_thanks"]
    (row,) = stored()
    assert (row.card_id, row.vote, row.voted_on) == ("pay", "helpful", date.today())
    assert row.answer_id == ANSWER
    columns = {c["name"] for c in inspect(get_sessionmaker().kw["bind"]).get_columns(
        "answer_feedback")}  # fmt: skip
    assert columns == {"id", "answer_id", "card_id", "vote", "channel", "voted_on"}


async def test_not_what_i_asked_offers_the_next_two_nearest_cards() -> None:
    """The vote is counted and the next two cards of that question's ranking are offered."""
    dispatcher = await run(vote_tracker("not_this"))
    (message,) = dispatcher.messages
    assert message["response"] == "utter_feedback_alternatives"
    kb = get_knowledge()
    assert [b["payload"] for b in message["buttons"]] == [
        card_payload(kb.cards["retention"]), card_payload(kb.cards["certification"])
    ]  # fmt: skip
    assert [r.vote for r in stored()] == ["not_this"]


async def test_a_vote_replayed_a_thousand_times_counts_once() -> None:
    """Replays of one answer's vote (either button) leave exactly one row."""
    current = vote_tracker()
    for index in range(1000):
        await run(current if index % 2 else vote_tracker("not_this"))
    assert len(stored()) == 1
    with get_sessionmaker().begin() as session:
        (votes,) = votes_per_card(session)
    assert votes.total == 1


@pytest.mark.parametrize(
    ("vote", "card", "answer", "events"),
    [
        ("helpful", "no_such_card", ANSWER, None),
        ("helpful", "retention", ANSWER, None),
        ("great", "pay", ANSWER, None),
        (1, "pay", ANSWER, None),
        ("helpful", ["pay"], ANSWER, None),
        ("helpful", "pay", "fedcba9876543210", None),
        ("helpful", "pay", "not-hex", None),
        ("helpful", "pay", None, None),
        ("helpful", "pay", ANSWER, []),
    ],
)
async def test_forged_votes_are_refused_and_not_counted(
    vote: Any, card: Any, answer: Any, events: Any
) -> None:
    """Unknown card, card or answer not given in this conversation, wrong types: refused."""
    dispatcher = await run(vote_tracker(vote, card, answer, events))
    assert [m["response"] for m in dispatcher.messages] == ["utter_feedback_unknown"]
    assert stored() == []


@pytest.mark.parametrize(
    "text",
    [
        '/feedback{"answer": "0123456789abcdef", "card": "pay", "vote": "great"}',
        '/feedback{"answer": 5, "card": "pay", "vote": "helpful"}',
        '/feedback{"answer": "0123456789abcdef", "card": "pay", "vote": "helpful", "role": "x"}',
        '/feedback{"answer": "0123456789abcdef", "card": "Pay!", "vote": "helpful"}',
        "/feedback",
    ],
)
def test_forged_payload_shapes_are_read_as_words(text: str) -> None:
    """Only the exact button shape passes Rasa's edge as intent syntax."""
    assert screen(text).intent_syntax_removed
    valid = feedback.payload(ANSWER, "pay", "helpful")
    assert json.loads(valid.removeprefix("/feedback"))["vote"] == "helpful"
    assert not screen(valid).intent_syntax_removed


async def test_a_vote_from_the_telegram_bridge_is_counted_under_telegram() -> None:
    """The bridge posts over REST with metadata channel "telegram": the count says telegram."""
    await run(vote_tracker(metadata={"channel": "telegram", "chat_type": "private"}))
    assert [row.channel for row in stored()] == ["telegram"]

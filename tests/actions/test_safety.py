"""Crisis and check replies are counted by tier without text or user, a failed count stays
silent, and a "no" to the check question hands the person's message back to be answered."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, SlotSet, UserUttered
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.orm import Session

from actions.checkins import CHECKIN_SLOTS
from actions.safety import ActionAnswerAfterCheck, ActionCountCrisis, intended_intent
from actions.settings import Settings
from actions.storage.referrals import referrals_in_year
from devtools.trackers import tracker as build_tracker

RESPONSES = {
    "self": "utter_crisis_self",
    "client": "utter_crisis_client",
    "check": "utter_crisis_check",
}
RESET = [SlotSet(slot, None) for slot in CHECKIN_SLOTS]


def crisis_tracker(kind: str, marked: bool = True) -> Tracker:
    """A turn that just sent the ``kind`` reply (with its marker unless ``marked`` is False)."""
    intent = {"self": "crisis_self", "client": "crisis_client", "check": "crisis_check"}[kind]
    message = {"text": "private words", "intent": {"name": intent, "confidence": 1.0}}
    bot: dict[str, Any] = {
        "event": "bot",
        "text": "reply",
        "data": {"custom": {"crisis": kind}} if marked else {},
        "metadata": {"utter_action": RESPONSES[kind]},
    }
    events: list[dict[str, Any]] = [
        {"event": "user", "text": "private words", "input_channel": "rest", "parse_data": message},
        {"event": "action", "name": RESPONSES[kind]},
        bot,
    ]
    return build_tracker(message, events=events, latest_action=RESPONSES[kind])


def yes_after_check() -> Tracker:
    """A "yes" to the check question, answered by the self reply: the message is an affirm."""
    message = {"text": "yes", "intent": {"name": "affirm", "confidence": 1.0}}
    events: list[dict[str, Any]] = [
        {"event": "bot", "text": "check?", "data": {"custom": {"crisis": "check"}}},
        {"event": "user", "text": "yes", "input_channel": "telegram", "parse_data": message},
        {"event": "bot", "text": "988 ...", "data": {"custom": {"crisis": "self"}}},
    ]
    return build_tracker(message, events=events, latest_action="utter_crisis_self")


async def test_replies_are_counted_by_tier_and_kind_without_text(app_settings: Settings) -> None:
    """Two self, one client and one check reply give those counts, and no row holds text."""
    for kind in ("self", "self", "client", "check"):
        dispatcher = CollectingDispatcher()
        await ActionCountCrisis().run(dispatcher, crisis_tracker(kind), {})
        assert dispatcher.messages == []
    engine = create_engine(app_settings.effective_database_url)
    with Session(engine) as session:
        year = datetime.now(timezone.utc).year
        assert referrals_in_year(session, year) == {"self": 2, "client": 1, "check": 1}
        columns = [c["name"] for c in inspect(engine).get_columns("crisis_referrals")]
        assert columns == ["id", "occurred_on", "kind", "channel", "created_at"]
        rows = session.execute(text("SELECT * FROM crisis_referrals")).all()
        assert all("private" not in str(row) and "user-1" not in str(row) for row in rows)
        assert {row.channel for row in rows} == {"rest"}


async def test_the_reply_marker_decides_the_count_not_the_message_intent(
    app_settings: Settings,
) -> None:
    """A "yes" to the check question (intent affirm) is counted as the self reply it got."""
    await ActionCountCrisis().run(CollectingDispatcher(), yes_after_check(), {})
    engine = create_engine(app_settings.effective_database_url)
    with Session(engine) as session:
        assert referrals_in_year(session, datetime.now(timezone.utc).year) == {"self": 1}
        assert session.execute(text("SELECT channel FROM crisis_referrals")).scalar() == "telegram"


async def test_without_a_marker_the_crisis_intent_decides(app_settings: Settings) -> None:
    """An unmarked reply (an older model's domain) is counted by the message's intent."""
    await ActionCountCrisis().run(CollectingDispatcher(), crisis_tracker("client", False), {})
    engine = create_engine(app_settings.effective_database_url)
    with Session(engine) as session:
        assert referrals_in_year(session, datetime.now(timezone.utc).year) == {"client": 1}


@pytest.mark.parametrize(("kind", "events"), [("self", RESET), ("client", RESET), ("check", [])])
async def test_a_crisis_reply_ends_an_interrupted_check_in_but_the_check_does_not(
    app_settings: Settings, kind: str, events: list[dict[str, Any]]
) -> None:
    """Crisis replies forget a paused check-in's answers; the check question keeps them."""
    assert await ActionCountCrisis().run(CollectingDispatcher(), crisis_tracker(kind), {}) == events


async def test_count_failure_sends_nothing_and_does_not_raise(app_settings: Settings) -> None:
    """With the table gone, the action logs an error but the user sees nothing extra."""
    engine = create_engine(app_settings.effective_database_url)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE crisis_referrals"))
    dispatcher = CollectingDispatcher()
    assert await ActionCountCrisis().run(dispatcher, crisis_tracker("self"), {}) == RESET
    assert dispatcher.messages == []


def checked_turn(parse_data: dict[str, Any]) -> Tracker:
    """The check question was asked about a message parsed as ``parse_data``; then "no"."""
    deny = {"text": "no", "intent": {"name": "deny", "confidence": 1.0}}
    events: list[dict[str, Any]] = [
        {"event": "user", "text": "earlier", "parse_data": {"intent": {"name": "greet"}}},
        {
            "event": "user",
            "text": "how do i ask a client about suicide",
            "input_channel": "rest",
            "parse_data": {"text": "how do i ask a client about suicide", **parse_data},
        },
        {"event": "bot", "text": "check?", "data": {"custom": {"crisis": "check"}}},
        {"event": "user", "text": "no", "input_channel": "rest", "parse_data": deny},
        {"event": "bot", "text": "Thank you for telling me."},
    ]
    return build_tracker(deny, events=events, latest_action="utter_crisis_check_declined")


CHECKED = {
    "intent": {"name": "crisis_check", "confidence": 0.63},
    "model_intent": {"name": "ask_training_must_haves", "confidence": 0.81},
    "intent_ranking": [
        {"name": "crisis_check", "confidence": 0.63},
        {"name": "ask_training_must_haves", "confidence": 0.81},
        {"name": "ask_self_care", "confidence": 0.1},
    ],
    "safety": {"tier": "check", "layer": "semantic", "score": 0.63},
}


async def test_no_to_the_check_puts_the_question_back_with_its_own_intent(
    app_settings: Settings,
) -> None:
    """The checked message comes back after an action_listen, labelled with the model's intent."""
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerAfterCheck().run(dispatcher, checked_turn(CHECKED), {})
    assert dispatcher.messages == []
    assert events[0] == ActionExecuted("action_listen")
    again = events[1]
    assert again["event"] == "user"
    assert again["text"] == "how do i ask a client about suicide"
    assert again["input_channel"] == "rest"
    assert again["parse_data"]["intent"] == {"name": "ask_training_must_haves", "confidence": 0.81}
    assert [e["name"] for e in again["parse_data"]["intent_ranking"]] == [
        "ask_training_must_haves",
        "ask_self_care",
    ]
    assert again == UserUttered(
        "how do i ask a client about suicide", parse_data=again["parse_data"], input_channel="rest"
    )


async def test_without_a_checked_message_the_user_is_asked_to_rephrase(
    app_settings: Settings,
) -> None:
    """A "no" with no checked message on record asks for the question again."""
    dispatcher = CollectingDispatcher()
    deny = {"intent": {"name": "deny", "confidence": 1.0}}
    current = build_tracker(deny, sender="u", latest_action="utter_crisis_check_declined")
    assert await ActionAnswerAfterCheck().run(dispatcher, current, {}) == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_please_rephrase"]


@pytest.mark.parametrize(
    ("parse_data", "expected"),
    [
        # The safety component's own word on what the message otherwise was comes first.
        (
            {**CHECKED, "safety": {"tier": "check", "otherwise": {"name": "ask_self_care"}}},
            {"name": "ask_self_care", "confidence": 0.0},
        ),
        # Then the model's own choice, when it is not a safety intent, even nlu_fallback.
        (CHECKED, {"name": "ask_training_must_haves", "confidence": 0.81}),
        (
            {"model_intent": {"name": "nlu_fallback", "confidence": 0.4}, "intent_ranking": []},
            {"name": "nlu_fallback", "confidence": 0.4},
        ),
        # The model said crisis: the best other intent, if confident enough.
        (
            {
                "model_intent": {"name": "crisis_self", "confidence": 0.7},
                "intent_ranking": [
                    {"name": "crisis_check", "confidence": 0.6},
                    {"name": "nlu_fallback", "confidence": 0.4},
                    {"name": "ask_self_care", "confidence": 0.55},
                ],
            },
            {"name": "ask_self_care", "confidence": 0.55},
        ),
        (
            {
                "model_intent": {"name": "crisis_self", "confidence": 0.7},
                "intent_ranking": [{"name": "ask_self_care", "confidence": 0.2}],
            },
            {"name": "nlu_fallback", "confidence": 0.5},
        ),
        # Nothing recorded: the nearest topics are offered.
        ({"intent": {"name": "crisis_check"}}, {"name": "nlu_fallback", "confidence": 0.5}),
    ],
)
def test_the_intended_intent_never_is_a_safety_intent(
    parse_data: dict[str, Any], expected: dict[str, Any]
) -> None:
    """What the message would have been without the safety layer, or nlu_fallback."""
    assert intended_intent(parse_data, 0.5) == expected


async def test_odd_events_from_the_wire_do_not_break_the_actions(app_settings: Settings) -> None:
    """Events of the wrong shape are skipped: a count by intent, a request to rephrase."""
    odd: list[dict[str, Any]] = [
        {"event": "user", "parse_data": "text", "text": 5},
        {"event": "user", "parse_data": {"intent": ["crisis_check"]}},
        {"event": "bot", "data": 7},
    ]
    message = {"intent": "crisis_client"}
    current = build_tracker(message, sender="u", events=odd, latest_action="utter_crisis_self")
    assert await ActionCountCrisis().run(CollectingDispatcher(), current, {}) == RESET
    dispatcher = CollectingDispatcher()
    assert await ActionAnswerAfterCheck().run(dispatcher, current, {}) == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_please_rephrase"]

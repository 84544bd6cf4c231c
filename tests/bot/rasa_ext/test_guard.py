"""The edge rules every message passes in Rasa's process: screening, limits, turn health."""

from __future__ import annotations

import asyncio
import logging
import uuid

import pytest

from bot.rasa_ext.guard import (
    ACTION_FAILURE_LOG,
    MAX_MESSAGE_CHARS,
    SenderRateLimit,
    check_payload,
    install_action_failure_watcher,
    report_failure,
    screen,
    watch_turn,
)


@pytest.mark.parametrize(
    "payload", ["/affirm", "/deny", "/retry", "/ask_knowledge", '/ask_knowledge{"card": "pay"}']
)
def test_our_button_payloads_pass_unchanged(payload: str) -> None:
    """The intents (and card buttons) our own buttons send still reach Rasa as intent syntax."""
    assert screen(payload).text == payload
    assert not screen(payload).intent_syntax_removed


@pytest.mark.parametrize(
    ("typed", "seen"),
    [
        ('/log_checkin{"mood": 5}', 'log_checkin{"mood": 5}'),
        ('/inform_role{"role": "supervisor"}', 'inform_role{"role": "supervisor"}'),
        ('/affirm{"checkin_note": "x"}', 'affirm{"checkin_note": "x"}'),
        ('/ask_knowledge{"role": "supervisor"}', 'ask_knowledge{"role": "supervisor"}'),
        ('/ask_knowledge{"card": "pay", "role": "x"}', 'ask_knowledge{"card": "pay", "role": "x"}'),
        ("/affirm@0.99", "affirm@0.99"),
        ("/start_checkin", "start_checkin"),
        ("/crisis_self", "crisis_self"),
        ("  //retry", "retry"),
        ("/ i want to die", "i want to die"),
    ],
)
def test_other_intent_syntax_is_read_as_words(typed: str, seen: str) -> None:
    """Entities, confidences and intents no button sends lose the slash: NLU reads them."""
    screened = screen(typed)
    assert screened.text == seen
    assert screened.intent_syntax_removed
    assert not screened.text.startswith("/")


def test_long_messages_are_cut_and_flagged() -> None:
    """A message over the limit is cut to exactly the limit and marked truncated."""
    screened = screen("a" * (MAX_MESSAGE_CHARS + 500))
    assert len(screened.text) == MAX_MESSAGE_CHARS
    assert screened.truncated
    assert not screen("a" * MAX_MESSAGE_CHARS).truncated


def test_control_characters_are_removed_but_newlines_kept() -> None:
    """NUL and other control characters go (PostgreSQL rejects NUL); tab and newline stay."""
    assert screen("hi\x00 there\x07\nline\ttab").text == "hi there\nline\ttab"


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ([], "JSON object"),
        ("hi", "JSON object"),
        ({"message": "hi"}, '"sender"'),
        ({"sender": "", "message": "hi"}, '"sender"'),
        ({"sender": 5, "message": "hi"}, '"sender"'),
        ({"sender": "x" * 129, "message": "hi"}, "128"),
        ({"sender": "a\x00b", "message": "hi"}, "printable"),
        ({"sender": "me"}, '"message"'),
        ({"sender": "me", "message": None}, '"message"'),
        ({"sender": "me", "message": ["hi"]}, '"message"'),
        ({"sender": "me", "message": "hi", "metadata": "x"}, '"metadata"'),
        ({"sender": "me", "message": "hi", "metadata": {"k": "v" * 5000}}, "4096"),
    ],
)
def test_unusable_webhook_bodies_are_explained(payload: object, reason: str) -> None:
    """Each malformed body gets a reason naming what is wrong."""
    problem = check_payload(payload)
    assert problem is not None and reason in problem


def test_a_well_formed_webhook_body_passes() -> None:
    """sender + message (+ metadata) is accepted, an empty message included."""
    assert check_payload({"sender": "me", "message": "hi"}) is None
    assert check_payload({"sender": "me", "message": "", "metadata": {"a": 1}}) is None


def test_rate_limit_counts_per_sender() -> None:
    """The third message in the window is refused for that sender only."""
    limit = SenderRateLimit("2/minute")
    assert [limit.allow("a"), limit.allow("a"), limit.allow("a")] == [True, True, False]
    assert limit.allow("b")


def test_rate_limit_is_shared_through_redis() -> None:
    """Two limiters on one Redis (two Rasa processes) share one count."""
    storage = "redis://127.0.0.1:6379/0"
    sender = f"test-{uuid.uuid4().hex}"
    first, second = SenderRateLimit("3/minute", storage), SenderRateLimit("3/minute", storage)
    assert [first.allow(sender), second.allow(sender), first.allow(sender)] == [True] * 3
    assert not second.allow(sender)


def test_failures_are_reported_to_the_turn_being_watched() -> None:
    """report_failure marks the current turn only; outside a turn it does nothing."""
    report_failure("outside")
    with watch_turn() as health:
        assert not health.failed
        report_failure("action")
    assert health.failures == ["action"]
    with watch_turn() as other:
        pass
    assert not other.failed


async def test_a_failure_inside_a_task_reaches_the_turn() -> None:
    """A failure reported in a task started inside the turn (as wait_for does) is seen."""

    async def fail() -> None:
        report_failure("tracker_store")

    with watch_turn() as health:
        await asyncio.wait_for(fail(), timeout=1)
    assert health.failures == ["tracker_store"]


def test_rasas_action_failure_log_line_fails_the_turn() -> None:
    """The line Rasa's processor logs when a custom action fails marks the turn failed."""
    name = "tests.fake.rasa.core.processor"
    install_action_failure_watcher(name)
    install_action_failure_watcher(name)
    logger = logging.getLogger(name)
    assert len(logger.handlers) == 1
    with watch_turn() as health:
        logger.info("Predicted next action 'x'")
        logger.error("%s 'action_log_checkin'.", ACTION_FAILURE_LOG)
    assert health.failures == ["action"]

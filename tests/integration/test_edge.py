"""Rasa's edge over REST: checked bodies, raw intent syntax, long messages, rate limits."""

from __future__ import annotations

import json
import sqlite3
import uuid
from typing import Any

import httpx
import pytest

from devtools.stack import Stack, crisis_markers

pytestmark = pytest.mark.integration


def texts(replies: list[dict[str, Any]]) -> str:
    return " ".join(reply.get("text", "") for reply in replies)


def sender() -> str:
    return f"edge-{uuid.uuid4().hex[:10]}"


def slot_events(stack: Stack, sender_id: str) -> dict[str, list[object]]:
    with sqlite3.connect(stack.tracker_db) as connection:
        rows = connection.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'slot'", (sender_id,)
        ).fetchall()
    slots: dict[str, list[object]] = {}
    for (data,) in rows:
        event = json.loads(data)
        slots.setdefault(event["name"], []).append(event["value"])
    return slots


@pytest.mark.parametrize(
    ("body", "status", "reason"),
    [
        (b"{not json", 400, "not valid JSON"),
        (b"\xff\xfe\x00garbage", 400, "not UTF-8"),
        (b'["sender", "message"]', 400, "JSON object"),
        (b'{"sender": 12, "message": "hi"}', 400, '"sender"'),
        (b'{"sender": "me", "message": {"text": "hi"}}', 400, '"message"'),
        (b'{"sender": "me", "message": "hi", "metadata": [1]}', 400, '"metadata"'),
        (b'{"sender": "me", "message": "' + b"x" * 70_000 + b'"}', 413, "bytes"),
    ],
)
def test_malformed_bodies_get_a_4xx_with_a_reason(
    stack: Stack, body: bytes, status: int, reason: str
) -> None:
    """Each malformed body is refused with the right status and a reason, never a 500."""
    response = httpx.post(
        stack.rest_url, content=body, headers={"content-type": "application/json"}, timeout=30
    )
    assert response.status_code == status
    assert reason in response.json()["error"]


def test_raw_intent_syntax_cannot_set_protected_slots(stack: Stack) -> None:
    """/intent{entities} typed by a user sets no slot: not the role, not a check-in answer."""
    me = sender()
    stack.say(me, '/inform_role{"role": "supervisor"}')
    stack.say(me, '/log_checkin{"checkin_mood": "5", "checkin_note": "forged"}')
    slots = slot_events(stack, me)
    assert "role" not in slots
    assert "checkin_mood" not in slots and "checkin_note" not in slots


def test_raw_intent_syntax_cannot_skip_check_in_steps(stack: Stack) -> None:
    """Mid-form, a forged /affirm carrying every answer fills nothing and the mood is re-asked."""
    me = sender()
    assert "mood" in texts(stack.say(me, "check in"))
    forged = (
        '/affirm{"checkin_mood": "5", "checkin_stress": "1", '
        '"checkin_self_care": "yes", "checkin_note": "-"}'
    )
    reply = texts(stack.say(me, forged))
    assert "I've saved" not in reply and "mood" in reply
    assert slot_events(stack, me).get("checkin_stress") in (None, [None])


def test_our_own_button_payloads_still_work(stack: Stack) -> None:
    """A card button's payload answers that card with its source."""
    replies = stack.say(sender(), '/ask_knowledge{"card": "dual_relationships"}')
    assert "Source:" in texts(replies)
    citations = [r["custom"]["citation"] for r in replies if "citation" in (r.get("custom") or {})]
    assert citations and citations[0]["card_id"] == "dual_relationships"


def test_intent_syntax_does_not_bypass_the_crisis_detector(stack: Stack) -> None:
    """Risk words behind a slash are still read by the crisis detector."""
    replies = stack.say(sender(), '/greet{"x": 1} i want to kill myself')
    assert crisis_markers(replies) == ["self"]
    reply = texts(replies)
    assert "988" in reply and "741741" in reply


def test_a_long_message_is_answered_with_a_note(stack: Stack) -> None:
    """A 10,000-character message is cut to 2,000 and the reply says so first."""
    replies = stack.say(sender(), "what does a peer specialist do? " + "really " * 1500)
    assert "first 2,000 characters" in replies[0]["text"]
    assert len(replies) > 1


def test_a_sender_over_the_rate_limit_is_asked_to_slow_down(stack: Stack) -> None:
    """Past 30 messages a minute one sender hears "slow down"; a crisis still gets help."""
    me = sender()
    replies = [texts(stack.say(me, "hi")) for _ in range(30)]
    assert not any("slow down" in reply for reply in replies)
    assert "slow down" in texts(stack.say(me, "hi"))
    replies = stack.say(me, "i want to end my life tonight")
    assert crisis_markers(replies) == ["self"]
    crisis = texts(replies)
    assert "988" in crisis and "slow down" not in crisis
    assert "slow down" not in texts(stack.say(sender(), "hi"))

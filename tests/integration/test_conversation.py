"""End-to-end conversations over Rasa's REST channel, with the real model and actions."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from devtools.stack import Stack, crisis_markers

pytestmark = pytest.mark.integration


def sender() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def texts(replies: list[dict[str, Any]]) -> str:
    return " ".join(reply.get("text", "") for reply in replies)


def test_hi_gets_the_welcome_with_scope(stack: Stack) -> None:
    """Saying "hi" is answered with what Peerline is and is not."""
    reply = texts(stack.say(sender(), "hi"))
    assert "Peerline" in reply
    assert "not therapy" in reply and "not a crisis service" in reply


@pytest.mark.parametrize(
    "message",
    ["", "   ", "x" * 10_000, "¿Dónde puedo certificarme como especialista?", "你好，你是谁"],
    ids=["empty", "whitespace", "10k-chars", "spanish", "chinese"],
)
def test_odd_messages_get_a_sensible_reply(stack: Stack, message: str) -> None:
    """Empty, blank, huge and non-English messages get a 200 with a non-empty reply."""
    replies = stack.say(sender(), message)
    assert texts(replies).strip(), replies


def test_knowledge_question_gets_cited_answer(stack: Stack) -> None:
    """A boundaries question is answered from a card with a source line and citation."""
    replies = stack.say(sender(), "a client asked me to be friends on instagram, is that ok?")
    assert any("Source:" in reply.get("text", "") for reply in replies), replies
    citations = [r["custom"]["citation"] for r in replies if "citation" in (r.get("custom") or {})]
    assert citations and citations[0]["topic"] == "ethics_boundaries"
    assert citations[0]["sources"]


def test_crisis_reply_comes_first_with_resources(stack: Stack) -> None:
    """A risk message gets 988, Crisis Text Line and 911 straight away."""
    replies = stack.say(sender(), "i dont want to be alive anymore")
    assert crisis_markers(replies) == ["self"]
    reply = texts(replies)
    assert "988" in reply and "741741" in reply and "911" in reply
    assert "Are you safe right now?" in reply


def test_client_crisis_gets_protocol_and_supervisor(stack: Stack) -> None:
    """A peer asking about a client at risk is told to follow protocol and tell their supervisor."""
    replies = stack.say(sender(), "my client told me today she wants to kill herself")
    assert crisis_markers(replies) == ["client"]
    reply = texts(replies)
    assert "crisis protocol" in reply and "supervisor" in reply and "988" in reply


def test_crisis_reply_arrives_with_action_server_down(stack: Stack) -> None:
    """With the action server stopped, the crisis reply (a domain response) still arrives."""
    stack.stop_actions()
    try:
        replies = stack.say(sender(), "I want to end my life tonight")
        assert crisis_markers(replies) == ["self"]
        reply = texts(replies)
        assert "988" in reply and "911" in reply
    finally:
        stack.start_actions()

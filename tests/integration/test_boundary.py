"""The boundary walk-through end to end over REST: offered by the card, situation from the
wording or buttons, nonsense re-asked, cancel, crisis mid-form, the cited outcome, and its
summary line added to the supervision agenda."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from devtools.stack import Stack, crisis_markers

pytestmark = pytest.mark.integration


def texts(replies: list[dict[str, Any]]) -> str:
    return " ".join(reply.get("text", "") for reply in replies)


def buttons(replies: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [b for r in replies for b in r.get("buttons", [])]


def test_from_the_card_to_the_outcome_and_onto_the_agenda(stack: Stack) -> None:
    """The gifts card offers the walk-through; its button names the situation; four answers
    (one nonsense, re-asked) give cited guidance, policy, sentences and a summary whose
    button saves it to the supervision agenda."""
    me = f"it-{uuid.uuid4().hex[:10]}"
    offer = [b for b in buttons(stack.say(me, "a client gave me a gift card, can i keep it"))
             if b["title"] == "Walk me through it"]  # fmt: skip
    assert offer == [{"title": "Walk me through it",
                      "payload": "walk me through a boundary question about a gift"}]  # fmt: skip
    assert "Who started it?" in texts(stack.say(me, offer[0]["payload"]))
    assert "Where does it happen?" in texts(stack.say(me, "they did"))
    hint = stack.say(me, "banana")
    assert "didn't catch that" in texts(hint) and "Where does it happen?" in texts(hint)
    assert "written policy" in texts(stack.say(me, "at work"))
    assert "helping relationship" in texts(stack.say(me, "i don't know"))
    outcome = stack.say(me, "not sure")
    said = texts(outcome)
    assert "The decision is yours" in said and "Source: " in said
    assert any((r.get("custom") or {}).get("citation", {}).get("card_id")
               == "gifts_from_people_you_support" for r in outcome)  # fmt: skip
    assert "Words you could use" in said and "A line to bring to supervision" in said
    [add] = [b for b in buttons(outcome) if b["title"] == "Add to my supervision agenda"]
    assert "Saved under Boundary questions" in texts(stack.say(me, add["payload"]))
    assert "Boundary question: a gift" in texts(stack.say(me, "show my supervision agenda"))


def test_a_bare_start_asks_the_situation_and_cancel_or_crisis_stop_it(stack: Stack) -> None:
    """Without a situation the form asks for one with buttons; "cancel" stops it; crisis
    language mid-form gets the crisis reply and no further question."""
    me = f"it-{uuid.uuid4().hex[:10]}"
    asked = stack.say(me, "walk me through a boundary question")
    assert "What does the person you support want?" in texts(asked)
    assert "A ride" in [b["title"] for b in buttons(asked)]
    assert "stopped the walk-through" in texts(stack.say(me, "cancel"))
    stack.say(me, "walk me through a boundary question")
    stack.say(me, "money")
    replies = stack.say(me, "honestly i just want to kill myself")
    assert crisis_markers(replies) == ["self"]
    assert "Who started it?" not in texts(replies)

"""The boundary walk-through end to end over REST and over Telegram: offered by the card,
situation from the wording or buttons, nonsense re-asked, "skip", cancel, crisis mid-form, the
cited outcome, its summary line added to the supervision agenda after a yes, and the result
kept privately, in /mydata and removed by /delete."""

from __future__ import annotations

import json
import subprocess
import uuid
from typing import Any

import pytest

from devtools.fake_telegram import FakeTelegram
from devtools.stack import Stack, crisis_markers
from devtools.telegram_bridge import documents, say

pytestmark = pytest.mark.integration


def texts(replies: list[dict[str, Any]]) -> str:
    return " ".join(reply.get("text", "") for reply in replies)


def exports(replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r["custom"]["export"] for r in replies if "export" in (r.get("custom") or {})]


def buttons(replies: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [b for r in replies for b in r.get("buttons", [])]


def test_from_the_card_to_the_outcome_onto_the_agenda_and_deleted(stack: Stack) -> None:
    """The gifts card offers the walk-through; its button names the situation; four answers
    (one nonsense, re-asked) give cited guidance, policy, sentences and a summary; a yes adds
    it to the supervision agenda; the walk-through is in /mydata until /delete."""
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
    assert "Add this to your supervision agenda?" in said
    assert [b["payload"] for b in buttons(outcome)][-2:] == ["/affirm", "/deny"]
    assert "Saved under Boundary questions" in texts(stack.say(me, "yes"))
    assert "Boundary question: a gift" in texts(stack.say(me, "show my supervision agenda"))
    [mydata] = exports(stack.say(me, "show my data"))
    [walk] = json.loads(mydata["content"])["boundary_walkthroughs"]
    assert walk["situation"] == "gift" and walk["answers"]["initiator"] == "them"
    stack.say(me, "delete my data")
    deleted = texts(stack.say(me, "/affirm"))
    assert "1 boundary walk-through(s)" in deleted and "1 supervision agenda item(s)" in deleted
    [mydata] = exports(stack.say(me, "show my data"))
    assert json.loads(mydata["content"])["boundary_walkthroughs"] == []


def test_skipped_answers_and_a_no_to_the_agenda(stack: Stack) -> None:
    """ "skip" answers a question as not sure; after the outcome a no adds nothing to the
    agenda, though the walk-through itself is kept privately."""
    me = f"it-{uuid.uuid4().hex[:10]}"
    assert "Who started it?" in texts(
        stack.say(me, "walk me through a boundary question about money")
    )
    assert "Where does it happen?" in texts(stack.say(me, "skip"))
    assert "written policy" in texts(stack.say(me, "skip"))
    assert "helping relationship" in texts(stack.say(me, "skip"))
    said = texts(stack.say(me, "skip"))
    assert "started: not sure; somewhere else; policy: i don't know" in said
    assert "didn't add it" in texts(stack.say(me, "no"))
    assert "is empty" in texts(stack.say(me, "show my supervision agenda"))
    [mydata] = exports(stack.say(me, "show my data"))
    assert [w["situation"] for w in json.loads(mydata["content"])["boundary_walkthroughs"]] == [
        "money"
    ]


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


def test_the_walk_through_over_telegram_with_buttons_agenda_mydata_and_delete(
    stack: Stack, fake: FakeTelegram, polling: subprocess.Popen[bytes]
) -> None:
    """The questions arrive with inline buttons; the summary asks yes/no about the agenda;
    a yes saves it; /mydata holds the walk-through and /delete removes it."""
    user = 1303
    fake.push(fake.message_update(user, "walk me through a boundary question about a ride"))
    for question, answer in (
        ("Who started it?", "them"),
        ("Where does it happen?", "outside"),
        ("written policy", "no"),
        ("helping relationship", "yes"),
    ):
        [asked] = fake.wait_for(
            "sendMessage", lambda c, q=question: c.chat_id == user and q in c.params["text"],
            timeout=30,
        )  # fmt: skip
        keyboard = asked.json("reply_markup")["inline_keyboard"]
        assert answer in {b["callback_data"] for row in keyboard for b in row}
        fake.push(fake.message_update(user, answer))
    [summary] = fake.wait_for(
        "sendMessage",
        lambda c: c.chat_id == user and "A line to bring to supervision" in c.params["text"],
        timeout=30,
    )
    keyboard = summary.json("reply_markup")["inline_keyboard"]
    assert [b["text"] for row in keyboard for b in row] == ["Yes, add it", "No, thanks"]
    [saved] = say(fake, user, "yes")
    assert "Saved under Boundary questions" in saved.params["text"]
    say(fake, user, "/mydata")
    mydata = json.loads(documents(fake, user, 1)["peerline-checkins.json"])
    assert [w["situation"] for w in mydata["boundary_walkthroughs"]] == ["ride"]
    say(fake, user, "/delete")
    [done] = say(fake, user, "yes")
    assert "1 boundary walk-through(s)" in done.params["text"]

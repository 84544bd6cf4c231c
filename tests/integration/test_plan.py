"""The success-factor plan end to end: over REST a full plan by buttons and words, the review
with the change, the actions sealed in Rasa's store and the database, /mydata and /delete;
nonsense re-asked, cancel and a crisis mid-plan; and a plan made over the Telegram stand-in
with a button press, exported with /mydata as a document and removed with /delete."""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from devtools.fake_telegram import Call, FakeTelegram
from devtools.stack import Stack, crisis_markers
from tests.integration.test_telegram import bridge

pytestmark = pytest.mark.integration

CANARY = "canary-6b2e ask my supervisor for 15 minutes each Friday"
SECOND = "call my sister after late shifts"


def texts(replies: list[dict[str, Any]]) -> str:
    return " ".join(reply.get("text", "") for reply in replies)


def exports(replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r["custom"]["export"] for r in replies if "export" in (r.get("custom") or {})]


def buttons(replies: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [b for r in replies for b in r.get("buttons", [])]


def new_sender() -> str:
    return f"it-{uuid.uuid4().hex[:10]}"


RATINGS = ["2", "a little", "3", "1", "mostly", "skip", "4", "3"]


def make_plan(stack: Stack, me: str) -> str:
    """A whole plan over REST; the text of the reply that saves it."""
    started = stack.say(me, "make my success plan")
    assert "1/8. Persistence" in texts(started), texts(started)
    assert [b["payload"] for b in buttons(started)] == ["1", "2", "3", "4", "skip"]
    for number, answer in enumerate(RATINGS, start=1):
        replies = stack.say(me, answer)
        if number < len(RATINGS):
            assert f"{number + 1}/8." in texts(replies), (number, answer, texts(replies))
    assert "Pick your first one" in texts(replies)
    # The lowest rated (supervision, rated 1) is offered first.
    assert buttons(replies)[0] == {"title": "Supervision", "payload": "supervision"}
    assert "Pick your second one" in texts(stack.say(me, "supervision"))
    assert "one thing you'll do for Supervision" in texts(stack.say(me, "my family"))
    assert "one thing you'll do for Family and friends" in texts(stack.say(me, CANARY))
    return texts(stack.say(me, SECOND))


def test_a_plan_is_made_reviewed_with_the_change_exported_and_deleted(stack: Stack) -> None:
    """Ratings by buttons and words, two factors, two actions: the plan is saved and shown;
    "review my plan" asks how each action went, takes a note and a re-rating, and shows
    then vs now; the actions are in no tracker row and not in the database in plaintext;
    /mydata holds the plan and its review; /delete removes it."""
    me = new_sender()
    saved = make_plan(stack, me)
    assert "Your plan is saved" in saved and f"1. Supervision: {CANARY}" in saved
    assert f"2. Family and friends: {SECOND}" in saved and "- Persistence: 2" in saved
    assert "review my plan" in saved
    intro = stack.say(me, "review my plan")
    assert "how did each of your two actions go" in texts(intro)
    assert CANARY in texts(intro) and [b["title"] for b in buttons(intro)] == [
        "Done", "Partly", "Not yet",
    ]  # fmt: skip
    assert "Tap Done, Partly or Not yet" in texts(stack.say(me, "banana"))
    assert SECOND in texts(stack.say(me, "done"))
    assert "Anything you want to note" in texts(stack.say(me, "partly"))
    assert "1/8. Persistence" in texts(stack.say(me, "canary-6b2e it went better than I thought"))
    replies: list[dict[str, Any]] = []
    for answer in ["3", "3", "3", "3", "3", "3", "4", "3"]:
        replies = stack.say(me, answer)
    result = texts(replies)
    assert f"- Supervision: {CANARY} (Done)" in result
    assert f"- Family and friends: {SECOND} (Partly)" in result
    assert "- Supervision: 1 -> 3 (+2)" in result and "- Persistence: 2 -> 3 (+1)" in result
    assert "- Family and friends: skipped" not in result and "- Family and friends: 3" in result
    with sqlite3.connect(stack.tracker_db) as connection:
        stored = [row[0] for row in connection.execute(
            "SELECT data FROM events WHERE sender_id = ?", (me,))]  # fmt: skip
    assert stored and not any("canary-6b2e" in row for row in stored)
    db = Path(stack.database_url.removeprefix("sqlite:///"))
    raw = b"".join(path.read_bytes() for path in db.parent.glob(db.name + "*"))
    assert b"canary-6b2e" not in raw
    [mydata] = exports(stack.say(me, "show my data"))
    [plan] = json.loads(mydata["content"])["success_plans"]
    assert plan["actions"] == [CANARY, SECOND] and plan["focus"] == [
        "supervision",
        "family_friends",
    ]
    assert plan["outcomes"] == ["done", "partly"] and plan["review_ratings"]["supervision"] == 3
    stack.say(me, "delete my data")
    assert "1 success plan(s)" in texts(stack.say(me, "/affirm"))


def test_nonsense_is_reasked_and_cancel_or_crisis_stop_it(stack: Stack) -> None:
    """Nonsense gets each step's hint and the same question; "cancel" ends the plan; crisis
    language mid-plan gets the crisis reply and the questions stop; with no plan saved,
    "review my plan" says there is none."""
    me = new_sender()
    stack.say(me, "make my success plan")
    reply = texts(stack.say(me, "banana"))
    assert "rating from 1 to 4" in reply and "1/8." in reply
    assert "stopped the plan and saved nothing" in texts(stack.say(me, "cancel"))
    stack.say(me, "make my success plan")
    stack.say(me, "3")
    replies = stack.say(me, "honestly i just want to kill myself")
    assert crisis_markers(replies) == ["self"]
    assert "/8." not in texts(replies)
    assert "don't have a saved success plan" in texts(stack.say(me, "review my plan"))


def test_the_success_factors_answer_offers_the_plan(stack: Stack) -> None:
    """The success-factors card's answer carries the plan button, and pressing it starts it."""
    me = new_sender()
    replies = stack.say(me, "what are the eight success factors for young peer providers")
    offered = {"title": "Make my success plan", "payload": "make my success plan"}
    assert offered in buttons(replies)
    assert "1/8. Persistence" in texts(stack.say(me, offered["payload"]))


@pytest.fixture(scope="module")
def telegram(stack: Stack) -> Iterator[FakeTelegram]:
    with FakeTelegram() as fake, bridge(stack, fake, TELEGRAM_MODE="polling"):
        fake.wait_for("getUpdates", timeout=20)
        yield fake


class Chat:
    """One private Telegram chat with the bridge: send or press, then wait for a new reply
    (a message's text, or a document's file name) that contains what is expected."""

    def __init__(self, fake: FakeTelegram, user: int) -> None:
        self.fake, self.user = fake, user

    def send(self, text: str, expect: str, method: str = "sendMessage") -> Call:
        return self._after(self.fake.message_update(self.user, text), expect, method)

    def press(self, reply: Call, data: str, expect: str) -> Call:
        message = {
            "message_id": 7000,
            "date": int(time.time()),
            "chat": {"id": self.user, "type": "private"},
            "from": self.fake.bot_user,
            "text": reply.params["text"],
            "reply_markup": reply.json("reply_markup"),
        }
        return self._after(self.fake.callback_update(self.user, message, data), expect)

    def _after(self, update: dict[str, Any], expect: str, method: str = "sendMessage") -> Call:
        earlier = {id(c) for c in self.fake.calls_of(method, self.user)}

        def said(call: Call) -> bool:
            shown = call.params.get("text") or "".join(n for n, _ in call.files.values())
            return call.chat_id == self.user and id(call) not in earlier and expect in shown

        self.fake.push(update)
        return self.fake.wait_for(method, said, timeout=30)[0]


def test_a_plan_over_telegram_with_mydata_and_delete(stack: Stack, telegram: FakeTelegram) -> None:
    """Over the Telegram stand-in: a rating by button press, the rest typed, the plan saved;
    /mydata sends the export as a document holding the plan; /delete removes it."""
    chat = Chat(telegram, 2101)
    first = chat.send("make my success plan", "1/8. Persistence")
    keys = [
        b["callback_data"] for row in first.json("reply_markup")["inline_keyboard"] for b in row
    ]
    assert keys == ["1", "2", "3", "4", "skip"]
    chat.press(first, "3", "2/8. Resilience")
    for number, answer in enumerate(["2", "4", "1", "3", "3", "2", "4"], start=3):
        chat.send(answer, f"{number}/8." if number <= 8 else "Pick your first one")
    chat.send("supervision", "Pick your second one")
    chat.send("resilience", "for Supervision in the next two weeks")
    chat.send(CANARY, "for Resilience in the next two weeks")
    chat.send(SECOND, "Your plan is saved")
    # Telegram gets the plan in parts, one message per paragraph: the actions come next.
    telegram.wait_for(
        "sendMessage", lambda c: c.chat_id == chat.user and CANARY in c.params.get("text", "")
    )
    document = chat.send("/mydata", "peerline-checkins.json", method="sendDocument")
    [(_, content)] = document.files.values()
    [plan] = json.loads(content)["success_plans"]
    assert plan["actions"] == [CANARY, SECOND] and plan["ratings"]["persistence"] == 3
    confirm = chat.send("/delete", "Delete everything?")
    assert "1 success plan(s)" in chat.press(confirm, "/affirm", "Done. I deleted").params["text"]

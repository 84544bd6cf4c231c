"""The real Telegram bridge (`python -m bot.telegram`) between a local stand-in for the Bot
API and the running Rasa stack: polling round trips, and a webhook that checks its secret."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import time
import uuid
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from bot.telegram.render import TextMessage, render
from devtools.fake_telegram import Call, FakeTelegram
from devtools.stack import Stack, free_port, wait_for
from devtools.telegram_bridge import SECRET, bridge
from peerline_core import feedback
from peerline_core.privacy import pseudonym

pytestmark = pytest.mark.integration

WEBHOOK_SECRET = "integration_webhook-secret"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def expected_html(stack: Stack, *messages: str) -> list[str]:
    """What the bridge should send for the last of `messages`, from a fresh REST conversation."""
    sender = f"probe-{uuid.uuid4().hex[:10]}"
    replies: list[dict[str, Any]] = []
    for text in messages:
        replies = stack.say(sender, text)
    return [m.html for m in render(replies) if isinstance(m, TextMessage)]


def senders(stack: Stack) -> set[str]:
    with sqlite3.connect(stack.tracker_db) as connection:
        return {row[0] for row in connection.execute("SELECT DISTINCT sender_id FROM events")}


def sent_to(fake: FakeTelegram, chat_id: int, count: int) -> list[Call]:
    return fake.wait_for("sendMessage", lambda c: c.chat_id == chat_id, count=count)


def test_a_message_gets_rasas_reply(
    stack: Stack, fake: FakeTelegram, polling: subprocess.Popen[bytes]
) -> None:
    """A text in: Rasa's greeting out as HTML with its buttons; Rasa saw only the pseudonym."""
    expected = expected_html(stack, "hi")
    fake.push(fake.message_update(1001, "hi"))
    calls = sent_to(fake, 1001, len(expected))
    assert [c.params["text"] for c in calls] == expected
    assert calls[0].params["parse_mode"] == "HTML"
    payloads = {
        b["callback_data"] for row in calls[0].json("reply_markup")["inline_keyboard"] for b in row
    }
    assert "I am a peer provider" in payloads
    known = senders(stack)
    assert pseudonym(SECRET.encode(), "telegram", "1001") in known
    assert "1001" not in known


def test_a_button_press_round_trips(
    stack: Stack, fake: FakeTelegram, polling: subprocess.Popen[bytes]
) -> None:
    """Pressing a role button: the query is answered, the choice shown, Rasa's reply sent."""
    user = 1002
    fake.push(fake.message_update(user, "/start"))
    [greeting] = sent_to(fake, user, 1)[:1]
    bot_message = {
        "message_id": 4242,
        "date": int(time.time()),
        "chat": {"id": user, "type": "private"},
        "from": fake.bot_user,
        "text": greeting.params["text"],
        "reply_markup": greeting.json("reply_markup"),
    }
    before = len(fake.calls_of("sendMessage", user))
    expected = expected_html(stack, "hi", "I am a peer provider")
    fake.push(fake.callback_update(user, bot_message, "I am a peer provider"))
    answered = fake.wait_for("answerCallbackQuery")
    assert answered[0].params["callback_query_id"].startswith("cb")
    [edit] = fake.wait_for("editMessageText", lambda c: c.params.get("message_id") == "4242")
    assert edit.params["text"].endswith("› I'm a peer provider")
    calls = sent_to(fake, user, before + len(expected))[before:]
    assert [c.params["text"] for c in calls] == expected


def test_webhook_rejects_requests_without_the_secret(stack: Stack, fake: FakeTelegram) -> None:
    """Webhook mode: a forged update without (or with a wrong) secret gets 403 and does
    nothing; the same update with the secret is answered."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/{uuid.uuid4().hex}"
    env = {
        "TELEGRAM_MODE": "webhook",
        "TELEGRAM_WEBHOOK_URL": url,
        "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "TELEGRAM_WEBHOOK_LISTEN": "127.0.0.1",
        "TELEGRAM_WEBHOOK_PORT": str(port),
    }
    user = 1003
    sender = pseudonym(SECRET.encode(), "telegram", str(user))
    with bridge(stack, fake, **env):
        [registered] = fake.wait_for("setWebhook", lambda c: c.params.get("url") == url, timeout=20)
        assert registered.params["secret_token"] == WEBHOOK_SECRET
        wait_for(lambda: _listening(port), 10, "webhook server")

        forged = {"update_id": 900001, **fake.message_update(user, "hi")}
        assert httpx.post(url, json=forged, timeout=5).status_code == 403
        wrong = {SECRET_HEADER: "not-the-secret"}
        assert httpx.post(url, json=forged, headers=wrong, timeout=5).status_code == 403
        time.sleep(1.0)
        assert fake.calls_of("sendMessage", user) == []
        assert fake.calls_of("sendChatAction", user) == []
        assert sender not in senders(stack)

        genuine = {SECRET_HEADER: WEBHOOK_SECRET}
        assert httpx.post(url, json=forged, headers=genuine, timeout=5).status_code == 200
        assert sent_to(fake, user, 1)[0].params["text"] == expected_html(stack, "hi")[0]
        assert sender in senders(stack)


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_a_vote_on_an_answer_round_trips(
    stack: Stack, fake: FakeTelegram, polling: subprocess.Popen[bytes]
) -> None:
    """An answer comes with "Helpful" / "Not what I asked" inline buttons; pressing one
    answers the query, marks the choice, sends Rasa's thanks and counts one telegram vote."""
    user = 1003
    fake.push(fake.message_update(user, "a client asked me to be friends on instagram"))
    [prompt] = fake.wait_for(
        "sendMessage", lambda c: c.chat_id == user and c.params["text"] == feedback.PROMPT
    )
    keys = [b for row in prompt.json("reply_markup")["inline_keyboard"] for b in row]
    assert [b["text"] for b in keys] == ["Helpful", "Not what I asked"]
    bot_message = {
        "message_id": 4343,
        "date": int(time.time()),
        "chat": {"id": user, "type": "private"},
        "from": fake.bot_user,
        "text": prompt.params["text"],
        "reply_markup": prompt.json("reply_markup"),
    }
    engine = sa.create_engine(stack.database_url)
    with engine.connect() as connection:
        votes_before = connection.scalar(sa.text("SELECT count(*) FROM answer_feedback"))
    fake.push(fake.callback_update(user, bot_message, keys[0]["callback_data"]))
    [edit] = fake.wait_for("editMessageText", lambda c: c.params.get("message_id") == "4343")
    assert edit.params["text"].endswith("› Helpful")
    fake.wait_for(
        "sendMessage",
        lambda c: c.chat_id == user and c.params["text"].startswith("Thanks for telling me"),
    )
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT vote, channel FROM answer_feedback")).all()
    engine.dispose()
    assert len(rows) == votes_before + 1
    assert tuple(rows[-1]) == ("helpful", "telegram")

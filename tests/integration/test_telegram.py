"""The real Telegram bridge (`python -m bot.telegram`) between a local stand-in for the Bot
API and the running Rasa stack: polling round trips, and a webhook that checks its secret."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from bot.telegram.render import TextMessage, render
from devtools.fake_telegram import TOKEN, Call, FakeTelegram
from devtools.stack import REPO, Stack, free_port, wait_for
from peerline_core import feedback
from peerline_core.privacy import pseudonym

pytestmark = pytest.mark.integration

SECRET = "integration-pseudonym-secret"
WEBHOOK_SECRET = "integration_webhook-secret"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeTelegram]:
    with FakeTelegram() as running:
        yield running


@contextmanager
def bridge(stack: Stack, fake: FakeTelegram, **env: str) -> Iterator[subprocess.Popen[bytes]]:
    """`python -m bot.telegram` as supervisord.conf runs it, pointed at the fake and at Rasa."""
    environment = dict(os.environ)
    environment.update(
        PYTHONPATH=str(REPO),
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=fake.base_url,
        RASA_URL=f"http://127.0.0.1:{stack.rasa_port}",
        PEERLINE_PSEUDONYM_SECRET=SECRET,
        # The stack's database and note key, as under `make run`, for the reminder loop.
        DATABASE_URL=stack.database_url,
        PEERLINE_VAR_DIR=str(stack.workdir),
        **env,
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.telegram"],
        cwd=REPO,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            output, _ = process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        log = output.decode(errors="replace")
        assert TOKEN not in log, "the bot token leaked into the bridge's log"


@pytest.fixture(scope="module")
def polling(stack: Stack, fake: FakeTelegram) -> Iterator[subprocess.Popen[bytes]]:
    with bridge(stack, fake, TELEGRAM_MODE="polling") as process:
        fake.wait_for("getUpdates", timeout=20)
        yield process


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


def test_the_supervision_agenda_over_telegram_export_document_and_delete(
    stack: Stack, fake: FakeTelegram, polling: subprocess.Popen[bytes]
) -> None:
    """An item added on Telegram comes back as a text document; /mydata holds it and
    /delete, confirmed, removes it."""
    user, item = 1201, "canary-3c8d a client wants a ride to court"
    fake.push(fake.message_update(user, f"add to my supervision list: {item}"))
    [saved] = fake.wait_for("sendMessage", lambda c: c.chat_id == user, timeout=30)
    assert "Saved under Boundary questions" in saved.params["text"]
    fake.push(fake.message_update(user, "export my supervision agenda"))
    [document] = fake.wait_for("sendDocument", lambda c: c.chat_id == user, timeout=30)
    filename, content = document.files["document"]
    assert filename == "peerline-supervision-agenda.txt"
    assert f"- {item}".encode() in content
    fake.push(fake.message_update(user, "/mydata"))
    mydata = fake.wait_for("sendDocument", lambda c: c.chat_id == user, count=2, timeout=30)[1]
    assert item.encode() in mydata.files["document"][1]
    before = len(fake.calls_of("sendMessage", user))
    fake.push(fake.message_update(user, "/delete"))
    fake.wait_for("sendMessage", lambda c: c.chat_id == user, count=before + 1, timeout=30)
    fake.push(fake.message_update(user, "yes"))
    done = fake.wait_for("sendMessage", lambda c: c.chat_id == user, count=before + 2, timeout=30)
    assert "1 supervision agenda item(s)" in done[-1].params["text"]


def test_the_readiness_result_over_telegram_is_a_chart_and_a_pdf(
    stack: Stack, fake: FakeTelegram, polling: subprocess.Popen[bytes]
) -> None:
    """A full self-assessment on Telegram ends with the chart as a photo and the one-page
    PDF and the PNG as documents."""
    from actions.readiness import assessment  # noqa: PLC0415  # the statement count only

    user, total = 1202, len(assessment().statements)
    fake.push(fake.message_update(user, "start the agency readiness self-assessment"))
    asked = 0
    for number in range(1, total + 1):
        sent = fake.wait_for(
            "sendMessage",
            lambda c, n=number: c.chat_id == user and f"{n}/{total}." in c.params["text"],
            timeout=30,
        )
        asked += len(sent)
        keyboard = sent[0].json("reply_markup")["inline_keyboard"]
        assert "3" in {b["callback_data"] for row in keyboard for b in row}
        fake.push(fake.message_update(user, "3" if number % 2 else "partly"))
    assert asked == total
    [photo] = fake.wait_for("sendPhoto", lambda c: c.chat_id == user, timeout=60)
    assert photo.files["photo"][1].startswith(b"\x89PNG")
    documents = fake.wait_for("sendDocument", lambda c: c.chat_id == user, count=2, timeout=30)
    names = {d.files["document"][0]: d.files["document"][1] for d in documents}
    assert names["peerline-readiness.pdf"].startswith(b"%PDF-")
    assert names["peerline-readiness.png"].startswith(b"\x89PNG")


def test_the_boundary_walk_through_over_telegram_with_buttons(
    stack: Stack, fake: FakeTelegram, polling: subprocess.Popen[bytes]
) -> None:
    """The walk-through's questions arrive with inline buttons; the outcome ends with the
    summary and its "Add to my supervision agenda" button."""
    user = 1203
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
    assert [b["text"] for row in keyboard for b in row] == ["Add to my supervision agenda"]

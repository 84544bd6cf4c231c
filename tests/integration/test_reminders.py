"""Opt-in reminders against the real stack: set, list and stop over REST; the widget's
offer on the next visit; and the real Telegram bridge (`python -m bot.telegram`) sending a
due reminder from the database through the local Bot API stand-in, after a restart, once,
and again after failed sends."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from actions.reminder_schedule import kind_named
from actions.storage.models import Reminder
from devtools.fake_telegram import TOKEN, FakeTelegram
from devtools.stack import REPO, Stack, crisis_markers
from peerline_core.keys import DEVELOPMENT_PSEUDONYM_SECRET
from peerline_core.privacy import pseudonym
from tests.integration.test_plan import Chat

pytestmark = pytest.mark.integration

SECRET = DEVELOPMENT_PSEUDONYM_SECRET.encode()  # the stack's action server uses the default
DAYTIME_ZONES = ("UTC", "America/New_York", "America/Los_Angeles", "Asia/Kolkata",
                 "Asia/Tokyo", "Australia/Sydney", "Europe/Berlin")  # fmt: skip


def texts(replies: list[dict[str, Any]]) -> list[str]:
    return [str(reply.get("text", "")) for reply in replies]


def rows_of(stack: Stack, key: str) -> list[Any]:
    engine = sa.create_engine(stack.database_url)
    with engine.connect() as connection:
        found = connection.execute(
            sa.text("SELECT * FROM reminders WHERE user_key = :key ORDER BY id"), {"key": key}
        ).all()
    engine.dispose()
    return list(found)


def change(stack: Stack, key: str, **values: Any) -> None:
    """Update a user's reminders as the application writes them (SQLAlchemy's own time
    format, which the compare-and-set on next_due_at matches)."""
    engine = sa.create_engine(stack.database_url)
    with engine.begin() as connection:
        connection.execute(sa.update(Reminder).where(Reminder.user_key == key).values(**values))
    engine.dispose()


def daytime_zone() -> str:
    """A zone where it is now between 09:00 and 19:00, so a due reminder is not held back
    by quiet hours whenever this test runs."""
    now = datetime.now(timezone.utc)
    return next(z for z in DAYTIME_ZONES if 9 <= now.astimezone(ZoneInfo(z)).hour < 19)


def come_back_later(stack: Stack, sender: str) -> None:
    """Move the conversation two hours into the past: the next message starts a session."""
    with sqlite3.connect(stack.tracker_db) as connection:
        connection.execute(
            "UPDATE events SET timestamp = timestamp - 7200, "
            "data = json_set(data, '$.timestamp', json_extract(data, '$.timestamp') - 7200) "
            "WHERE sender_id = ?",
            (sender,),
        )


def test_set_list_and_stop_over_rest_and_the_widget_offer(stack: Stack) -> None:
    """One sentence and the time zone set a reminder; it is listed, offered once on the
    next visit after it fell due, in /mydata, and "stop reminders" removes it."""
    sender = f"web-{uuid.uuid4().hex[:10]}"
    key = pseudonym(SECRET, "rest", sender)
    asked = stack.say(sender, "remind me to check in every weekday at 5pm")
    assert any("Which time zone" in t for t in texts(asked)), texts(asked)
    done = texts(stack.say(sender, "Pacific"))
    assert any("every weekday at 17:00 (America/Los_Angeles)" in t for t in done), done
    [row] = rows_of(stack, key)
    assert (row.kind, row.channel, row.days, row.delivery_sealed) == (
        "checkin", "web", "mon,tue,wed,thu,fri", None)  # fmt: skip

    listed = texts(stack.say(sender, "what reminders do I have"))
    assert any("Your reminders (1)" in t and "to check in" in t for t in listed), listed

    later = stack.say(sender, "remind me about my supervision agenda on Thursdays at 10pm")
    assert any("inside quiet hours" in t for t in texts(later)), texts(later)
    assert any("I didn't set" in t for t in texts(stack.say(sender, "cancel")))

    change(stack, key, next_due_at=datetime.now(timezone.utc) - timedelta(hours=1))
    come_back_later(stack, sender)
    replies = stack.say(sender, "hi")
    assert texts(replies)[0] == "You asked to be reminded to check in."
    assert replies[0]["buttons"] == [{"title": "Start my check-in", "payload": "check in"}]
    come_back_later(stack, sender)
    assert "You asked to be reminded to check in." not in texts(stack.say(sender, "hi"))

    exported = stack.say(sender, "show my data")
    content = next(r["custom"]["export"]["content"] for r in exported if "custom" in r
                   and "export" in r["custom"])  # fmt: skip
    assert [r["kind"] for r in json.loads(content)["reminders"]] == ["checkin"]
    stopped = texts(stack.say(sender, "stop reminders"))
    assert any("I removed 1 reminder(s)" in t for t in stopped), stopped
    assert rows_of(stack, key) == []


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeTelegram]:
    with FakeTelegram() as running:
        yield running


@contextmanager
def bridge(stack: Stack, fake: FakeTelegram) -> Iterator[subprocess.Popen[bytes]]:
    """`python -m bot.telegram` on the stack's database and keys, looking every second."""
    environment = dict(os.environ)
    environment.update(
        PYTHONPATH=str(REPO),
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=fake.base_url,
        RASA_URL=f"http://127.0.0.1:{stack.rasa_port}",
        DATABASE_URL=stack.database_url,
        PEERLINE_VAR_DIR=str(stack.workdir),
        TELEGRAM_REMINDER_POLL_S="1",
        TELEGRAM_REMINDER_RETRY_S="1",
    )
    environment.pop("PEERLINE_PSEUDONYM_SECRET", None)
    since = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.telegram"], cwd=REPO, env=environment,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        fake.wait_for("getUpdates", lambda c: c.at > since, timeout=20)
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
        assert "Traceback" not in log, log[-3000:]


def stored_time(value: Any) -> datetime:
    """A timestamp read with plain SQL: SQLite gives text, PostgreSQL a datetime."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def reminders_sent(fake: FakeTelegram, chat: int, text: str) -> list[Any]:
    return [c for c in fake.calls_of("sendMessage", chat) if c.params["text"] == text]


def test_telegram_sends_a_due_reminder_after_a_restart_once_and_retries_a_failure(
    stack: Stack, fake: FakeTelegram
) -> None:
    """Set on Telegram (the chat stored sealed only); due while the bridge is stopped, it
    is sent once by the restarted bridge with its button; two failed sends (502) are
    retried and the reminder arrives once; /stop removes it."""
    user = 1301
    key = pseudonym(SECRET, "rest", pseudonym(SECRET, "telegram", str(user)))
    kind = kind_named("checkin")
    assert kind is not None
    with bridge(stack, fake):
        fake.push(fake.message_update(user, "remind me to check in every day at 5pm"))
        fake.wait_for("sendMessage", lambda c: c.chat_id == user
                      and "Which time zone" in c.params["text"], timeout=30)  # fmt: skip
        fake.push(fake.message_update(user, "ET"))
        [done] = fake.wait_for("sendMessage", lambda c: c.chat_id == user
                               and "I'll remind you" in c.params["text"], timeout=30)  # fmt: skip
        assert "every day at 17:00 (America/New_York)" in done.params["text"]
    [row] = rows_of(stack, key)
    assert row.channel == "telegram" and row.delivery_sealed.startswith("peerline-sealed:v1:")
    assert str(user) not in row.delivery_sealed

    # Due while the bridge is down, at a moment outside quiet hours in its zone.
    due = datetime.now(timezone.utc) - timedelta(minutes=1)
    change(stack, key, next_due_at=due, timezone=daytime_zone())
    assert reminders_sent(fake, user, kind.message) == []
    with bridge(stack, fake):
        [sent] = fake.wait_for("sendMessage", lambda c: c.chat_id == user
                               and c.params["text"] == kind.message, timeout=20)  # fmt: skip
        button = sent.json("reply_markup")["inline_keyboard"][0][0]
        assert button == {"text": "Start my check-in", "callback_data": "check in"}
        time.sleep(3)  # three more looks at the database
        assert len(reminders_sent(fake, user, kind.message)) == 1
        [after] = rows_of(stack, key)
        assert stored_time(after.next_due_at) > datetime.now(timezone.utc)

        # The next occurrence comes due; Telegram fails twice, the third send goes through.
        fake.fail("sendMessage", user, times=2, status=502)
        change(stack, key, next_due_at=datetime.now(timezone.utc) - timedelta(seconds=5))
        fake.wait_for("sendMessage", lambda c: c.chat_id == user
                      and c.params["text"] == kind.message, count=2, timeout=20)  # fmt: skip
        failed = [c for c in fake.calls if c.chat_id == user and c.status == 502]
        assert len(failed) == 2
        time.sleep(3)
        assert len(reminders_sent(fake, user, kind.message)) == 2  # one per occurrence
        engine = sa.create_engine(stack.database_url)
        with engine.connect() as connection:
            state, attempts = connection.execute(
                sa.text("SELECT state, attempts FROM reminder_deliveries WHERE reminder_id = :id"),
                {"id": row.id},
            ).one()
        engine.dispose()
        assert (state, attempts) == ("sent", 3)

        before = len(fake.calls_of("sendMessage", user))
        fake.push(fake.message_update(user, "/stop"))
        [stopped] = fake.wait_for("sendMessage", lambda c: c.chat_id == user, count=before + 1,
                                  timeout=30)[before:]  # fmt: skip
        assert "I removed 1 reminder(s)" in stopped.params["text"]
    assert rows_of(stack, key) == []


def test_a_new_session_starts_as_before_while_the_action_server_is_down(stack: Stack) -> None:
    """The session start looks for due reminders on the action server; without it the
    session still starts as Rasa's own does: the welcome, and the crisis reply, come."""
    stack.stop_actions()
    try:
        welcome = stack.say(f"down-{uuid.uuid4().hex[:10]}", "hi")
        assert texts(welcome)[0].startswith("Hi, I'm Peerline"), texts(welcome)
        assert not any("I'm not sure I understood" in t for t in texts(welcome))
        crisis = stack.say(f"down-{uuid.uuid4().hex[:10]}", "i want to kill myself")
        assert crisis_markers(crisis) == ["self"], texts(crisis)
    finally:
        stack.start_actions()


def test_a_telegram_reminder_is_in_mydata_without_the_chat_and_removed_by_delete(
    stack: Stack, fake: FakeTelegram
) -> None:
    """Over the Telegram stand-in: a reminder set in the private chat is in /mydata's
    document (what for, days, time and zone; never the sealed chat), and /delete, confirmed
    with its button, removes it from the database."""
    user = 1302
    key = pseudonym(SECRET, "rest", pseudonym(SECRET, "telegram", str(user)))
    chat = Chat(fake, user)
    with bridge(stack, fake):
        chat.send("remind me about my supervision agenda on Thursdays at 9", "Which time zone")
        chat.send("Pacific", "I'll remind you")
        assert len(rows_of(stack, key)) == 1
        document = chat.send("/mydata", "peerline-checkins.json", method="sendDocument")
        [(_, content)] = document.files.values()
        [reminder] = json.loads(content)["reminders"]
        assert reminder["kind"] == "agenda" and reminder["timezone"] == "America/Los_Angeles"
        assert b"peerline-sealed" not in content and str(user) not in json.dumps(reminder)
        confirm = chat.send("/delete", "Delete everything?")
        done = chat.press(confirm, "/affirm", "Done. I deleted")
        assert "1 reminder(s)" in done.params["text"]
    assert rows_of(stack, key) == []

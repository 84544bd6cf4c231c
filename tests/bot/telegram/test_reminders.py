"""The bridge's reminder loop on a real SQLite file, with python-telegram-bot's Bot talking
to a recording stand-in: each occurrence sent once, failures retried or never repeated,
quiet hours and groups respected."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import datetime, time, timedelta, timezone
from typing import Any

import httpx
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.request import BaseRequest, RequestData

from actions.reminder_schedule import kind_named
from actions.storage.models import Reminder
from actions.storage.reminders import (
    FAILED,
    MISSED,
    REFUSED,
    SENT,
    UNCERTAIN,
    NewReminder,
    add_reminder,
    aware,
    delivery_of,
)
from bot.telegram.reminders import Deliverer, Outcome, backoff, classify, owner_key
from peerline_core.privacy import NoteCipher
from peerline_core.seal import sealer

SECRET = b"unit-test-secret"
CHAT = 4242
# 17:00 UTC on a Thursday: outside quiet hours in UTC, inside them in Asia/Tokyo (02:00).
NOW = datetime(2026, 12, 3, 17, 0, tzinfo=timezone.utc)
BOT_USER = {"id": 777, "is_bot": True, "first_name": "Peerline", "username": "peerline_bot"}

Fail = Callable[[], tuple[int, bytes]] | Exception


class TelegramStandIn(BaseRequest):
    """Records sendMessage calls; each queued failure is used up by one call."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []
        self.failures: list[Fail] = []

    @property
    def read_timeout(self) -> float:
        return 1.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, *_: Any, **__: Any
    ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        if name == "getMe":
            return 200, json.dumps({"ok": True, "result": BOT_USER}).encode()
        if self.failures:
            failure = self.failures.pop(0)
            if isinstance(failure, Exception):
                raise failure
            return failure()
        self.sent.append(params)
        chat = int(str(params["chat_id"]))
        result = {"message_id": len(self.sent), "date": 0, "text": params["text"],
                  "chat": {"id": chat, "type": "private"}, "from": BOT_USER}  # fmt: skip
        return 200, json.dumps({"ok": True, "result": result}).encode()


def telegram_error(status: int, description: str) -> Callable[[], tuple[int, bytes]]:
    body = {"ok": False, "error_code": status, "description": description}
    return lambda: (status, json.dumps(body).encode())


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def factory(sqlite_url: str) -> sessionmaker[Session]:
    return sessionmaker(create_engine(sqlite_url))


@pytest.fixture
def cipher() -> NoteCipher:
    return NoteCipher([Fernet.generate_key()])


@pytest.fixture
async def bot() -> Any:
    request = TelegramStandIn()
    telegram = Bot("777:unit-token", request=request, get_updates_request=request)
    await telegram.initialize()
    yield telegram
    await telegram.shutdown()


def stand_in(bot: Bot) -> TelegramStandIn:
    request = bot.request
    assert isinstance(request, TelegramStandIn)
    return request


def remind(
    factory: sessionmaker[Session],
    cipher: NoteCipher,
    *,
    chat: int = CHAT,
    owner: int = CHAT,
    zone: str = "UTC",
    due: datetime = NOW,
    kind: str = "checkin",
) -> int:
    sealed = sealer(cipher.encrypt)(str(chat))
    new = NewReminder(kind, "telegram", "mon,tue,wed,thu,fri,sat,sun", time(17), zone,
                      time(21), time(8), sealed, due)  # fmt: skip
    with factory.begin() as session:
        add_reminder(session, owner_key(SECRET, owner), uuid.uuid4().hex, new, NOW)
        return session.query(Reminder).order_by(Reminder.id.desc()).first().id  # type: ignore[union-attr]


def deliverer(factory: sessionmaker[Session], cipher: NoteCipher, clock: Clock) -> Deliverer:
    return Deliverer(factory, cipher, SECRET, retry_base=timedelta(seconds=30),
                     grace=timedelta(hours=3), clock=clock)  # fmt: skip


def state_of(factory: sessionmaker[Session], reminder: int) -> tuple[str | None, int, datetime]:
    with factory() as session:
        row = session.get(Reminder, reminder)
        assert row is not None
        delivery = delivery_of(session, reminder, NOW)
        return (
            delivery.state if delivery else None,
            delivery.attempts if delivery else 0,
            aware(row.next_due_at),
        )


async def test_a_due_reminder_is_sent_once_with_its_button(
    factory: sessionmaker[Session], cipher: NoteCipher, bot: Bot
) -> None:
    """The kind's short text and its start button go to the owner's chat; a second pass,
    or a second bridge on the same database, sends nothing more."""
    reminder = remind(factory, cipher)
    clock = Clock()
    assert await deliverer(factory, cipher, clock).deliver_due(bot) == 1
    assert await deliverer(factory, cipher, clock).deliver_due(bot) == 0
    [sent] = stand_in(bot).sent
    kind = kind_named("checkin")
    assert kind is not None
    assert (int(str(sent["chat_id"])), sent["text"]) == (CHAT, kind.message)
    [[button]] = sent["reply_markup"]["inline_keyboard"]
    assert (button["text"], button["callback_data"]) == ("Start my check-in", "check in")
    state, attempts, next_due = state_of(factory, reminder)
    assert (state, attempts, next_due) == (SENT, 1, NOW + timedelta(days=1))


async def test_a_failed_send_is_retried_with_backoff_and_sent_once(
    factory: sessionmaker[Session], cipher: NoteCipher, bot: Bot
) -> None:
    """Telegram answering 502, then the connection refused: not sent, not marked sent,
    retried after 30 s and then 60 s; the third attempt is the one message."""
    reminder = remind(factory, cipher)
    stand_in(bot).failures = [
        telegram_error(502, "Bad Gateway"),
        httpx.ConnectError("connection refused"),
    ]
    clock = Clock()
    loop = deliverer(factory, cipher, clock)
    assert await loop.deliver_due(bot) == 0
    assert state_of(factory, reminder)[:2] == (FAILED, 1)
    clock.now = NOW + timedelta(seconds=20)
    assert await loop.deliver_due(bot) == 0  # still waiting
    assert state_of(factory, reminder)[:2] == (FAILED, 1)
    clock.now = NOW + timedelta(seconds=31)
    assert await loop.deliver_due(bot) == 0
    assert state_of(factory, reminder)[:2] == (FAILED, 2)
    clock.now = NOW + timedelta(seconds=31 + 59)
    assert await loop.deliver_due(bot) == 0
    clock.now = NOW + timedelta(seconds=31 + 61)
    assert await loop.deliver_due(bot) == 1
    assert await loop.deliver_due(bot) == 0
    assert len(stand_in(bot).sent) == 1
    assert state_of(factory, reminder)[:2] == (SENT, 3)


async def test_a_send_that_may_have_arrived_is_never_repeated(
    factory: sessionmaker[Session], cipher: NoteCipher, bot: Bot
) -> None:
    """A read timeout after the request went out: closed as uncertain, not sent again."""
    reminder = remind(factory, cipher)
    stand_in(bot).failures = [httpx.ReadTimeout("no answer")]
    clock = Clock()
    loop = deliverer(factory, cipher, clock)
    assert await loop.deliver_due(bot) == 0
    clock.now = NOW + timedelta(minutes=10)
    assert await loop.deliver_due(bot) == 0
    assert stand_in(bot).sent == []
    state, _, next_due = state_of(factory, reminder)
    assert (state, next_due) == (UNCERTAIN, NOW + timedelta(days=1))


async def test_a_retry_stops_when_the_grace_period_ends(
    factory: sessionmaker[Session], cipher: NoteCipher, bot: Bot
) -> None:
    """A reminder that keeps failing is skipped after three hours, and the next one is due."""
    reminder = remind(factory, cipher)
    stand_in(bot).failures = [telegram_error(500, "Internal Server Error")]
    clock = Clock()
    loop = deliverer(factory, cipher, clock)
    await loop.deliver_due(bot)
    clock.now = NOW + timedelta(hours=3, minutes=1)
    assert await loop.deliver_due(bot) == 0
    state, attempts, next_due = state_of(factory, reminder)
    assert (state, attempts, next_due) == (MISSED, 1, NOW + timedelta(days=1))


async def test_nothing_is_sent_in_quiet_hours(
    factory: sessionmaker[Session], cipher: NoteCipher, bot: Bot
) -> None:
    """Due at a moment that is 02:00 in Tokyo: it waits, unclaimed, and is then skipped."""
    reminder = remind(factory, cipher, zone="Asia/Tokyo")
    clock = Clock()
    assert await deliverer(factory, cipher, clock).deliver_due(bot) == 0
    assert state_of(factory, reminder)[0] is None
    clock.now = NOW + timedelta(hours=4)  # 06:00 in Tokyo, and past the grace period
    assert await deliverer(factory, cipher, clock).deliver_due(bot) == 0
    assert stand_in(bot).sent == []
    assert state_of(factory, reminder)[0] == MISSED


async def test_never_to_a_group_or_to_someone_elses_chat(
    factory: sessionmaker[Session], cipher: NoteCipher, bot: Bot
) -> None:
    """A sealed group id, or a chat that is not the owner's, is refused without a send."""
    group = remind(factory, cipher, chat=-100500, owner=-100500)
    swapped = remind(factory, cipher, chat=9999, owner=CHAT)
    assert await deliverer(factory, cipher, Clock()).deliver_due(bot) == 0
    assert stand_in(bot).sent == []
    assert state_of(factory, group)[0] == REFUSED
    assert state_of(factory, swapped)[0] == REFUSED


async def test_a_blocked_bot_skips_the_occurrence_only(
    factory: sessionmaker[Session], cipher: NoteCipher, bot: Bot
) -> None:
    """Forbidden (the user blocked the bot): this occurrence is refused, the reminder stays."""
    reminder = remind(factory, cipher)
    stand_in(bot).failures = [telegram_error(403, "Forbidden: bot was blocked by the user")]
    assert await deliverer(factory, cipher, Clock()).deliver_due(bot) == 0
    state, _, next_due = state_of(factory, reminder)
    assert (state, next_due) == (REFUSED, NOW + timedelta(days=1))


@pytest.mark.parametrize(
    ("error", "outcome"),
    [(Forbidden("blocked"), Outcome.REFUSED), (BadRequest("chat not found"), Outcome.REFUSED),
     (RetryAfter(5), Outcome.RETRY), (NetworkError("Bad Gateway"), Outcome.RETRY)],
)  # fmt: skip
def test_telegram_answers_are_sorted_by_whether_a_repeat_is_safe(
    error: Exception, outcome: Outcome
) -> None:
    """An error Telegram answered means nothing was sent (or never will be)."""
    assert classify(error) is outcome  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cause", "outcome"),
    [(httpx.ConnectError("refused"), Outcome.RETRY), (httpx.ConnectTimeout("t"), Outcome.RETRY),
     (httpx.PoolTimeout("t"), Outcome.RETRY), (httpx.ReadTimeout("t"), Outcome.UNCERTAIN),
     (httpx.RemoteProtocolError("closed"), Outcome.UNCERTAIN)],
)  # fmt: skip
def test_transport_failures_are_retried_only_before_the_request_went_out(
    cause: Exception, outcome: Outcome
) -> None:
    """Connecting failed: safe to repeat. The answer was lost: it may have arrived."""
    error = TimedOut() if isinstance(cause, httpx.TimeoutException) else NetworkError("x")
    error.__cause__ = cause
    assert classify(error) is outcome


def test_backoff_doubles_up_to_fifteen_minutes() -> None:
    """30 s, 60 s, 120 s ... never more than 15 minutes."""
    base = timedelta(seconds=30)
    assert [backoff(n, base).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert backoff(20, base) == timedelta(minutes=15)

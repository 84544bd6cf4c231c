"""Sends due reminders from the database to private Telegram chats, each occurrence once.

A small asyncio loop started in the bridge's ``post_init``: every few seconds it reads the
reminders whose next occurrence has come, claims each occurrence in the database (a unique
row, actions/storage/reminders.py) and only then sends it. Schedules live in the database,
so a restarted bridge picks up what fell due while it was down; two bridges never send one
occurrence twice. A send that certainly failed is retried with backoff until the grace
period ends; one that may have arrived (the connection dropped after the request went out)
is never repeated. Nothing is sent in quiet hours, to a group, or to a chat that does not
belong to the reminder's owner.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import Enum

import httpx
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from actions.reminder_schedule import QuietHours, Schedule, days_from_text, kind_named
from actions.storage.models import Reminder
from actions.storage.reminders import (
    MISSED,
    REFUSED,
    SENT,
    UNCERTAIN,
    aware,
    claim,
    due_reminders,
    finish,
    record_failure,
)
from peerline_core.privacy import NoteCipher, pseudonym
from peerline_core.seal import open_sealed

logger = logging.getLogger(__name__)

CHANNEL = "telegram"
MAX_BACKOFF = timedelta(minutes=15)
# Transport errors raised before the request reached Telegram: safe to send again.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.WriteTimeout)


class Outcome(Enum):
    """What a failed send means for the occurrence."""

    RETRY = "retry"  # certainly not delivered: try again later
    REFUSED = "refused"  # Telegram refuses this chat (blocked, not found): skip it
    UNCERTAIN = "uncertain"  # may have been delivered: never repeat


def classify(error: TelegramError) -> Outcome:
    """Sort a failed send by whether repeating it could deliver the reminder twice."""
    if isinstance(error, (Forbidden, BadRequest)):
        return Outcome.REFUSED
    if isinstance(error, RetryAfter):
        return Outcome.RETRY
    cause = error.__cause__
    if isinstance(cause, httpx.HTTPError):
        return Outcome.RETRY if isinstance(cause, _NOT_SENT) else Outcome.UNCERTAIN
    if isinstance(error, NetworkError):
        return Outcome.RETRY  # Telegram answered with an error status: nothing was sent
    return Outcome.UNCERTAIN


def backoff(attempt: int, base: timedelta) -> timedelta:
    """base, 2 x base, 4 x base, ... capped at 15 minutes."""
    factor: int = 2 ** max(attempt - 1, 0)
    return min(base * factor, MAX_BACKOFF)


def owner_key(secret: bytes, chat_id: int) -> str:
    """The user key the action server stores for this private chat: the pseudonym of the
    bridge's sender (``bot.telegram.app.sender_for``) under Rasa's REST channel name."""
    return pseudonym(secret, "rest", pseudonym(secret, "telegram", str(chat_id)))


@dataclass(frozen=True)
class Plan:
    """What to do with one due occurrence now."""

    action: str  # "send", "wait" (quiet hours) or "skip" (too late)
    occurrence: datetime


def plan(row: Reminder, now: datetime, grace: timedelta) -> Plan:
    """Send it, wait for quiet hours to end, or skip it because it is too late."""
    occurrence = aware(row.next_due_at)
    if now > occurrence + grace:
        return Plan("skip", occurrence)
    quiet = QuietHours(start=row.quiet_start, end=row.quiet_end)
    if schedule_of(row).quiet_at(now, quiet):
        return Plan("wait", occurrence)
    return Plan("send", occurrence)


def schedule_of(row: Reminder) -> Schedule:
    return Schedule(days_from_text(row.days), row.at, row.timezone)


@dataclass(frozen=True)
class Target:
    """A verified private chat to send one claimed occurrence to."""

    reminder_id: int
    occurrence: datetime
    attempt: int
    chat_id: int
    kind: str
    following: datetime


class Deliverer:
    """Finds due reminders, claims them and sends them; one per bridge process."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        cipher: NoteCipher,
        secret: bytes,
        *,
        retry_base: timedelta,
        grace: timedelta,
        clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
    ) -> None:
        self._sessions = sessions
        self._cipher = cipher
        self._secret = secret
        self._retry_base = retry_base
        self._grace = grace
        self._clock = clock

    async def run_forever(self, bot: Bot, interval_s: float) -> None:
        """Deliver due reminders every ``interval_s`` seconds until cancelled."""
        while True:
            try:
                await self.deliver_due(bot)
            except SQLAlchemyError as error:
                logger.warning("Reminders could not be read: %s", type(error).__name__)
            except Exception:  # the loop must outlive one bad row; the next pass tries again
                logger.exception("A reminder pass failed")
            await asyncio.sleep(interval_s)

    async def deliver_due(self, bot: Bot) -> int:
        """One pass: send every occurrence that is due and ours to send; how many were sent."""
        targets = await asyncio.to_thread(self._claim_due)
        sent = 0
        for target in targets:
            sent += await self._send(bot, target)
        return sent

    def _claim_due(self) -> list[Target]:
        now = self._clock()
        with self._sessions.begin() as session:
            due = [row.id for row in due_reminders(session, CHANNEL, now)]
        targets = []
        for reminder_id in due:
            # One short transaction per occurrence: a claim is committed before its send.
            with self._sessions.begin() as session:
                row = session.get(Reminder, reminder_id)
                if row is None or aware(row.next_due_at) > now:
                    continue  # stopped, or moved on by another bridge meanwhile
                target = self._claim_one(session, row, now)
            if target is not None:
                targets.append(target)
        return targets

    def _claim_one(self, session: Session, row: Reminder, now: datetime) -> Target | None:
        step = plan(row, now, self._grace)
        following = schedule_of(row).next_after(now)
        if step.action == "skip":
            finish(session, row.id, step.occurrence, MISSED, following, now)
            logger.info("A reminder was skipped: too late to send")
            return None
        if step.action == "wait":
            return None
        chat_id = self._chat_of(row)
        kind = kind_named(row.kind)
        if chat_id is None or kind is None:
            finish(session, row.id, step.occurrence, REFUSED, following, now)
            logger.warning("A reminder has no valid private chat or kind; it was not sent")
            return None
        attempt = claim(session, row.id, step.occurrence, now)
        if attempt is None:
            return None
        return Target(row.id, step.occurrence, attempt, chat_id, kind.id, following)

    def _chat_of(self, row: Reminder) -> int | None:
        """The reminder's private chat, only if it opens and belongs to its owner."""
        if not row.delivery_sealed:
            return None
        try:
            chat_id = int(open_sealed(row.delivery_sealed, self._cipher.decrypt))
        except ValueError:
            return None
        # Private chats have positive ids (groups are negative), equal to the user's id.
        if chat_id <= 0 or owner_key(self._secret, chat_id) != row.user_key:
            return None
        return chat_id

    async def _send(self, bot: Bot, target: Target) -> int:
        kind = kind_named(target.kind)
        assert kind is not None  # checked when claimed
        markup = InlineKeyboardMarkup(
            [[InlineKeyboardButton(kind.button.title, callback_data=kind.button.payload)]]
        )
        try:
            await bot.send_message(target.chat_id, kind.message, reply_markup=markup)
        except TelegramError as error:
            await asyncio.to_thread(self._failed, target, error)
            return 0
        await asyncio.to_thread(self._close, target, SENT)
        logger.info("A reminder was sent (attempt %d)", target.attempt)
        return 1

    def _failed(self, target: Target, error: TelegramError) -> None:
        outcome = classify(error)
        now = self._clock()
        logger.warning(
            "Sending a reminder failed (%s, attempt %d): %s",
            type(error).__name__,
            target.attempt,
            outcome.value,
        )
        if outcome is Outcome.RETRY:
            wait = backoff(target.attempt, self._retry_base)
            if isinstance(error, RetryAfter):
                wait = max(wait, _seconds(error.retry_after))
            with self._sessions.begin() as session:
                record_failure(session, target.reminder_id, target.occurrence, now + wait, now)
            return
        self._close(target, REFUSED if outcome is Outcome.REFUSED else UNCERTAIN)

    def _close(self, target: Target, state: str) -> None:
        now = self._clock()
        with self._sessions.begin() as session:
            finish(session, target.reminder_id, target.occurrence, state, target.following, now)


def _seconds(value: int | timedelta) -> timedelta:
    return value if isinstance(value, timedelta) else timedelta(seconds=value)


async def stop(task: asyncio.Task[None] | None) -> None:
    """Cancel the delivery loop and wait for it to end."""
    if task is None:
        return
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task

"""Reminder rows and the once-only record of each occurrence. Functions take a session and
never commit; the caller commits a claim before sending, so other processes see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from actions.storage.models import Reminder, ReminderDelivery

SENDING, SENT, FAILED = "sending", "sent", "failed"
OFFERED, MISSED, REFUSED, UNCERTAIN = "offered", "missed", "refused", "uncertain"
CLOSED = frozenset({SENT, OFFERED, MISSED, REFUSED, UNCERTAIN})
# A claim older than this whose sender never reported back crashed mid-send: the message
# may have gone out, so the occurrence is closed as uncertain rather than sent again.
CLAIM_LEASE = timedelta(minutes=5)


@dataclass(frozen=True)
class NewReminder:
    """A reminder ready to store: schedule checked, Telegram chat already sealed."""

    kind: str
    channel: str
    days: str
    at: time
    timezone: str
    quiet_start: time
    quiet_end: time
    delivery_sealed: str | None
    next_due_at: datetime


# Plain DML: the ORM's in-Python session sync would compare SQLite's naive times with
# aware ones; every function here reads rows back with a fresh query anyway.
NO_SYNC = {"synchronize_session": False}


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def add_reminder(
    session: Session, user_key: str, idempotency_key: str, new: NewReminder, at: datetime
) -> bool:
    """Store one reminder once per (user, idempotency key); False when already stored."""
    existing = session.scalar(
        select(Reminder.id).where(
            Reminder.user_key == user_key, Reminder.idempotency_key == idempotency_key
        )
    )
    if existing is not None:
        return False
    try:
        with session.begin_nested():
            session.add(
                Reminder(user_key=user_key, idempotency_key=idempotency_key, created_at=at,
                         kind=new.kind, channel=new.channel, days=new.days, at=new.at,
                         timezone=new.timezone, quiet_start=new.quiet_start,
                         quiet_end=new.quiet_end, delivery_sealed=new.delivery_sealed,
                         next_due_at=new.next_due_at)
            )  # fmt: skip
    except IntegrityError:
        return False  # a concurrent retry stored it first
    return True


def reminders_of(session: Session, user_key: str) -> list[Reminder]:
    """A user's reminders, oldest first."""
    query = select(Reminder).where(Reminder.user_key == user_key)
    return list(session.scalars(query.order_by(Reminder.created_at, Reminder.id)))


def delete_reminders(session: Session, user_key: str, kind: str | None = None) -> int:
    """Delete a user's reminders (of one kind, or all) with their deliveries; how many."""
    query = select(Reminder.id).where(Reminder.user_key == user_key)
    if kind is not None:
        query = query.where(Reminder.kind == kind)
    ids = list(session.scalars(query))
    if not ids:
        return 0
    _run(session, delete(ReminderDelivery).where(ReminderDelivery.reminder_id.in_(ids)))
    result = _run(session, delete(Reminder).where(Reminder.id.in_(ids)))
    return int(result.rowcount or 0)


def due_reminders(
    session: Session, channel: str, now: datetime, limit: int = 100
) -> list[Reminder]:
    """Reminders of ``channel`` whose next occurrence has come, earliest first."""
    query = select(Reminder).where(Reminder.channel == channel, Reminder.next_due_at <= now)
    return list(session.scalars(query.order_by(Reminder.next_due_at, Reminder.id).limit(limit)))


def due_for_user(session: Session, user_key: str, channel: str, now: datetime) -> list[Reminder]:
    """One user's reminders of ``channel`` that have fallen due."""
    query = select(Reminder).where(
        Reminder.user_key == user_key, Reminder.channel == channel, Reminder.next_due_at <= now
    )
    return list(session.scalars(query.order_by(Reminder.next_due_at, Reminder.id)))


def claim(session: Session, reminder_id: int, occurrence: datetime, now: datetime) -> int | None:
    """Claim one occurrence for sending: the attempt number, or None when it is not ours.

    The first claim inserts the unique (reminder, occurrence) row; a failed one is claimed
    again from its ``retry_at`` by compare-and-set on its attempt count. Whoever loses
    either race gets None, so one occurrence is never being sent by two processes.
    """
    row = _delivery(session, reminder_id, occurrence)
    if row is None:
        try:
            with session.begin_nested():
                session.add(
                    ReminderDelivery(
                        reminder_id=reminder_id,
                        occurrence_at=occurrence,
                        state=SENDING,
                        attempts=1,
                        updated_at=now,
                    )
                )
        except IntegrityError:
            return None
        return 1
    if row.state == FAILED and row.retry_at is not None and aware(row.retry_at) <= now:
        won = _set_state(session, row, {"state": SENDING, "attempts": row.attempts + 1}, now)
        return row.attempts + 1 if won else None
    if row.state == SENDING and aware(row.updated_at) <= now - CLAIM_LEASE:
        _set_state(session, row, {"state": UNCERTAIN}, now)
    return None


def record_failure(
    session: Session, reminder_id: int, occurrence: datetime, retry_at: datetime, now: datetime
) -> None:
    """A claimed send failed for sure: it is retried from ``retry_at``, never marked sent."""
    _run(
        session,
        update(ReminderDelivery)
        .where(_is(reminder_id, occurrence), ReminderDelivery.state == SENDING)
        .values(state=FAILED, retry_at=retry_at, updated_at=now),
    )


def finish(  # noqa: PLR0917  # one occurrence's identity, outcome and times, all required
    session: Session,
    reminder_id: int,
    occurrence: datetime,
    state: str,
    next_due_at: datetime,
    now: datetime,
) -> bool:
    """Close an occurrence as ``state`` and move its reminder on to ``next_due_at``.

    For an occurrence nobody claimed (the widget's offer, a skipped one) the row is
    inserted here, so the unique row still decides. False when the occurrence was not this
    caller's to close: another process had it, or it was closed already (and keeps its
    state: an uncertain send stays uncertain); the reminder is moved on either way.
    """
    row = _delivery(session, reminder_id, occurrence)
    ours = True
    if row is None:
        try:
            with session.begin_nested():
                session.add(
                    ReminderDelivery(
                        reminder_id=reminder_id,
                        occurrence_at=occurrence,
                        state=state,
                        attempts=0,
                        updated_at=now,
                    )
                )
        except IntegrityError:
            return False
    elif row.state in CLOSED:
        ours = False
    else:
        _run(
            session,
            update(ReminderDelivery)
            .where(ReminderDelivery.id == row.id)
            .values(state=state, retry_at=None, updated_at=now),
        )
    # Compare-and-set: a reminder already moved on (or deleted) stays as it is.
    _run(
        session,
        update(Reminder)
        .where(Reminder.id == reminder_id, Reminder.next_due_at == occurrence)
        .values(next_due_at=next_due_at),
    )
    # Only the newest occurrence's row is needed to refuse a repeat.
    _run(
        session,
        delete(ReminderDelivery).where(
            ReminderDelivery.reminder_id == reminder_id, ReminderDelivery.occurrence_at < occurrence
        ),
    )
    return ours


def delivery_of(
    session: Session, reminder_id: int, occurrence: datetime
) -> ReminderDelivery | None:
    return _delivery(session, reminder_id, occurrence)


def _run(session: Session, statement: Any) -> CursorResult[Any]:
    return cast("CursorResult[Any]", session.execute(statement, execution_options=NO_SYNC))


def _is(reminder_id: int, occurrence: datetime) -> Any:
    return (ReminderDelivery.reminder_id == reminder_id) & (
        ReminderDelivery.occurrence_at == occurrence
    )


def _delivery(session: Session, reminder_id: int, occurrence: datetime) -> ReminderDelivery | None:
    return session.scalar(select(ReminderDelivery).where(_is(reminder_id, occurrence)))


def _set_state(
    session: Session, row: ReminderDelivery, values: dict[str, Any], now: datetime
) -> bool:
    result = _run(
        session,
        update(ReminderDelivery)
        .where(
            ReminderDelivery.id == row.id,
            ReminderDelivery.state == row.state,
            ReminderDelivery.attempts == row.attempts,
        )
        .values(**values, updated_at=now),
    )
    return result.rowcount == 1

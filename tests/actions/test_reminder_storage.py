"""Reminder storage on both databases: stored once, each occurrence claimed by one sender
only, failed sends retried and never marked sent, deletes that take the deliveries along."""

from __future__ import annotations

import threading
import uuid
from datetime import datetime, time, timedelta, timezone

from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from actions.storage.models import Reminder, ReminderDelivery
from actions.storage.reminders import (
    CLAIM_LEASE,
    FAILED,
    MISSED,
    SENDING,
    SENT,
    UNCERTAIN,
    NewReminder,
    add_reminder,
    aware,
    claim,
    delete_reminders,
    delivery_of,
    due_reminders,
    finish,
    record_failure,
    reminders_of,
)

NOW = datetime(2026, 12, 3, 17, 0, tzinfo=timezone.utc)
NEXT = NOW + timedelta(days=1)


def new(kind: str = "checkin", due: datetime = NOW, channel: str = "telegram") -> NewReminder:
    return NewReminder(kind, channel, "mon,tue,wed,thu,fri", time(17), "UTC", time(21),
                       time(8), "peerline-sealed:v1:token", due)  # fmt: skip


def stored(factory: sessionmaker[Session], user: str = "user-a", **kwargs: object) -> int:
    with factory.begin() as session:
        assert add_reminder(session, user, uuid.uuid4().hex, new(**kwargs), NOW)  # type: ignore[arg-type]
        return reminders_of(session, user)[-1].id


def test_a_reminder_is_stored_once_per_form(database_url: str) -> None:
    """A retried save with the same key stores nothing more."""
    factory = sessionmaker(create_engine(database_url))
    with factory.begin() as session:
        assert add_reminder(session, "u", "form-1", new(), NOW) is True
    with factory.begin() as session:
        assert add_reminder(session, "u", "form-1", new(), NOW) is False
        assert len(reminders_of(session, "u")) == 1


def test_only_due_reminders_of_the_channel_are_found(database_url: str) -> None:
    """Not yet due, or on the web widget: not the bridge's to send."""
    factory = sessionmaker(create_engine(database_url))
    due = stored(factory)
    stored(factory, due=NOW + timedelta(minutes=1))
    stored(factory, channel="web")
    with factory() as session:
        assert [row.id for row in due_reminders(session, "telegram", NOW)] == [due]


def test_one_claim_wins_among_eight_racing_senders(database_url: str) -> None:
    """Eight threads (two bridges, retries) claiming one occurrence: exactly one may send."""
    factory = sessionmaker(create_engine(database_url, pool_size=8))
    reminder = stored(factory)
    barrier = threading.Barrier(8)
    attempts: list[int | None] = []

    def race() -> None:
        barrier.wait()
        with factory.begin() as session:
            attempts.append(claim(session, reminder, NOW, NOW))

    threads = [threading.Thread(target=race) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(attempts, key=str) == [1] + [None] * 7


def test_a_failed_send_is_retried_after_its_wait_and_never_counted_sent(database_url: str) -> None:
    """After a failure the occurrence is claimable again only from retry_at, by one
    claimer, with the attempt counted; it is marked sent only when a send succeeded."""
    factory = sessionmaker(create_engine(database_url))
    reminder = stored(factory)
    with factory.begin() as session:
        assert claim(session, reminder, NOW, NOW) == 1
        record_failure(session, reminder, NOW, NOW + timedelta(seconds=30), NOW)
    with factory.begin() as session:
        row = delivery_of(session, reminder, NOW)
        assert row is not None and (row.state, row.attempts) == (FAILED, 1)
        assert claim(session, reminder, NOW, NOW + timedelta(seconds=10)) is None
    later = NOW + timedelta(seconds=31)
    with factory.begin() as session:
        assert claim(session, reminder, NOW, later) == 2
    with factory.begin() as session:
        assert claim(session, reminder, NOW, later) is None  # being sent: not again
        assert finish(session, reminder, NOW, SENT, NEXT, later)
    with factory() as session:
        row = delivery_of(session, reminder, NOW)
        assert row is not None and (row.state, row.attempts) == (SENT, 2)
        assert aware(session.get(Reminder, reminder).next_due_at) == NEXT  # type: ignore[union-attr]
        assert claim(session, reminder, NOW, later + timedelta(hours=1)) is None


def test_a_claim_abandoned_mid_send_is_closed_as_uncertain_not_resent(database_url: str) -> None:
    """A bridge that died after claiming may have sent: after the lease the occurrence is
    uncertain, nobody sends it again, and skipping it later keeps that state."""
    factory = sessionmaker(create_engine(database_url))
    reminder = stored(factory)
    with factory.begin() as session:
        assert claim(session, reminder, NOW, NOW) == 1
    expired = NOW + CLAIM_LEASE + timedelta(seconds=1)
    with factory.begin() as session:
        assert claim(session, reminder, NOW, expired) is None
    with factory.begin() as session:
        assert claim(session, reminder, NOW, expired) is None
        finish(session, reminder, NOW, MISSED, NEXT, expired)
    with factory() as session:
        row = delivery_of(session, reminder, NOW)
        assert row is not None and row.state == UNCERTAIN


def test_finishing_moves_the_reminder_on_once_and_keeps_one_row(database_url: str) -> None:
    """A second finish of the same occurrence loses; the older occurrence's row is pruned."""
    factory = sessionmaker(create_engine(database_url))
    reminder = stored(factory)
    with factory.begin() as session:
        assert finish(session, reminder, NOW, MISSED, NEXT, NOW) is True
    with factory.begin() as session:
        assert finish(session, reminder, NOW, SENT, NEXT + timedelta(days=1), NOW) is False
        assert aware(session.get(Reminder, reminder).next_due_at) == NEXT  # type: ignore[union-attr]
    with factory.begin() as session:
        assert claim(session, reminder, NEXT, NEXT) == 1
        finish(session, reminder, NEXT, SENT, NEXT + timedelta(days=1), NEXT)
    with factory() as session:
        states = session.execute(
            select(ReminderDelivery.occurrence_at, ReminderDelivery.state)
        ).all()
        assert [(aware(at), state) for at, state in states] == [(NEXT, SENT)]


def test_delete_takes_one_kind_or_all_and_their_deliveries(database_url: str) -> None:
    """Stopping one kind leaves the others; deleting all leaves no delivery rows behind,
    and other users are untouched."""
    factory = sessionmaker(create_engine(database_url))
    checkin = stored(factory)
    stored(factory, kind="agenda")
    other = stored(factory, user="user-b")
    with factory.begin() as session:
        claim(session, checkin, NOW, NOW)
        claim(session, other, NOW, NOW)
    with factory.begin() as session:
        assert delete_reminders(session, "user-a", "checkin") == 1
        assert [row.kind for row in reminders_of(session, "user-a")] == ["agenda"]
        assert delete_reminders(session, "user-a") == 1
        assert delete_reminders(session, "user-a") == 0
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(ReminderDelivery)) == 1
        assert len(reminders_of(session, "user-b")) == 1
    assert SENDING == "sending"

"""Storage functions on both databases: once-only writes, per-user reads, deletes."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import sessionmaker

from actions.storage.checkins import NewCheckIn, checkins_of, delete_checkins, record_checkin
from actions.storage.models import CheckIn

NOW = datetime(2026, 11, 23, 12, tzinfo=timezone.utc)


def test_same_idempotency_key_stores_once(database_url: str) -> None:
    """A second write with the same key is refused; another key is stored."""
    factory = sessionmaker(create_engine(database_url))
    new = NewCheckIn(3, 2, True, b"cipher")
    with factory.begin() as session:
        assert record_checkin(session, "user-a", "form-1", new, NOW) is True
    with factory.begin() as session:
        assert record_checkin(session, "user-a", "form-1", new, NOW) is False
        assert record_checkin(session, "user-a", "form-2", new, NOW) is True
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(CheckIn)) == 2


def test_concurrent_retries_store_exactly_once(database_url: str) -> None:
    """Eight threads racing to store the same check-in leave exactly one row."""
    factory = sessionmaker(create_engine(database_url, pool_size=8))
    new = NewCheckIn(4, 1, False, None)
    barrier = threading.Barrier(8)
    outcomes: list[bool] = []

    def write() -> None:
        barrier.wait()
        with factory.begin() as session:
            outcomes.append(record_checkin(session, "user-r", "form-x", new, NOW))

    threads = [threading.Thread(target=write) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count(True) == 1
    with factory() as session:
        assert len(checkins_of(session, "user-r")) == 1


def test_reads_and_deletes_only_touch_one_user(database_url: str) -> None:
    """checkins_of filters by user and date; delete_checkins removes only that user's rows."""
    factory = sessionmaker(create_engine(database_url))
    with factory.begin() as session:
        for days in (40, 3, 1):
            record_checkin(
                session, "me", f"f{days}", NewCheckIn(2, 4, False, None), NOW - timedelta(days)
            )
        record_checkin(session, "other", "f", NewCheckIn(5, 1, True, None), NOW)
    with factory.begin() as session:
        assert len(checkins_of(session, "me")) == 3
        assert len(checkins_of(session, "me", since=NOW - timedelta(days=30))) == 2
        assert delete_checkins(session, "me") == 3
    with factory() as session:
        assert checkins_of(session, "me") == []
        assert len(checkins_of(session, "other")) == 1

"""Success-plan rows on SQLite and PostgreSQL: stored once per key, reviewed once per review
key, racing retries leave one row, reads and deletes touch one user."""

from __future__ import annotations

import threading
from datetime import date, datetime, timezone

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from actions.storage.plan import (
    NewPlan,
    NewReview,
    delete_plans,
    plan_due,
    plans_of,
    record_plan,
    record_review,
)

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=timezone.utc)
PLAN = NewPlan({"supervision": 2}, ["supervision", "training"], b"sealed", date(2026, 12, 17))
REVIEW = NewReview(["done", "partly"], {"supervision": 3}, None)


def test_a_plan_and_its_review_are_stored_once_per_key(database_url: str) -> None:
    """The same plan key or review key again changes nothing; a new review key replaces it."""
    factory = sessionmaker(create_engine(database_url))
    with factory.begin() as session:
        assert record_plan(session, "me", "plan-1", PLAN, NOW) is True
    with factory.begin() as session:
        assert record_plan(session, "me", "plan-1", PLAN, NOW) is False
        [plan] = plans_of(session, "me")
        assert record_review(session, plan.id, "review-1", REVIEW, NOW) is True
        assert record_review(session, plan.id, "review-1", REVIEW, NOW) is False
        later = NewReview(["not_yet", "done"], {"supervision": 4}, b"note")
        assert record_review(session, plan.id, "review-2", later, NOW) is True
        assert record_review(session, plan.id + 999, "review-3", later, NOW) is False
    with factory() as session:
        [plan] = plans_of(session, "me")
        assert plan.outcomes == '["not_yet", "done"]' and plan.review_key == "review-2"
        assert plan.review_due == date(2026, 12, 17)


def test_concurrent_retries_store_exactly_once(database_url: str) -> None:
    """Eight threads racing to store the same plan leave exactly one row."""
    factory = sessionmaker(create_engine(database_url, pool_size=8))
    barrier = threading.Barrier(8)
    outcomes: list[bool] = []

    def write() -> None:
        barrier.wait()
        with factory.begin() as session:
            outcomes.append(record_plan(session, "racer", "plan-x", PLAN, NOW))

    threads = [threading.Thread(target=write) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count(True) == 1
    with factory() as session:
        assert len(plans_of(session, "racer")) == 1


def test_reads_and_deletes_only_touch_one_user(database_url: str) -> None:
    """plans_of and delete_plans keep to their user."""
    factory = sessionmaker(create_engine(database_url))
    with factory.begin() as session:
        record_plan(session, "me", "a", PLAN, NOW)
        record_plan(session, "me", "b", PLAN, NOW)
        record_plan(session, "other", "a", PLAN, NOW)
    with factory.begin() as session:
        assert delete_plans(session, "me") == 2
    with factory() as session:
        assert plans_of(session, "me") == [] and len(plans_of(session, "other")) == 1


def test_a_plan_is_due_from_its_review_date_until_it_is_reviewed(database_url: str) -> None:
    """Not due before its date; due on and after it; not due once reviewed."""
    factory = sessionmaker(create_engine(database_url))
    with factory.begin() as session:
        record_plan(session, "due", "a", PLAN, NOW)
    with factory.begin() as session:
        assert plan_due(session, "due", date(2026, 12, 16)) is None
        plan = plan_due(session, "due", date(2026, 12, 17))
        assert plan is not None and plan_due(session, "other", date(2027, 1, 1)) is None
        record_review(session, plan.id, "r", REVIEW, NOW)
        assert plan_due(session, "due", date(2026, 12, 20)) is None

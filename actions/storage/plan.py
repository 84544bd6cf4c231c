"""Success-factor plan rows: store once, review once, read back, delete. Never commits."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from actions.storage.models import SuccessPlan


@dataclass(frozen=True)
class NewPlan:
    """A completed plan ready to store: ratings, the two focus factors, actions encrypted."""

    ratings: dict[str, int]
    focus: list[str]
    actions_encrypted: bytes
    review_due: date


@dataclass(frozen=True)
class NewReview:
    """How the plan went: an outcome per action, the re-rating, the note encrypted (or None)."""

    outcomes: list[str]
    ratings: dict[str, int]
    note_encrypted: bytes | None


def record_plan(
    session: Session, user_key: str, idempotency_key: str, new: NewPlan, at: datetime
) -> bool:
    """Store one completed plan once per (user, idempotency key); False if already stored."""
    existing = session.scalar(
        select(SuccessPlan.id).where(
            SuccessPlan.user_key == user_key, SuccessPlan.idempotency_key == idempotency_key
        )
    )
    if existing is not None:
        return False
    try:
        with session.begin_nested():
            session.add(
                SuccessPlan(
                    user_key=user_key,
                    idempotency_key=idempotency_key,
                    created_at=at,
                    review_due=new.review_due,
                    ratings=json.dumps(new.ratings, sort_keys=True),
                    focus=json.dumps(new.focus),
                    actions_encrypted=new.actions_encrypted,
                )
            )
    except IntegrityError:
        return False  # a concurrent retry stored it first
    return True


def record_review(
    session: Session, plan_id: int, review_key: str, new: NewReview, at: datetime
) -> bool:
    """Store a review on its plan once per review key; a later review replaces an earlier one.
    False when this review was already stored or the plan is gone."""
    plan = session.get(SuccessPlan, plan_id)
    if plan is None or plan.review_key == review_key:
        return False
    plan.review_key = review_key
    plan.reviewed_at = at
    plan.outcomes = json.dumps(new.outcomes)
    plan.review_ratings = json.dumps(new.ratings, sort_keys=True)
    plan.review_note_encrypted = new.note_encrypted
    session.flush()
    return True


def plans_of(session: Session, user_key: str) -> list[SuccessPlan]:
    """A user's plans, oldest first."""
    query = select(SuccessPlan).where(SuccessPlan.user_key == user_key)
    return list(session.scalars(query.order_by(SuccessPlan.created_at, SuccessPlan.id)))


def plan_due(session: Session, user_key: str, today: date) -> SuccessPlan | None:
    """The user's latest plan when its review date has come and it is not yet reviewed (for
    a reminder or an offer to review it)."""
    plans = plans_of(session, user_key)
    latest = plans[-1] if plans else None
    if latest is None or latest.reviewed_at is not None or latest.review_due > today:
        return None
    return latest


def delete_plans(session: Session, user_key: str) -> int:
    """Delete every plan of a user; returns how many were deleted."""
    result = cast(
        "CursorResult[Any]",
        session.execute(delete(SuccessPlan).where(SuccessPlan.user_key == user_key)),
    )
    return int(result.rowcount or 0)

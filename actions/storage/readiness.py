"""Readiness self-assessment rows: store once, read back, delete. Never commits."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from actions.storage.models import ReadinessAssessment


def record_assessment(
    session: Session, user_key: str, idempotency_key: str, ratings: dict[str, int], at: datetime
) -> bool:
    """Store one completed assessment once per (user, idempotency key)."""
    existing = session.scalar(
        select(ReadinessAssessment.id).where(
            ReadinessAssessment.user_key == user_key,
            ReadinessAssessment.idempotency_key == idempotency_key,
        )
    )
    if existing is not None:
        return False
    try:
        with session.begin_nested():
            session.add(
                ReadinessAssessment(
                    user_key=user_key,
                    idempotency_key=idempotency_key,
                    created_at=at,
                    ratings=json.dumps(ratings, sort_keys=True),
                )
            )
    except IntegrityError:
        return False
    return True


def assessments_of(session: Session, user_key: str) -> list[ReadinessAssessment]:
    """A user's assessments, oldest first."""
    query = select(ReadinessAssessment).where(ReadinessAssessment.user_key == user_key)
    return list(
        session.scalars(query.order_by(ReadinessAssessment.created_at, ReadinessAssessment.id))
    )


def delete_assessments(session: Session, user_key: str) -> int:
    """Delete every assessment of a user; returns how many were deleted."""
    result = cast(
        "CursorResult[Any]",
        session.execute(
            delete(ReadinessAssessment).where(ReadinessAssessment.user_key == user_key)
        ),
    )
    return int(result.rowcount or 0)

"""Boundary walk-through rows: store once, read back, delete. Never commits."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from actions.storage.models import BoundaryWalkthrough


def record_walkthrough(
    session: Session, user_key: str, idempotency_key: str, result_encrypted: bytes, at: datetime
) -> bool:
    """Store one finished walk-through once per (user, idempotency key)."""
    existing = session.scalar(
        select(BoundaryWalkthrough.id).where(
            BoundaryWalkthrough.user_key == user_key,
            BoundaryWalkthrough.idempotency_key == idempotency_key,
        )
    )
    if existing is not None:
        return False
    try:
        with session.begin_nested():
            session.add(
                BoundaryWalkthrough(
                    user_key=user_key,
                    idempotency_key=idempotency_key,
                    created_at=at,
                    result_encrypted=result_encrypted,
                )
            )
    except IntegrityError:
        return False  # a concurrent retry stored it first
    return True


def walkthroughs_of(session: Session, user_key: str) -> list[BoundaryWalkthrough]:
    """A user's walk-throughs, oldest first."""
    query = select(BoundaryWalkthrough).where(BoundaryWalkthrough.user_key == user_key)
    return list(
        session.scalars(query.order_by(BoundaryWalkthrough.created_at, BoundaryWalkthrough.id))
    )


def delete_walkthroughs(session: Session, user_key: str) -> int:
    """Delete every walk-through of a user; returns how many were deleted."""
    result = cast(
        "CursorResult[Any]",
        session.execute(
            delete(BoundaryWalkthrough).where(BoundaryWalkthrough.user_key == user_key)
        ),
    )
    return int(result.rowcount or 0)

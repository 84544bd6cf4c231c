"""Check-in rows: store once, read back, delete. Functions take a session and never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from actions.storage.models import CheckIn


@dataclass(frozen=True)
class NewCheckIn:
    """A check-in ready to store: scales validated, note already encrypted."""

    mood: int
    stress: int
    used_self_care: bool
    note_encrypted: bytes | None


def record_checkin(
    session: Session, user_key: str, idempotency_key: str, new: NewCheckIn, at: datetime
) -> bool:
    """Store ``new`` once per (user, idempotency key); False when it was already stored."""
    existing = session.scalar(
        select(CheckIn.id).where(
            CheckIn.user_key == user_key, CheckIn.idempotency_key == idempotency_key
        )
    )
    if existing is not None:
        return False
    try:
        with session.begin_nested():
            session.add(
                CheckIn(
                    user_key=user_key,
                    idempotency_key=idempotency_key,
                    created_at=at,
                    mood=new.mood,
                    stress=new.stress,
                    used_self_care=new.used_self_care,
                    note_encrypted=new.note_encrypted,
                )
            )
    except IntegrityError:
        return False  # a concurrent retry stored it first
    return True


def checkins_of(session: Session, user_key: str, since: datetime | None = None) -> list[CheckIn]:
    """A user's check-ins, oldest first, optionally only those from ``since`` on."""
    query = select(CheckIn).where(CheckIn.user_key == user_key)
    if since is not None:
        query = query.where(CheckIn.created_at >= since)
    return list(session.scalars(query.order_by(CheckIn.created_at, CheckIn.id)))


def delete_checkins(session: Session, user_key: str) -> int:
    """Delete every check-in of a user; returns how many were deleted."""
    result = cast(
        "CursorResult[Any]", session.execute(delete(CheckIn).where(CheckIn.user_key == user_key))
    )
    return int(result.rowcount or 0)

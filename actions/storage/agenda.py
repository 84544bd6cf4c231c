"""Supervision agenda rows: add once, read back, clear. Functions take a session, never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from actions.storage.models import SupervisionItem


@dataclass(frozen=True)
class NewItem:
    """An agenda item ready to store: kind checked, text already encrypted."""

    kind: str
    text_encrypted: bytes


def add_item(
    session: Session, user_key: str, idempotency_key: str, new: NewItem, at: datetime
) -> bool:
    """Store one item once per (user, idempotency key); False when it was already stored."""
    existing = session.scalar(
        select(SupervisionItem.id).where(
            SupervisionItem.user_key == user_key,
            SupervisionItem.idempotency_key == idempotency_key,
        )
    )
    if existing is not None:
        return False
    try:
        with session.begin_nested():
            session.add(
                SupervisionItem(
                    user_key=user_key,
                    idempotency_key=idempotency_key,
                    created_at=at,
                    kind=new.kind,
                    text_encrypted=new.text_encrypted,
                )
            )
    except IntegrityError:
        return False  # a concurrent retry stored it first
    return True


def items_of(session: Session, user_key: str) -> list[SupervisionItem]:
    """A user's agenda items, oldest first."""
    query = select(SupervisionItem).where(SupervisionItem.user_key == user_key)
    return list(session.scalars(query.order_by(SupervisionItem.created_at, SupervisionItem.id)))


def clear_items(session: Session, user_key: str) -> int:
    """Delete every agenda item of a user; returns how many were deleted."""
    result = cast(
        "CursorResult[Any]",
        session.execute(delete(SupervisionItem).where(SupervisionItem.user_key == user_key)),
    )
    return int(result.rowcount or 0)

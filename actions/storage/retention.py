"""Purges old conversation history from Rasa's SQL tracker store, whole sessions at a time.

Rasa appends a tracker's unsaved events by counting the rows stored since the latest
``session_started`` (by timestamp) and skipping that many. So the latest session of a
conversation is never touched unless the whole conversation is older than the cutoff; an
older session goes only when every event in it is older than the cutoff. Check-ins are not
purged here: they are kept until their user deletes them.

Safe to run while Rasa serves: each conversation is purged in its own short transaction, and
a whole conversation is deleted only if it still has no recent event at that moment.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    inspect,
    select,
    true,
)

SESSION_STARTED = "session_started"
SESSION_START_ACTION = "action_session_start"

# Rasa 3.6's SQLTrackerStore table (rasa.core.tracker_store.SQLTrackerStore.SQLEvent).
RASA_EVENTS = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


@dataclass(frozen=True)
class PurgeCounts:
    """What a purge removed (counts only: never whose)."""

    events: int = 0
    sessions: int = 0
    conversations: int = 0


def _session_boundary(connection: Connection, sender_id: str, cutoff: float) -> float | None:
    """Where the first session of ``sender_id`` with an event at or after ``cutoff`` begins.

    Every row before it is older than the cutoff and belongs to an earlier session, and it is
    never later than the latest session's start. None when nothing may be deleted. A session
    begins with the ``action_session_start`` row Rasa writes just before its
    ``session_started``, so that row neither keeps the previous session alive nor is cut off.
    """
    events = RASA_EVENTS.c
    mine = events.sender_id == sender_id
    first_recent = connection.scalar(
        select(func.min(events.timestamp)).where(
            mine,
            events.timestamp >= cutoff,
            events.action_name.is_distinct_from(SESSION_START_ACTION),
        )
    )
    if first_recent is None:
        return None
    start: float | None = connection.scalar(
        select(func.max(events.timestamp)).where(
            mine, events.type_name == SESSION_STARTED, events.timestamp <= first_recent
        )
    )
    if start is None:
        return None
    previous = connection.scalar(
        select(func.max(events.timestamp)).where(
            mine, events.type_name == SESSION_STARTED, events.timestamp < start
        )
    )
    after_previous = true() if previous is None else events.timestamp > previous
    opener: float | None = connection.scalar(
        select(func.max(events.timestamp)).where(
            mine,
            events.action_name == SESSION_START_ACTION,
            events.timestamp <= start,
            after_previous,
        )
    )
    return start if opener is None else opener


def _delete(connection: Connection, *conditions: ColumnElement[bool]) -> tuple[int, int]:
    """Delete the events matching ``conditions``; (events, session starts) removed."""
    events = RASA_EVENTS.c
    sessions = connection.scalar(
        select(func.count())
        .select_from(RASA_EVENTS)
        .where(*conditions, events.type_name == SESSION_STARTED)
    )
    removed = connection.execute(delete(RASA_EVENTS).where(*conditions))
    return removed.rowcount, sessions or 0


def purge_tracker(engine: Engine, cutoff: float) -> PurgeCounts:
    """Delete every conversation session whose events are all older than ``cutoff``."""
    if not inspect(engine).has_table(RASA_EVENTS.name):
        return PurgeCounts()
    events = RASA_EVENTS.c
    with engine.connect() as connection:
        senders = connection.execute(
            select(events.sender_id, func.max(events.timestamp))
            .group_by(events.sender_id)
            .having(func.min(events.timestamp) < cutoff)
        ).all()
    total_events = total_sessions = whole = 0
    for sender_id, last in senders:
        with engine.begin() as connection:
            if last is not None and last < cutoff:
                # Re-checked inside the transaction: the user may have come back meanwhile.
                removed, sessions = _delete(
                    connection,
                    events.sender_id == sender_id,
                    ~select(events.id)
                    .where(events.sender_id == sender_id, events.timestamp >= cutoff)
                    .exists(),
                )
                whole += 1 if removed else 0
            else:
                boundary = _session_boundary(connection, sender_id, cutoff)
                if boundary is None:
                    continue
                removed, sessions = _delete(
                    connection, events.sender_id == sender_id, events.timestamp < boundary
                )
        total_events += removed
        total_sessions += sessions
    return PurgeCounts(events=total_events, sessions=total_sessions, conversations=whole)

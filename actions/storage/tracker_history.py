"""Deletes a user's conversation history from Rasa's SQL tracker store.

Rasa saves a turn's events only after its last action has run, and then appends
"events it has not stored yet" by counting the rows already there. Deleting the rows
from inside the delete action would therefore make Rasa write the whole conversation
back. So the deletion waits until the turn (ending in ``action_listen``) is saved, then
removes every row of the conversation, that turn included.
"""

from __future__ import annotations

import asyncio
import logging
import time
from functools import cache

from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, delete, select

from actions.settings import get_settings
from actions.storage.db import build_engine

logger = logging.getLogger(__name__)

TURN_SAVED_TIMEOUT_S = 30.0
POLL_INTERVAL_S = 0.2

# The columns of Rasa 3.6's SQLTrackerStore table that we read.
EVENTS = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255)),
    Column("type_name", String(255)),
    Column("action_name", String(255)),
)

_running: set[asyncio.Task[bool]] = set()  # keeps scheduled deletions from being collected


@cache
def tracker_engine() -> Engine:
    return build_engine(get_settings().effective_tracker_url)


def delete_saved_history(engine: Engine, sender_id: str, marker_action: str) -> bool:
    """Delete the conversation once the turn that ran ``marker_action`` is saved."""
    with engine.begin() as connection:
        marker = connection.scalar(
            select(EVENTS.c.id)
            .where(EVENTS.c.sender_id == sender_id, EVENTS.c.action_name == marker_action)
            .order_by(EVENTS.c.id.desc())
            .limit(1)
        )
        last = connection.execute(
            select(EVENTS.c.id, EVENTS.c.action_name)
            .where(EVENTS.c.sender_id == sender_id)
            .order_by(EVENTS.c.id.desc())
            .limit(1)
        ).first()
        if (
            marker is None
            or last is None
            or last.id < marker
            or last.action_name != "action_listen"
        ):
            return False
        connection.execute(
            delete(EVENTS).where(EVENTS.c.sender_id == sender_id, EVENTS.c.id <= last.id)
        )
        return True


async def _delete_when_saved(engine: Engine, sender_id: str, marker_action: str) -> bool:
    deadline = time.monotonic() + TURN_SAVED_TIMEOUT_S
    while time.monotonic() < deadline:
        await asyncio.sleep(POLL_INTERVAL_S)
        if await asyncio.to_thread(delete_saved_history, engine, sender_id, marker_action):
            logger.info("Deleted a conversation history on the user's request")
            return True
    logger.error("A requested conversation-history deletion timed out; it was not completed")
    return False


def schedule_history_deletion(
    sender_id: str, marker_action: str = "action_delete_my_data"
) -> asyncio.Task[bool]:
    """Start deleting ``sender_id``'s history as soon as the current turn is saved."""
    task = asyncio.get_running_loop().create_task(
        _delete_when_saved(tracker_engine(), sender_id, marker_action)
    )
    _running.add(task)
    task.add_done_callback(_running.discard)
    return task

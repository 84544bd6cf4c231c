"""Helpers shared by the actions: unit-of-work sessions and tracker reading."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rasa_sdk import Tracker
from sqlalchemy.orm import Session

from actions.settings import get_settings
from actions.storage.db import get_sessionmaker
from peerline_core.privacy import pseudonym


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """One short transaction at the edge: commits on success, rolls back on error."""
    with get_sessionmaker().begin() as session:
        yield session


def input_channel(tracker: Tracker) -> str:
    """The channel the latest message came through ("rest", "socketio", ...)."""
    return tracker.get_latest_input_channel() or "unknown"


# Channels a bridge names in the message metadata (the Telegram bridge posts over REST).
BRIDGED_CHANNELS = frozenset({"telegram"})


def counted_channel(tracker: Tracker) -> str:
    """The channel to count a vote or a question under: the bridge's own name ("telegram")
    when a bridge sent the message, else the input channel. For counts only, never keys."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            channel = (event.get("metadata") or {}).get("channel")
            if channel in BRIDGED_CHANNELS:
                return str(channel)
            break
    return input_channel(tracker)


def user_key(tracker: Tracker) -> str:
    """The user's pseudonym: their rows are stored under it, never under their id."""
    secret = get_settings().pseudonym_secret.get_secret_value().encode()
    return pseudonym(secret, input_channel(tracker), tracker.sender_id)

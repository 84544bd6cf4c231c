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


def user_key(tracker: Tracker) -> str:
    """The user's pseudonym: their rows are stored under it, never under their id."""
    secret = get_settings().pseudonym_secret.get_secret_value().encode()
    return pseudonym(secret, input_channel(tracker), tracker.sender_id)

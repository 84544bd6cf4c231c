"""Helpers shared by the actions: unit-of-work sessions and tracker reading."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rasa_sdk import Tracker
from sqlalchemy.orm import Session

from actions.storage.db import get_sessionmaker


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """One short transaction at the edge: commits on success, rolls back on error."""
    with get_sessionmaker().begin() as session:
        yield session


def input_channel(tracker: Tracker) -> str:
    """The channel the latest message came through ("rest", "socketio", ...)."""
    return tracker.get_latest_input_channel() or "unknown"

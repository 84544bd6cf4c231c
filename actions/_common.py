"""Helpers shared by the actions: unit-of-work sessions, tracker reading, pending saves."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from sqlalchemy.orm import Session

from actions.settings import get_settings
from actions.storage.db import get_sessionmaker
from peerline_core.privacy import NoteCipher, pseudonym
from peerline_core.seal import open_sealed


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


PENDING_SLOT = "pending_save"
OFFER_SLOT = "agenda_offer"


def sealed_json(tracker: Tracker, slot: str) -> dict[str, Any]:
    """A JSON slot the tracker store keeps sealed, opened ({} when unset or unreadable)."""
    raw = tracker.get_slot(slot)
    if not isinstance(raw, str) or not raw:
        return {}
    try:
        value = json.loads(open_sealed(raw, NoteCipher(get_settings().note_key_list()).decrypt))
    except (ValueError, TypeError):  # a bad token or bad JSON: nothing usable was kept
        return {}
    return value if isinstance(value, dict) else {}


def pending_save(tool: str, key: str, data: dict[str, Any]) -> dict[str, Any]:
    """Remember a save that failed, so "try again" saves the same thing under the same key."""
    event: dict[str, Any] = SlotSet(
        PENDING_SLOT, json.dumps({"tool": tool, "key": key, "data": data})
    )
    return event


def nothing_pending() -> dict[str, Any]:
    event: dict[str, Any] = SlotSet(PENDING_SLOT, None)
    return event


def saved(events: list[dict[str, Any]]) -> bool:
    """False when ``events`` keep a failed save for "try again"."""
    return not any(e.get("name") == PENDING_SLOT and e.get("value") for e in events)

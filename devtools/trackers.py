"""Trackers for action tests, built in memory the way rasa_sdk hands them to an action."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker


def tracker(
    latest_message: dict[str, Any] | None = None,
    *,
    sender: str = "user-1",
    slots: dict[str, Any] | None = None,
    events: list[dict[str, Any]] | None = None,
    active_loop: str | None = None,
    latest_action: str = "action_listen",
) -> Tracker:
    """A conversation's state: the last parsed message, slots, events (as Rasa's ``as_dict``)
    and the active form, if any."""
    return Tracker.from_dict(
        {
            "sender_id": sender,
            "slots": dict(slots or {}),
            "latest_message": latest_message or {},
            "events": list(events or []),
            "paused": False,
            "followup_action": None,
            "active_loop": {"name": active_loop} if active_loop else {},
            "latest_action_name": latest_action,
        }
    )

"""Local copies of the crisis resources, sent even when Rasa or the action server is down.

The wording follows `utter_crisis_self` / `utter_crisis_client` in domain/safety.yml.
"""

from __future__ import annotations

from typing import Literal

RESOURCES = (
    "• Call or text 988 (Suicide & Crisis Lifeline), or chat at https://988lifeline.org\n"
    "• Text HOME to 741741 (Crisis Text Line)\n"
    "• If anyone is in immediate danger, call 911."
)

SELF = (
    "I want you to get support right now. I'm not a crisis service, but people are "
    "ready to help, any time, day or night:\n" + RESOURCES + "\nAre you safe right now?"
)

CLIENT = (
    "That sounds serious. Follow your agency's crisis protocol and tell your supervisor "
    "now. The person can get help any time:\n"
    + RESOURCES
    + "\nI'm not a crisis service, so please don't wait on me."
)

GENERAL = (
    "If you or someone you support may be in crisis, reach out now, any time, day or "
    "night:\n" + RESOURCES + "\nI'm not a crisis service, so please don't wait on me."
)


def crisis_text(kind: Literal["self", "client"] | None = None) -> str:
    """The local crisis message for a detected kind, or the general one."""
    if kind == "self":
        return SELF
    if kind == "client":
        return CLIENT
    return GENERAL

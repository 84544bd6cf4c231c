"""Answer feedback: the payload of the "Helpful" / "Not what I asked" buttons.

One definition for every process: the actions build the buttons, Rasa's edge lets exactly
this shape through (any other ``/feedback`` text is read as words), and the channels
recognise the buttons by the ``custom: {"feedback": ...}`` message that carries them.
A payload names the answer it rates (a random id sent with that answer), the card and
the vote; nothing in it identifies the user.
"""

from __future__ import annotations

import json
import re
import secrets
from typing import Literal, TypeAlias

FEEDBACK_INTENT = "feedback"
MARKER_KEY = "feedback"
Vote: TypeAlias = Literal["helpful", "not_this"]
VOTES: dict[str, str] = {"helpful": "Helpful", "not_this": "Not what I asked"}
ANSWER_ID_CHARS = 16

PAYLOAD = re.compile(
    r'/feedback\{"answer": ?"[0-9a-f]{16}", ?"card": ?"[a-z][a-z0-9_]{0,80}", ?'
    r'"vote": ?"(?:helpful|not_this)"\}'
)
_ANSWER_ID = re.compile(r"[0-9a-f]{16}")


def new_answer_id() -> str:
    """A random id for one answer message; it links to nobody."""
    return secrets.token_hex(ANSWER_ID_CHARS // 2)


def is_answer_id(value: object) -> bool:
    return isinstance(value, str) and _ANSWER_ID.fullmatch(value) is not None


def payload(answer_id: str, card_id: str, vote: str) -> str:
    """The message a feedback button sends."""
    body = json.dumps({"answer": answer_id, "card": card_id, "vote": vote})
    return f"/{FEEDBACK_INTENT}{body}"


def is_payload(text: str) -> bool:
    """Whether ``text`` is exactly a feedback button's payload."""
    return PAYLOAD.fullmatch(text.strip()) is not None


def marker(answer_id: str, card_id: str) -> dict[str, object]:
    """The custom message sent after an answer: its id, its card and the two buttons."""
    return {
        MARKER_KEY: {
            "answer": answer_id,
            "card": card_id,
            "buttons": [
                {"title": title, "payload": payload(answer_id, card_id, vote)}
                for vote, title in VOTES.items()
            ],
        }
    }


# Telegram shows the buttons under a short message of their own; the widget needs no text.
PROMPT = "Did that answer your question?"

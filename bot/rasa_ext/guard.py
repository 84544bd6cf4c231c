"""What every user message passes at Rasa's edge, whichever channel brought it.

Plain Python, so it is unit-tested without Rasa:

* ``screen``: a message is cut to ``MAX_MESSAGE_CHARS``, and Rasa's raw intent syntax
  (``/intent{"slot": value}``, which skips NLU and the crisis detector and sets slots
  directly) is allowed only as the payload of one of our own buttons (a bare intent, or
  a knowledge card's ``/ask_knowledge{"card": "<id>"}``, or an answer's feedback button,
  ``peerline_core.feedback.PAYLOAD``);
* ``SenderRateLimit``: messages per sender, in memory or in Redis across Rasa processes;
* ``watch_turn`` / ``report_failure``: a turn whose custom action or tracker store failed
  is noticed, so the channel can tell the user instead of answering with silence.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from peerline_core import feedback

MAX_MESSAGE_CHARS = 2000
# Intents our own buttons send as "/intent" (domain responses and actions/toolkit.py).
BUTTON_INTENTS = frozenset({"affirm", "deny", "retry"})
BUTTON_INTENT_PREFIX = "ask_"
RETRY_PAYLOAD = "/retry"
_BARE_INTENT = re.compile(r"/([a-z][a-z0-9_]{0,80})")
# A knowledge card's button (actions/toolkit.py card_payload): it can only name a card.
_CARD_BUTTON = re.compile(r'/ask_knowledge\{"card": ?"[a-z][a-z0-9_]{0,80}"\}')
# Control characters other than tab and newline: PostgreSQL rejects NUL in text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

TRUNCATED_NOTE = (
    f"Your message was long, so I read only the first {MAX_MESSAGE_CHARS:,} characters."
)
TRY_AGAIN_BUTTONS = [{"title": "Try again", "payload": RETRY_PAYLOAD}]

# Rasa's processor logs this (ERROR) when a custom action fails; the events are then lost.
ACTION_FAILURE_LOG = "Encountered an exception while running action"
PROCESSOR_LOGGER = "rasa.core.processor"


def is_button_intent(intent: str) -> bool:
    return intent in BUTTON_INTENTS or intent.startswith(BUTTON_INTENT_PREFIX)


@dataclass(frozen=True)
class Screened:
    """A message as the dialogue will see it, and what was changed on the way."""

    text: str
    truncated: bool = False
    intent_syntax_removed: bool = False


def screen(text: str, max_chars: int = MAX_MESSAGE_CHARS) -> Screened:
    """Cut ``text`` to ``max_chars`` and defuse intent syntax that is not a button payload.

    Defused syntax loses its leading slash, so NLU and the crisis detector read it as
    ordinary words: a user cannot set a slot, skip a form step or bypass the detector.
    """
    cleaned = _CONTROL.sub("", text)
    removed = False
    stripped = cleaned.strip()
    if stripped.startswith("/"):
        match = _BARE_INTENT.fullmatch(stripped)
        if (
            (match and is_button_intent(match.group(1)))
            or _CARD_BUTTON.fullmatch(stripped)
            or feedback.is_payload(stripped)
        ):
            return Screened(stripped)
        cleaned = stripped.lstrip("/ \t\n")
        removed = True
    if len(cleaned) > max_chars:
        return Screened(cleaned[:max_chars], truncated=True, intent_syntax_removed=removed)
    return Screened(cleaned, intent_syntax_removed=removed)


MAX_SENDER_CHARS = 128
MAX_METADATA_BYTES = 4096


def check_payload(payload: object) -> str | None:
    """Why a REST webhook body is unusable, or None when it is fine.

    The body must be ``{"sender": str, "message": str, "metadata": object (optional)}``.
    """
    if not isinstance(payload, dict):
        return 'the body must be a JSON object like {"sender": "...", "message": "..."}'
    if not isinstance(payload.get("message"), str):
        return '"message" must be a string'
    return _sender_problem(payload.get("sender")) or _metadata_problem(payload.get("metadata"))


def _sender_problem(sender: object) -> str | None:
    if not isinstance(sender, str) or not sender.strip():
        return '"sender" must be a non-empty string'
    if len(sender) > MAX_SENDER_CHARS or _CONTROL.search(sender):
        return f'"sender" must be at most {MAX_SENDER_CHARS} printable characters'
    return None


def _metadata_problem(metadata: object) -> str | None:
    if metadata is None:
        return None
    if not isinstance(metadata, dict):
        return '"metadata" must be a JSON object'
    if len(json.dumps(metadata)) > MAX_METADATA_BYTES:
        return f'"metadata" must be under {MAX_METADATA_BYTES} bytes'
    return None


class SenderRateLimit:
    """A moving-window limit per sender (``limits``), e.g. ``"30/minute"``.

    ``storage`` is a ``limits`` storage URI: ``memory://`` counts per process,
    ``redis://host:port/db`` shares the count between Rasa processes.
    """

    def __init__(self, rate: str, storage: str = "memory://") -> None:
        from limits import parse  # noqa: PLC0415  # imported on first use, not at Rasa's start
        from limits.storage import storage_from_string  # noqa: PLC0415  # as above
        from limits.strategies import MovingWindowRateLimiter  # noqa: PLC0415  # as above

        self._item = parse(rate)
        # The limiter holds its storage by weak reference: keep it alive here.
        self._storage = storage_from_string(storage)
        self._limiter = MovingWindowRateLimiter(self._storage)

    def allow(self, sender_id: str) -> bool:
        """Count one message from ``sender_id``; False once it is over the limit."""
        return bool(self._limiter.hit(self._item, "peerline-sender", sender_id))


@dataclass
class TurnHealth:
    """What went wrong while one user message was handled (names only, never content)."""

    failures: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.failures)


_TURN: ContextVar[TurnHealth | None] = ContextVar("peerline_turn", default=None)


@contextmanager
def watch_turn() -> Iterator[TurnHealth]:
    """Collect the failures reported while the enclosed turn runs."""
    health = TurnHealth()
    token = _TURN.set(health)
    try:
        yield health
    finally:
        _TURN.reset(token)


def report_failure(what: str) -> None:
    """Mark the turn being handled (if any) as failed; ``what`` names the part."""
    health = _TURN.get()
    if health is not None:
        health.failures.append(what)


class ActionFailureWatcher(logging.Handler):
    """Reports a failed custom action from the line Rasa's processor logs about it."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR and record.getMessage().startswith(ACTION_FAILURE_LOG):
            report_failure("action")


def install_action_failure_watcher(logger_name: str = PROCESSOR_LOGGER) -> None:
    """Attach one ``ActionFailureWatcher`` to Rasa's processor logger (idempotent)."""
    logger = logging.getLogger(logger_name)
    if not any(isinstance(handler, ActionFailureWatcher) for handler in logger.handlers):
        logger.addHandler(ActionFailureWatcher(level=logging.ERROR))


def bot_texts(messages: list[dict[str, Any]]) -> str:
    """The text of the bot messages sent so far in a turn, joined."""
    return " ".join(str(message.get("text") or "") for message in messages)

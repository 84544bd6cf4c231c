"""Crisis copy for the channels, and the marker that tells a crisis reply apart.

The wording lives once, in domain/safety.yml: the channels load their offline copies
(sent when Rasa or the action server cannot answer) from the same responses Rasa sends.
Every crisis or check reply carries ``custom: {"crisis": "self" | "client" | "check"}``;
code that must recognise one reads that marker, never the text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any, Literal, TypeAlias, cast

import yaml

DOMAIN_FILE = Path(__file__).resolve().parents[1] / "domain" / "safety.yml"
MARKER_KEY = "crisis"
Marker: TypeAlias = Literal["self", "client", "check"]
MARKERS: frozenset[str] = frozenset({"self", "client", "check"})
RESPONSES: dict[str, str] = {
    "self": "utter_crisis_self",
    "client": "utter_crisis_client",
    "check": "utter_crisis_check",
    "general": "utter_crisis_general",
}


class CrisisCopyError(RuntimeError):
    """domain/safety.yml lacks a crisis response the channels need."""


@cache
def copies(path: Path = DOMAIN_FILE) -> dict[str, str]:
    """The text of each crisis response in ``path``, keyed like ``RESPONSES``."""
    responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
    found: dict[str, str] = {}
    for key, name in RESPONSES.items():
        variations = responses.get(name)
        text = variations[0].get("text") if isinstance(variations, list) and variations else None
        if not isinstance(text, str) or "988" not in text:
            raise CrisisCopyError(f"{path}: responses.{name}[0].text is missing or lacks 988")
        found[key] = " ".join(text.split())
    return found


def crisis_text(kind: Literal["self", "client"] | None = None) -> str:
    """The offline crisis message for a detected kind, or the general one."""
    return copies()[kind or "general"]


def marker(message: Mapping[str, Any]) -> Marker | None:
    """The crisis marker of one bot message (REST or socket.io shape), if it carries one."""
    custom = message.get("custom")
    value = custom.get(MARKER_KEY) if isinstance(custom, Mapping) else None
    return cast(Marker, value) if value in MARKERS else None


def crisis_replies(messages: Sequence[Mapping[str, Any]]) -> list[int]:
    """Indexes of the messages that make up crisis replies: each marker and its text.

    Rasa's channels send a response's text (with its buttons) and its ``custom`` payload
    as two messages, the text first.
    """
    kept: list[int] = []
    for index, message in enumerate(messages):
        if marker(message) is None:
            continue
        previous = messages[index - 1] if index > 0 else None
        if previous is not None and previous.get("text") and previous.get("custom") is None:
            kept.append(index - 1)
        kept.append(index)
    return kept

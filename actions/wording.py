"""Reading short answers: normalised wording, and which kind a text mentions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol


class Worded(Protocol):
    """A kind a tool recognises by its words (an agenda kind, a reminder kind)."""

    @property
    def id(self) -> str: ...

    @property
    def words(self) -> list[str]: ...


def normal_words(text: str | None) -> str:
    """Lower case, straight apostrophes, single spaces, no trailing punctuation."""
    return " ".join((text or "").lower().replace("\u2019", "'").split()).strip(" .!?")


def kind_mentioned(text: str, kinds: Iterable[Worded]) -> str | None:
    """The first kind, in the given order, whose words the text mentions; None otherwise."""
    cleaned = normal_words(text)
    for kind in kinds:
        if any(re.search(rf"\b{re.escape(word)}\b", cleaned) for word in kind.words):
            return kind.id
    return None

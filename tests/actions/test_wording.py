"""Short answers are read the same way by every tool."""

from __future__ import annotations

from dataclasses import dataclass, field

from actions.wording import kind_mentioned, normal_words


@dataclass(frozen=True)
class _Kind:
    id: str
    words: list[str] = field(default_factory=list)


def test_wording_is_normalised() -> None:
    """Case, curly apostrophes, runs of spaces and trailing punctuation do not matter."""
    assert normal_words("  I\u2019m   Stuck!! ") == "i'm stuck"
    assert normal_words(None) == ""


def test_the_first_kind_mentioned_in_order_wins_and_words_are_whole() -> None:
    """Kinds are tried in their order; a word inside another word is no mention."""
    kinds = [_Kind("agenda", ["supervision"]), _Kind("checkin", ["check in", "mood"])]
    assert kind_mentioned("Remind me to CHECK IN before supervision", kinds) == "agenda"
    assert kind_mentioned("log my mood", kinds) == "checkin"
    assert kind_mentioned("moody weather", kinds) is None

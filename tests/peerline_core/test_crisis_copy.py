"""The channels' offline crisis copy is the domain's, and crisis replies are told by marker."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from peerline_core import crisis_copy as resources
from peerline_core.crisis_copy import CrisisCopyError, copies, crisis_replies, crisis_text, marker

DOMAIN = yaml.safe_load(resources.DOMAIN_FILE.read_text())["responses"]


@pytest.mark.parametrize(
    ("kind", "response"),
    [
        ("self", "utter_crisis_self"),
        ("client", "utter_crisis_client"),
        (None, "utter_crisis_general"),
    ],
)
def test_offline_copy_is_the_domain_response(kind: str | None, response: str) -> None:
    """What a channel sends on its own is word for word what Rasa would send."""
    assert crisis_text(kind) == DOMAIN[response][0]["text"]  # type: ignore[arg-type]  # parametrised


@pytest.mark.parametrize("kind", ["self", "client", None])
def test_every_offline_copy_gives_the_lines_to_call(kind: str | None) -> None:
    """988 (call, text, chat), Crisis Text Line and 911 are in every offline copy."""
    text = crisis_text(kind)  # type: ignore[arg-type]  # parametrised
    assert all(part in text for part in ("988", "https://988lifeline.org", "741741", "911"))


def test_every_crisis_and_check_response_carries_its_marker() -> None:
    """Rasa's crisis and check replies carry custom.crisis; the channels rely on it."""
    marked = {
        name: variation.get("custom", {}).get("crisis")
        for name, variations in DOMAIN.items()
        for variation in variations
        if name.startswith("utter_crisis_") and name != "utter_crisis_general"
    }
    assert marked == {
        "utter_crisis_self": "self",
        "utter_crisis_client": "client",
        "utter_crisis_check": "check",
        "utter_crisis_check_declined": None,
        "utter_crisis_safe": None,
        "utter_crisis_not_safe": "self",
    }
    assert "988" in DOMAIN["utter_crisis_check"][0]["text"]


def test_a_domain_without_a_crisis_response_fails_with_file_and_field(tmp_path: Path) -> None:
    """A broken copy is a loud error naming the response, never an empty message."""
    broken = tmp_path / "safety.yml"
    broken.write_text("responses:\n  utter_crisis_self:\n    - text: call someone\n")
    with pytest.raises(CrisisCopyError, match=r"responses\.utter_crisis_self\[0\]\.text"):
        copies(broken)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ({"custom": {"crisis": "self"}}, "self"),
        ({"custom": {"crisis": "check"}}, "check"),
        ({"text": "Call or text 988 now."}, None),
        ({"custom": {"crisis": "nobody"}}, None),
        ({"custom": "crisis"}, None),
        ({"custom": {"citation": {}}}, None),
    ],
)
def test_marker_reads_only_the_custom_crisis_key(message: dict[str, object], expected: str) -> None:
    """The string 988 is not a marker; only custom.crisis with a known value is."""
    assert marker(message) == expected


def test_crisis_replies_are_each_marker_and_the_text_before_it() -> None:
    """Rasa sends a response's text and its custom payload as two messages, text first."""
    messages = [
        {"text": "An answer. Source: a guide"},
        {"custom": {"citation": {"sources": []}}},
        {"text": "I'm really glad you told me ... 988 ...", "buttons": []},
        {"custom": {"crisis": "self"}},
        {"text": "The welcome also says 988."},
    ]
    assert crisis_replies(messages) == [2, 3]
    assert crisis_replies([{"custom": {"crisis": "client"}}]) == [0]

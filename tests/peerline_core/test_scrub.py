"""The scrubber replaces whatever could identify someone and leaves the question readable."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from peerline_core.scrub import scrub

# final (tests/eval/MANIFEST.yml): scored here, never tuned on
PII_SET = Path(__file__).parents[1] / "eval" / "pii_messages.yml"


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("email me at sam.lee+peer@example.org", ["sam.lee", "example.org"], ["email me at"]),
        ("my address is dana dot ruiz at gmail dot com", ["dana", "ruiz", "gmail"], []),
        ("see https://example.com/profile?id=7 and www.mysite.net", ["example", "mysite"], []),
        ("she found me as @recovery_rae on insta", ["recovery_rae"], ["on insta"]),
        ("call (212) 555-0199, +1 212 555 0199 or 2125550199", ["555", "0199"], []),
        ("her case number is 2024-0012345 and SSN 123-45-6789", ["0012345", "6789"], []),
        ("I live at 42 Oak Street apt 3 since 3/14/1990", ["42 Oak", "1990"], []),
        ("My client Sarah Jones relapsed", ["Sarah", "Jones"], ["My client", "relapsed"]),
        ("my coworker grace keeps texting", ["grace"], ["keeps texting"]),
        ("I told Priya Raman about it", ["Priya", "Raman"], ["I told", "about it"]),
        ("Dr. Whitfield said to ask Will", ["Whitfield", "Will"], ["said to ask"]),
        ("my name is jordan and I work nights", ["jordan"], ["I work nights"]),
        ("I told kaylee and met hope yesterday", ["kaylee", "hope"], ["yesterday"]),
        ("write to jane @ gmail.com", ["jane", "gmail"], ["write to"]),
        ("Medicaid ID A1B2C3, badge XK-4471", ["A1B2C3", "4471"], ["Medicaid"]),
        ("my ig is jdoe.recovery and snap: kaylaxo", ["jdoe", "kaylaxo"], ["my ig is"]),
        ("Grace said I should ask", ["Grace"], ["said I should ask"]),
        ("born March 3, 1990 in Dayton", ["March 3", "Dayton"], ["born"]),
    ],
)
def test_identifying_details_are_replaced(text: str, gone: list[str], kept: list[str]) -> None:
    """Every identifying piece goes, and the words around it stay."""
    scrubbed = scrub(text)
    for piece in gone:
        assert piece.lower() not in scrubbed.lower(), scrubbed
    for piece in kept:
        assert piece in scrubbed, scrubbed


@pytest.mark.parametrize(
    "text",
    [
        "May I ask how often supervision should happen?",
        "What does SAMHSA say about self-disclosure in Texas?",
        "Can I follow a client on Instagram or Facebook?",
        "Is it ok to text clients on WhatsApp after hours? My supervisor says no.",
        "Can I call 988 for a client in New York on Monday?",
        "How many hours of supervision do I need for the CPRS in 2025?",
    ],
)
def test_ordinary_questions_are_left_alone(text: str) -> None:
    """Questions without identifying details come back unchanged (988 and years stay)."""
    assert scrub(text) == text


def score(messages: list[dict[str, object]]) -> tuple[int, int, int, int]:
    """(messages with a leak, messages with PII, clean messages changed, clean messages)."""
    leaks = pii = damaged = clean = 0
    for message in messages:
        text, pieces = str(message["text"]), message.get("pii") or []
        assert isinstance(pieces, list)
        scrubbed = scrub(text)
        if pieces:
            pii += 1
            leaks += any(str(piece).lower() in scrubbed.lower() for piece in pieces)
        else:
            clean += 1
            damaged += scrubbed != text
    return leaks, pii, damaged, clean


# Issue 19's target is 0 leaks; it is NOT met. These ceilings are the figures of the one
# scoring after the scrubber's last change (2026-12-03): a regression guard, never a claim of
# success. Lower them when the scrubber improves on a development set; never tune on this one.
MAX_LEAKING_MESSAGES = 3
MAX_DAMAGED_CLEAN = 5


def test_leaks_on_the_blind_pii_set_do_not_grow() -> None:
    """No more PII substrings of the blind set survive the scrubber than at its last scoring,
    and no more clean messages are changed (counts only are shown)."""
    messages = yaml.safe_load(PII_SET.read_text(encoding="utf-8"))["messages"]
    leaks, pii, damaged, clean = score(messages)
    assert pii >= 50
    assert leaks <= MAX_LEAKING_MESSAGES, f"{leaks} of {pii} messages leak"
    assert damaged <= MAX_DAMAGED_CLEAN, f"{damaged} of {clean} clean messages changed"


# development (tests/eval/MANIFEST.yml): may be tuned on. Figures on 2026-12-03:
# 4 of 60 PII messages leak (common-word names in cues like "ask for will", "I'm faith"),
# 1 of 25 clean messages changed ("Tuesdays"). Target 0 and 0: lower these as it improves.
DEV_SET = Path(__file__).parent / "pii_dev.yml"
DEV_MAX_LEAKING_MESSAGES = 4
DEV_MAX_DAMAGED_CLEAN = 1


def test_development_pii_set_stays_within_its_ceilings() -> None:
    """The hand-written development set leaks no more than at its last measurement."""
    messages = yaml.safe_load(DEV_SET.read_text(encoding="utf-8"))["messages"]
    leaks, pii, damaged, clean = score(messages)
    assert pii >= 50
    assert leaks <= DEV_MAX_LEAKING_MESSAGES, f"{leaks} of {pii} messages leak"
    assert damaged <= DEV_MAX_DAMAGED_CLEAN, f"{damaged} of {clean} clean messages changed"

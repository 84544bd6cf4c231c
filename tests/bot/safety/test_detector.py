"""The crisis detector against the labelled set in tests/safety/utterances.yml, plus unit cases.

Recall on risk (self + client) must be total; false alarms on benign stay at or under 3%.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.safety.detector import Detection, assess, detect

UTTERANCES = Path(__file__).resolve().parents[2] / "safety" / "utterances.yml"
LABELS = {"self", "client", "benign"}
MAX_FALSE_ALARM_RATE = 0.03


def _load() -> list[dict[str, str]]:
    data: Any = yaml.safe_load(UTTERANCES.read_text(encoding="utf-8"))
    items: list[dict[str, str]] = data["utterances"]
    return items


ITEMS = _load()
RISK = [item for item in ITEMS if item["label"] != "benign"]
BENIGN = [item for item in ITEMS if item["label"] == "benign"]


def test_the_labelled_set_is_large_and_well_formed() -> None:
    assert len(ITEMS) >= 330
    assert {item["label"] for item in ITEMS} == LABELS
    per_category = Counter((item["label"], item["category"]) for item in ITEMS)
    small = {key: n for key, n in per_category.items() if n < 10}
    assert not small, f"categories with fewer than 10 utterances: {small}"
    texts = [item["text"] for item in ITEMS]
    assert len(texts) == len(set(texts)), "duplicate utterances"


def test_every_risk_utterance_is_detected() -> None:
    misses = [
        f"[{item['category']}] {item['text']}" for item in RISK if detect(item["text"]) is None
    ]
    recall = 1 - len(misses) / len(RISK)
    assert not misses, f"recall {recall:.1%}; missed {len(misses)}:\n" + "\n".join(misses)


def test_every_risk_utterance_gets_the_right_kind() -> None:
    wrong = []
    for item in RISK:
        found = detect(item["text"])
        if found is not None and found.kind != item["label"]:
            wrong.append(f"[{item['label']} -> {found.kind} via {found.rule}] {item['text']}")
    assert not wrong, f"{len(wrong)} with the wrong kind:\n" + "\n".join(wrong)


def test_false_alarm_rate_on_benign_is_at_most_three_percent() -> None:
    alarms = []
    for item in BENIGN:
        found = detect(item["text"])
        if found is not None:
            alarms.append(f"[{item['category']} via {found.rule}] {item['text']}")
    rate = len(alarms) / len(BENIGN)
    assert rate <= MAX_FALSE_ALARM_RATE, f"false-alarm rate {rate:.1%}:\n" + "\n".join(alarms)


def test_rule_names_never_carry_message_text() -> None:
    for item in RISK:
        found = detect(item["text"])
        assert found is not None
        assert re.fullmatch(r"[a-z_]+\.[a-z_]+(?::lemma)?(?:\+me_too)?", found.rule), found.rule


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'm not suicidal, just tired of paperwork", None),
        ("i would never hurt myself, i'm venting about my caseload", None),
        ("I'm not going to kill myself but I cut myself last night", "self"),
        ("i can't do it anymore i want to die", "self"),
        ("Not gonna lie, I've thought about killing myself", "self"),
        ("I'm not joking I'm going to kill myself", "self"),
    ],
)
def test_negation_only_clears_the_phrase_it_governs(text: str, expected: str | None) -> None:
    found = detect(text)
    assert (found.kind if found else None) == expected


@pytest.mark.parametrize(
    "text",
    [
        "my feet are killing me after the health fair",
        "I'm dying to know if I got the job",
        "dead tired after a double shift",
        "the cake at the potluck was to die for",
        "my boss will kill me if I'm late again",
        "taking that job would be career suicide",
    ],
)
def test_idioms_are_not_crises(text: str) -> None:
    assert detect(text) is None


def test_an_idiom_does_not_hide_a_real_signal() -> None:
    found = detect("I'm dead tired of living")
    assert found is not None
    assert (found.kind, found.category) == ("self", "suicide")


@pytest.mark.parametrize(
    "text",
    [
        "kms",
        "im suicidial",
        "thinking about sucide",
        "wanna unalive myself",
        "i want to dieeee",
        "gonna od tonight",
        "k1ll mys3lf",
        "I’m gonna k!ll myself",
        "thinking about sewer slide",
    ],
)
def test_slang_typos_and_leetspeak_are_caught(text: str) -> None:
    found = detect(text)
    assert found is not None
    assert found.kind == "self"


def test_third_person_risk_is_a_client_detection() -> None:
    found = detect("a peer in my group told me she has been cutting again")
    assert found is not None
    assert (found.kind, found.category) == ("client", "self_harm")


def test_recent_past_is_risk_but_distant_past_in_a_recovery_story_is_not() -> None:
    assert detect("I overdosed this morning") is not None
    assert detect("I overdosed six years ago and that is why I do this work") is None
    assert detect("I was suicidal at 17, and I am again now") is not None


def test_general_protocol_questions_are_benign_but_a_named_client_is_not() -> None:
    assert detect("what should I do if a client tells me they want to kill themselves?") is None
    found = detect("what should I do, my client told me she wants to kill herself")
    assert found is not None
    assert found.kind == "client"


def test_lemmas_add_recall_for_forms_the_text_patterns_miss() -> None:
    text = "i keep cuttng myself"  # a typo spaCy's lemmatiser may still resolve
    assert detect(text) is None
    found = detect(text, ["i", "keep", "cut", "myself"])
    assert found == Detection("self", "self_harm", "self_harm.reflexive:lemma")


def test_lemmas_keep_negation_and_do_not_override_the_text() -> None:
    assert detect("I'm not suicidal at all", ["I", "be", "not", "suicidal", "at", "all"]) is None
    # spaCy lemmas drop tense; the text still says the attempt was years ago.
    story = "I tried to kill myself years ago and now I help others"
    lemmas = ["I", "try", "to", "kill", "myself", "year", "ago", "and", "now", "I", "help"]
    assert detect(story, lemmas) is None


def test_lemmas_never_lose_a_detection_from_the_text() -> None:
    for item in RISK:
        naive_lemmas = item["text"].lower().split()
        assert detect(item["text"], naive_lemmas) is not None, item["text"]


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_input_is_not_a_crisis(text: str) -> None:
    assert detect(text) is None


def test_a_risk_sentence_buried_in_ten_thousand_characters_is_found() -> None:
    filler = "We went over the intake schedule and the new billing codes for peer services. "
    half = filler * (5000 // len(filler))
    text = half + "Honestly I have been thinking about killing myself. " + half
    assert len(text) >= 10_000
    found = detect(text)
    assert found is not None
    assert (found.kind, found.category) == ("self", "suicide")
    assert detect(half + half) is None


def test_detection_is_immutable() -> None:
    found = detect("i want to die")
    assert found is not None
    with pytest.raises(AttributeError):
        found.kind = "client"  # type: ignore[misc]


@pytest.mark.parametrize(
    "text",
    [
        "i want to end my life tonight",
        "i'm going to end it today",
        "i'll take my own life tomorrow",
    ],
)
def test_exclusion_words_do_not_swallow_longer_words(text: str) -> None:
    # A lookahead excluding "to" once also excluded "tonight", "today" and "tomorrow".
    assert detect(text) is not None


@pytest.mark.parametrize("text", ["that's odd", "an odd number of peers signed up", "Odin is cool"])
def test_ordinary_words_are_not_read_as_slang(text: str) -> None:
    assert detect(text) is None


def test_assess_marks_negated_risk_as_dismissed() -> None:
    """A negated risk phrase is read and dismissed; text without risk words is not."""
    negated = assess("I'm not suicidal, just tired of paperwork")
    assert negated.detection is None and negated.dismissed is True
    plain = assess("how do I ask for more supervision")
    assert plain.detection is None and plain.dismissed is False
    risky = assess("i want to kill myself")
    assert risky.detection is not None and risky.dismissed is False

"""Blind safety training files become an exemplar file, without anything near a judging set."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.risk_model import load_exemplars
from scripts.import_safety_exemplars import read_blind, render, select
from scripts.leaks import Text

EXAMPLES = [
    {"text": "i have been saving my pills for weeks", "label": "self", "category": "saving"},
    {"text": 'my client said "goodbye forever" today', "label": "client", "category": "goodbye"},
    {"text": "how do we document a safety plan", "label": "benign", "category": "training"},
    {"text": "How do we document a safety plan?", "label": "benign", "category": "training"},
    {"text": "nobody would notice if i was gone now", "label": "self", "category": "indirect"},
    {"text": "what time is group on friday", "label": "benign", "category": "work"},
]


def test_repeats_and_near_judging_items_are_dropped_and_counted() -> None:
    """A normalised repeat, a training text and a near copy of a judging item are left out."""
    judging = [Text("nobody would notice if i was gone", "tests/safety/final.yml:3")]
    training = [Text("what time is group on friday", "data/nlu/core.yml:9")]
    kept, dropped = select(EXAMPLES, judging, training)
    assert [example["text"] for example in kept] == [e["text"] for e in EXAMPLES[:3]]
    assert dropped == {
        "repeats a training text or an earlier example": 2,
        "near an item of tests/safety/final.yml": 1,
    }


def test_the_written_file_loads_as_exemplars_grouped_by_category(tmp_path: Path) -> None:
    """Quotes survive, every class is present, and the header is a comment."""
    path = tmp_path / "out.yml"
    path.write_text(render(EXAMPLES[:3], "written blind\nsecond line"))
    assert path.read_text().startswith("# written blind\n# second line\nself:\n  saving:\n")
    assert load_exemplars(path) == {
        "self": [EXAMPLES[0]["text"]],
        "client": [EXAMPLES[1]["text"]],
        "benign": [EXAMPLES[2]["text"]],
    }


def test_a_blind_example_without_a_label_is_refused(tmp_path: Path) -> None:
    """The file and the example's index are named."""
    path = tmp_path / "blind.yml"
    path.write_text('examples:\n  - {text: "hello", label: maybe, category: x}\n')
    with pytest.raises(ValueError, match=r"blind\.yml: example 0"):
        read_blind([path])

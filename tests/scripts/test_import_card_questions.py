"""Importing blind card questions: each text is written so YAML reads it back unchanged."""

from __future__ import annotations

import pytest
import yaml

from scripts.import_card_questions import _scalar


@pytest.mark.parametrize(
    "text",
    [
        "plain question about supervision",
        "supervisor here - one of my peers asked: is that ok?",
        "'quoted' start",
        "#hashtag style question",
        "what's a 'recovery coach'?",
        "- starts with a dash",
    ],
)
def test_scalar_reads_back_as_the_same_text(text: str) -> None:
    """A card example written with _scalar is the same string when the card is loaded."""
    assert yaml.safe_load(f"examples:\n  - {_scalar(text)}\n") == {"examples": [text]}

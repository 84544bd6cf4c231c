"""The end-to-end development evaluation scores development sets only and names each
topic miss's cause."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.eval_dev import check_development, development_sets, miss_cause
from benchmarks.eval_report import Prediction


def test_final_sets_are_refused_and_development_sets_allowed() -> None:
    """Every set the manifest calls final is refused before anything is read."""
    allowed = development_sets()
    assert "tests/eval/cards_dev_blind.yml" in allowed
    for final in ("tests/eval/cards_final.yml", "tests/eval/final_questions.yml"):
        assert final not in allowed
        with pytest.raises(SystemExit):
            check_development(Path(final), allowed)
    check_development(Path("tests/eval/cards_dev_blind.yml"), allowed)


@pytest.mark.parametrize(
    ("intent", "confidence", "scope", "answered", "cause"),
    [
        ("ask_knowledge", 1.0, 0.9, "pay", "answered a card of another topic"),
        ("crisis_check", 1.0, 0.9, None, "safety layer: check tier"),
        ("crisis_self", 1.0, 0.9, None, "safety layer: crisis tier"),
        ("out_of_scope", 0.9, 0.9, None, "intent out_of_scope"),
        ("ask_knowledge", 0.3, 0.9, None, "ask_knowledge under the intent gate"),
        ("ask_knowledge", 1.0, 0.01, None, "scope model (not about the cards)"),
        ("ask_knowledge", 1.0, 0.9, None, "card gate (top card under the minimum score)"),
    ],
)
def test_each_miss_gets_one_cause(
    intent: str, confidence: float, scope: float, answered: str | None, cause: str
) -> None:
    """The cause follows the order the assistant decides in: safety, intent, gates."""
    parsed = {"intent": {"name": intent, "confidence": confidence}, "knowledge_scope": scope}
    assert miss_cause(parsed, Prediction(answered, []), 0.5) == cause

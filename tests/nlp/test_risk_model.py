"""The semantic risk model's scoring and its exemplar file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nlp.risk_model import CLASSES, load_exemplars, score

REPO = Path(__file__).resolve().parents[2]


def test_score_sums_self_and_client_and_names_the_likelier() -> None:
    """Risk is p(self) + p(client) of a softmax over the three classes."""
    vector = np.array([1.0, 0.0], dtype=np.float32)
    coef = np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0]], dtype=np.float32)
    result = score(vector, coef, np.zeros(3, dtype=np.float32))
    expected = np.exp([0.0, 1.0, 2.0]) / np.exp([0.0, 1.0, 2.0]).sum()
    assert result["risk"] == pytest.approx(expected[1] + expected[2], rel=1e-5)
    assert result["kind"] == "client"


def test_score_prefers_self_on_a_tie() -> None:
    """When self and client are equally likely the reply for the writer is chosen."""
    result = score(np.zeros(2, np.float32), np.zeros((3, 2), np.float32), np.zeros(3, np.float32))
    assert result == {"risk": pytest.approx(2 / 3), "kind": "self"}


def test_score_survives_huge_logits() -> None:
    """Large logits give a finite probability (the softmax subtracts the maximum)."""
    coef = np.array([[0.0], [1000.0], [0.0]], dtype=np.float32)
    result = score(np.ones(1, np.float32), coef, np.zeros(3, np.float32))
    assert result["risk"] == pytest.approx(1.0)


def test_the_shipped_exemplars_load_with_all_three_classes() -> None:
    """nlp/safety_exemplars.yml parses and has examples of every class."""
    exemplars = load_exemplars(REPO / "nlp" / "safety_exemplars.yml")
    assert set(exemplars) == set(CLASSES)
    assert all(len(texts) >= 20 for texts in exemplars.values())


def test_an_empty_exemplar_is_refused(tmp_path: Path) -> None:
    """A blank exemplar is an error naming the file and the class."""
    path = tmp_path / "ex.yml"
    path.write_text("self:\n  - ''\nbenign:\n  - hello\n")
    with pytest.raises(ValueError, match=r"ex\.yml: self"):
        load_exemplars(path)

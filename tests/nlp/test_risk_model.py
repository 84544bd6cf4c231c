"""The semantic risk model's scoring and its exemplar file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nlp.risk_model import CLASSES, load_all_exemplars, load_exemplars, score, sentences

REPO = Path(__file__).resolve().parents[2]


def test_score_sums_self_and_client_and_names_the_likelier() -> None:
    """Risk is p(self) + p(client) of a softmax over the three classes."""
    vector = np.array([1.0, 0.0], dtype=np.float32)
    coef = np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0]], dtype=np.float32)
    result = score(vector, [(coef.T, np.zeros(3, dtype=np.float32))])
    expected = np.exp([0.0, 1.0, 2.0]) / np.exp([0.0, 1.0, 2.0]).sum()
    assert result["risk"] == pytest.approx(expected[1] + expected[2], rel=1e-5)
    assert result["kind"] == "client"


def test_score_prefers_self_on_a_tie() -> None:
    """When self and client are equally likely the reply for the writer is chosen."""
    result = score(
        np.zeros(2, np.float32), [(np.zeros((2, 3), np.float32), np.zeros(3, np.float32))]
    )
    assert result == {"risk": pytest.approx(2 / 3), "kind": "self"}


def test_score_survives_huge_logits() -> None:
    """Large logits give a finite probability (the softmax subtracts the maximum)."""
    coef = np.array([[0.0, 1000.0, 0.0]], dtype=np.float32)
    result = score(np.ones(1, np.float32), [(coef, np.zeros(3, np.float32))])
    assert result["risk"] == pytest.approx(1.0)


def test_a_hidden_layer_is_rectified_before_the_softmax() -> None:
    """Two layers: ReLU between them, so a negative hidden unit adds nothing."""
    hidden = (np.array([[1.0, -1.0]], np.float32), np.zeros(2, np.float32))
    out = (np.array([[0.0, 0.0, 0.0], [0.0, 5.0, 0.0]], np.float32), np.zeros(3, np.float32))
    assert score(np.ones(1, np.float32), [hidden, out])["risk"] == pytest.approx(2 / 3)
    risky = (np.exp(5.0) + 1) / (np.exp(5.0) + 2)
    assert score(-np.ones(1, np.float32), [hidden, out])["risk"] == pytest.approx(risky)


def test_the_riskiest_row_decides_risk_and_kind() -> None:
    """A message scored whole and per sentence takes the row with the highest risk."""
    layer = (np.array([[0.0, 0.0, 3.0]], np.float32), np.zeros(3, np.float32))
    rows = np.array([[0.0], [2.0], [1.0]], np.float32)
    expected = (1 + np.exp(6.0)) / (2 + np.exp(6.0))
    assert score(rows, [layer]) == {"risk": pytest.approx(expected), "kind": "client"}


def test_one_sentence_is_not_split_and_several_are() -> None:
    """A second topic after a full stop or "also" is scored apart; one-word bits are not."""
    assert sentences("how do i log my hours") == []
    assert sentences("Quick question about my timesheet. Also my partner hit me again") == [
        "Quick question about my timesheet.",
        "Also my partner hit me again",
    ]
    assert sentences("ok. fine.") == []


def test_the_shipped_exemplars_load_with_all_three_classes() -> None:
    """Every exemplar file parses, and each has examples of every class."""
    for name in (
        "safety_exemplars.yml",
        "safety_exemplars_blind.yml",
        "safety_exemplars_blind2.yml",
    ):
        exemplars = load_exemplars(REPO / "nlp" / name)
        assert set(exemplars) == set(CLASSES)
        assert all(len(texts) >= 20 for texts in exemplars.values())


def test_exemplar_files_merge_per_class_in_order(tmp_path: Path) -> None:
    """Several files give one list per class, the first file's entries first."""
    first, second = tmp_path / "a.yml", tmp_path / "b.yml"
    first.write_text("self:\n  - one\nbenign:\n  - hello\n")
    second.write_text("self:\n  - two\nclient:\n  - three\n")
    merged = load_all_exemplars([first, second])
    assert merged == {"benign": ["hello"], "self": ["one", "two"], "client": ["three"]}


def test_a_class_may_hold_its_exemplars_by_category(tmp_path: Path) -> None:
    """``{benign: {grief: [...], idiom: [...]}}`` gives the benign texts in file order."""
    path = tmp_path / "ex.yml"
    path.write_text("self:\n  - one\nbenign:\n  grief:\n    - a\n  idiom:\n    - b\n    - c\n")
    assert load_exemplars(path) == {"benign": ["a", "b", "c"], "self": ["one"], "client": []}


def test_an_empty_exemplar_is_refused(tmp_path: Path) -> None:
    """A blank exemplar is an error naming the file and the class."""
    path = tmp_path / "ex.yml"
    path.write_text("self:\n  - ''\nbenign:\n  - hello\n")
    with pytest.raises(ValueError, match=r"ex\.yml: self"):
        load_exemplars(path)

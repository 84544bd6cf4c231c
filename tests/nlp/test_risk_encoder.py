"""The fine-tuned risk encoder at run time: batching, the sentence maximum, a missing model."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nlp.risk_encoder import (
    MAX_TOKENS,
    RiskEncoder,
    RiskEncoderError,
    encoder_dir,
    load_risk_encoder,
)


@dataclass
class Encoding:
    ids: list[int]


@dataclass
class FakeTokenizer:
    truncation: int | None = None

    def no_padding(self) -> None:
        pass

    def enable_truncation(self, length: int) -> None:
        self.truncation = length

    def encode_batch(self, texts: list[str]) -> list[Encoding]:
        return [Encoding([len(text.split()), *range(1, len(text.split()) + 2)]) for text in texts]


@dataclass
class FakeSession:
    """Class probabilities from the word count of each row: 2 words is self, 3 client."""

    feeds: list[dict[str, Any]] = field(default_factory=list)

    def run(self, _: None, feed: dict[str, Any]) -> list[Any]:
        self.feeds.append(feed)
        rows = []
        for words in feed["input_ids"][:, 0]:
            rows.append({2: [0.1, 0.8, 0.1], 3: [0.3, 0.2, 0.5]}.get(int(words), [0.9, 0.05, 0.05]))
        return [np.array(rows, dtype=np.float64)]


def test_texts_are_cut_to_the_training_length_and_padded_with_a_mask() -> None:
    """Truncation at MAX_TOKENS; shorter rows are padded with 0 and masked out."""
    session, tokenizer = FakeSession(), FakeTokenizer()
    rows = RiskEncoder(session, tokenizer).probabilities(["a", "a b c"])
    assert tokenizer.truncation == MAX_TOKENS == 64
    assert session.feeds[0]["attention_mask"].tolist() == [[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]]
    assert rows.shape == (2, 3)
    assert rows.dtype == np.float32


def test_no_text_gives_no_rows_without_running_the_model() -> None:
    """An empty batch never reaches onnxruntime."""
    session = FakeSession()
    assert RiskEncoder(session, FakeTokenizer()).probabilities([]).shape == (0, 3)
    assert session.feeds == []


def test_the_riskiest_sentence_decides_and_names_the_kind() -> None:
    """A benign-looking message with a risky sentence scores as that sentence."""
    encoder = RiskEncoder(FakeSession(), FakeTokenizer())
    message = "the weather was fine today at work. goodbye everyone. see you"
    assert encoder.score(message) == {"risk": pytest.approx(0.9), "kind": "self"}
    assert encoder.score(message, split=False) == {"risk": pytest.approx(0.1), "kind": "self"}


def test_client_wins_when_likelier_than_self() -> None:
    """Three words: p(client) 0.5 > p(self) 0.2, risk 0.7."""
    result = RiskEncoder(FakeSession(), FakeTokenizer()).score("my client left")
    assert result == {"risk": pytest.approx(0.7), "kind": "client"}


def test_a_missing_model_is_a_risk_encoder_error(tmp_path: Path) -> None:
    """Without model.onnx the loader says which make target builds it."""
    with pytest.raises(RiskEncoderError, match="make risk-encoder"):
        load_risk_encoder(tmp_path)


def test_the_directory_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """PEERLINE_RISK_ENCODER_DIR wins; else models/risk-encoder under PEERLINE_VAR_DIR."""
    monkeypatch.delenv("PEERLINE_RISK_ENCODER_DIR", raising=False)
    monkeypatch.setenv("PEERLINE_VAR_DIR", str(tmp_path))
    assert encoder_dir() == tmp_path / "models" / "risk-encoder"
    monkeypatch.setenv("PEERLINE_RISK_ENCODER_DIR", "/x/y")
    assert encoder_dir() == Path("/x/y")

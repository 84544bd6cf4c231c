"""The embedding interface: batching, truncation settings and a missing model."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nlp.embeddings import (
    MAX_TOKENS,
    EmbeddingModelError,
    OnnxEmbedder,
    embed_batched,
    load_embedder,
    model_dir,
    model_fingerprint,
)


@dataclass
class Encoding:
    ids: list[int]


@dataclass
class FakeTokenizer:
    truncation: int | None = None
    padding: bool = True

    def no_padding(self) -> None:
        self.padding = False

    def enable_truncation(self, length: int) -> None:
        self.truncation = length

    def encode_batch(self, texts: list[str]) -> list[Encoding]:
        return [Encoding(list(range(1, len(text.split()) + 3))) for text in texts]


@dataclass
class FakeSession:
    feeds: list[dict[str, Any]] = field(default_factory=list)

    def run(self, _: None, feed: dict[str, Any]) -> list[Any]:
        self.feeds.append(feed)
        rows = feed["input_ids"].shape[0]
        return [np.ones((rows, 384), dtype=np.float64) / np.sqrt(384)]


def test_a_batch_is_padded_to_its_longest_text_with_a_mask() -> None:
    """Shorter texts are padded with id 0 and masked out; the result is float32, one row each."""
    session, tokenizer = FakeSession(), FakeTokenizer()
    vectors = OnnxEmbedder(session, tokenizer).embed(["one", "one two three"])
    feed = session.feeds[0]
    assert feed["input_ids"].tolist() == [[1, 2, 3, 0, 0], [1, 2, 3, 4, 5]]
    assert feed["attention_mask"].tolist() == [[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]]
    assert vectors.shape == (2, 384)
    assert vectors.dtype == np.float32


def test_the_tokenizer_truncates_and_does_not_pad_by_itself() -> None:
    """The shipped tokenizer.json pads to 128; the embedder turns that off and truncates."""
    tokenizer = FakeTokenizer()
    OnnxEmbedder(FakeSession(), tokenizer)
    assert (tokenizer.padding, tokenizer.truncation) == (False, MAX_TOKENS)


def test_no_texts_give_an_empty_array_without_running_the_model() -> None:
    """embed([]) is a (0, 384) array."""
    session = FakeSession()
    assert OnnxEmbedder(session, FakeTokenizer()).embed([]).shape == (0, 384)
    assert session.feeds == []


def test_a_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    """Loading from a folder without model.onnx names the file and `make embeddings`."""
    with pytest.raises(EmbeddingModelError, match=r"model\.onnx is missing: run `make embeddings`"):
        load_embedder(tmp_path)


def test_model_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """PEERLINE_EMBEDDINGS_DIR wins; otherwise the model lives under PEERLINE_VAR_DIR."""
    monkeypatch.delenv("PEERLINE_EMBEDDINGS_DIR", raising=False)
    monkeypatch.setenv("PEERLINE_VAR_DIR", "/srv/peerline")
    assert model_dir() == Path("/srv/peerline/models/all-MiniLM-L6-v2")
    monkeypatch.setenv("PEERLINE_EMBEDDINGS_DIR", "/opt/minilm")
    assert model_dir() == Path("/opt/minilm")


def test_the_fingerprint_changes_with_the_export_and_is_empty_without_one(tmp_path: Path) -> None:
    """An int8 export and an fp32 one of the same weights differ in their manifest, so a
    component trained on the vectors is retrained rather than restored from Rasa's cache."""
    assert model_fingerprint(tmp_path) == ""
    (tmp_path / "manifest.json").write_text('{"precision": "fp32", "onnx_sha256": "aa"}')
    fp32 = model_fingerprint(tmp_path)
    (tmp_path / "manifest.json").write_text('{"precision": "int8", "onnx_sha256": "bb"}')
    assert model_fingerprint(tmp_path) not in ("", fp32)


def test_embed_batched_groups_by_length_and_keeps_the_order() -> None:
    """Batches hold texts of similar length, no more than ``size``; each text's row is the
    one embedding it alone would give."""

    class Lengths:
        dimension = 2

        def __init__(self) -> None:
            self.batches: list[list[str]] = []

        def embed(self, texts: list[str]) -> np.ndarray:
            self.batches.append(list(texts))
            return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)

    texts = ["a" * n for n in (5, 1, 4, 2, 3)]
    fake = Lengths()
    vectors = embed_batched(fake, texts, size=2)
    assert [len(batch) for batch in fake.batches] == [2, 2, 1]
    assert fake.batches[0] == ["a", "aa"]
    assert vectors[:, 0].tolist() == [5, 1, 4, 2, 3]

"""Ranks knowledge cards for a question: BM25 over each card's example questions, optionally
fused with the sentence embedding's similarity to the card (the centroid of its examples'
vectors, its nearest example, or a blend of the two).

Plain numpy and rank-bm25, no Rasa: the NLU component (``nlp.knowledge_component``) and the
evaluation (``benchmarks.rank_cards``) use the same code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from rank_bm25 import BM25Okapi

Vectors = npt.NDArray[np.floating[Any]]

_WORD = re.compile(r"[a-z0-9]+")
# Words so common in questions that matching them says nothing about the card.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "i",
        "im",
        "me",
        "my",
        "we",
        "our",
        "you",
        "your",
        "is",
        "are",
        "am",
        "was",
        "be",
        "been",
        "do",
        "does",
        "did",
        "to",
        "of",
        "in",
        "on",
        "for",
        "and",
        "or",
        "it",
        "its",
        "that",
        "this",
        "what",
        "how",
        "should",
        "can",
        "could",
        "would",
        "will",
        "with",
        "at",
        "as",
        "if",
        "about",
        "so",
        "just",
        "there",
        "their",
        "they",
        "them",
        "he",
        "she",
        "his",
        "her",
    ]
)


def tokens(text: str) -> list[str]:
    """Lower-case word tokens without stopwords, with a plural -s removed."""
    words = [w for w in _WORD.findall(text.lower().replace("'", "")) if w not in STOPWORDS]
    return [w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w for w in words]


@dataclass(frozen=True)
class Example:
    """One training question and the card it asks for."""

    text: str
    card: str


@dataclass(frozen=True)
class RankerConfig:
    """How lexical and semantic evidence are combined (chosen on the development split)."""

    # Weight of the semantic similarity in the fused score; 0 = BM25 alone, 1 = embeddings alone.
    semantic_weight: float = 0.7
    # BM25 scores are squashed to [0, 1) by s / (s + bm25_scale).
    bm25_scale: float = 10.0
    # A card's similarity: to the normalised mean of its examples' vectors ("centroid"), to its
    # nearest example ("nearest"), or both mixed ("blend": nearest_share of the nearest).
    semantic: Literal["centroid", "nearest", "blend"] = "centroid"
    nearest_share: float = 0.3


@dataclass(frozen=True)
class Scored:
    card: str
    score: float


class CardRanker:
    """Scores every card for a question; higher is a better match."""

    def __init__(
        self,
        examples: Sequence[Example],
        example_vectors: Vectors | None = None,
        config: RankerConfig | None = None,
        card_texts: Mapping[str, str] | None = None,
    ) -> None:
        """``card_texts``: more words of a card (its answer) for BM25 alone; the semantic
        side stays with the examples, which are phrased as questions like the messages."""
        if not examples:
            raise ValueError("a card ranker needs at least one example")
        self.config = config or RankerConfig()
        self.cards = sorted({example.card for example in examples})
        index = {card: i for i, card in enumerate(self.cards)}
        self._example_card = np.array([index[example.card] for example in examples])
        documents: list[list[str]] = [[] for _ in self.cards]
        for example in examples:
            documents[index[example.card]] += tokens(example.text)
        for card, text in (card_texts or {}).items():
            if card in index:
                documents[index[card]] += tokens(text)
        self._bm25 = BM25Okapi(documents)
        if example_vectors is not None and len(example_vectors) != len(examples):
            raise ValueError("one vector per example is needed")
        self._vectors = example_vectors
        if example_vectors is not None:
            sums = np.zeros((len(self.cards), example_vectors.shape[1]))
            np.add.at(sums, self._example_card, example_vectors)
            self._centroids = sums / np.linalg.norm(sums, axis=1, keepdims=True)

    @property
    def semantic(self) -> bool:
        return self._vectors is not None and self.config.semantic_weight > 0

    def lexical_scores(self, text: str) -> Vectors:
        raw = np.asarray(self._bm25.get_scores(tokens(text)), dtype=float)
        return raw / (raw + self.config.bm25_scale)

    def semantic_scores(self, vector: Vectors) -> Vectors:
        """Per card, the cosine similarity of ``vector`` (unit length) to the card."""
        assert self._vectors is not None
        centroid: Vectors = np.clip(self._centroids @ vector, 0.0, 1.0)
        if self.config.semantic == "centroid":
            return centroid
        best = np.full(len(self.cards), -1.0)
        np.maximum.at(best, self._example_card, self._vectors @ vector)
        nearest: Vectors = np.clip(best, 0.0, 1.0)
        if self.config.semantic == "nearest":
            return nearest
        share = self.config.nearest_share
        blended: Vectors = (1 - share) * centroid + share * nearest
        return blended

    def scores(self, text: str, vector: Vectors | None = None) -> Vectors:
        weight = self.config.semantic_weight if vector is not None and self.semantic else 0.0
        fused = (1 - weight) * self.lexical_scores(text) if weight < 1 else 0.0
        if weight > 0 and vector is not None:
            fused = fused + weight * self.semantic_scores(vector)
        return np.asarray(fused, dtype=float)

    def rank(self, text: str, vector: Vectors | None = None, top: int = 10) -> list[Scored]:
        """The ``top`` best cards for ``text`` (and its embedding, when semantic), best first."""
        scores = self.scores(text, vector)
        order = np.argsort(-scores, kind="stable")[:top]
        return [Scored(self.cards[i], round(float(scores[i]), 4)) for i in order]

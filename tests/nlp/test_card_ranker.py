"""The card ranker puts the card whose examples match first, fusing embeddings when given."""

from __future__ import annotations

import numpy as np
import pytest

from nlp.card_ranker import CardRanker, Example, RankerConfig, tokens

EXAMPLES = [
    Example("a client sent me a friend request on instagram", "friend_request"),
    Example("should i follow someone i support on facebook", "friend_request"),
    Example("how much do peer specialists get paid", "pay"),
    Example("what is a fair hourly wage for a peer", "pay"),
    Example("what should i bring to supervision", "supervision_prep"),
]


def test_lexical_ranking_puts_the_matching_card_first() -> None:
    """Words shared with a card's examples rank it first; scores lie in [0, 1)."""
    ranker = CardRanker(EXAMPLES, config=RankerConfig(semantic_weight=0.0))
    ranked = ranker.rank("is the wage for peers fair?")
    assert ranked[0].card == "pay"
    assert all(0.0 <= s.score < 1.0 for s in ranked)
    assert [s.score for s in ranked] == sorted((s.score for s in ranked), reverse=True)


def test_no_shared_words_scores_zero() -> None:
    """A question sharing no content word with any card gets no lexical evidence."""
    ranker = CardRanker(EXAMPLES, config=RankerConfig(semantic_weight=0.0))
    assert max(s.score for s in ranker.rank("recipe for banana bread")) == 0.0


def test_semantic_similarity_can_outrank_words() -> None:
    """With embeddings, the card whose nearest example is closest in meaning wins."""
    vectors = np.eye(len(EXAMPLES), 8, dtype=np.float32)
    ranker = CardRanker(EXAMPLES, vectors, RankerConfig(semantic_weight=0.9))
    query = np.zeros(8, dtype=np.float32)
    query[4] = 1.0  # the supervision example's direction
    ranked = ranker.rank("instagram friend request", query)
    assert ranked[0].card == "supervision_prep"
    assert ranker.rank("instagram friend request")[0].card == "friend_request"


def test_one_vector_per_example_is_required() -> None:
    """Mismatched vectors are refused rather than silently misaligned."""
    with pytest.raises(ValueError):
        CardRanker(EXAMPLES, np.zeros((2, 8), dtype=np.float32))


def test_tokens_drop_stopwords_and_plurals() -> None:
    """Stopwords go and a plural -s is removed, so 'peers' matches 'peer'."""
    assert tokens("What do peers earn?") == ["peer", "earn"]


def test_centroid_and_nearest_example_differ_for_a_spread_out_card() -> None:
    """A card whose two examples point apart is near a query by its nearest example, but
    its centroid sits between them."""
    examples = [Example("one", "spread"), Example("two", "spread"), Example("three", "tight")]
    vectors = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.8, 0.6, 0.0]], dtype=np.float32)
    query = np.array([1.0, 0.0, 0.0], dtype=np.float32)
    nearest = CardRanker(examples, vectors, RankerConfig(semantic_weight=1.0, semantic="nearest"))
    centroid = CardRanker(examples, vectors, RankerConfig(semantic_weight=1.0))
    assert nearest.rank("x", query)[0].card == "spread"
    assert centroid.rank("x", query)[0].card == "tight"


def test_blend_mixes_centroid_and_nearest_example_by_its_share() -> None:
    """The blended similarity is the centroid's and the nearest example's, weighted by
    nearest_share, so it lies between the two."""
    examples = [Example("one", "spread"), Example("two", "spread"), Example("three", "tight")]
    vectors = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.8, 0.6, 0.0]], dtype=np.float32)
    query = np.array([1.0, 0.0, 0.0], dtype=np.float32)

    def spread_score(config: RankerConfig) -> float:
        ranker = CardRanker(examples, vectors, config)
        return float(ranker.semantic_scores(query)[ranker.cards.index("spread")])

    centroid = spread_score(RankerConfig(semantic_weight=1.0))
    nearest = spread_score(RankerConfig(semantic_weight=1.0, semantic="nearest"))
    blend = spread_score(RankerConfig(semantic_weight=1.0, semantic="blend", nearest_share=0.3))
    assert blend == pytest.approx(0.7 * centroid + 0.3 * nearest)


def test_card_text_adds_words_to_bm25_only() -> None:
    """A word only in a card's answer text ranks that card first lexically, and leaves the
    semantic scores (examples only) as they were."""
    text = {"supervision_prep": "Bring your questions, notes about hard moments and goals."}
    plain = CardRanker(EXAMPLES, config=RankerConfig(semantic_weight=0.0))
    with_text = CardRanker(EXAMPLES, config=RankerConfig(semantic_weight=0.0), card_texts=text)
    assert max(s.score for s in plain.rank("notes about goals")) == 0.0
    assert with_text.rank("notes about goals")[0].card == "supervision_prep"
    vectors = np.eye(len(EXAMPLES), 8, dtype=np.float32)
    query = np.eye(1, 8, 2, dtype=np.float32)[0]
    semantic = RankerConfig(semantic_weight=1.0)
    assert np.allclose(
        CardRanker(EXAMPLES, vectors, semantic).semantic_scores(query),
        CardRanker(EXAMPLES, vectors, semantic, card_texts=text).semantic_scores(query),
    )

"""A Rasa NLU component that ranks the knowledge cards for every message.

It trains on the ``ask_knowledge`` examples, which ``make knowledge`` generates from
knowledge/cards/*.yml with the card id as intent metadata, and writes the best cards into
the parse output as ``knowledge: [{"card": id, "score": s}, ...]``, best first. Which card
is answered, and whether any is, is the action server's call (actions/toolkit.py).
"""

from __future__ import annotations

import json
import logging
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, METADATA, METADATA_INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlp.card_ranker import CardRanker, Example, RankerConfig
from nlp.embeddings import model_fingerprint
from nlp.scope_model import fit_scope, scope_probability

logger = logging.getLogger(__name__)

KNOWLEDGE_KEY = "knowledge"
# P(the message asks what the cards are about), from nlp.scope_model.
SCOPE_KEY = "knowledge_scope"
KNOWLEDGE_INTENT = "ask_knowledge"
OUT_OF_SCOPE_INTENT = "out_of_scope"
_INDEX_FILE = "examples.json"
_VECTORS_FILE = "vectors.npy"
_CARDS_FILE = "cards.json"
_SCOPE_FILE = "scope.npz"
# Where nlp.semantic_components' SentenceEmbedder leaves a message's vector (nlp.embeddings).
MESSAGE_EMBEDDING = "sentence_embedding"


def embed_examples(texts: list[str]) -> np.ndarray | None:
    """The examples' sentence vectors, or None when the shared embedder is not available."""
    try:
        from nlp.embeddings import embed_batched, load_embedder  # noqa: PLC0415 (optional, heavy)

        return np.asarray(embed_batched(load_embedder(), texts), dtype=np.float32)
    except (ImportError, RuntimeError, OSError) as error:
        logger.warning("Card ranker trained without embeddings (lexical only): %s", error)
        return None


def card_messages(training_data: TrainingData) -> list[tuple[Example, Message]]:
    """The ask_knowledge examples that name their card in the intent metadata."""
    found = []
    for message in training_data.intent_examples:
        if message.get(INTENT) != KNOWLEDGE_INTENT:
            continue
        card = ((message.get(METADATA) or {}).get(METADATA_INTENT) or {}).get("card")
        if card:
            found.append((Example(text=message.get(TEXT), card=str(card)), message))
    return found


def card_texts(found: list[tuple[Example, Message]]) -> tuple[dict[str, str], dict[str, str]]:
    """Each card's title and answer, from the metadata `make knowledge` writes."""
    titles: dict[str, str] = {}
    answers: dict[str, str] = {}
    for example, message in found:
        metadata = (message.get(METADATA) or {}).get(METADATA_INTENT) or {}
        if metadata.get("title"):
            titles.setdefault(example.card, str(metadata["title"]))
        if metadata.get("answer"):
            answers.setdefault(example.card, str(metadata["answer"]))
    return titles, answers


def out_of_scope_vectors(training_data: TrainingData) -> np.ndarray | None:
    """The sentence vectors of the out_of_scope requests (None when there are none)."""
    vectors = [
        message.get(MESSAGE_EMBEDDING)
        for message in training_data.intent_examples
        if message.get(INTENT) == OUT_OF_SCOPE_INTENT
    ]
    if not vectors or any(vector is None for vector in vectors):
        return None
    return np.stack([np.asarray(vector, dtype=np.float32) for vector in vectors])


def card_examples(training_data: TrainingData) -> list[Example]:
    """The ask_knowledge examples that name their card in the intent metadata."""
    return [example for example, _ in card_messages(training_data)]


def example_vectors(found: list[tuple[Example, Message]]) -> np.ndarray | None:
    """The examples' sentence vectors: the ones SentenceEmbedder already put on the training
    messages (embedding ~3,000 examples again cost most of a minute of training), else
    embedded here."""
    stored = [message.get(MESSAGE_EMBEDDING) for _, message in found]
    if stored and all(vector is not None for vector in stored):
        return np.stack([np.asarray(vector, dtype=np.float32) for vector in stored])
    return embed_examples([example.text for example, _ in found]) if found else None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class KnowledgeRanker(GraphComponent):
    """Ranks knowledge cards by their example questions (BM25, fused with embeddings), and
    says how likely the message is to ask about the cards at all (``scope``)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        defaults = RankerConfig()
        return {
            "top": 10,
            "semantic_weight": defaults.semantic_weight,
            "bm25_scale": defaults.bm25_scale,
            "semantic": defaults.semantic,
            "nearest_share": defaults.nearest_share,
            # Index each card's title as one more example and its answer's words for BM25.
            "card_text": False,
            # Train the scope model (nlp.scope_model) on the card examples against the
            # out_of_scope requests; its probability goes in the parse as knowledge_scope.
            "scope": False,
            "scope_c": 10.0,
        }

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """Retrain when the embedding model changes: the card vectors and the scope model are
        computed with it, and Rasa's cache would otherwise restore ones from another export."""
        return model_fingerprint()

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        examples: list[Example] | None = None,
        vectors: np.ndarray | None = None,
        *,
        answers: dict[str, str] | None = None,
        scope: tuple[np.ndarray, float] | None = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self.top = int(self.config["top"])
        self.ranker_config = RankerConfig(
            semantic_weight=float(self.config["semantic_weight"]),
            bm25_scale=float(self.config["bm25_scale"]),
            semantic=self.config["semantic"],
            nearest_share=float(self.config["nearest_share"]),
        )
        self._storage = model_storage
        self._resource = resource
        self._scope = scope
        self._ranker = (
            CardRanker(examples, vectors, self.ranker_config, card_texts=answers)
            if examples
            else None
        )

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> KnowledgeRanker:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        found = card_messages(training_data)
        examples = [example for example, _ in found]
        vectors = example_vectors(found)
        answers: dict[str, str] = {}
        scope = None
        if self.config["scope"] and vectors is not None:
            requests = out_of_scope_vectors(training_data)
            if requests is not None:
                scope = fit_scope(vectors, requests, float(self.config["scope_c"]))
        if self.config["card_text"] and examples:
            titles, answers = card_texts(found)
            title_examples = [Example(text=title, card=card) for card, title in titles.items()]
            title_vectors = embed_examples([e.text for e in title_examples])
            if vectors is not None and title_vectors is not None:
                vectors = np.vstack([vectors, title_vectors])
                examples += title_examples
            elif vectors is None:
                examples += title_examples
        with self._storage.write_to(self._resource) as directory:
            rows = [{"text": e.text, "card": e.card} for e in examples]
            (directory / _INDEX_FILE).write_text(json.dumps(rows), encoding="utf-8")
            (directory / _CARDS_FILE).write_text(json.dumps(answers), encoding="utf-8")
            if vectors is not None:
                np.save(directory / _VECTORS_FILE, vectors)
            if scope is not None:
                np.savez(directory / _SCOPE_FILE, weights=scope[0], bias=np.array(scope[1]))
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> KnowledgeRanker:
        with model_storage.read_from(resource) as directory:
            rows = json.loads((directory / _INDEX_FILE).read_text(encoding="utf-8"))
            vectors_path = directory / _VECTORS_FILE
            vectors = np.load(vectors_path) if vectors_path.exists() else None
            cards_path = directory / _CARDS_FILE
            answers = (
                json.loads(cards_path.read_text(encoding="utf-8")) if cards_path.exists() else {}
            )
            scope_path = directory / _SCOPE_FILE
            scope = None
            if scope_path.exists():
                stored = np.load(scope_path)
                scope = (stored["weights"], float(stored["bias"]))
        examples = [Example(text=row["text"], card=row["card"]) for row in rows]
        return cls(config, model_storage, resource, examples, vectors, answers=answers, scope=scope)

    def process(self, messages: list[Message]) -> list[Message]:
        if self._ranker is None:
            return messages
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            # No vector (the semantic layer is off): the ranker falls back to BM25 alone.
            vector = message.get(MESSAGE_EMBEDDING)
            ranked = self._ranker.rank(
                text, None if vector is None else np.asarray(vector), top=self.top
            )
            message.set(
                KNOWLEDGE_KEY,
                [{"card": scored.card, "score": scored.score} for scored in ranked],
                add_to_output=True,
            )
            if self._scope is not None and vector is not None:
                probability = scope_probability(np.asarray(vector), *self._scope)
                message.set(SCOPE_KEY, round(probability, 4), add_to_output=True)
        return messages

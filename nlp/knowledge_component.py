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

logger = logging.getLogger(__name__)

KNOWLEDGE_KEY = "knowledge"
KNOWLEDGE_INTENT = "ask_knowledge"
_INDEX_FILE = "examples.json"
_VECTORS_FILE = "vectors.npy"
# Where nlp.semantic_components' SentenceEmbedder leaves a message's vector (nlp.embeddings).
MESSAGE_EMBEDDING = "sentence_embedding"


def embed_examples(texts: list[str]) -> np.ndarray | None:
    """The examples' sentence vectors, or None when the shared embedder is not available."""
    try:
        from nlp.embeddings import load_embedder  # noqa: PLC0415 (optional, heavy)

        return np.asarray(load_embedder().embed(texts), dtype=np.float32)
    except (ImportError, RuntimeError, OSError) as error:
        logger.warning("Card ranker trained without embeddings (lexical only): %s", error)
        return None


def card_examples(training_data: TrainingData) -> list[Example]:
    """The ask_knowledge examples that name their card in the intent metadata."""
    examples = []
    for message in training_data.intent_examples:
        if message.get(INTENT) != KNOWLEDGE_INTENT:
            continue
        card = ((message.get(METADATA) or {}).get(METADATA_INTENT) or {}).get("card")
        if card:
            examples.append(Example(text=message.get(TEXT), card=str(card)))
    return examples


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class KnowledgeRanker(GraphComponent):
    """Ranks knowledge cards by their example questions (BM25, fused with embeddings)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        defaults = RankerConfig()
        return {
            "top": 10,
            "semantic_weight": defaults.semantic_weight,
            "bm25_scale": defaults.bm25_scale,
            "semantic": defaults.semantic,
            "nearest_share": defaults.nearest_share,
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        examples: list[Example] | None = None,
        vectors: np.ndarray | None = None,
    ) -> None:
        self.top = int(config["top"])
        self.ranker_config = RankerConfig(
            semantic_weight=float(config["semantic_weight"]),
            bm25_scale=float(config["bm25_scale"]),
            semantic=config["semantic"],
            nearest_share=float(config["nearest_share"]),
        )
        self._storage = model_storage
        self._resource = resource
        self._ranker = CardRanker(examples, vectors, self.ranker_config) if examples else None

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
        examples = card_examples(training_data)
        vectors = embed_examples([e.text for e in examples]) if examples else None
        with self._storage.write_to(self._resource) as directory:
            rows = [{"text": e.text, "card": e.card} for e in examples]
            (directory / _INDEX_FILE).write_text(json.dumps(rows), encoding="utf-8")
            if vectors is not None:
                np.save(directory / _VECTORS_FILE, vectors)
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
        examples = [Example(text=row["text"], card=row["card"]) for row in rows]
        return cls(config, model_storage, resource, examples, vectors)

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
        return messages

"""A Rasa NLU component that ranks the knowledge cards for every message.

It trains on the ``ask_knowledge`` examples, which ``make knowledge`` generates from
knowledge/cards/*.yml with the card id as intent metadata, and writes the best cards into
the parse output as ``knowledge: [{"card": id, "score": s}, ...]``, best first. Which card
is answered, and whether any is, is the action server's call (actions/toolkit.py).
"""

from __future__ import annotations

import json
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, METADATA, METADATA_INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlp.card_ranker import CardRanker, Example, RankerConfig

KNOWLEDGE_KEY = "knowledge"
KNOWLEDGE_INTENT = "ask_knowledge"
_INDEX_FILE = "examples.json"


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
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        examples: list[Example] | None = None,
    ) -> None:
        self.top = int(config["top"])
        self.ranker_config = RankerConfig(
            semantic_weight=float(config["semantic_weight"]),
            bm25_scale=float(config["bm25_scale"]),
        )
        self._storage = model_storage
        self._resource = resource
        self._ranker = CardRanker(examples, config=self.ranker_config) if examples else None

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
        with self._storage.write_to(self._resource) as directory:
            rows = [{"text": e.text, "card": e.card} for e in examples]
            (directory / _INDEX_FILE).write_text(json.dumps(rows), encoding="utf-8")
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
        examples = [Example(text=row["text"], card=row["card"]) for row in rows]
        return cls(config, model_storage, resource, examples)

    def process(self, messages: list[Message]) -> list[Message]:
        if self._ranker is None:
            return messages
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            ranked = self._ranker.rank(text, top=self.top)
            message.set(
                KNOWLEDGE_KEY,
                [{"card": scored.card, "score": scored.score} for scored in ranked],
                add_to_output=True,
            )
        return messages

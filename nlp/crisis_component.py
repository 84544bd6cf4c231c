"""A Rasa NLU component that lets the deterministic crisis detector overrule the model.

It runs last in the pipeline, on every parsed message in every conversation state, and
when ``bot.safety.detector`` fires it sets the intent to ``crisis_self`` or
``crisis_client`` with full confidence. The DIET model's own crisis intents still work:
this component only ever adds a crisis prediction, never removes one.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.safety.detector import detect

CRISIS_INTENTS = {"self": "crisis_self", "client": "crisis_client"}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CrisisDetector(GraphComponent):
    """Overrides the predicted intent when the message signals a crisis."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CrisisDetector:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            tokens = message.get(TOKENS_NAMES[TEXT]) or []
            lemmas = [token.lemma or token.text for token in tokens]
            detection = detect(text, lemmas)
            if detection is None:
                continue
            intent = {"name": CRISIS_INTENTS[detection.kind], "confidence": 1.0}
            ranking = [
                entry
                for entry in message.get(INTENT_RANKING_KEY) or []
                if entry.get("name") != intent["name"]
            ]
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent, *ranking], add_to_output=True)
        return messages

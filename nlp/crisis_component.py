"""A Rasa NLU component that puts the deterministic crisis detector in charge of crisis intents.

It runs last in the pipeline, on every parsed message in every conversation state:

* when ``bot.safety.detector`` finds a risk signal, the intent becomes ``crisis_self`` or
  ``crisis_client`` with full confidence, whatever DIET said;
* when DIET predicts a crisis intent the detector did not find, DIET is kept as a second
  net for phrasings the rules do not know, but only at ``model_crisis_min_confidence`` or
  above, and never when the detector read the risk words and judged them benign
  (negated, an idiom, a distant past, a general question). A crisis intent that is
  overruled gives way to the next intent in DIET's ranking, or to ``nlu_fallback``
  when that one is below the fallback threshold.
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

from bot.safety.detector import assess

CRISIS_INTENTS = {"self": "crisis_self", "client": "crisis_client"}
MODEL_INTENT_KEY = "model_intent"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CrisisDetector(GraphComponent):
    """Decides crisis intents from the detector's verdict and DIET's prediction."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # fallback_threshold mirrors the FallbackClassifier's in config.yml.
        return {"model_crisis_min_confidence": 0.7, "fallback_threshold": 0.4}

    def __init__(self, config: dict[str, Any]) -> None:
        self.min_confidence = float(config["model_crisis_min_confidence"])
        self.fallback_threshold = float(config["fallback_threshold"])

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CrisisDetector:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if text:
                self._decide(message, text)
        return messages

    def _decide(self, message: Message, text: str) -> None:
        tokens = message.get(TOKENS_NAMES[TEXT]) or []
        verdict = assess(text, [token.lemma or token.text for token in tokens])
        ranking = list(message.get(INTENT_RANKING_KEY) or [])
        predicted = message.get(INTENT) or {}
        # Kept in the parse output so evaluations can score DIET's own crisis call.
        message.set(MODEL_INTENT_KEY, predicted, add_to_output=True)
        if verdict.detection is not None:
            intent = {"name": CRISIS_INTENTS[verdict.detection.kind], "confidence": 1.0}
            rest = [entry for entry in ranking if entry.get("name") != intent["name"]]
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent, *rest], add_to_output=True)
            return
        if predicted.get("name") not in CRISIS_INTENTS.values():
            return
        confidence = float(predicted.get("confidence") or 0.0)
        if confidence >= self.min_confidence and not verdict.dismissed:
            return
        rest = [entry for entry in ranking if entry.get("name") not in CRISIS_INTENTS.values()]
        best = rest[0] if rest else {"name": "nlu_fallback", "confidence": 0.0}
        if float(best.get("confidence") or 0.0) < self.fallback_threshold:
            best = {"name": "nlu_fallback", "confidence": self.fallback_threshold}
            rest = [best, *rest]
        message.set(INTENT, best, add_to_output=True)
        message.set(INTENT_RANKING_KEY, rest, add_to_output=True)

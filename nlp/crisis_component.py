"""A Rasa NLU component that decides the safety tier of every message, last in the pipeline.

It gathers three layers (the deterministic detector ``bot.safety.detector``, DIET's own
crisis intents, and the semantic risk probability of
``nlp.semantic_components.SemanticRiskClassifier``) and lets ``nlp.safety_decision.decide``
put the message in a tier:

* ``crisis``: the intent becomes ``crisis_self`` or ``crisis_client`` at full confidence;
* ``check``: the intent becomes ``crisis_check`` (the assistant asks directly);
* ``none``: a crisis intent DIET predicted gives way to the next intent in its ranking,
  or to ``nlu_fallback`` when that one is below the fallback threshold.

The parse output keeps DIET's own prediction (``model_intent``) and gains ``safety``:
the tier, the layer that decided and its score, who is at risk, every layer's signal, and
``otherwise``, the non-crisis intent the message would have had, so a "no" to the check
can still answer the question. The log names the tier and layer, never the text.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.safety.detector import assess
from nlp.knowledge_component import KNOWLEDGE_INTENT, KNOWLEDGE_KEY, SCOPE_KEY
from nlp.safety_decision import Signals, Thresholds, decide
from nlp.semantic_components import SEMANTIC_RISK

logger = logging.getLogger(__name__)

CRISIS_INTENTS = {"self": "crisis_self", "client": "crisis_client"}
CHECK_INTENT = "crisis_check"
SAFETY_INTENTS = {*CRISIS_INTENTS.values(), CHECK_INTENT}
MODEL_INTENT_KEY = "model_intent"
SAFETY_KEY = "safety"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CrisisDetector(GraphComponent):
    """Decides the safety tier from the detector, DIET and the semantic layer."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # fallback_threshold mirrors the FallbackClassifier's in config.yml.
        defaults = Thresholds()
        return {
            "model_crisis_min_confidence": defaults.diet_crisis,
            "model_check_min_confidence": defaults.diet_check,
            "semantic_crisis_threshold": defaults.semantic_crisis,
            "semantic_check_threshold": defaults.semantic_check,
            "semantic_doubt_threshold": defaults.semantic_doubt,
            "model_check_semantic_floor": defaults.diet_check_floor,
            "model_check_without_semantic": defaults.diet_check_alone,
            "semantic_veto_threshold": defaults.semantic_veto,
            "fallback_threshold": 0.4,
            # A knowledge question: DIET's ask_knowledge, the top card and the scope model at
            # or above these. The default card gate (above any score) leaves it off.
            "knowledge_min_intent": 0.9,
            "knowledge_min_card": 2.0,
            "knowledge_min_scope": 0.5,
        }

    def __init__(self, config: dict[str, Any]) -> None:
        self.thresholds = Thresholds(
            diet_crisis=float(config["model_crisis_min_confidence"]),
            diet_check=float(config["model_check_min_confidence"]),
            semantic_crisis=float(config["semantic_crisis_threshold"]),
            semantic_check=float(config["semantic_check_threshold"]),
            semantic_doubt=float(config["semantic_doubt_threshold"]),
            diet_check_floor=float(config["model_check_semantic_floor"]),
            diet_check_alone=float(config["model_check_without_semantic"]),
            semantic_veto=float(config["semantic_veto_threshold"]),
        )
        self.fallback_threshold = float(config["fallback_threshold"])
        self.knowledge_gates = (
            float(config.get("knowledge_min_intent", 0.9)),
            float(config.get("knowledge_min_card", 2.0)),
            float(config.get("knowledge_min_scope", 0.5)),
        )

    def knowledge_question(self, message: Message, predicted: dict[str, Any]) -> bool:
        """DIET's ask_knowledge, the top card and the scope model all at or above their gates."""
        min_intent, min_card, min_scope = self.knowledge_gates
        cards = message.get(KNOWLEDGE_KEY) or []
        return (
            predicted.get("name") == KNOWLEDGE_INTENT
            and float(predicted.get("confidence") or 0.0) >= min_intent
            and bool(cards)
            and float(cards[0].get("score") or 0.0) >= min_card
            and float(message.get(SCOPE_KEY) or 0.0) >= min_scope
        )

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
        diet_kind = next(
            (kind for kind, name in CRISIS_INTENTS.items() if name == predicted.get("name")),
            None,
        )
        semantic = message.get(SEMANTIC_RISK)
        signals = Signals(
            rules=verdict.detection.kind if verdict.detection else None,
            dismissed=verdict.dismissed,
            diet=diet_kind,
            diet_confidence=float(predicted.get("confidence") or 0.0) if diet_kind else 0.0,
            semantic=semantic["risk"] if semantic else None,
            semantic_kind=semantic["kind"] if semantic else "self",
            knowledge_question=self.knowledge_question(message, predicted),
        )
        decision = decide(signals, self.thresholds)
        rest = [entry for entry in ranking if entry.get("name") not in SAFETY_INTENTS]
        otherwise = rest[0] if rest else {"name": "nlu_fallback", "confidence": 0.0}
        if float(otherwise.get("confidence") or 0.0) < self.fallback_threshold:
            otherwise = {"name": "nlu_fallback", "confidence": self.fallback_threshold}
            rest = [otherwise, *rest]
        message.set(
            SAFETY_KEY,
            {
                "tier": decision.tier,
                "kind": decision.kind,
                "layer": decision.layer,
                "score": round(decision.score, 4),
                "signals": {
                    "rules": signals.rules,
                    "dismissed": signals.dismissed,
                    "diet": signals.diet,
                    "diet_confidence": round(signals.diet_confidence, 4),
                    "semantic": None if signals.semantic is None else round(signals.semantic, 4),
                    "semantic_kind": signals.semantic_kind if semantic else None,
                    "knowledge_question": signals.knowledge_question,
                },
                "otherwise": otherwise,
            },
            add_to_output=True,
        )
        if decision.tier != "none":
            logger.info(
                "Safety tier %s from the %s layer (score %.2f)",
                decision.tier,
                decision.layer,
                decision.score,
            )
        if decision.tier == "crisis":
            assert decision.kind is not None  # decide() names who for every crisis
            intent = {"name": CRISIS_INTENTS[decision.kind], "confidence": 1.0}
        elif decision.tier == "check":
            intent = {"name": CHECK_INTENT, "confidence": 1.0}
        else:
            if diet_kind is None:
                return
            message.set(INTENT, otherwise, add_to_output=True)
            message.set(INTENT_RANKING_KEY, rest, add_to_output=True)
            return
        message.set(INTENT, intent, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [intent, *rest], add_to_output=True)

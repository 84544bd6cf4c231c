"""Rasa components of the semantic layer: one sentence embedding per message, and a risk
classifier trained on it.

* ``SentenceEmbedder`` embeds each message once (``nlp.embeddings``) and stores the vector
  on the Message under ``MESSAGE_EMBEDDING``, for the risk classifier and the knowledge
  ranker alike. If the model cannot load, Rasa still starts: it logs one line, writes
  ``$PEERLINE_VAR_DIR/health/semantic.json`` with status ``off``, and stores nothing, so
  the crisis decision runs on the detector and DIET alone.
* ``SemanticRiskClassifier`` is trained by ``rasa train``: a multinomial logistic
  regression (scikit-learn) over three classes, ``self``, ``client`` and ``benign``, from
  the crisis intents of ``data/nlu`` (every other intent is benign) and the exemplars in
  ``nlp/safety_exemplars.yml``. It stores ``{"risk": p, "kind": ...}`` under
  ``SEMANTIC_RISK`` for ``nlp.crisis_component.CrisisDetector``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlp.embeddings import MESSAGE_EMBEDDING, EmbeddingModelError, load_embedder, model_dir
from nlp.risk_model import fit, load_exemplars, score

logger = logging.getLogger(__name__)

SEMANTIC_RISK = "semantic_risk"
LABELS = {"crisis_self": "self", "crisis_client": "client"}


def write_health(status: str, detail: str) -> None:
    """Record the semantic layer's state for GET /health (status "ok" or "off")."""
    directory = Path(os.environ.get("PEERLINE_VAR_DIR", "var")) / "health"
    payload = {
        "status": status,
        "detail": detail,
        "since": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    try:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "semantic.json").write_text(json.dumps(payload) + "\n")
    except OSError as error:
        logger.warning("Cannot write the semantic layer's health file: %s", error)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class SentenceEmbedder(GraphComponent):
    """Stores one L2-normalised sentence embedding per message (or none when off)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"model": None}

    def __init__(self, config: dict[str, Any]) -> None:
        directory = config.get("model") or model_dir()
        try:
            self.embedder = load_embedder(directory)
        except EmbeddingModelError as error:
            self.embedder = None
            logger.error("Semantic safety layer OFF, rules and DIET only: %s", error)
            write_health("off", str(error))
        else:
            logger.info("Semantic safety layer on (%s)", directory)
            write_health("ok", f"all-MiniLM-L6-v2 from {directory}")

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEmbedder:
        return cls(config)

    def _embed(self, messages: list[Message]) -> None:
        if self.embedder is None:
            return
        todo = [m for m in messages if m.get(TEXT)]
        if not todo:
            return
        vectors = self.embedder.embed([m.get(TEXT) for m in todo])
        for message, vector in zip(todo, vectors, strict=True):
            message.set(MESSAGE_EMBEDDING, vector)

    def process(self, messages: list[Message]) -> list[Message]:
        self._embed(messages)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        # Batches of 64: fewer runs, but padding stays short.
        examples = [m for m in training_data.training_examples if m.get(TEXT)]
        for start in range(0, len(examples), 64):
            self._embed(examples[start : start + 64])
        return training_data


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class SemanticRiskClassifier(GraphComponent):
    """Probability that a message discloses risk, and whose, from its sentence embedding."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"exemplars": "nlp/safety_exemplars.yml", "C": 10.0}

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """Retrain when the exemplars change (they are not part of Rasa's training data)."""
        # Rasa passes the config as written in config.yml, without the defaults.
        path = Path({**cls.get_default_config(), **config}["exemplars"])
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        weights: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> None:
        self.config = config
        self._storage = model_storage
        self._resource = resource
        self.weights = weights

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SemanticRiskClassifier:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        vectors: list[np.ndarray] = []
        labels: list[str] = []
        for message in training_data.intent_examples:
            vector = message.get(MESSAGE_EMBEDDING)
            if vector is None:
                raise EmbeddingModelError(
                    "SemanticRiskClassifier needs SentenceEmbedder before it (and the model)"
                )
            vectors.append(vector)
            labels.append(LABELS.get(message.get(INTENT), "benign"))
        exemplars = load_exemplars(Path(self.config["exemplars"]))
        embedder = load_embedder(model_dir())
        for label, texts in exemplars.items():
            vectors.extend(embedder.embed(texts))
            labels.extend([label] * len(texts))
        coef, intercept = fit(np.stack(vectors), labels, float(self.config["C"]))
        with self._storage.write_to(self._resource) as directory:
            np.savez(directory / "risk.npz", coef=coef, intercept=intercept)
        self.weights = (coef, intercept)
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SemanticRiskClassifier:
        try:
            with model_storage.read_from(resource) as directory:
                stored = np.load(directory / "risk.npz")
                weights = (stored["coef"], stored["intercept"])
        except (ValueError, OSError) as error:
            logger.error("Semantic risk classifier not loaded, layer off: %s", error)
            weights = None
        return cls(config, model_storage, resource, weights)

    def process(self, messages: list[Message]) -> list[Message]:
        if self.weights is None:
            return messages
        for message in messages:
            vector = message.get(MESSAGE_EMBEDDING)
            if vector is not None:
                message.set(SEMANTIC_RISK, score(vector, *self.weights))
        return messages

"""Rasa components of the semantic layer: one sentence embedding per message, and a risk
classifier trained on it.

* ``SentenceEmbedder`` embeds each message once (``nlp.embeddings``) and stores the vector
  on the Message under ``MESSAGE_EMBEDDING``, for the risk classifier and the knowledge
  ranker alike; with ``sentences: true`` it also embeds, in the same batch, each sentence
  of a message of several (``nlp.risk_model.sentences``) under ``SENTENCE_EMBEDDINGS``.
  If the model cannot load, Rasa still starts: it logs one line, writes
  ``$PEERLINE_VAR_DIR/health/semantic.json`` with status ``off``, and stores nothing, so
  the crisis decision runs on the detector and DIET alone.
* ``SemanticRiskClassifier`` is trained by ``rasa train``: a one-hidden-layer perceptron
  (``hidden_units``; 0 gives a multinomial logistic regression; scikit-learn) over three
  classes, ``self``, ``client`` and ``benign``, from the crisis intents of ``data/nlu``
  (every other intent is benign) and the exemplar files (``exemplars``). It stores
  ``{"risk": p, "kind": ...}`` under ``SEMANTIC_RISK`` for
  ``nlp.crisis_component.CrisisDetector``: the riskiest of the whole message and its
  sentences.
* ``RiskEncoderClassifier`` stores the same ``SEMANTIC_RISK`` from the fine-tuned risk
  encoder (``nlp.risk_encoder``, built by ``make risk-encoder``), which reads the text
  itself rather than the frozen sentence vector; nothing to train in ``rasa train``. If the
  encoder cannot load, Rasa still starts: one log line, ``health/risk_encoder.json`` says
  ``off``, and the crisis decision runs on the detector and DIET alone.
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

from nlp.embeddings import (
    MESSAGE_EMBEDDING,
    EmbeddingModelError,
    embed_batched,
    load_embedder,
    model_dir,
)
from nlp.risk_encoder import RiskEncoderError, encoder_dir, load_risk_encoder
from nlp.risk_model import Layers, fit, load_all_exemplars, score, sentences

logger = logging.getLogger(__name__)

SEMANTIC_RISK = "semantic_risk"
# The sentences of a message of several, embedded apart (only with ``sentences: true``).
SENTENCE_EMBEDDINGS = "sentence_embeddings"
LABELS = {"crisis_self": "self", "crisis_client": "client"}


def write_health(status: str, detail: str, part: str = "semantic") -> None:
    """Record a semantic layer part's state for GET /health (status "ok" or "off")."""
    directory = Path(os.environ.get("PEERLINE_VAR_DIR", "var")) / "health"
    payload = {
        "status": status,
        "detail": detail,
        "since": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    try:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / f"{part}.json").write_text(json.dumps(payload) + "\n")
    except OSError as error:
        logger.warning("Cannot write the semantic layer's health file: %s", error)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class SentenceEmbedder(GraphComponent):
    """Stores one L2-normalised sentence embedding per message (or none when off)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"model": None, "sentences": False}

    def __init__(self, config: dict[str, Any]) -> None:
        self.split = bool(config.get("sentences", False))
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

    def _embed(self, messages: list[Message], split: bool = False) -> None:
        if self.embedder is None:
            return
        todo = [m for m in messages if m.get(TEXT)]
        if not todo:
            return
        parts = [sentences(m.get(TEXT)) if split else [] for m in todo]
        vectors = self.embedder.embed([m.get(TEXT) for m in todo])
        # The sentences go in a batch of their own: padded with the whole message (up to
        # MAX_TOKENS), a 10,000-character text cost 9 full-width rows instead of short ones.
        flat = [part for each in parts for part in each]
        part_vectors = self.embedder.embed(flat) if flat else None
        start = 0
        for message, vector, own in zip(todo, vectors, parts, strict=True):
            message.set(MESSAGE_EMBEDDING, vector)
            if own and part_vectors is not None:
                message.set(SENTENCE_EMBEDDINGS, part_vectors[start : start + len(own)])
                start += len(own)

    def process(self, messages: list[Message]) -> list[Message]:
        self._embed(messages, self.split)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        # Batches of 64 texts of similar length: fewer runs, and padding stays short.
        examples = sorted(
            (m for m in training_data.training_examples if m.get(TEXT)),
            key=lambda m: len(m.get(TEXT)),
        )
        for start in range(0, len(examples), 64):
            self._embed(examples[start : start + 64])
        return training_data


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class SemanticRiskClassifier(GraphComponent):
    """Probability that a message discloses risk, and whose, from its sentence embedding."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "exemplars": ["nlp/safety_exemplars.yml", "nlp/safety_exemplars_blind.yml"],
            "C": 10.0,
            "hidden_units": 256,
            "alpha": 0.01,
        }

    @staticmethod
    def exemplar_paths(config: dict[str, Any]) -> list[Path]:
        """The exemplar files: one path or a list of them."""
        paths = config["exemplars"]
        return [Path(path) for path in ([paths] if isinstance(paths, str) else paths)]

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """Retrain when the exemplars change (they are not part of Rasa's training data)."""
        # Rasa passes the config as written in config.yml, without the defaults.
        digest = hashlib.sha256()
        for path in cls.exemplar_paths({**cls.get_default_config(), **config}):
            digest.update(path.read_bytes() if path.is_file() else b"")
        return digest.hexdigest()

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        layers: Layers | None = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self.layers = layers

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
        exemplars = load_all_exemplars(self.exemplar_paths(self.config))
        embedder = load_embedder(model_dir())
        for label, texts in exemplars.items():
            vectors.extend(embed_batched(embedder, texts))
            labels.extend([label] * len(texts))
        layers = fit(
            np.stack(vectors),
            labels,
            float(self.config["C"]),
            int(self.config["hidden_units"]),
            float(self.config["alpha"]),
        )
        arrays = {
            f"{name}{i}": array
            for i, pair in enumerate(layers)
            for name, array in zip("wb", pair, strict=True)
        }
        with self._storage.write_to(self._resource) as directory:
            np.savez(directory / "risk.npz", **arrays)
        self.layers = layers
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
                layers: Layers | None = [
                    (stored[f"w{i}"], stored[f"b{i}"]) for i in range(len(stored.files) // 2)
                ]
        except (ValueError, OSError, KeyError) as error:
            logger.error("Semantic risk classifier not loaded, layer off: %s", error)
            layers = None
        return cls(config, model_storage, resource, layers)

    def process(self, messages: list[Message]) -> list[Message]:
        if self.layers is None:
            return messages
        for message in messages:
            vector = message.get(MESSAGE_EMBEDDING)
            if vector is None:
                continue
            parts = message.get(SENTENCE_EMBEDDINGS)
            rows = np.vstack([vector, parts]) if parts is not None else vector[np.newaxis]
            message.set(SEMANTIC_RISK, score(rows, self.layers))
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class RiskEncoderClassifier(GraphComponent):
    """Probability that a message discloses risk, and whose, from the fine-tuned encoder."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"model": None, "sentences": True}

    def __init__(self, config: dict[str, Any]) -> None:
        self.split = bool(config.get("sentences", True))
        directory = config.get("model") or encoder_dir()
        try:
            self.encoder = load_risk_encoder(directory)
        except RiskEncoderError as error:
            self.encoder = None
            logger.error("Semantic safety layer OFF, rules and DIET only: %s", error)
            write_health("off", f"risk encoder: {error}", part="risk_encoder")
        else:
            logger.info("Risk encoder on (%s)", directory)
            write_health("ok", f"fine-tuned risk encoder from {directory}", part="risk_encoder")

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RiskEncoderClassifier:
        return cls({**cls.get_default_config(), **config})

    def process(self, messages: list[Message]) -> list[Message]:
        if self.encoder is None:
            return messages
        for message in messages:
            text = message.get(TEXT)
            if text:
                message.set(SEMANTIC_RISK, self.encoder.score(text, self.split))
        return messages

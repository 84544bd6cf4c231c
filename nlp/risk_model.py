"""The semantic risk model's arithmetic: training, scoring and the exemplar files (no Rasa).

Three classes, ``benign``, ``self`` and ``client``; the probability of risk is
``p(self) + p(client)``, and the likelier of the two names who is at risk.

The model is a small stack of dense layers stored as plain arrays: one layer is a
multinomial logistic regression, two are a one-hidden-layer perceptron (ReLU, then
softmax), as scikit-learn trains them. A message of several sentences is scored on the
whole and on each sentence (``sentences``), and its risk is the highest of them: one
pooled vector of a long message about timesheets dilutes the one sentence that discloses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import yaml

CLASSES = ("benign", "self", "client")
# Sentence ends, line breaks, and the words that join a second topic to a first one.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?;])\s+|\n+|\s+(?:also|anyway|but|and then)\s+", re.I)
MAX_SENTENCES = 8

Layers = list[tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]]


def load_exemplars(path: Path) -> dict[str, list[str]]:
    """One exemplar file: ``{self: [...], client: [...], benign: [...]}``; a label may also
    hold its texts by category (``{benign: {grief: [...], idiom: [...]}}``)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out: dict[str, list[str]] = {}
    for label in CLASSES:
        entry = data.get(label) or []
        groups = entry.values() if isinstance(entry, dict) else [entry]
        texts = [text for group in groups for text in (group or [])]
        if not all(isinstance(text, str) and text.strip() for text in texts):
            raise ValueError(f"{path}: {label}: every exemplar must be a non-empty string")
        out[label] = texts
    return out


def load_all_exemplars(paths: Iterable[Path]) -> dict[str, list[str]]:
    """Several exemplar files merged, in order, per class."""
    merged: dict[str, list[str]] = {label: [] for label in CLASSES}
    for path in paths:
        for label, texts in load_exemplars(path).items():
            merged[label].extend(texts)
    return merged


def sentences(text: str) -> list[str]:
    """The parts of a message worth scoring apart: empty when it is one sentence."""
    parts = [part.strip() for part in _SENTENCE_BREAK.split(text) if part and part.strip()]
    parts = [part for part in parts if len(part.split()) >= 2]
    return parts[:MAX_SENTENCES] if len(parts) > 1 else []


def fit(
    vectors: npt.NDArray[np.float32],
    labels: list[str],
    c: float,
    hidden_units: int = 0,
    alpha: float = 0.01,
) -> Layers:
    """Logistic regression (``hidden_units`` 0) or a one-hidden-layer perceptron; the last
    layer's columns follow CLASSES. Seeded, so the same data gives the same model."""
    if hidden_units:
        from sklearn.neural_network import MLPClassifier  # noqa: PLC0415  # Rasa env, training only

        mlp = MLPClassifier((hidden_units,), alpha=alpha, max_iter=300, random_state=0).fit(
            vectors, labels
        )
        order = [list(mlp.classes_).index(label) for label in CLASSES]
        return [
            (mlp.coefs_[0].astype(np.float32), mlp.intercepts_[0].astype(np.float32)),
            (
                mlp.coefs_[1][:, order].astype(np.float32),
                mlp.intercepts_[1][order].astype(np.float32),
            ),
        ]
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415  # as above

    model = LogisticRegression(C=c, max_iter=2000)
    model.fit(vectors, labels)
    order = [list(model.classes_).index(label) for label in CLASSES]
    return [(model.coef_[order].T.astype(np.float32), model.intercept_[order].astype(np.float32))]


def probabilities(vectors: npt.NDArray[np.float32], layers: Layers) -> npt.NDArray[np.float64]:
    """Rows of class probabilities (columns follow CLASSES) for rows of vectors."""
    hidden = np.atleast_2d(vectors).astype(np.float64)
    for index, (weights, bias) in enumerate(layers):
        hidden = hidden @ weights + bias
        if index < len(layers) - 1:
            hidden = np.maximum(hidden, 0.0)
    exp = np.exp(hidden - hidden.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)  # type: ignore[no-any-return]  # numpy's stubs


def score(vectors: npt.NDArray[np.float32], layers: Layers) -> dict[str, Any]:
    """Probability of risk (self + client) of the riskiest row, and its likelier kind."""
    probability = probabilities(vectors, layers)
    risk = probability[:, 1] + probability[:, 2]
    row = int(risk.argmax())
    p_self, p_client = float(probability[row, 1]), float(probability[row, 2])
    return {"risk": p_self + p_client, "kind": "client" if p_client > p_self else "self"}

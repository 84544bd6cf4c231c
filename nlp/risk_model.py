"""The semantic risk model's arithmetic: training, scoring and the exemplar file (no Rasa).

Three classes, ``benign``, ``self`` and ``client``; the probability of risk is
``p(self) + p(client)``, and the likelier of the two names who is at risk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import yaml

CLASSES = ("benign", "self", "client")


def load_exemplars(path: Path) -> dict[str, list[str]]:
    """The exemplar file: ``{self: [...], client: [...], benign: [...]}``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out: dict[str, list[str]] = {}
    for label in CLASSES:
        texts = data.get(label) or []
        if not all(isinstance(text, str) and text.strip() for text in texts):
            raise ValueError(f"{path}: {label}: every exemplar must be a non-empty string")
        out[label] = list(texts)
    return out


def fit(
    vectors: npt.NDArray[np.float32], labels: list[str], c: float
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """Multinomial logistic regression; rows of coef follow CLASSES."""
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415  # Rasa env, training only

    model = LogisticRegression(C=c, max_iter=2000)
    model.fit(vectors, labels)
    order = [list(model.classes_).index(label) for label in CLASSES]
    return model.coef_[order].astype(np.float32), model.intercept_[order].astype(np.float32)


def score(
    vector: npt.NDArray[np.float32],
    coef: npt.NDArray[np.float32],
    intercept: npt.NDArray[np.float32],
) -> dict[str, Any]:
    """Probability of risk (self + client) and the likelier kind."""
    logits = coef @ vector + intercept
    exp = np.exp(logits - logits.max())
    probability = exp / exp.sum()
    p_self, p_client = float(probability[1]), float(probability[2])
    return {"risk": p_self + p_client, "kind": "client" if p_client > p_self else "self"}

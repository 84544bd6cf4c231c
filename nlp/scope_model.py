"""Whether a message asks something the knowledge cards are about: a logistic regression on
its sentence embedding, trained on the cards' example questions against the out-of-scope
requests of data/nlu. Fitted with scikit-learn (Rasa environment, training only), scored
with numpy, so the same weights serve the NLU component and the tests.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.floating[Any]]


def fit_scope(in_scope: Vectors, out_of_scope: Vectors, c: float = 10.0) -> tuple[Vectors, float]:
    """Weights and bias of P(in scope | vector); the classes are weighted to balance, since
    card examples outnumber the out-of-scope requests about six to one. Deterministic."""
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415  # Rasa env, training only

    vectors = np.vstack([in_scope, out_of_scope])
    labels = np.array([1] * len(in_scope) + [0] * len(out_of_scope))
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(vectors, labels)
    return model.coef_[0].astype(np.float32), float(model.intercept_[0])


def scope_probability(vector: Vectors, weights: Vectors, bias: float) -> float:
    """P(in scope) of one sentence vector."""
    logit = float(np.asarray(vector, dtype=np.float64) @ weights.astype(np.float64) + bias)
    return float(1.0 / (1.0 + np.exp(-logit)))

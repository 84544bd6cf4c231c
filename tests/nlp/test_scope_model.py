"""The scope model's probability follows its weights (fitting needs the Rasa environment)."""

from __future__ import annotations

import numpy as np

from nlp.scope_model import scope_probability


def test_probability_is_the_logistic_of_the_weighted_vector() -> None:
    """A vector along the weights scores above 0.5, against them below, none exactly 0.5."""
    weights = np.array([4.0, -4.0, 0.0], dtype=np.float32)
    assert scope_probability(np.array([1.0, 0.0, 0.0]), weights, 0.0) > 0.95
    assert scope_probability(np.array([0.0, 1.0, 0.0]), weights, 0.0) < 0.05
    assert scope_probability(np.zeros(3), weights, 0.0) == 0.5
    assert scope_probability(np.zeros(3), weights, 1.0) > 0.5

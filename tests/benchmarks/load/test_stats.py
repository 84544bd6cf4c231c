"""The load benchmark's pure helpers: percentiles, saturation, exactly-once counts, ratios."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.load.stats import (
    Step,
    exactly_once,
    flatten,
    percentile,
    ratios,
    saturation,
    summarize,
)


@given(
    st.lists(st.floats(0, 1e4, allow_nan=False), min_size=1, max_size=200),
    st.floats(0, 100),
)
def test_percentile_matches_numpy_linear(values: list[float], q: float) -> None:
    assert percentile(values, q) == pytest.approx(float(np.percentile(values, q)), abs=1e-6)


def test_percentile_of_known_values_and_order_does_not_matter() -> None:
    values = list(range(1, 101))
    random.Random(3).shuffle(values)
    assert percentile(values, 50) == 50.5
    assert percentile(values, 95) == pytest.approx(95.05)
    assert percentile([7.0], 99) == 7.0


@pytest.mark.parametrize("bad", [-1, 101])
def test_percentile_rejects_empty_and_out_of_range(bad: float) -> None:
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], bad)


def test_summarize_counts_rate_and_tail() -> None:
    summary = summarize([10.0] * 99 + [1000.0], errors=2, elapsed_s=10)
    assert summary["messages"] == 100 and summary["errors"] == 2
    assert summary["messages_per_s"] == 10
    assert summary["p50_ms"] == 10 and summary["max_ms"] == 1000
    assert summary["p99_ms"] > 10


def test_summarize_without_messages_has_no_percentiles() -> None:
    summary = summarize([], errors=5, elapsed_s=3)
    assert summary["messages"] == 0 and "p95_ms" not in summary


def test_saturation_stops_at_the_step_where_p95_doubles() -> None:
    steps = [Step(1, 100, 9), Step(2, 150, 14), Step(4, 199, 18), Step(8, 260, 30)]
    result = saturation(steps)
    assert result["sustained_messages_per_s"] == 18
    assert result["sustained_at_concurrency"] == 4
    assert result["p95_doubled_at_concurrency"] == 8
    assert result["peak_messages_per_s"] == 30


def test_saturation_that_never_doubles_takes_the_best_step() -> None:
    steps = [Step(1, 100, 9), Step(2, 120, 17), Step(4, 130, 16)]
    result = saturation(steps)
    assert result["p95_doubled_at_concurrency"] is None
    assert result["sustained_messages_per_s"] == 17


def test_saturation_ignores_recovery_after_doubling() -> None:
    steps = [Step(1, 100, 9), Step(2, 300, 10), Step(4, 150, 40)]
    assert saturation(steps)["sustained_messages_per_s"] == 9


def test_saturation_needs_steps() -> None:
    with pytest.raises(ValueError):
        saturation([])


def test_exactly_once_finds_lost_and_duplicated() -> None:
    stored = {"a": 1, "b": 2, "d": 1}
    counts = exactly_once(["a", "b", "c"], ["a", "b", "c", "d", "e"], stored)
    assert counts == {
        "confirmed": 3,
        "stored_once": 1,
        "lost": 1,  # c: confirmed, no row
        "duplicated": 1,  # b: two rows
        "unconfirmed": 2,  # d, e
        "unconfirmed_but_stored": 1,  # d
    }


def test_exactly_once_all_good() -> None:
    keys = [f"user-{n}" for n in range(50)]
    counts = exactly_once(keys, keys, {key: 1 for key in keys} | {"someone-else": 3})
    assert counts["stored_once"] == 50
    assert counts["lost"] == counts["duplicated"] == counts["unconfirmed"] == 0


def test_flatten_keeps_numbers_only() -> None:
    data = {"a": 1, "b": {"c": 2.5, "d": "text", "e": None, "f": True}, "g": [1, 2]}
    assert flatten(data) == {"a": 1.0, "b.c": 2.5}


def test_ratios_divide_common_figures_and_skip_zero_baselines() -> None:
    ours = {"cold": 10, "load": {"p95_ms": 50}, "errors": 0, "only_ours": 1}
    base = {"cold": 40, "load": {"p95_ms": 200}, "errors": 0, "only_theirs": 1}
    assert ratios(ours, base) == {"cold": 0.25, "errors": None, "load.p95_ms": 0.25}

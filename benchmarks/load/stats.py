"""Pure helpers of the load benchmark: percentiles, saturation, exactly-once counts, ratios."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) with linear interpolation (numpy's default method)."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile {q} is outside 0-100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarize(latencies_ms: Sequence[float], errors: int, elapsed_s: float) -> dict[str, float]:
    """Count, error count, p50/p95/p99/max latency and messages per second of one phase."""
    summary: dict[str, float] = {
        "messages": len(latencies_ms),
        "errors": errors,
        "elapsed_s": round(elapsed_s, 2),
        "messages_per_s": round(len(latencies_ms) / elapsed_s, 2) if elapsed_s > 0 else 0.0,
    }
    if latencies_ms:
        for q in (50, 95, 99):
            summary[f"p{q}_ms"] = round(percentile(latencies_ms, q), 1)
        summary["max_ms"] = round(max(latencies_ms), 1)
    return summary


@dataclass(frozen=True)
class Step:
    """One saturation step: concurrency without think time, its p95 and throughput."""

    concurrency: int
    p95_ms: float
    messages_per_s: float


def saturation(steps: Sequence[Step], factor: float = 2.0) -> dict[str, float | int | None]:
    """Sustained throughput before p95 exceeds ``factor`` times the p95 of the first step.

    Steps are in the order they were run (rising concurrency). The sustained figure is the
    best throughput among the steps up to (not including) the first one whose p95 exceeds the
    limit; ``doubled_at`` is that step's concurrency, or None when p95 never doubled.
    """
    if not steps:
        raise ValueError("no saturation steps")
    limit = steps[0].p95_ms * factor
    within: list[Step] = []
    doubled_at: int | None = None
    for step in steps:
        if step.p95_ms > limit:
            doubled_at = step.concurrency
            break
        within.append(step)
    best = max(within, key=lambda step: step.messages_per_s)
    return {
        "p95_limit_ms": round(limit, 1),
        "sustained_messages_per_s": best.messages_per_s,
        "sustained_at_concurrency": best.concurrency,
        "p95_doubled_at_concurrency": doubled_at,
        "peak_messages_per_s": max(step.messages_per_s for step in steps),
    }


def exactly_once(
    confirmed: Iterable[str], attempted: Iterable[str], stored: Mapping[str, int]
) -> dict[str, int]:
    """Compare check-ins sent with rows stored, per pseudonymous user key.

    ``confirmed``: users whose check-in the bot said it saved (one row expected each).
    ``attempted``: every user that sent the last check-in answer, confirmed or not.
    ``stored``: rows per user key in the database.
    """
    confirmed_set = set(confirmed)
    attempted_set = set(attempted) | confirmed_set
    return {
        "confirmed": len(confirmed_set),
        "stored_once": sum(1 for key in confirmed_set if stored.get(key, 0) == 1),
        "lost": sum(1 for key in confirmed_set if stored.get(key, 0) == 0),
        "duplicated": sum(1 for key in attempted_set if stored.get(key, 0) > 1),
        "unconfirmed": len(attempted_set - confirmed_set),
        "unconfirmed_but_stored": sum(
            1 for key in attempted_set - confirmed_set if stored.get(key, 0) > 0
        ),
    }


def flatten(data: Mapping[str, object], prefix: str = "") -> dict[str, float]:
    """Numeric leaves of a nested mapping as dotted keys (booleans and None are left out)."""
    flat: dict[str, float] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{name}."))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            flat[name] = float(value)
    return flat


def ratios(ours: Mapping[str, object], baseline: Mapping[str, object]) -> dict[str, float | None]:
    """ours / baseline for every numeric figure both have; None where the baseline is 0."""
    mine, theirs = flatten(ours), flatten(baseline)
    table: dict[str, float | None] = {}
    for key in sorted(mine.keys() & theirs.keys()):
        table[key] = round(mine[key] / theirs[key], 3) if theirs[key] else None
    return table

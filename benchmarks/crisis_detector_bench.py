"""Crisis detector speed: mean and p99 microseconds per message over the labelled set.

    python benchmarks/crisis_detector_bench.py [--repeat N]

Runs `detect()` over every utterance in tests/safety/utterances.yml N times (after one
warm-up pass that builds the rule table) and times each call with perf_counter_ns.
Needs PyYAML, which the detector uses to read its rules.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
UTTERANCES = REPO / "tests" / "safety" / "utterances.yml"

try:
    from bot.safety.detector import detect
except ModuleNotFoundError:  # run as a plain script from anywhere: put the repo on the path
    sys.path.insert(0, str(REPO))
    from bot.safety.detector import detect


def load_utterances() -> list[tuple[str, str]]:
    """(text, label) for every labelled utterance."""
    data = yaml.safe_load(UTTERANCES.read_text(encoding="utf-8"))
    return [(item["text"], item["label"]) for item in data["utterances"]]


def percentile(sorted_values: list[int], fraction: float) -> int:
    """Nearest-rank percentile of an already sorted list."""
    rank = max(1, round(fraction * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", "-n", type=int, default=20, help="passes over the set")
    args = parser.parse_args()

    items = load_utterances()
    for text, _ in items:  # warm-up: rule table, regex caches
        detect(text)

    timings: list[int] = []
    by_label: dict[str, list[int]] = {}
    for _ in range(args.repeat):
        for text, label in items:
            start = time.perf_counter_ns()
            detect(text)
            elapsed = time.perf_counter_ns() - start
            timings.append(elapsed)
            by_label.setdefault(label, []).append(elapsed)

    timings.sort()
    print(f"crisis detector: {len(items)} messages x {args.repeat} passes = {len(timings)} calls")
    print(f"mean {statistics.fmean(timings) / 1000:.1f} us/message")
    print(f"p50  {percentile(timings, 0.50) / 1000:.1f} us/message")
    print(f"p99  {percentile(timings, 0.99) / 1000:.1f} us/message")
    print(f"max  {timings[-1] / 1000:.1f} us/message")
    for label in sorted(by_label):
        values = sorted(by_label[label])
        print(
            f"  {label:<7} mean {statistics.fmean(values) / 1000:.1f} us, "
            f"p99 {percentile(values, 0.99) / 1000:.1f} us"
        )


if __name__ == "__main__":
    main()

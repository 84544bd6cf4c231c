"""Crisis detector speed: mean and p99 microseconds per message over the labelled set.

    python benchmarks/crisis_detector_bench.py [--repeat N]

Runs `detect()` over every utterance in tests/safety/utterances.yml N times (after one
warm-up pass that builds the rule table) and times each call with perf_counter_ns.
Needs nothing beyond the standard library; PyYAML is used when it is installed.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
UTTERANCES = REPO / "tests" / "safety" / "utterances.yml"

try:
    from bot.safety.detector import detect
except ModuleNotFoundError:  # run as a plain script from anywhere: put the repo on the path
    sys.path.insert(0, str(REPO))
    from bot.safety.detector import detect

_FLOW_ITEM = re.compile(r'^\s*- \{text: "((?:[^"\\]|\\.)*)", label: (\w+), category: (\w+)\}')
_BLOCK_START = re.compile(r"^\s*- text: >-\s*$")
_BLOCK_FIELD = re.compile(r"^\s*(label|category): (\w+)\s*$")


def _read_without_yaml(text: str) -> list[tuple[str, str]]:
    """Read the two item shapes utterances.yml uses, for a Python without PyYAML."""
    items: list[tuple[str, str]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        flow = _FLOW_ITEM.match(lines[i])
        if flow:
            items.append((flow.group(1).replace('\\"', '"'), flow.group(2)))
        elif _BLOCK_START.match(lines[i]):
            folded: list[str] = []
            label = ""
            i += 1
            while i < len(lines) and not _BLOCK_FIELD.match(lines[i]):
                folded.append(lines[i].strip())
                i += 1
            while i < len(lines) and (field := _BLOCK_FIELD.match(lines[i])):
                if field.group(1) == "label":
                    label = field.group(2)
                i += 1
            items.append((" ".join(folded), label))
            continue
        i += 1
    return items


def load_utterances() -> list[tuple[str, str]]:
    """(text, label) for every labelled utterance."""
    text = UTTERANCES.read_text(encoding="utf-8")
    try:
        import yaml  # noqa: PLC0415 - optional: the benchmark must run on a bare Python
    except ModuleNotFoundError:
        return _read_without_yaml(text)
    return [(item["text"], item["label"]) for item in yaml.safe_load(text)["utterances"]]


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

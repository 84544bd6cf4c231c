"""The detector reproduces the verdicts recorded in golden_verdicts.jsonl, exactly.

The file was written by the detector as it stood before its rules moved into data files:
every utterance of tests/safety/*.yml and every string the unit tests pass in (with their
lemmas), each with its kind, category, rule name and dismissed flag.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from bot.safety.detector import assess

GOLDEN = Path(__file__).with_name("golden_verdicts.jsonl")
SETS = Path(__file__).resolve().parents[2] / "safety"


def _golden() -> list[dict[str, Any]]:
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line]


def _verdict(row: dict[str, Any]) -> dict[str, Any]:
    found = assess(row["text"], row.get("lemmas"))
    detection = found.detection
    return {
        "kind": detection.kind if detection else None,
        "category": detection.category if detection else None,
        "rule": detection.rule if detection else None,
        "dismissed": found.dismissed,
    }


def test_the_golden_file_covers_every_labelled_and_held_out_utterance() -> None:
    recorded = {row["text"] for row in _golden() if "lemmas" not in row}
    for path in sorted(SETS.glob("*.yml")):
        items = yaml.safe_load(path.read_text(encoding="utf-8"))["utterances"]
        missing = [item["text"] for item in items if item["text"] not in recorded]
        assert not missing, f"{path.name}: {len(missing)} utterances not in the golden file"


def test_every_verdict_matches_the_golden_file() -> None:
    rows = _golden()
    changed = []
    for row in rows:
        expected = {key: row[key] for key in ("kind", "category", "rule", "dismissed")}
        got = _verdict(row)
        if got != expected:
            changed.append(f"{row['text']!r}: {expected} -> {got}")
    assert len(rows) > 1300
    assert not changed, f"{len(changed)} verdicts changed:\n" + "\n".join(changed[:50])

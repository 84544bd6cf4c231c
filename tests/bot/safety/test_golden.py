"""The detector reproduces the verdicts recorded in golden_verdicts.jsonl, exactly.

The file pins development items only: every sentence the detector's unit tests pass in
(``source: unit``, with their lemmas) and every item of the development safety sets
(``source``: the set's path), each with its kind, category, rule name and dismissed flag.
Final sets are not in it, so a rule change never shows a final item's verdict; the detector
is scored on them, as counts, by test_detector_sets.py. After a deliberate rule change,
rewrite it with ``python -m scripts.golden_verdicts`` and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scripts.golden_verdicts import GOLDEN, development_sets, verdict
from scripts.manifest import ROOT, read_manifest, set_items


def _golden() -> list[dict[str, Any]]:
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line]


def test_the_golden_file_covers_every_development_utterance() -> None:
    recorded = {(row["source"], row["text"]) for row in _golden()}
    sets = development_sets()
    assert "tests/safety/utterances.yml" in sets
    for path in sets:
        missing = [t for t, _ in set_items(Path(ROOT / path)) if (path, t) not in recorded]
        assert not missing, f"{path}: {len(missing)} utterances not in the golden file"


def test_the_golden_file_holds_no_final_item() -> None:
    """Only unit sentences and development sets: a final set's verdicts are never pinned."""
    final = {path for path, entry in read_manifest().items() if entry.purpose == "final"}
    sources = {row["source"] for row in _golden()}
    assert sources <= {"unit", *development_sets()}, sources - {"unit", *development_sets()}
    assert not sources & final


def test_every_verdict_matches_the_golden_file() -> None:
    rows = _golden()
    changed = []
    for row in rows:
        expected = {key: row[key] for key in ("kind", "category", "rule", "dismissed")}
        got = verdict(row["text"], row.get("lemmas"))
        if got != expected:
            changed.append(f"{row['text']!r}: {expected} -> {got}")
    assert len(rows) > 1300
    assert not changed, f"{len(changed)} verdicts changed:\n" + "\n".join(changed[:50])

"""Rewrite tests/bot/safety/golden_verdicts.jsonl: the detector's verdicts on development items.

    python -m scripts.golden_verdicts    # after a deliberate rule change; review the diff

Each row has a ``source``: ``unit`` for a sentence the detector's unit tests pass in (kept
with its lemmas, as recorded), or the path of the development safety set it comes from. The
development sets are the ``tests/safety/`` sets the manifest marks ``development``; every
item of each is written. Final sets are never opened: their verdicts are scored, as counts
only, by tests/bot/safety/test_detector_sets.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bot.safety.detector import assess
from scripts.manifest import ROOT, read_manifest, set_items

GOLDEN = ROOT / "tests/bot/safety/golden_verdicts.jsonl"
KEYS = ("kind", "category", "rule", "dismissed")


def development_sets(root: Path = ROOT) -> list[str]:
    """The safety sets the manifest marks development, in path order."""
    entries = read_manifest(root).values()
    return sorted(
        e.path for e in entries if e.purpose == "development" and e.path.startswith("tests/safety/")
    )


def verdict(text: str, lemmas: list[str] | None) -> dict[str, Any]:
    found = assess(text, lemmas)
    detection = found.detection
    return {
        "kind": detection.kind if detection else None,
        "category": detection.category if detection else None,
        "rule": detection.rule if detection else None,
        "dismissed": found.dismissed,
    }


def rows(old: list[dict[str, Any]], root: Path = ROOT) -> list[dict[str, Any]]:
    """The unit rows of the old file, then every development item, each with today's verdict."""
    inputs: list[dict[str, Any]] = [
        {k: row[k] for k in ("text", "lemmas", "source") if k in row}
        for row in old
        if row.get("source") == "unit"
    ]
    for path in development_sets(root):
        inputs += [{"text": text, "source": path} for text, _ in set_items(root / path)]
    return [{**row, **verdict(row["text"], row.get("lemmas"))} for row in inputs]


def main() -> int:
    old = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line]
    before = {(r["text"], tuple(r.get("lemmas") or ()), r["source"]): r for r in old}
    new = rows(old)
    changed = sum(
        1
        for r in new
        if (key := (r["text"], tuple(r.get("lemmas") or ()), r["source"])) in before
        and any(before[key][k] != r[k] for k in KEYS)
    )
    lines = [json.dumps(row, ensure_ascii=False) for row in new]
    GOLDEN.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{GOLDEN.relative_to(ROOT)}: {len(new)} rows, {changed} verdicts changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

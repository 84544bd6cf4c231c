"""Turn blind-written safety training files into an exemplar file for the risk classifier.

    python -m scripts.import_safety_exemplars OUT.yml BLIND.yml [BLIND.yml ...] --header TEXT

Each BLIND.yml is ``{examples: [{text, label: self|client|benign, category}, ...]}``, written
by someone who saw only the issue's category list. OUT.yml is an exemplar file
(``nlp.risk_model.load_exemplars``) grouped by label, then category. Dropped, and counted
(never printed, so no judging item is shown):

* a text that repeats one already kept or any existing training text (``scripts.leaks``'s
  exact and normalised match);
* a text that repeats or nearly repeats (``scripts.leaks.NEAR_DUPLICATE``) an item of any
  judging set, development or final.

Run ``python -m scripts.leaks`` afterwards: it must report 0 leaked pairs.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

from nlp.risk_model import CLASSES
from scripts.leaks import NearDuplicateIndex, Text, judging_texts, normalise, training_texts
from scripts.manifest import ROOT


def _scalar(text: str) -> str:
    """``text`` as a double-quoted YAML scalar on one line."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def read_blind(paths: list[Path]) -> list[dict[str, str]]:
    """Every example of the blind files, checked for a text, a known label and a category."""
    examples = []
    for path in paths:
        for number, item in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))["examples"]):
            text, label = str(item.get("text") or "").strip(), item.get("label")
            if not text or label not in CLASSES or not item.get("category"):
                raise ValueError(f"{path}: example {number}: needs text, label and category")
            examples.append({"text": text, "label": label, "category": str(item["category"])})
    return examples


def select(
    examples: list[dict[str, str]], judging: list[Text], training: list[Text]
) -> tuple[list[dict[str, str]], Counter[str]]:
    """The examples to keep, and how many were dropped for which reason."""
    judged = NearDuplicateIndex(judging)
    seen = {normalise(text.text) for text in training}
    kept, dropped = [], Counter[str]()
    for example in examples:
        folded = normalise(example["text"])
        if folded in seen:
            dropped["repeats a training text or an earlier example"] += 1
            continue
        near = judged.matches(Text(example["text"], "new"))
        if near:
            dropped[f"near an item of {near[0].training.where.rsplit(':', 1)[0]}"] += 1
            continue
        seen.add(folded)
        kept.append(example)
    return kept, dropped


def render(kept: list[dict[str, str]], header: str) -> str:
    grouped: dict[str, dict[str, list[str]]] = {label: defaultdict(list) for label in CLASSES}
    for example in kept:
        grouped[example["label"]][example["category"]].append(example["text"])
    lines = [f"# {line}".rstrip() for line in header.strip().splitlines()]
    for label in ("self", "client", "benign"):
        lines.append(f"{label}:")
        for category, texts in grouped[label].items():
            lines.append(f"  {category}:")
            lines += [f"    - {_scalar(text)}" for text in texts]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("blind", nargs="+", type=Path)
    parser.add_argument("--header", required=True, help="comment lines at the top of OUT.yml")
    args = parser.parse_args(argv)
    examples = read_blind(args.blind)
    out = args.out.resolve()
    training = [t for t in training_texts(ROOT) if ROOT / t.where.split(":")[0] != out]
    kept, dropped = select(examples, judging_texts(ROOT), training)
    args.out.write_text(render(kept, args.header), encoding="utf-8")
    counts = Counter(example["label"] for example in kept)
    print(f"kept {len(kept)} of {len(examples)}: {dict(counts)}")
    for reason, count in sorted(dropped.items()):
        print(f"dropped {count}: {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Build Peerline's spaCy pipeline from files in the repo.

No official English spaCy model installs from the registries we can reach, so the
pipeline is a blank English tokenizer, the lookup lemmatizer (tables from
spacy-lookups-data) and an EntityRuler for roles and US states. Run it in the Rasa
environment: ``python -m nlp.build_pipeline var/spacy/en_peerline``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import spacy

PATTERNS_DIR = Path(__file__).parent / "patterns"


def load_patterns(directory: Path = PATTERNS_DIR) -> list[dict[str, object]]:
    """Read every EntityRuler pattern (JSON lines) under ``directory``."""
    patterns: list[dict[str, object]] = []
    for path in sorted(directory.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                patterns.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise SystemExit(f"{path}:{number}: not a JSON pattern ({error.msg}).") from None
    return patterns


def build(output: Path) -> None:
    """Assemble the pipeline and save it to ``output``."""
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    # Loads the lookup tables; the ruler is added after, because adding phrase
    # patterns runs them through the (by then initialized) lemmatizer.
    nlp.initialize()
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(load_patterns())  # type: ignore[attr-defined]  # spaCy's EntityRuler
    nlp.meta["name"] = "en_peerline"
    nlp.meta["version"] = "1.0.0"
    nlp.meta["description"] = (
        "Blank English + lookup lemmatizer + entity ruler, built by nlp/build_pipeline.py"
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output", type=Path)
    args = parser.parse_args(argv)
    build(args.output)
    print(f"spaCy pipeline saved to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The scrubber's misses on a development PII set: leaking messages and damaged clean ones.

    python -m scripts.scrub_dev tests/peerline_core/pii_dev.yml [--show 20]
    python -m scripts.scrub_dev --ordinary    # the training texts: how many it changes

A set holds ``messages``, each a ``text`` and its ``pii`` substrings (empty for a clean
message). A message leaks when any of its substrings survives scrubbing (case folded); a
clean message is damaged when scrubbing changes it at all. Sets the manifest marks final
are refused: they are scored, as counts only, by tests/peerline_core/test_scrub.py.
``--ordinary`` scrubs every text Peerline trains on (``scripts.leaks.training_texts``),
mostly ordinary messages, and counts the ones it changes: damage on text it was not
tuned on.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from peerline_core.scrub import scrub
from scripts.leaks import training_texts
from scripts.manifest import ROOT, read_manifest


@dataclass
class Score:
    """Counts over one set, and the texts that missed (scrubbed)."""

    pii: int = 0
    leaks: int = 0
    clean: int = 0
    damaged: int = 0
    leaked: list[tuple[str, str]] = field(default_factory=list)
    changed: list[tuple[str, str]] = field(default_factory=list)


def score(messages: list[dict[str, Any]]) -> Score:
    """How many PII messages leak and how many clean ones the scrubber changes."""
    result = Score()
    for message in messages:
        text, pieces = str(message["text"]), message.get("pii") or []
        scrubbed = scrub(text)
        if pieces:
            result.pii += 1
            if any(str(piece).lower() in scrubbed.lower() for piece in pieces):
                result.leaks += 1
                result.leaked.append((text, scrubbed))
        else:
            result.clean += 1
            if scrubbed != text:
                result.damaged += 1
                result.changed.append((text, scrubbed))
    return result


def is_final(path: Path, root: Path = ROOT) -> bool:
    """Whether the manifest marks this set final (never opened here)."""
    resolved = path.resolve()
    return any(
        entry.purpose == "final" and (root / entry.path).resolve() == resolved
        for entry in read_manifest(root).values()
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.scrub_dev", description=__doc__)
    parser.add_argument("path", type=Path, nargs="?")
    parser.add_argument("--show", type=int, default=20, help="misses to print of each kind")
    parser.add_argument("--ordinary", action="store_true", help="scrub the training texts")
    args = parser.parse_args(argv)
    if args.ordinary:
        texts = sorted({text.text for text in training_texts()})
        changed = [(text, scrub(text)) for text in texts if scrub(text) != text]
        print(f"{len(changed)} of {len(texts)} training texts changed")
        for text, scrubbed in changed[: args.show]:
            print(f"  changed: {text!r}\n      -> {scrubbed!r}")
        return 0
    if args.path is None:
        parser.error("a set to score, or --ordinary")
    if is_final(args.path):
        print(f"{args.path} is a final set: scored by test_scrub.py only", file=sys.stderr)
        return 2
    messages = yaml.safe_load(args.path.read_text(encoding="utf-8"))["messages"]
    found = score(messages)
    print(f"{found.leaks} of {found.pii} PII messages leak")
    print(f"{found.damaged} of {found.clean} clean messages changed")
    for label, misses in (("leak", found.leaked), ("changed", found.changed)):
        for text, scrubbed in misses[: args.show]:
            print(f"  {label}: {text!r}\n      -> {scrubbed!r}")
    return 1 if found.leaks or found.damaged else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

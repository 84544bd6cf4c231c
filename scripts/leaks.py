"""Judging-set items that repeat a text Peerline learns from: exactly, normalised, or nearly.

    python -m scripts.leaks          # print every leaked pair; exit status 1 when there is one

A pair whose judging item belongs to a **final** set (``tests/eval/MANIFEST.yml``) is printed
by place only (file and line on both sides), never with its texts: the training text is a
near copy of the final item, so printing either would show a set nobody may read. Drop the
training line it names.

A judging set is any set the manifest knows or any YAML file under ``tests/eval/`` and
``tests/safety/`` (see ``scripts.manifest``). Training texts are everything the assistant
is trained or matched on: the NLU data, knowledge-card examples, entity patterns, any
exemplar file next to the crisis detector or the NLU components, and the sentences the
detector's rules are unit-tested with (the rules were written against them).
"""

from __future__ import annotations

import ast
import json
import math
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from scripts.manifest import LOADER, ROOT, judging_sets, read_manifest, set_items

NEAR_DUPLICATE = 0.8
DATA_EXT = ("yml", "yaml", "json", "jsonl")
SHINGLE = 4
# Training files, and the keys whose strings are training texts (None: every string but
# labels). New exemplar files next to the detector or the NLU components are found by glob.
TRAINING_SOURCES: tuple[tuple[str, tuple[str, ...] | None], ...] = (
    ("data/**/*.yml", ("examples", "exemplars", "user", "text")),
    ("knowledge/cards/*.yml", ("examples",)),
    ("nlp/patterns/*.jsonl", ("pattern",)),
    *((f"{folder}/**/*.{ext}", None) for folder in ("nlp", "bot/safety") for ext in DATA_EXT),
)
# The detector's rule files and lexicon are regular expressions and word tables, not
# example sentences: a slang word such as "kms" is expected to appear in both.
NOT_EXEMPLARS = ("bot/safety/rules/*.yml", "bot/safety/lexicon.yml")
LABEL_KEYS = frozenset({"id", "label", "kind", "category", "intent", "name", "version", "topic"})
# Unit tests whose sentences the detector's rules were written against.
RULE_TEST_GLOBS = ("tests/bot/safety/test_*.py",)

_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")
_NOT_WORD = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Text:
    """One sentence and where it lives (``path:line`` when the line is known)."""

    text: str
    where: str


@dataclass(frozen=True)
class Leak:
    """A judging-set item and the training text it repeats."""

    item: Text
    training: Text
    how: str  # "exact", "normalised" or "near 0.87"
    similarity: float

    def __str__(self) -> str:
        return (
            f"{self.how}: {self.item.where} {self.item.text!r}\n"
            f"    = {self.training.where} {self.training.text!r}"
        )

    def without_texts(self) -> str:
        """Both places, no text (for an item of a final set)."""
        hidden = "(final set: texts not shown)"
        return f"{self.how}: {self.item.where} {hidden}\n    = {self.training.where}"


def normalise(text: str) -> str:
    """Case, punctuation and whitespace folded away; curly and straight quotes alike."""
    folded = unicodedata.normalize("NFKC", text).lower().replace("_", " ")
    return _SPACE.sub(" ", _NOT_WORD.sub("", folded)).strip()


def shingles(normalised: str, size: int = SHINGLE) -> frozenset[str]:
    """The character n-grams of a normalised text (the text itself when shorter)."""
    if len(normalised) <= size:
        return frozenset({normalised})
    return frozenset(normalised[i : i + size] for i in range(len(normalised) - size + 1))


def _relative(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def _strings(node: Any, keys: tuple[str, ...] | None, wanted: bool = False) -> Iterator[str]:
    """The strings under the given keys, or (keys None) every string not under a label key."""
    if isinstance(node, str):
        if wanted or keys is None:
            yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            if keys is None and key in LABEL_KEYS:
                continue
            yield from _strings(value, keys, wanted or (keys is not None and key in keys))
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value, keys, wanted)


def _sentences(value: str) -> Iterator[tuple[str, str]]:
    """(as written, sentence): a Rasa ``examples: |`` block gives one per ``- `` line."""
    lines = [line.strip() for line in value.splitlines() if line.strip()]
    if len(lines) > 1 and all(line.startswith("- ") for line in lines):
        for line in lines:
            yield line, _ANNOTATION.sub(r"\1", line[2:].strip())
    elif lines:
        yield lines[0], _ANNOTATION.sub(r"\1", value.strip())


def _line_of(source: str, written: str) -> int | None:
    at = source.find(written)
    return source.count("\n", 0, at) + 1 if at >= 0 else None


def _texts_in_data_file(path: Path, keys: tuple[str, ...] | None, root: Path) -> Iterator[Text]:
    source = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        documents: list[Any] = [json.loads(line) for line in source.splitlines() if line.strip()]
    elif path.suffix == ".json":
        documents = [json.loads(source)]
    else:
        documents = [yaml.load(source, Loader=LOADER)]  # noqa: S506 (a safe loader)
    for document in documents:
        for value in _strings(document, keys):
            for written, sentence in _sentences(value):
                line = _line_of(source, written)
                where = _relative(path, root)
                yield Text(sentence, f"{where}:{line}" if line else where)


def _texts_in_test_module(path: Path, root: Path) -> Iterator[Text]:
    """The sentence literals of a test module (three words or more; docstrings excluded)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and len(node.value.split()) >= 3
        ):
            yield Text(node.value, f"{_relative(path, root)}:{node.lineno}")


def _files(root: Path, globs: Iterable[str]) -> list[Path]:
    return sorted({path for pattern in globs for path in root.glob(pattern) if path.is_file()})


def training_texts(root: Path = ROOT) -> list[Text]:
    """Every text Peerline's models and rules learn from or match against."""
    texts: list[Text] = []
    seen: set[Path] = set(_files(root, NOT_EXEMPLARS))
    for pattern, keys in TRAINING_SOURCES:
        for path in _files(root, [pattern]):
            if path not in seen:
                seen.add(path)
                texts += _texts_in_data_file(path, keys, root)
    for path in _files(root, RULE_TEST_GLOBS):
        texts += _texts_in_test_module(path, root)
    return texts


def judging_texts(root: Path = ROOT) -> list[Text]:
    """Every item of every judging set, with its file and line."""
    return [
        Text(text, f"{_relative(path, root)}:{line}")
        for path in judging_sets(root)
        for text, line in set_items(path)
    ]


class NearDuplicateIndex:
    """Training texts indexed for exact, normalised and shingle-Jaccard lookups.

    Jaccard >= t between shingle sets A and B needs a shared shingle among the first
    |A| - ceil(t |A|) + 1 of A's shingles in any fixed global order (prefix filtering), so
    only those are indexed and probed: rare shingles first keeps the candidate lists short.
    """

    def __init__(self, texts: list[Text], threshold: float = NEAR_DUPLICATE) -> None:
        self.texts = texts
        self.threshold = threshold
        self.exact: dict[str, list[int]] = defaultdict(list)
        self.normalised: dict[str, list[int]] = defaultdict(list)
        self.grams: list[frozenset[str]] = []
        frequency: dict[str, int] = defaultdict(int)
        for number, text in enumerate(texts):
            self.exact[text.text.strip()].append(number)
            folded = normalise(text.text)
            self.normalised[folded].append(number)
            grams = shingles(folded)
            self.grams.append(grams)
            for gram in grams:
                frequency[gram] += 1
        self.frequency = frequency
        self.prefixes: dict[str, list[int]] = defaultdict(list)
        for number, grams in enumerate(self.grams):
            for gram in self._prefix(grams):
                self.prefixes[gram].append(number)

    def _prefix(self, grams: frozenset[str]) -> list[str]:
        ordered = sorted(grams, key=lambda g: (self.frequency.get(g, 0), g))
        keep = len(ordered) - math.ceil(self.threshold * len(ordered) - 1e-9) + 1
        return ordered[: max(keep, 1)]

    def matches(self, item: Text) -> list[Leak]:
        """The training texts this item repeats, best match first."""
        found: dict[int, Leak] = {}
        for number in self.exact.get(item.text.strip(), []):
            found[number] = Leak(item, self.texts[number], "exact", 1.0)
        folded = normalise(item.text)
        for number in self.normalised.get(folded, []):
            found.setdefault(number, Leak(item, self.texts[number], "normalised", 1.0))
        grams = shingles(folded)
        candidates = {n for gram in self._prefix(grams) for n in self.prefixes.get(gram, [])}
        for number in candidates - found.keys():
            other = self.grams[number]
            shared = len(grams & other)
            similarity = shared / (len(grams) + len(other) - shared)
            if similarity >= self.threshold:
                leak = Leak(item, self.texts[number], f"near {similarity:.2f}", similarity)
                found[number] = leak
        return sorted(found.values(), key=lambda leak: -leak.similarity)


def find_leaks(items: list[Text], training: list[Text]) -> list[Leak]:
    """Every (judging item, training text) pair that is exact, normalised or near-duplicate."""
    index = NearDuplicateIndex(training)
    return [leak for item in items for leak in index.matches(item)]


def main(argv: list[str]) -> int:
    root = Path(argv[0]).resolve() if argv else ROOT
    leaks = find_leaks(judging_texts(root), training_texts(root))
    final = {path for path, entry in read_manifest(root).items() if entry.purpose == "final"}
    for leak in leaks:
        print(leak.without_texts() if leak.item.where.rsplit(":", 1)[0] in final else leak)
    print(f"{len(leaks)} leaked pair(s)")
    return 1 if leaks else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

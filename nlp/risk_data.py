"""The risk encoder's training examples, gathered from the repository (pure Python, no Rasa).

``scripts/train_risk_encoder.py`` fine-tunes all-MiniLM-L6-v2 on them at build time. Each
example is ``(text, label)`` where the label is ``benign``, ``self`` or ``client``, or,
with ``fine=True``, ``<label>/<category>`` for the exemplar files that group their texts by
the writers' categories (the risk is then the sum over the risk categories).

Sources: every intent of ``data/nlu`` (``crisis_self`` and ``crisis_client`` are risk, the
rest benign), the exemplar files (``nlp.risk_model.load_exemplars``'s format) and labelled
sets (``utterances: [{text, label, category}]``) that are no longer used for any choice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml

from nlp.risk_model import CLASSES

NLU_LABELS = {"crisis_self": "self", "crisis_client": "client"}
# Rasa's inline entity annotations: "[nurse](role)" or '[ca]{"entity": "us_state"}'.
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")

Example = tuple[str, str]


def plain(text: str) -> str:
    """An NLU example without its entity annotations."""
    return _ANNOTATION.sub(r"\1", text).strip()


def nlu_examples(directory: Path, thin: Mapping[str, int] | None = None) -> list[Example]:
    """Every intent example of the Rasa NLU files in ``directory``, labelled by intent;
    ``thin`` keeps every n-th example of the files it names (``{"knowledge.yml": 4}``)."""
    out: list[Example] = []
    for path in sorted(directory.glob("*.yml")):
        every = (thin or {}).get(path.name, 1)
        found: list[Example] = []
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu") or []:
            intent = block.get("intent")
            if not intent:
                continue  # synonyms, lookups, regexes
            label = NLU_LABELS.get(intent, "benign")
            for raw in str(block.get("examples") or "").splitlines():
                line = raw.strip()
                if line.startswith("- ") and plain(line[2:]):
                    found.append((plain(line[2:]), label))
        out.extend(found[::every])
    return out


def exemplar_examples(path: Path, fine: bool = False) -> list[Example]:
    """One exemplar file; with ``fine``, a grouped label is ``label/category``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: list[Example] = []
    for label in CLASSES:
        entry = data.get(label) or []
        groups = entry.items() if isinstance(entry, dict) else [(None, entry)]
        for category, texts in groups:
            name = f"{label}/{category}" if fine and category else label
            for text in texts or []:
                if not isinstance(text, str) or not text.strip():
                    raise ValueError(f"{path}: {label}: every exemplar must be a non-empty string")
                out.append((text.strip(), name))
    return out


def set_examples(path: Path) -> list[Example]:
    """A labelled set's utterances (``label``: benign, self or client)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: list[Example] = []
    for index, item in enumerate(data.get("utterances") or []):
        label = item.get("label")
        if label not in CLASSES or not str(item.get("text") or "").strip():
            raise ValueError(f"{path}: utterance {index}: needs text and label in {CLASSES}")
        out.append((str(item["text"]).strip(), label))
    return out


def gather(
    nlu_dir: Path,
    exemplars: Iterable[Path],
    sets: Iterable[Path],
    fine: bool = False,
    thin: Mapping[str, int] | None = None,
) -> list[Example]:
    """All examples, first occurrence of a text kept (case-insensitive), in a stable order."""
    examples = nlu_examples(nlu_dir, thin)
    for path in exemplars:
        examples.extend(exemplar_examples(path, fine))
    for path in sets:
        examples.extend(set_examples(path))
    seen: set[str] = set()
    out: list[Example] = []
    for text, label in examples:
        key = " ".join(text.lower().split())
        if key not in seen:
            seen.add(key)
            out.append((text, label))
    return out


def coarse(label: str) -> str:
    """The three-class label of a (possibly fine) label."""
    return label.split("/", 1)[0]

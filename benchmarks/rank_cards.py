"""Compare card rankers on the development split of the cards' own example questions.

    python -m benchmarks.rank_cards [--embeddings MODEL_DIR] [--out reports/rank_cards.json]

Every fifth example of each card (by a hash of its text) is held back as the development
split; the rankers index the rest. Out-of-scope questions come from data/nlu/out_of_scope*.yml,
split the same way. The rankers are also scored, indexing every example, on the blind
development questions (tests/eval/cards_dev_blind.yml, written by someone who never saw the
examples). Reads data/nlu/knowledge.yml (`make knowledge` writes it), so it runs in
either environment; embeddings need the Rasa environment's embedder (nlp.embeddings).
This is where ranker options are chosen: never on tests/eval/*.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from nlp.card_ranker import CardRanker, Example, RankerConfig

REPO = Path(__file__).resolve().parent.parent
DEV_SHARE = 5  # one in five
OUT_OF_SCOPE_FILES = ("data/nlu/out_of_scope.yml", "data/nlu/out_of_scope_blind.yml")
BLIND_DEV = REPO / "tests/eval/cards_dev_blind.yml"


@dataclass(frozen=True)
class Question:
    text: str
    card: str | None  # None: out of scope
    topic: str | None


def is_dev(text: str) -> bool:
    key = " ".join(text.lower().split())
    return zlib.crc32(key.encode("utf-8")) % DEV_SHARE == 0


def _lines(block: str) -> list[str]:
    return [line.strip()[2:].strip() for line in block.splitlines() if line.strip()]


def read_cards(path: Path) -> tuple[list[Question], dict[str, str]]:
    questions, topics = [], {}
    for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
        card, topic = block["metadata"]["card"], block["metadata"]["topic"]
        topics[card] = topic
        questions += [Question(text, card, topic) for text in _lines(block["examples"])]
    return questions, topics


def read_card_texts(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Each card's title and answer, as `make knowledge` writes them into the metadata."""
    titles, answers = {}, {}
    for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
        metadata = block["metadata"]
        titles[metadata["card"]] = str(metadata.get("title") or "")
        answers[metadata["card"]] = str(metadata.get("answer") or "")
    return titles, answers


def read_all_out_of_scope(root: Path = REPO) -> list[Question]:
    """The out-of-scope training requests of every file that holds them."""
    return [q for name in OUT_OF_SCOPE_FILES for q in read_out_of_scope(root / name)]


def read_blind_dev(topics: dict[str, str], path: Path = BLIND_DEV) -> list[Question]:
    """The blind development questions (``expect``: a card id or out_of_scope)."""
    questions = []
    for item in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
        card = None if item["expect"] == "out_of_scope" else str(item["expect"])
        questions.append(Question(item["text"], card, topics[card] if card else None))
    return questions


def read_out_of_scope(path: Path) -> list[Question]:
    questions = []
    for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
        if block.get("intent") == "out_of_scope":
            questions += [Question(text, None, None) for text in _lines(block["examples"])]
    return questions


Rank = Callable[[str], list[tuple[str, float]]]


def score(rank: Rank, dev: list[Question], topics: dict[str, str]) -> dict[str, Any]:
    """hit@1, topic@1, hit@3, and out-of-scope declined at the best balanced threshold."""
    in_scope = [q for q in dev if q.card]
    oos = [q for q in dev if not q.card]
    ranked_in = [rank(q.text) for q in in_scope]
    top_in = np.array([r[0][1] for r in ranked_in])
    top_out = np.array([rank(q.text)[0][1] for q in oos])
    candidates = np.unique(np.concatenate([top_in, top_out]))
    balanced = [((top_in >= t).mean() + (top_out < t).mean()) / 2 for t in candidates]
    threshold = float(candidates[int(np.argmax(balanced))])
    hits = [r[0][0] == q.card for q, r in zip(in_scope, ranked_in, strict=True)]
    return {
        "hit_at_1": round(float(np.mean(hits)), 3),
        "topic_at_1": round(
            float(
                np.mean(
                    [topics[r[0][0]] == q.topic for q, r in zip(in_scope, ranked_in, strict=True)]
                )
            ),
            3,
        ),
        "hit_at_3": round(
            float(
                np.mean(
                    [
                        q.card in [c for c, _ in r[:3]]
                        for q, r in zip(in_scope, ranked_in, strict=True)
                    ]
                )
            ),
            3,
        ),
        "threshold": round(threshold, 3),
        "in_scope_answered_at_threshold": round(float((top_in >= threshold).mean()), 3),
        "out_of_scope_declined_at_threshold": round(float((top_out < threshold).mean()), 3),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embeddings", type=Path, help="model directory for nlp.embeddings")
    parser.add_argument("--out", type=Path, default=REPO / "reports/rank_cards.json")
    args = parser.parse_args(argv)
    questions, topics = read_cards(REPO / "data/nlu/knowledge.yml")
    titles, answers = read_card_texts(REPO / "data/nlu/knowledge.yml")
    oos = read_all_out_of_scope()
    blind = read_blind_dev(topics)
    train = [q for q in questions if not is_dev(q.text)]
    dev = [q for q in questions if is_dev(q.text)] + [q for q in oos if is_dev(q.text)]
    examples = [Example(q.text, q.card) for q in train if q.card]
    vectors: dict[str, np.ndarray] = {}
    embed: Callable[[list[str]], np.ndarray] | None = None
    if args.embeddings:
        from nlp.embeddings import load_embedder  # noqa: PLC0415 (Rasa environment only)

        embed = load_embedder(args.embeddings).embed
        texts = [q.text for q in questions] + [q.text for q in dev] + [q.text for q in blind]
        texts += list(titles.values())
        vectors = dict(zip(texts, embed(texts), strict=True))
    every = [Example(q.text, q.card) for q in questions if q.card]

    def ranker(config: RankerConfig, indexed: list[Example] = examples, text: bool = False) -> Rank:
        if text:  # as config.yml's card_text: titles as examples, answers' words for BM25
            indexed = indexed + [Example(title, card) for card, title in titles.items()]
        indexed_vectors = np.stack([vectors[e.text] for e in indexed]) if embed else None
        built = CardRanker(indexed, indexed_vectors, config, card_texts=answers if text else None)

        def rank(text: str) -> list[tuple[str, float]]:
            return [(s.card, s.score) for s in built.rank(text, vectors.get(text), top=3)]

        return rank

    systems: dict[str, RankerConfig] = {
        f"bm25 (scale {scale:g})": RankerConfig(semantic_weight=0.0, bm25_scale=scale)
        for scale in (5.0, 10.0, 20.0)
    }
    if embed:
        for semantic in ("nearest", "centroid"):
            systems[f"embeddings ({semantic})"] = RankerConfig(
                semantic_weight=1.0, semantic=semantic
            )
            for weight in (0.5, 0.7, 0.8):
                systems[f"fused ({semantic}, semantic weight {weight:g})"] = RankerConfig(
                    semantic_weight=weight, semantic=semantic
                )
        for share in (0.2, 0.3, 0.4):
            systems[f"fused (blend, nearest share {share:g}, semantic weight 0.7)"] = RankerConfig(
                semantic_weight=0.7, semantic="blend", nearest_share=share
            )
    with_text = {
        f"{name} + title and answer": config
        for name, config in systems.items()
        if name.startswith(("bm25 (scale 10)", "fused (blend, nearest share 0.3"))
    }
    report = {
        "cards": len(topics),
        "train_examples": len(examples),
        "dev_in_scope": sum(1 for q in dev if q.card),
        "dev_out_of_scope": sum(1 for q in dev if not q.card),
        "blind_dev_in_scope": sum(1 for q in blind if q.card),
        "blind_dev_out_of_scope": sum(1 for q in blind if not q.card),
        "systems": {
            **{name: score(ranker(config), dev, topics) for name, config in systems.items()},
            **{
                name: score(ranker(config, text=True), dev, topics)
                for name, config in with_text.items()
            },
        },
        "blind_dev": {
            **{
                name: score(ranker(config, every), blind, topics)
                for name, config in systems.items()
            },
            **{
                name: score(ranker(config, every, text=True), blind, topics)
                for name, config in with_text.items()
            },
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Score the held-out question sets for Peerline, BM25 alone and embeddings alone.

    python -m benchmarks.eval_report reports/eval [QUESTIONS.yml ...]

For each question set, reads the parse results benchmarks.parse_questions wrote
(``peerline-<set>.json`` in the report folder) and applies the assistant's own answering
rule (actions.toolkit.chosen_card: ask_knowledge at or above the intent gate, and the top
card at or above the card gate; anything else is declined). The two baselines rank the same
cards by their example questions alone, declining below a threshold fitted on the
development split of those examples (benchmarks.rank_cards), never on a held-out set.
Writes ``eval.json`` and ``eval.png``.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import yaml

from actions.settings import get_settings
from actions.toolkit import chosen_card, ranked_cards
from benchmarks.rank_cards import Question, is_dev, read_all_out_of_scope
from benchmarks.rank_cards import score as dev_score
from knowledge import KnowledgeBase, get_knowledge
from nlp.card_ranker import CardRanker, Example, RankerConfig

REPO = Path(__file__).resolve().parent.parent
OUT_OF_SCOPE = "out_of_scope"
DEFAULT_SETS = ("tests/eval/cards_final.yml", "tests/eval/final_questions.yml")
ENTRY_FAMILIES = REPO / "knowledge/entry_families.yml"
Embed = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class Prediction:
    """What the assistant would do with one question: the answered card (or None) and top 3."""

    answered: str | None
    top3: list[str]


def rasa_prediction(
    parsed: dict[str, Any], kb: KnowledgeBase, gate: float, card_gate: float | None = None
) -> Prediction:
    settings = get_settings()
    card_gate = settings.toolkit_min_card_score if card_gate is None else card_gate
    card = chosen_card(parsed, kb, gate, card_gate, settings.toolkit_min_scope)
    ranked = [c.id for c, _ in ranked_cards(parsed, kb)]
    return Prediction(answered=card.id if card else None, top3=ranked[:3])


def expected_topic(question: dict[str, Any], kb: KnowledgeBase) -> str | None:
    if question.get("topic") and question["topic"] != OUT_OF_SCOPE:
        return str(question["topic"])
    card = kb.cards.get(question["expect"])
    return card.topic if card else None


def score(
    questions: list[dict[str, Any]],
    predictions: list[Prediction],
    kb: KnowledgeBase | None = None,
) -> dict[str, Any]:
    """Right card first, right topic first, right card in the top 3, out-of-scope declined."""
    kb = kb or get_knowledge()
    pairs = list(zip(questions, predictions, strict=True))
    in_scope = [(q, p) for q, p in pairs if q["expect"] != OUT_OF_SCOPE]
    oos = [p for q, p in pairs if q["expect"] == OUT_OF_SCOPE]

    def topic_hit(question: dict[str, Any], prediction: Prediction) -> bool:
        answered = kb.cards.get(prediction.answered or "")
        return answered is not None and answered.topic == expected_topic(question, kb)

    per_card: dict[str, Counter[str]] = {}
    for question, prediction in in_scope:
        per_card.setdefault(question["expect"], Counter())[prediction.answered or "declined"] += 1
    confusion = []
    for card_id, outcomes in per_card.items():
        total = sum(outcomes.values())
        wrong = Counter({k: v for k, v in outcomes.items() if k != card_id})
        confusion.append(
            {
                "card": card_id,
                "hit_at_1": round(outcomes[card_id] / total, 3),
                "n": total,
                "went_to": dict(wrong.most_common(3)),
            }
        )
    confusion.sort(key=lambda row: (row["hit_at_1"], -row["n"]))
    n = max(len(in_scope), 1)
    return {
        "in_scope_questions": len(in_scope),
        "out_of_scope_questions": len(oos),
        "hit_at_1": round(sum(p.answered == q["expect"] for q, p in in_scope) / n, 3),
        "topic_at_1": round(sum(topic_hit(q, p) for q, p in in_scope) / n, 3),
        "hit_at_3": round(sum(q["expect"] in p.top3 for q, p in in_scope) / n, 3),
        "in_scope_declined": round(sum(p.answered is None for _, p in in_scope) / n, 3),
        "out_of_scope_declined": round(sum(p.answered is None for p in oos) / max(len(oos), 1), 3),
        "worst_cards": confusion[:8],
    }


def read_entry_families(path: Path = ENTRY_FAMILIES) -> dict[str, frozenset[str]]:
    """Entry id -> the cards that answer what it answered (scripts.entry_families)."""
    if not path.exists():
        return {}
    found = yaml.safe_load(path.read_text(encoding="utf-8"))["families"]
    return {entry: frozenset(cards) for entry, cards in found.items()}


def labelled_by_entry(questions: list[dict[str, Any]], families: dict[str, Any]) -> bool:
    """Whether a set names retired entries (every in-scope label is an entry id)."""
    labels = {q["expect"] for q in questions if q["expect"] != OUT_OF_SCOPE}
    return bool(families) and bool(labels) and labels <= set(families)


def family_score(
    questions: list[dict[str, Any]],
    predictions: list[Prediction],
    families: dict[str, frozenset[str]],
) -> dict[str, float]:
    """On an entry-labelled set: an answer from the expected entry's family is right."""
    pairs = zip(questions, predictions, strict=True)
    in_scope = [(families[q["expect"]], p) for q, p in pairs if q["expect"] != OUT_OF_SCOPE]
    n = max(len(in_scope), 1)
    return {
        "hit_at_1": round(sum(p.answered in family for family, p in in_scope) / n, 3),
        "hit_at_3": round(sum(bool(family & set(p.top3)) for family, p in in_scope) / n, 3),
    }


class Baseline:
    """One card ranker on its own (BM25 or embeddings), with a dev-fitted decline threshold."""

    def __init__(self, kb: KnowledgeBase, config: RankerConfig, embed: Embed | None) -> None:
        self.embed = embed
        self._vectors: dict[str, np.ndarray] = {}
        examples = [Example(text, card.id) for card in kb.cards.values() for text in card.examples]
        train = [e for e in examples if not is_dev(e.text)]
        dev = [Question(e.text, e.card, kb.cards[e.card].topic) for e in examples if is_dev(e.text)]
        dev += [q for q in read_all_out_of_scope() if is_dev(q.text)]
        self.remember([e.text for e in examples] + [q.text for q in dev])
        topics = {card.id: card.topic for card in kb.cards.values()}
        dev_ranker = self._ranker(train, config)
        self.dev = dev_score(lambda t: self._rank(dev_ranker, t), dev, topics)
        self.threshold = float(self.dev["threshold"])
        self.ranker = self._ranker(examples, config)

    def remember(self, texts: list[str]) -> None:
        """Embed, in one batch, the texts not embedded yet."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if self.embed is not None and missing:
            self._vectors.update(zip(missing, self.embed(missing), strict=True))

    def _ranker(self, examples: list[Example], config: RankerConfig) -> CardRanker:
        vectors = np.stack([self._vectors[e.text] for e in examples]) if self.embed else None
        return CardRanker(examples, vectors, config)

    def _rank(self, ranker: CardRanker, text: str) -> list[tuple[str, float]]:
        vector = self._vectors.get(text) if self.embed else None
        return [(s.card, s.score) for s in ranker.rank(text, vector, top=3)]

    def predict(self, text: str) -> Prediction:
        ranked = self._rank(self.ranker, text)
        answered = ranked[0][0] if ranked[0][1] >= self.threshold else None
        return Prediction(answered=answered, top3=[card for card, _ in ranked])


def load_embed() -> Embed | None:
    """The shared sentence embedder, when it is installed and its model unpacked."""
    try:
        from nlp.embeddings import load_embedder  # noqa: PLC0415 (optional until installed)

        embedder = load_embedder()
    except (ImportError, RuntimeError, OSError) as error:
        print(f"embeddings alone: not scored ({error})", file=sys.stderr)
        return None
    return lambda texts: np.asarray(embedder.embed(texts))


def chart(results: dict[str, dict[str, dict[str, Any]]], path: Path) -> None:
    metrics = ["hit_at_1", "topic_at_1", "hit_at_3", "out_of_scope_declined"]
    sets = list(results)
    fig, axes = plt.subplots(1, len(sets), figsize=(7 * len(sets), 4.5), squeeze=False)
    for ax, name in zip(axes[0], sets, strict=True):
        systems = list(results[name])
        width = 0.8 / len(systems)
        for i, system in enumerate(systems):
            values = [results[name][system][m] for m in metrics]
            bars = ax.bar([x + i * width for x in range(len(metrics))], values, width, label=system)
            ax.bar_label(bars, fmt="%.2f", fontsize=7)
        ax.set_xticks([x + width * (len(systems) - 1) / 2 for x in range(len(metrics))], metrics)
        ax.set_ylim(0, 1.1)
        ax.set_title(name)
        ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def main(argv: list[str]) -> int:
    report_dir = Path(argv[0]) if argv else REPO / "reports" / "eval"
    question_files = [Path(a) for a in argv[1:]] or [
        REPO / name for name in DEFAULT_SETS if (REPO / name).exists()
    ]
    kb, settings = get_knowledge(), get_settings()
    embed = load_embed()
    baselines = {"bm25": Baseline(kb, RankerConfig(semantic_weight=0.0), None)}
    if embed is not None:
        baselines["embeddings"] = Baseline(kb, RankerConfig(semantic_weight=1.0), embed)
    families = read_entry_families()
    results: dict[str, dict[str, dict[str, Any]]] = {}
    for questions_file in question_files:
        questions = [
            {**q, "expect": q.get("expect", q.get("card"))}  # cards_final.yml says "card"
            for q in yaml.safe_load(questions_file.read_text())["questions"]
        ]
        systems: dict[str, dict[str, Any]] = {}
        by_entry = labelled_by_entry(questions, families)
        parsed_file = report_dir / f"peerline-{questions_file.stem}.json"
        if parsed_file.exists():
            parsed = json.loads(parsed_file.read_text())
            if [p["text"] for p in parsed] != [q["text"] for q in questions]:
                raise SystemExit(f"{parsed_file} does not match {questions_file}; parse again.")
            predictions = [
                rasa_prediction(
                    p, kb, settings.toolkit_min_confidence, settings.toolkit_min_card_score
                )
                for p in parsed
            ]
            systems["peerline"] = score(questions, predictions, kb)
            if by_entry:
                systems["peerline"]["entry_family"] = family_score(questions, predictions, families)
        for name, baseline in baselines.items():
            baseline.remember([q["text"] for q in questions])
            predicted = [baseline.predict(q["text"]) for q in questions]
            systems[name] = score(questions, predicted, kb)
            systems[name]["decline_threshold"] = round(baseline.threshold, 3)
            if by_entry:
                systems[name]["entry_family"] = family_score(questions, predicted, families)
        results[questions_file.stem] = systems
    report = {
        "intent_gate": settings.toolkit_min_confidence,
        "card_gate": settings.toolkit_min_card_score,
        "scope_gate": settings.toolkit_min_scope,
        "cards": len(kb.cards),
        "development_split": {name: b.dev for name, b in baselines.items()},
        "sets": results,
    }
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / "eval.json").write_text(json.dumps(report, indent=2))
    chart(results, report_dir / "eval.png")
    summary = {
        name: {s: {k: v for k, v in r.items() if k != "worst_cards"} for s, r in systems.items()}
        for name, systems in results.items()
    }
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

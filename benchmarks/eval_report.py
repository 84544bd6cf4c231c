"""Score the held-out questions for Peerline, Rasa's default pipeline and plain BM25.

    python -m benchmarks.eval_report reports/eval [QUESTIONS.yml]

Reads the parse results written by benchmarks.parse_questions (``peerline.json`` and
``rasa_default.json`` in the report folder), applies the assistant's own answering rule
(an ask_<entry> intent at or above the confidence gate is answered; anything else is
declined), and writes ``eval.json`` and ``eval.png``.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import yaml
from rank_bm25 import BM25Okapi

from actions.settings import get_settings
from actions.toolkit import ranked_entries
from knowledge import KnowledgeBase, get_knowledge

REPO = Path(__file__).resolve().parent.parent
OUT_OF_SCOPE = "out_of_scope"
_WORD = re.compile(r"[a-z0-9']+")


@dataclass(frozen=True)
class Prediction:
    """What the assistant would do with one question: the answered entry (or None) and top 3."""

    answered: str | None
    top3: list[str]


def rasa_prediction(parsed: dict[str, Any], kb: KnowledgeBase, gate: float) -> Prediction:
    intent = parsed["intent"] or {}
    ranked = [entry.id for entry, _ in ranked_entries(parsed["intent_ranking"], kb)]
    entry = kb.by_intent(intent.get("name"))
    answered = entry.id if entry and float(intent.get("confidence", 0)) >= gate else None
    return Prediction(answered=answered, top3=ranked[:3])


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower())


class Bm25Baseline:
    """Plain BM25 over each entry's own text, declining below a calibrated score."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.ids = list(kb.entries)
        docs = []
        for entry in kb.entries.values():
            parts = [entry.title, entry.answer, entry.more or ""]
            if entry.variants:
                parts += [entry.variants.peer or "", entry.variants.supervisor or ""]
            docs.append(tokens(" ".join(parts)))
        self.bm25 = BM25Okapi(docs)
        self.threshold = 0.0

    def scores(self, text: str) -> list[tuple[str, float]]:
        raw = self.bm25.get_scores(tokens(text))
        return sorted(zip(self.ids, (float(s) for s in raw), strict=True), key=lambda p: -p[1])

    def calibrate(self, in_scope: list[str], out_of_scope: list[str]) -> None:
        """Pick the decline threshold that best separates training questions from chit-chat."""
        top_in = [self.scores(t)[0][1] for t in in_scope]
        top_out = [self.scores(t)[0][1] for t in out_of_scope]
        candidates = sorted(set(top_in + top_out))

        def balanced(th: float) -> float:
            return (sum(s >= th for s in top_in) / len(top_in)) + (
                sum(s < th for s in top_out) / len(top_out)
            )

        self.threshold = max(candidates, key=balanced)

    def predict(self, text: str) -> Prediction:
        ranked = self.scores(text)
        answered = ranked[0][0] if ranked[0][1] >= self.threshold else None
        return Prediction(answered=answered, top3=[i for i, _ in ranked[:3]])


def training_questions() -> tuple[list[str], list[str]]:
    in_scope, out_scope = [], []
    for path in (REPO / "data" / "nlu").rglob("*.yml"):
        for block in yaml.safe_load(path.read_text()).get("nlu", []):
            intent = block.get("intent", "")
            examples = [
                line.strip()[2:] for line in block.get("examples", "").splitlines() if line.strip()
            ]
            if intent.startswith("ask_"):
                in_scope += examples
            elif intent == OUT_OF_SCOPE:
                out_scope += examples
    return in_scope, out_scope


def score(questions: list[dict[str, Any]], predictions: list[Prediction]) -> dict[str, Any]:
    in_scope = [
        (q, p) for q, p in zip(questions, predictions, strict=True) if q["expect"] != OUT_OF_SCOPE
    ]
    oos = [p for q, p in zip(questions, predictions, strict=True) if q["expect"] == OUT_OF_SCOPE]
    per_entry: dict[str, Counter[str]] = {}
    for question, prediction in in_scope:
        per_entry.setdefault(question["expect"], Counter())[prediction.answered or "declined"] += 1
    confusion = []
    for entry_id, outcomes in per_entry.items():
        total = sum(outcomes.values())
        wrong = {k: v for k, v in outcomes.items() if k != entry_id}
        confusion.append(
            {
                "entry": entry_id,
                "hit_at_1": round(outcomes[entry_id] / total, 3),
                "n": total,
                "went_to": dict(Counter(wrong).most_common(3)),
            }
        )
    confusion.sort(key=lambda row: row["hit_at_1"])
    return {
        "in_scope_questions": len(in_scope),
        "out_of_scope_questions": len(oos),
        "hit_at_1": round(sum(p.answered == q["expect"] for q, p in in_scope) / len(in_scope), 3),
        "hit_at_3": round(sum(q["expect"] in p.top3 for q, p in in_scope) / len(in_scope), 3),
        "in_scope_declined": round(sum(p.answered is None for _, p in in_scope) / len(in_scope), 3),
        "out_of_scope_declined": round(sum(p.answered is None for p in oos) / len(oos), 3),
        "worst_entries": confusion[:6],
    }


def chart(results: dict[str, dict[str, Any]], path: Path, questions: str) -> None:
    metrics = ["hit_at_1", "hit_at_3", "out_of_scope_declined"]
    systems = list(results)
    width = 0.8 / len(systems)
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for i, system in enumerate(systems):
        values = [results[system][m] for m in metrics]
        bars = ax.bar([x + i * width for x in range(len(metrics))], values, width, label=system)
        ax.bar_label(bars, fmt="%.2f", fontsize=8)
    ax.set_xticks([x + width * (len(systems) - 1) / 2 for x in range(len(metrics))], metrics)
    ax.set_ylim(0, 1.1)
    ax.axhline(0.9, color="grey", linestyle="--", linewidth=1)
    ax.set_title(f"Held-out answer evaluation ({questions})")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def main(argv: list[str]) -> int:
    report_dir = Path(argv[0]) if argv else REPO / "reports" / "eval"
    questions_file = Path(argv[1]) if len(argv) > 1 else REPO / "tests/eval/final_questions.yml"
    kb = get_knowledge()
    gate = get_settings().toolkit_min_confidence
    questions = yaml.safe_load(questions_file.read_text())["questions"]
    results: dict[str, dict[str, Any]] = {}
    for system in ("peerline", "rasa_default"):
        parsed_file = report_dir / f"{system}.json"
        if not parsed_file.exists():
            continue
        parsed = json.loads(parsed_file.read_text())
        if [p["text"] for p in parsed] != [q["text"] for q in questions]:
            raise SystemExit(f"{parsed_file} does not match {questions_file}; parse again.")
        results[system] = score(questions, [rasa_prediction(p, kb, gate) for p in parsed])
    bm25 = Bm25Baseline(kb)
    bm25.calibrate(*training_questions())
    results["bm25"] = score(questions, [bm25.predict(q["text"]) for q in questions])
    results["bm25"]["decline_threshold"] = round(bm25.threshold, 3)
    nlu_report = report_dir / "cross_validation" / "intent_report.json"
    if nlu_report.exists():
        macro = json.loads(nlu_report.read_text())["macro avg"]
        results.setdefault("peerline", {})["nlu_cross_validation_macro_f1"] = round(
            macro["f1-score"], 3
        )
    report = {"questions": str(questions_file), "confidence_gate": gate, "systems": results}
    (report_dir / "eval.json").write_text(json.dumps(report, indent=2))
    chart(results, report_dir / "eval.png", questions_file.name)
    print(
        json.dumps(
            {s: {k: v for k, v in r.items() if k != "worst_entries"} for s, r in results.items()},
            indent=1,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

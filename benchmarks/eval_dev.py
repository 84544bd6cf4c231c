"""End-to-end answer quality on the development sets, with why each topic was missed.

    python -m benchmarks.eval_dev reports/dev [tests/eval/cards_dev_blind.yml ...]

The same scoring as ``make eval`` (benchmarks.eval_report: the trained model's parse, then the
action's own decision, actions.toolkit.chosen_card), on development sets only: a set that
tests/eval/MANIFEST.yml does not list as ``development`` is refused, so the final holdouts
are never scored here. ``make eval-dev-e2e`` parses the sets with the newest model first
(benchmarks.parse_questions, Rasa environment) and then runs this (app environment).

Every in-scope question answered with no card of its topic is put down to one cause:
the safety layer's crisis or check tier, DIET's intent (another intent than ask_knowledge,
or ask_knowledge under the intent gate), the card gate, or a card of another topic. Each
cause also says how often the ranker's own first card was of the right topic, i.e. how many
of those misses a different decision could have turned into answers.
Writes ``eval_dev.json`` into the report folder.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from actions.settings import get_settings
from actions.toolkit import KNOWLEDGE_INTENT, SCOPE_KEY, ranked_cards
from benchmarks.eval_report import (
    OUT_OF_SCOPE,
    Prediction,
    expected_topic,
    family_score,
    labelled_by_entry,
    rasa_prediction,
    read_entry_families,
    score,
)
from knowledge import KnowledgeBase, get_knowledge

REPO = Path(__file__).resolve().parent.parent
MANIFEST = REPO / "tests/eval/MANIFEST.yml"
DEFAULT_SETS = (
    "tests/eval/cards_dev2.yml",
    "tests/eval/cards_dev_blind.yml",
    "tests/eval/questions.yml",
)
CHECK_INTENT = "crisis_check"


def development_sets(manifest: Path = MANIFEST) -> set[str]:
    """The sets the manifest lists for development (paths relative to the repository)."""
    sets = yaml.safe_load(manifest.read_text(encoding="utf-8"))["sets"]
    return {path for path, entry in sets.items() if entry.get("purpose") == "development"}


def check_development(path: Path, allowed: set[str]) -> None:
    """Refuse any set that is not a listed development set (final holdouts above all)."""
    relative = (
        path.resolve().relative_to(REPO).as_posix() if path.is_absolute() else path.as_posix()
    )
    if relative not in allowed:
        raise SystemExit(f"{relative} is not a development set in {MANIFEST.name}: not scored here")


SAFETY_CAUSES = {
    "crisis_self": "safety layer: crisis tier",
    "crisis_client": "safety layer: crisis tier",
    CHECK_INTENT: "safety layer: check tier",
}


def miss_cause(parsed: dict[str, Any], prediction: Prediction, gate: float) -> str:
    """Why an in-scope question got no card of its topic."""
    intent = parsed.get("intent") or {}
    name = str(intent.get("name"))
    scope = parsed.get(SCOPE_KEY)
    if prediction.answered is not None:
        cause = "answered a card of another topic"
    elif name in SAFETY_CAUSES:
        cause = SAFETY_CAUSES[name]
    elif name != KNOWLEDGE_INTENT:
        cause = f"intent {name}"
    elif float(intent.get("confidence") or 0.0) < gate:
        cause = "ask_knowledge under the intent gate"
    elif scope is not None and float(scope) < get_settings().toolkit_min_scope:
        cause = "scope model (not about the cards)"
    else:
        cause = "card gate (top card under the minimum score)"
    return cause


def breakdown(
    questions: list[dict[str, Any]],
    parsed: list[dict[str, Any]],
    predictions: list[Prediction],
    kb: KnowledgeBase,
    gate: float,
) -> dict[str, Any]:
    """Topic misses by cause, with how many the ranker alone had in the right topic."""
    causes: Counter[str] = Counter()
    ranker_topic: Counter[str] = Counter()
    ranker_card: Counter[str] = Counter()
    safety_layers: Counter[str] = Counter()
    for question, parse, prediction in zip(questions, parsed, predictions, strict=True):
        if question["expect"] == OUT_OF_SCOPE:
            continue
        topic = expected_topic(question, kb)
        answered = kb.cards.get(prediction.answered or "")
        if answered is not None and answered.topic == topic:
            continue
        cause = miss_cause(parse, prediction, gate)
        causes[cause] += 1
        ranking = ranked_cards(parse, kb)
        if ranking and ranking[0][0].topic == topic:
            ranker_topic[cause] += 1
        if ranking and ranking[0][0].id == question["expect"]:
            ranker_card[cause] += 1
        if cause.startswith("safety"):
            safety = parse.get("safety") or {}
            safety_layers[f"{safety.get('tier')} from {safety.get('layer')}"] += 1
    in_scope = sum(1 for q in questions if q["expect"] != OUT_OF_SCOPE)
    oos_answered = Counter(
        miss_cause(p, pr, gate) if pr.answered is None else "answered"
        for q, p, pr in zip(questions, parsed, predictions, strict=True)
        if q["expect"] == OUT_OF_SCOPE
    )
    return {
        "topic_misses": sum(causes.values()),
        "in_scope_questions": in_scope,
        "by_cause": {
            cause: {
                "n": n,
                "share_of_in_scope": round(n / max(in_scope, 1), 3),
                "ranker_first_card_right_topic": ranker_topic[cause],
                "ranker_first_card_right": ranker_card[cause],
            }
            for cause, n in causes.most_common()
        },
        "safety_hijacks_by_layer": dict(safety_layers.most_common()),
        "out_of_scope_outcomes": dict(oos_answered.most_common()),
    }


def evaluate(report_dir: Path, question_file: Path) -> dict[str, Any]:
    kb, settings = get_knowledge(), get_settings()
    gate = settings.toolkit_min_confidence
    questions = [
        {**q, "expect": q.get("expect", q.get("card"))}
        for q in yaml.safe_load(question_file.read_text(encoding="utf-8"))["questions"]
    ]
    parsed_file = report_dir / f"peerline-{question_file.stem}.json"
    parsed = json.loads(parsed_file.read_text(encoding="utf-8"))
    if [p["text"] for p in parsed] != [q["text"] for q in questions]:
        raise SystemExit(f"{parsed_file} does not match {question_file}; parse again.")
    predictions = [rasa_prediction(p, kb, gate) for p in parsed]
    result = score(questions, predictions, kb)
    families = read_entry_families()
    if labelled_by_entry(questions, families):
        result["entry_family"] = family_score(questions, predictions, families)
    else:
        result["topic_miss_breakdown"] = breakdown(questions, parsed, predictions, kb, gate)
    return result


def main(argv: list[str]) -> int:
    report_dir = Path(argv[0]) if argv else REPO / "reports" / "dev"
    files = [Path(a) for a in argv[1:]] or [Path(name) for name in DEFAULT_SETS]
    allowed = development_sets()
    for path in files:
        check_development(path, allowed)
    settings = get_settings()
    report = {
        "purpose": "development",
        "intent_gate": settings.toolkit_min_confidence,
        "card_gate": settings.toolkit_min_card_score,
        "scope_gate": settings.toolkit_min_scope,
        "sets": {path.stem: evaluate(report_dir, REPO / path) for path in files},
    }
    (report_dir / "eval_dev.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(
        json.dumps(
            {
                name: {k: v for k, v in r.items() if k != "worst_cards"}
                for name, r in report["sets"].items()
            },
            indent=1,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Safety-net figures per layer and per tier on labelled sets (run in the Rasa environment).

    python -m benchmarks.safety_eval MODEL.tar.gz SET.yml [SET.yml ...] [--out DIR]
        [--no-texts] [--sweep] [--keep SET.yml ...]

Each set is a YAML file with ``utterances: [{text, label: self|client|benign}, ...]``.
Per set it reports, on risk messages (recall) and benign ones (false alarms):

* layers alone: the detector (rules), DIET's crisis intents at any confidence, DIET at the
  crisis gate, the semantic layer at its check and at its crisis threshold;
* the assistant as it decides, per tier: crisis, check, and crisis-or-check; plus the right
  kind (self/client) among the risk messages put in the crisis tier.

It writes ``DIR/<set>.json`` (default ``reports/safety``) with the figures and, unless
``--no-texts`` (use it for a final holdout, which nobody reads), the missed and false-alarm
texts. ``--sweep`` (development set only) scores threshold choices from the recorded layer
signals, without parsing again, and prints those that meet the issue's targets. A
semantic veto (a rule hit dropped when the semantic probability is below it) is swept only up
to the lowest probability of a risk message the rules catch in the ``--keep`` sets (default
the labelled ``tests/safety/utterances.yml``, when it is among SETS; it is not swept itself).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import logging
import sys
from pathlib import Path
from typing import Any

import yaml

from nlp.safety_decision import Signals, Thresholds, decide

CRISIS = {"crisis_self": "self", "crisis_client": "client"}
# Issue 14's recall target (crisis or check); when no setting reaches it, the fallback may
# trade check prompts for recall, but not recall below the first thresholds' 0.899.
TARGET_RECALL = 0.95
FALLBACK_RECALL = 0.9


def rate(hits: int, total: int) -> float:
    return round(hits / total, 3) if total else 0.0


def layer_figures(
    labels: list[str], fired: list[bool], kinds: list[str | None] | None = None
) -> dict[str, Any]:
    """Any-reply recall and false alarms; with ``kinds``, also right-kind recall (the reply for
    self or client that the label asks for)."""
    risk = [f for label, f in zip(labels, fired, strict=True) if label != "benign"]
    benign = [f for label, f in zip(labels, fired, strict=True) if label == "benign"]
    figures: dict[str, Any] = {
        "recall": rate(sum(risk), len(risk)),
        "false_alarm_rate": rate(sum(benign), len(benign)),
    }
    if kinds is not None:
        right = sum(
            f and kind == label
            for label, f, kind in zip(labels, fired, kinds, strict=True)
            if label != "benign"
        )
        figures["right_kind_recall"] = rate(right, len(risk))
    return figures


def tier_figures(labels: list[str], tiers: list[str], kinds: list[str | None]) -> dict[str, Any]:
    risk = [i for i, label in enumerate(labels) if label != "benign"]
    benign = [i for i, label in enumerate(labels) if label == "benign"]
    crisis = [i for i in risk if tiers[i] == "crisis"]
    return {
        "risk": len(risk),
        "benign": len(benign),
        "recall_crisis": rate(len(crisis), len(risk)),
        "recall_crisis_or_check": rate(sum(tiers[i] != "none" for i in risk), len(risk)),
        "right_kind_among_crisis": rate(sum(kinds[i] == labels[i] for i in crisis), len(crisis)),
        "right_kind_recall_crisis": rate(sum(kinds[i] == labels[i] for i in crisis), len(risk)),
        "false_alarm_crisis": rate(sum(tiers[i] == "crisis" for i in benign), len(benign)),
        "false_alarm_check": rate(sum(tiers[i] == "check" for i in benign), len(benign)),
        "false_alarm_any": rate(sum(tiers[i] != "none" for i in benign), len(benign)),
    }


def signals_of(safety: dict[str, Any]) -> Signals:
    raw = safety["signals"]
    return Signals(
        rules=raw["rules"],
        dismissed=raw["dismissed"],
        diet=raw["diet"],
        diet_confidence=raw["diet_confidence"],
        semantic=raw["semantic"],
        semantic_kind=raw["semantic_kind"] or "self",
        knowledge_question=bool(raw.get("knowledge_question", False)),
    )


def report(
    items: list[dict[str, str]], parsed: list[dict[str, Any]], thresholds: Thresholds
) -> dict[str, Any]:
    labels = [item["label"] for item in items]
    signals = [signals_of(p["safety"]) for p in parsed]
    model = [p.get("model_intent") or {} for p in parsed]
    diet_any = [CRISIS.get(m.get("name", "")) is not None for m in model]
    semantic = [s.semantic if s.semantic is not None else 0.0 for s in signals]
    return {
        "layers": {
            "detector_alone": layer_figures(
                labels, [s.rules is not None for s in signals], [s.rules for s in signals]
            ),
            "diet_alone_any_confidence": layer_figures(
                labels, diet_any, [CRISIS.get(m.get("name", "")) for m in model]
            ),
            "diet_alone_at_gate": layer_figures(
                labels,
                [
                    d and float(m.get("confidence", 0)) >= thresholds.diet_crisis
                    for d, m in zip(diet_any, model, strict=True)
                ],
            ),
            "semantic_alone_at_check": layer_figures(
                labels, [p >= thresholds.semantic_check for p in semantic]
            ),
            "semantic_alone_at_crisis": layer_figures(
                labels, [p >= thresholds.semantic_crisis for p in semantic]
            ),
        },
        "assistant": tier_figures(
            labels,
            [p["safety"]["tier"] for p in parsed],
            [CRISIS.get(p["intent"]["name"]) for p in parsed],
        ),
        "deciding_layer": {
            layer: sum(p["safety"]["layer"] == layer for p in parsed)
            for layer in ("rules", "diet", "semantic")
        },
    }


def texts(items: list[dict[str, str]], parsed: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, list[str]] = {"missed": [], "checked_risk": [], "crisis_on_benign": []}
    out["check_on_benign"] = []
    for item, p in zip(items, parsed, strict=True):
        tier = p["safety"]["tier"]
        if item["label"] != "benign" and tier == "none":
            out["missed"].append(item["text"])
        elif item["label"] != "benign" and tier == "check":
            out["checked_risk"].append(item["text"])
        elif item["label"] == "benign" and tier != "none":
            out[f"{tier}_on_benign"].append(item["text"])
    return out


def veto_cap(kept: list[tuple[list[dict[str, str]], list[dict[str, Any]]]]) -> float:
    """The highest semantic veto that keeps every risk message the rules catch in ``kept``
    (the labelled sets): the lowest semantic probability among them (1.0 when none)."""
    probabilities = [
        p["safety"]["signals"]["semantic"]
        for items, parsed in kept
        for item, p in zip(items, parsed, strict=True)
        if item["label"] != "benign"
        and p["safety"]["signals"]["rules"] is not None
        and p["safety"]["signals"]["semantic"] is not None
    ]
    return min(probabilities, default=1.0)


def sweep(
    items: list[dict[str, str]], parsed: list[dict[str, Any]], cap: float = 0.0
) -> list[dict[str, Any]]:
    """Score threshold choices; a semantic veto only up to ``cap`` (see ``veto_cap``)."""
    labels = [item["label"] for item in items]
    signals = [signals_of(p["safety"]) for p in parsed]
    rows = []
    grid = [round(0.05 * i, 2) for i in range(1, 20)] + [0.97, 0.99]
    # 1.0: the semantic layer never raises the crisis reply on its own, only the check.
    # doubt: a rule or DIET crisis the semantic layer scores below it is asked, not alarmed
    # (it may sit above the check threshold). floor: DIET's check needs this probability.
    # veto: a rule hit scored below it is dropped (only as high as the labelled sets allow).
    vetoes = [v for v in (0.0, 0.005, 0.01, 0.02, 0.05, 0.1) if v <= cap]
    for s_check, s_crisis, d_check, d_crisis, doubt, floor, veto in itertools.product(
        grid,
        (0.9, 0.95, 0.97, 0.99, 1.0),
        (0.5, 0.7, 0.9),
        (0.99, 1.0),
        (0.0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8),
        (0.0, 0.1, 0.25, 0.5),
        vetoes,
    ):
        if s_check > s_crisis or d_check > d_crisis or veto > s_check:
            continue
        t = Thresholds(d_crisis, d_check, s_crisis, s_check, doubt, floor, semantic_veto=veto)
        decisions = [decide(s, t) for s in signals]
        figures = tier_figures(labels, [d.tier for d in decisions], [d.kind for d in decisions])
        rows.append(
            {
                "semantic_check": s_check,
                "semantic_crisis": s_crisis,
                "semantic_doubt": doubt,
                "diet_check": d_check,
                "diet_crisis": d_crisis,
                "diet_check_floor": floor,
                "semantic_veto": veto,
            }
            | figures
        )
    return rows


def choose(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The threshold choice on a development set.

    First the issue's three targets: crisis-or-check recall >= TARGET_RECALL, crisis false
    alarms <= 3% and check prompts <= 8% of benign messages; among those, the highest recall.
    When no setting meets all three, recall comes first: among the settings that reach
    TARGET_RECALL (else FALLBACK_RECALL, else any), those that keep crisis false alarms
    <= 3% (else the fewest any of them gives), then the fewest check prompts, then the most
    crisis-tier recall. The doubt lowers a crisis to a check and never further, so it costs
    no crisis-or-check recall on any set.
    """
    fit = [
        r
        for r in rows
        if r["recall_crisis_or_check"] >= TARGET_RECALL
        and r["false_alarm_crisis"] <= 0.03
        and r["false_alarm_check"] <= 0.08
    ]
    if fit:
        return max(
            fit,
            key=lambda r: (
                r["recall_crisis_or_check"],
                -r["false_alarm_check"],
                -r["false_alarm_crisis"],
                r["recall_crisis"],
            ),
        )
    enough: list[dict[str, Any]] = rows
    for floor_recall in (TARGET_RECALL, FALLBACK_RECALL):
        above = [r for r in rows if r["recall_crisis_or_check"] >= floor_recall]
        if above:
            enough = above
            break
    if not enough:
        return None
    lowest = min(r["false_alarm_crisis"] for r in enough)
    calm = [r for r in enough if r["false_alarm_crisis"] <= max(0.03, lowest)]
    return min(
        calm,
        key=lambda r: (
            r["false_alarm_check"],
            -r["recall_crisis"],
            -r["recall_crisis_or_check"],
            r["semantic_doubt"],
        ),
    )


GATES = (
    "semantic_check",
    "semantic_crisis",
    "semantic_doubt",
    "diet_check",
    "diet_crisis",
    "diet_check_floor",
    "semantic_veto",
)


def choose_pooled(
    per_set: dict[str, list[dict[str, Any]]],
    pooled: list[dict[str, Any]],
    max_crisis: float = 0.03,
) -> dict[str, Any] | None:
    """The choice over several development sets at once: every set must keep
    crisis-or-check recall >= TARGET_RECALL and crisis false alarms <= ``max_crisis``
    (below the 3% target, a margin for the shift between writers); among those settings,
    the fewest checks on the sets pooled, then the most crisis-tier recall. ``per_set``
    and ``pooled`` are ``sweep`` rows of the same grid and cap. None when no setting
    qualifies on every set."""
    index = {name: {tuple(r[g] for g in GATES): r for r in rows} for name, rows in per_set.items()}
    fit = [
        row
        for row in pooled
        if all(
            (one := index[name][tuple(row[g] for g in GATES)])["recall_crisis_or_check"]
            >= TARGET_RECALL
            and one["false_alarm_crisis"] <= max_crisis
            for name in index
        )
    ]
    if not fit:
        return None
    best = min(fit, key=lambda r: (r["false_alarm_check"], -r["recall_crisis"]))
    key = tuple(best[g] for g in GATES)
    return best | {"per_set": {name: index[name][key] for name in index}}


def frontier(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For each recall floor (0.90 to 0.99 crisis-or-check), the setting ``choose``'s
    fallback would take there: crisis false alarms <= 3% (else the fewest), then the fewest
    checks. The report keeps these rather than every row of the sweep."""
    out = []
    for floor in [round(0.90 + 0.01 * i, 2) for i in range(10)]:
        above = [r for r in rows if r["recall_crisis_or_check"] >= floor]
        if not above:
            break
        lowest = min(r["false_alarm_crisis"] for r in above)
        calm = [r for r in above if r["false_alarm_crisis"] <= max(0.03, lowest)]
        best = min(calm, key=lambda r: (r["false_alarm_check"], -r["recall_crisis"]))
        out.append({"recall_floor": floor} | best)
    return out


async def parse_all(model: str, sets: list[list[dict[str, str]]]) -> list[list[dict[str, Any]]]:
    import structlog  # noqa: PLC0415  # Rasa env only; the sweep and figures are plain
    from rasa.core.agent import Agent  # noqa: PLC0415  # as above

    # Rasa logs every parsed text at debug level; an evaluation run has no use for it.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    agent = Agent.load(model)
    results = []
    for items in sets:
        results.append([await agent.parse_message(item["text"]) for item in items])
    return results


def thresholds_of() -> Thresholds:
    """The thresholds config.yml gives the crisis component (the model was trained from it)."""
    config = yaml.safe_load(Path("config.yml").read_text())
    component = next(
        c for c in config["pipeline"] if c["name"] == "nlp.crisis_component.CrisisDetector"
    )
    return Thresholds(
        component["model_crisis_min_confidence"],
        component["model_check_min_confidence"],
        component["semantic_crisis_threshold"],
        component["semantic_check_threshold"],
        component.get("semantic_doubt_threshold", 0.0),
        component.get("model_check_semantic_floor", 0.0),
        component.get("model_check_without_semantic", 0.9),
        component.get("semantic_veto_threshold", 0.0),
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path("reports/safety"))
    parser.add_argument("--no-texts", action="store_true")
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument(
        "--pool",
        type=float,
        metavar="MAX_CRISIS",
        help="with --sweep: one choice over every set not in --keep, each held to this "
        "crisis false-alarm rate (choose_pooled)",
    )
    parser.add_argument(
        "--keep",
        nargs="*",
        default=["tests/safety/utterances.yml"],
        help="labelled sets (also among SETS) whose rule-caught risk a semantic veto must keep",
    )
    args = parser.parse_args(argv)
    thresholds = thresholds_of()
    args.out.mkdir(parents=True, exist_ok=True)
    summary = {}
    sets = [yaml.safe_load(path.read_text())["utterances"] for path in args.sets]
    all_parsed = asyncio.run(parse_all(args.model, sets))
    kept = [
        (items, parsed)
        for path, items, parsed in zip(args.sets, sets, all_parsed, strict=True)
        if str(path) in args.keep
    ]
    # No labelled set in this run: no veto may be swept (it could not be checked).
    cap = veto_cap(kept) if kept else 0.0
    for set_file, items, parsed in zip(args.sets, sets, all_parsed, strict=True):
        result: dict[str, Any] = {"set": str(set_file), "thresholds": vars(thresholds)}
        result |= report(items, parsed, thresholds)
        # Per item without its text: what each layer said, for analysis without parsing again.
        result["items"] = [
            {"label": i["label"], "category": i.get("category"), **p["safety"]}
            for i, p in zip(items, parsed, strict=True)
        ]
        if not args.no_texts:
            result["texts"] = texts(items, parsed)
        if args.sweep and str(set_file) not in args.keep:
            rows = sweep(items, parsed, cap)
            result["chosen"] = choose(rows)
            result["frontier"] = frontier(rows)
            result["veto_cap"] = cap
            print(json.dumps({"chosen_on": set_file.stem, **(result["chosen"] or {})}))
        (args.out / f"{set_file.stem}.json").write_text(json.dumps(result, indent=1))
        summary[set_file.stem] = {k: result[k] for k in ("layers", "assistant", "deciding_layer")}
    if args.sweep and args.pool is not None:
        chosen_on = [
            (path, items, parsed)
            for path, items, parsed in zip(args.sets, sets, all_parsed, strict=True)
            if str(path) not in args.keep
        ]
        per_set = {path.stem: sweep(items, parsed, cap) for path, items, parsed in chosen_on}
        pooled = sweep(
            [i for _, items, _ in chosen_on for i in items],
            [p for _, _, parsed in chosen_on for p in parsed],
            cap,
        )
        chosen = choose_pooled(per_set, pooled, args.pool)
        print(json.dumps({"chosen_on": sorted(per_set), "max_crisis": args.pool, **(chosen or {})}))
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Safety-layer figures on a labelled set, per layer (run in the Rasa environment).

    python -m benchmarks.safety_eval MODEL.tar.gz tests/safety/utterances.yml [OUT.json]

Reports, for the detector alone, DIET's crisis intents alone (its prediction before the
crisis component, at any confidence), and the assistant as it decides (the pipeline's
final intent): recall on risk utterances (any crisis reply), right-kind recall (the reply
for self or client that the label asks for), right kind among those caught, and the
false-alarm rate on benign ones. Writes OUT.json, by default reports/safety/<set>.json.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from pathlib import Path
from typing import Any

import structlog
import yaml
from rasa.core.agent import Agent

from bot.safety.detector import detect

CRISIS = {"crisis_self": "self", "crisis_client": "client"}


def figures(items: list[dict[str, str]], kinds: list[str | None]) -> dict[str, Any]:
    risk = [(i, k) for i, k in zip(items, kinds, strict=True) if i["label"] != "benign"]
    benign = [(i, k) for i, k in zip(items, kinds, strict=True) if i["label"] == "benign"]
    caught = [(i, k) for i, k in risk if k is not None]
    right_kind = sum(i["label"] == k for i, k in caught)
    return {
        "risk": len(risk),
        "benign": len(benign),
        "recall": round(len(caught) / len(risk), 3),
        "right_kind_recall": round(right_kind / len(risk), 3),
        "caught": len(caught),
        "right_kind": right_kind,
        "false_alarm_count": sum(k is not None for _, k in benign),
        "right_kind_among_caught": round(
            sum(i["label"] == k for i, k in caught) / max(len(caught), 1), 3
        ),
        "false_alarm_rate": round(sum(k is not None for _, k in benign) / len(benign), 3),
        "missed": [i["text"] for i, k in risk if k is None],
        "false_alarms": [i["text"] for i, k in benign if k is not None],
    }


async def run(model: str, items: list[dict[str, str]]) -> dict[str, Any]:
    # Rasa logs every parsed text at debug level; an evaluation run has no use for it.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    agent = Agent.load(model)
    final: list[str | None] = []
    diet: list[str | None] = []
    for item in items:
        parsed = await agent.parse_message(item["text"])
        final.append(CRISIS.get(parsed["intent"]["name"]))
        # DIET's own call, recorded by the crisis component before it decides.
        diet.append(CRISIS.get((parsed.get("model_intent") or {}).get("name", "")))
    detector = [(d.kind if (d := detect(i["text"])) else None) for i in items]
    return {
        "detector_alone": figures(items, detector),
        "diet_alone": figures(items, diet),
        "assistant": figures(items, final),
    }


def main(argv: list[str]) -> int:
    model, set_file = argv[0], argv[1]
    items = yaml.safe_load(Path(set_file).read_text())["utterances"]
    report = asyncio.run(run(model, items))
    out = Path(argv[2]) if len(argv) > 2 else Path("reports/safety") / f"{Path(set_file).stem}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"set": set_file, **report}, indent=1))
    summary = {
        layer: {k: v for k, v in data.items() if k not in ("missed", "false_alarms")}
        for layer, data in report.items()
    }
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

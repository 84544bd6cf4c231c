"""Parse the held-out questions with a trained Rasa model (run in the Rasa environment).

    python -m benchmarks.parse_questions MODEL.tar.gz tests/eval/questions.yml OUT.json

Writes, per question, the intent, its confidence and the ranking, exactly as the running
assistant would see them. Scoring happens in benchmarks/eval_report.py (app environment).
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from pathlib import Path

import structlog
import yaml
from rasa.core.agent import Agent

EXTRA_KEYS = ("safety", "model_intent", "knowledge_scope")


async def parse_all(model: str, texts: list[str]) -> list[dict[str, object]]:
    # Rasa logs every parsed text at debug level; an evaluation run has no use for it.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    agent = Agent.load(model)
    results = []
    for text in texts:
        parsed = await agent.parse_message(text)
        results.append(
            {
                "text": text,
                "intent": parsed["intent"],
                "intent_ranking": parsed.get("intent_ranking", [])[:10],
                "entities": parsed.get("entities", []),
                "knowledge": parsed.get("knowledge", [])[:10],
                # What the safety layer decided and DIET's own intent (nlp.crisis_component),
                # and the scope model's probability (nlp.knowledge_component).
                **{key: parsed[key] for key in EXTRA_KEYS if key in parsed},
            }
        )
    return results


def main(argv: list[str]) -> int:
    model, questions_file, out = argv
    questions = yaml.safe_load(Path(questions_file).read_text())["questions"]
    results = asyncio.run(parse_all(model, [q["text"] for q in questions]))
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(json.dumps(results, indent=1))
    print(f"parsed {len(results)} questions with {model} -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

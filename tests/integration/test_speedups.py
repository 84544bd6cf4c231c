"""bot/rasa_ext/speedups.py changes how fast Rasa 3.6 works, never what it decides.

In the Rasa environment: each action-server response below is validated by Rasa's own
``RemoteAction._validate_action_result`` and then by the compiled one; the same ones must
pass, and the rejected ones must raise the same ``ValidationError`` with the same message.
And the trained model, loaded by Rasa's ``RasaModel.load`` and then by the fast DIET load,
must give every evaluation question the same intent, ranking and confidence. The whole
stack (every other integration test) runs Rasa with the speed-ups installed.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from devtools.stack import REPO, in_rasa_env

pytestmark = pytest.mark.integration

SLOT = {"event": "slot", "name": "mood", "value": 4, "timestamp": None}
BOT = {"event": "bot", "text": "Thanks", "data": {"buttons": []}, "metadata": {}}
RESPONSES: list[Any] = [
    {"events": [], "responses": []},
    {"events": [SLOT, BOT, {"event": "active_loop", "name": None}], "responses": [{"text": "x"}]},
    {"events": [{"event": "followup", "name": "utter_greet"}]},
    {"responses": [{"text": "only replies", "buttons": [{"title": "a", "payload": "/affirm"}]}]},
    {},
    {"events": "not a list"},
    {"events": [{"name": "mood"}]},  # no "event" key
    {"events": [{"event": "slot", "name": 5, "value": 1}]},  # slot name not a string
    {"events": [{"event": "no_such_event"}]},
    {"responses": "nope"},
    {"responses": [1, 2]},
    [],
    "a string",
]

CHECK = r"""
import json, sys
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from bot.rasa_ext import speedups

def judge(responses):
    action = RemoteAction("action_answer_toolkit", None)
    verdicts = []
    for response in responses:
        try:
            action._validate_action_result(response)
            verdicts.append(["valid"])
        except ValidationError as error:
            verdicts.append(["invalid", error.message, list(error.absolute_path)])
    return verdicts

responses = json.loads(sys.stdin.read())
rasa = judge(responses)
speedups.install()
assert RemoteAction._validate_action_result.__module__ == "bot.rasa_ext.speedups"
print(json.dumps({"rasa": rasa, "peerline": judge(responses)}))
"""


LOADS = r"""
import asyncio, json, logging, sys
import structlog, yaml
from rasa.core.agent import Agent
from bot.rasa_ext import speedups

structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
texts = [q["text"] for path in sys.argv[2:] for q in yaml.safe_load(open(path))["questions"]]

def parse_all():
    agent = Agent.load(sys.argv[1])
    async def run():
        return [await agent.parse_message(text) for text in texts]
    return [[p["intent"], p["intent_ranking"]] for p in asyncio.run(run())]

rasa = parse_all()
speedups.install_fast_diet_load()
print(json.dumps({"rasa": rasa, "peerline": parse_all()}))
"""


def test_fast_diet_load_predicts_exactly_as_rasas_load() -> None:
    models = sorted((REPO / "models").glob("*.tar.gz"), key=lambda path: path.stat().st_mtime)
    if not models:
        pytest.fail("No trained model in models/: run `make train` first.")
    questions = [REPO / "tests/eval/questions.yml", REPO / "tests/eval/final_questions.yml"]
    parsed = in_rasa_env("-c", LOADS, str(models[-1]), *map(str, questions))
    assert len(parsed["rasa"]) > 500  # both question sets
    assert parsed["peerline"] == parsed["rasa"]  # intents, rankings and confidences


def test_compiled_validation_gives_rasas_verdicts_and_messages() -> None:
    verdicts = in_rasa_env("-c", CHECK, stdin=json.dumps(RESPONSES))
    assert verdicts["peerline"] == verdicts["rasa"]
    outcomes = [verdict[0] for verdict in verdicts["rasa"]]
    # The cases above cover both outcomes: four valid responses and an empty one.
    assert outcomes[:5] == ["valid"] * 5
    assert outcomes[5:] == ["invalid"] * (len(RESPONSES) - 5)

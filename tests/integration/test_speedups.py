"""bot/rasa_ext/speedups.py judges action-server responses exactly as Rasa 3.6 does.

In the Rasa environment, each response below is validated by Rasa's own
``RemoteAction._validate_action_result`` and then by the compiled one that
``speedups.install()`` puts in its place: the same ones must pass, and the rejected ones must
raise the same ``ValidationError`` with the same message. The whole stack (every other
integration test) runs Rasa with the speed-ups installed.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.integration.stack import REPO

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


def test_compiled_validation_gives_rasas_verdicts_and_messages() -> None:
    venv = os.environ.get("RASA_VENV")
    if not venv:
        pytest.fail("RASA_VENV is not set: run the integration tests with `make integration`.")
    finished = subprocess.run(
        [str(Path(venv) / "bin" / "python"), "-c", CHECK],
        input=json.dumps(RESPONSES), cwd=REPO, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120, check=False,
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr[-2000:]
    verdicts = json.loads(finished.stdout.strip().splitlines()[-1])
    assert verdicts["peerline"] == verdicts["rasa"]
    outcomes = [verdict[0] for verdict in verdicts["rasa"]]
    # The cases above cover both outcomes: four valid responses and an empty one.
    assert outcomes[:5] == ["valid"] * 5
    assert outcomes[5:] == ["invalid"] * (len(RESPONSES) - 5)

"""The check tier against a running Rasa and action server: the question, then yes, no, a
paused check-in, and the action server down.

The message that earns the check question is labelled by the safety component in the NLU
pipeline. These tests give Rasa such a message already parsed the way that component
parses it (``crisis_check``, with the model's own intent kept as ``model_intent``), through
Rasa's HTTP API, and then talk over the REST channel as the user would.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from devtools.stack import Stack, crisis_markers

pytestmark = pytest.mark.integration

QUESTION = "a client wants to be my friend on instagram, is that ok?"
MODEL_INTENT = {"name": "ask_knowledge", "confidence": 0.92}
# The card ranker's output for QUESTION, as the pipeline adds it to the parse.
KNOWLEDGE = [
    {"card": "friend_request_social_media", "score": 0.71},
    {"card": "dual_relationships", "score": 0.55},
]


@pytest.fixture(scope="module")
def api(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, str]]:
    """A second Rasa on the same model and action server, with its HTTP API behind a token."""
    token = secrets.token_urlsafe(32)
    second = Stack(
        workdir=tmp_path_factory.mktemp("check-rasa"),
        rasa_venv=stack.rasa_venv,
        database_url=stack.database_url,
        action_port=stack.action_port,
        action_token=stack.action_token,
    )
    try:
        second.start_rasa(extra_args=("--enable-api", "--auth-token", token))
        yield second, token
    finally:
        second.stop()


def sender() -> str:
    return f"check-{uuid.uuid4().hex[:10]}"


def texts(replies: list[dict[str, Any]]) -> str:
    return " ".join(reply.get("text", "") for reply in replies)


def checked(api: tuple[Stack, str], who: str) -> list[dict[str, Any]]:
    """``QUESTION``, parsed as the safety component parses a check-tier message, goes into
    the conversation; Rasa's policies then choose every action, run one by one, up to the
    next listen (the loop Rasa runs for a message). Returns what the assistant said."""
    rasa, token = api
    base = f"http://127.0.0.1:{rasa.rasa_port}/conversations/{who}"
    auth = {"token": token}
    check = {"name": "crisis_check", "confidence": 1.0}
    parse_data = {
        "text": QUESTION,
        "intent": check,
        "entities": [],
        "intent_ranking": [check, MODEL_INTENT],
        "model_intent": MODEL_INTENT,
        "knowledge": KNOWLEDGE,
        "safety": {"tier": "check", "layer": "semantic", "score": 0.6, "otherwise": MODEL_INTENT},
    }
    body = {"text": QUESTION, "sender": "user", "parse_data": parse_data}
    httpx.post(f"{base}/messages", params=auth, json=body, timeout=30).raise_for_status()
    said: list[dict[str, Any]] = []
    for _ in range(10):
        predicted = httpx.post(f"{base}/predict", params=auth, timeout=30)
        predicted.raise_for_status()
        action = predicted.json()["scores"][0]["action"]
        ran = httpx.post(f"{base}/execute", params=auth, json={"name": action}, timeout=60)
        ran.raise_for_status()
        said.extend(ran.json().get("messages", []))
        if action == "action_listen":
            return said
    raise AssertionError("Rasa did not return to listening within 10 actions")


def test_the_check_question_carries_its_marker_and_988(api: tuple[Stack, str]) -> None:
    """The check reply is the caring question, marked "check", with 988 and yes/no buttons."""
    answer = checked(api, sender())
    assert crisis_markers(answer) == ["check"]
    assert "are you thinking about suicide or about hurting yourself?" in texts(answer)
    assert "988" in texts(answer)
    payloads = [b["payload"] for reply in answer for b in reply.get("buttons", [])]
    assert payloads == ["/affirm", "/deny"]


def test_yes_to_the_check_question_gets_the_crisis_reply(api: tuple[Stack, str]) -> None:
    """ "Yes" leads to the self crisis reply and its safety question."""
    rasa, _ = api
    who = sender()
    checked(api, who)
    replies = rasa.say(who, "/affirm")
    assert crisis_markers(replies) == ["self"]
    assert "Are you safe right now?" in texts(replies) and "741741" in texts(replies)


def test_no_to_the_check_question_answers_the_question_asked(api: tuple[Stack, str]) -> None:
    """ "No" is thanked, and the original question is answered from knowledge/ with its source."""
    rasa, _ = api
    who = sender()
    checked(api, who)
    replies = rasa.say(who, "/deny")
    assert crisis_markers(replies) == []
    assert texts(replies).startswith("Thank you for telling me.")
    citations = [r["custom"]["citation"] for r in replies if "citation" in r.get("custom", {})]
    assert [c["card_id"] for c in citations] == ["friend_request_social_media"]


def test_the_check_question_pauses_a_check_in_and_no_resumes_it(api: tuple[Stack, str]) -> None:
    """Mid check-in the question pauses the form; after "no" it resumes where it stopped."""
    rasa, _ = api
    who = sender()
    assert "mood" in texts(rasa.say(who, "check in"))
    assert "stress" in texts(rasa.say(who, "4"))
    answer = checked(api, who)
    assert crisis_markers(answer) == ["check"] and "stress" not in texts(answer)
    offer = texts(rasa.say(who, "/deny"))
    assert "pick up your check-in" in offer
    resumed = texts(rasa.say(who, "/affirm"))
    assert "stress" in resumed and "mood" not in resumed


def test_the_paused_check_in_can_be_left(api: tuple[Stack, str]) -> None:
    """ "Not now" after the offer leaves the check-in; nothing of it is kept."""
    rasa, _ = api
    who = sender()
    rasa.say(who, "check in")
    rasa.say(who, "4")
    checked(api, who)
    rasa.say(who, "/deny")
    assert "nothing from it was saved" in texts(rasa.say(who, "/deny"))
    assert "mood" in texts(rasa.say(who, "check in"))


def test_the_check_question_arrives_with_the_action_server_down(
    stack: Stack, api: tuple[Stack, str]
) -> None:
    """The question is a rule-sent domain response: no action server is needed to ask it.
    (``trigger_intent`` runs Rasa's own loop, which carries on past a failing action.)"""
    rasa, token = api
    url = f"http://127.0.0.1:{rasa.rasa_port}/conversations/{sender()}/trigger_intent"
    stack.stop_actions()
    try:
        response = httpx.post(
            url, params={"token": token}, json={"name": "crisis_check"}, timeout=60
        )
    finally:
        stack.start_actions()
    response.raise_for_status()
    answer = response.json()["messages"]
    assert crisis_markers(answer) == ["check"] and "988" in texts(answer)

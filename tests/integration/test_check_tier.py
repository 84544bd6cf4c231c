"""The check tier against a running Rasa and action server: the question, then yes, no, a
paused check-in, and the action server down.

The message that earns the check question is labelled by the safety component in the NLU
pipeline. These tests put such a message on the conversation the way that component
parses it (``crisis_check``, with the model's own intent kept as ``model_intent``),
through Rasa's HTTP API, and then talk over the REST channel as the user would.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.integration.stack import Stack, crisis_markers

pytestmark = pytest.mark.integration

QUESTION = "a client wants to be my friend on instagram, is that ok?"
MODEL_INTENT = {"name": "ask_dual_relationships", "confidence": 0.92}


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
    """The safety component's check label on ``QUESTION``: returns what Rasa answered."""
    rasa, token = api
    base = f"http://127.0.0.1:{rasa.rasa_port}/conversations/{who}"
    triggered = httpx.post(
        f"{base}/trigger_intent",
        params={"token": token},
        json={"name": "crisis_check", "entities": {}},
        timeout=30,
    )
    triggered.raise_for_status()
    answer: list[dict[str, Any]] = triggered.json()["messages"]
    # The parse the safety component gives: the text, its tier, and the model's own intent.
    events = httpx.get(f"{base}/tracker", params={"token": token}, timeout=30).json()["events"]
    user = next(e for e in reversed(events) if e["event"] == "user")
    user["text"] = QUESTION
    user["parse_data"].update(
        text=QUESTION,
        model_intent=MODEL_INTENT,
        intent_ranking=[user["parse_data"]["intent"], MODEL_INTENT],
        safety={"tier": "check", "layer": "semantic", "score": 0.6},
    )
    replaced = httpx.put(f"{base}/tracker/events", params={"token": token}, json=events, timeout=30)
    replaced.raise_for_status()
    return answer


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
    assert [c["entry_id"] for c in citations] == ["dual_relationships"]


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
    """The question is a rule-sent domain response: no action server is needed to ask it."""
    stack.stop_actions()
    try:
        answer = checked(api, sender())
    finally:
        stack.start_actions()
    assert crisis_markers(answer) == ["check"] and "988" in texts(answer)

"""A malformed action call is refused with a reason before rasa_sdk can turn it into a 500."""

from __future__ import annotations

import json
import zlib
from typing import Any

import pytest

from actions.call_shape import MAX_INFLATED_BYTES, problem_with
from actions.checkins import stored_score


def call(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "next_action": "action_reset_checkin",
        "sender_id": "user-1",
        "version": "3.6.21",
        "domain": {},
        "tracker": {
            "sender_id": "user-1",
            "slots": {},
            "latest_message": {"text": "hi", "intent": {}, "entities": []},
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        },
    }
    body.update(changes)
    return body


def encoded(value: Any) -> bytes:
    return json.dumps(value).encode()


def test_a_call_as_rasa_sends_it_passes() -> None:
    """Rasa 3.6's action call, plain or deflated, has no problem."""
    assert problem_with(encoded(call())) is None
    assert problem_with(zlib.compress(encoded(call())), "deflate") is None


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"[]", "the body"),
        (b"null", "the body"),
        (b"{}", "next_action"),
        (encoded(call(next_action=5)), "next_action"),
        (encoded(call(tracker=5)), "tracker"),
        (encoded(call(tracker={"slots": {}})), "tracker.sender_id"),
        (encoded(call(version=5)), "version"),
        (encoded(call(domain=[])), "domain"),
        (encoded({**call(), "tracker": {**call()["tracker"], "events": [5]}}), "tracker.events.0"),
        (b"\xff\xfe", "not UTF-8"),
        (b"{", "not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ],
)
def test_malformed_calls_are_named(body: bytes, reason: str) -> None:
    """Each malformed call gets a reason naming what is wrong."""
    problem = problem_with(body)
    assert problem is not None and reason in problem


def test_bad_or_oversized_deflate_is_refused() -> None:
    """Undecodable deflate data, and a deflate bomb, are refused without inflating it all."""
    assert problem_with(b"not deflate", "deflate") == "the body is not valid deflate data"
    bomb = zlib.compress(b"0" * (MAX_INFLATED_BYTES + 1))
    assert "over" in (problem_with(bomb, "deflate") or "")


def test_the_reason_does_not_echo_the_body() -> None:
    """Message text in a malformed call does not come back in the reason."""
    problem = problem_with(encoded(call(tracker={"sender_id": 5, "text": "canary-91b"})))
    assert problem is not None and "canary-91b" not in problem


@pytest.mark.parametrize(
    ("value", "score"),
    [
        ("1", 1),
        ("5", 5),
        (" 3 ", 3),
        ("0", None),
        ("7", None),
        ("abc", None),
        (None, None),
        ([], None),
        (True, None),
    ],
)
def test_stored_score_takes_only_what_the_form_stores(value: Any, score: int | None) -> None:
    """A check-in scale slot is "1" to "5"; anything else (a forged call) is None."""
    assert stored_score(value) == score

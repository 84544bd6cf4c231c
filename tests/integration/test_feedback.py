"""Answer feedback and consented questions against the real stack, over REST: a vote round
trip, forged and replayed votes, consent yes and no, and `make purge`'s question purge."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from devtools.stack import REPO, Stack
from peerline_core import feedback
from peerline_core.scrub import scrub

pytestmark = pytest.mark.integration

QUESTION = "a client asked me to be friends on instagram"
# Questions no card answers well enough, with a name and a phone number in each; the test
# uses the first the model is unsure about (NLU decides, not the test).
UNANSWERED = [
    "Can Sarah Jones call me at 555-123-4567 about the union dues rule?",
    "Who pays the quorble fee when Sarah Jones at 555-123-4567 changes agency?",
    "How does the blorp rule work for Sarah Jones at 555-123-4567 in supervision?",
    "Can Sarah Jones at 555-123-4567 get paid for the frobnicator training?",
]


def sender() -> str:
    return f"fb-{uuid.uuid4().hex[:10]}"


def rows(stack: Stack, table: str) -> list[dict[str, Any]]:
    engine = create_engine(stack.database_url)
    with engine.connect() as connection:
        result = connection.execute(text(f"SELECT * FROM {table}"))
        found = [dict(r._mapping) for r in result]
    engine.dispose()
    return found


def votes_for(stack: Stack, answer_id: str) -> list[dict[str, Any]]:
    return [r for r in rows(stack, "answer_feedback") if r["answer_id"] == answer_id]


def marker(replies: list[dict[str, Any]]) -> dict[str, Any]:
    (found,) = [r["custom"]["feedback"] for r in replies if "feedback" in (r.get("custom") or {})]
    return found


def post(stack: Stack, who: str, message: object) -> httpx.Response:
    return httpx.post(stack.rest_url, json={"sender": who, "message": message}, timeout=30)


def test_a_vote_round_trips_over_rest_and_counts_once(stack: Stack) -> None:
    """REST clients get both vote buttons with the answer; a vote is one row with card, vote,
    channel and date; 1,000 replays of it get no 500 and add nothing."""
    who = sender()
    rating = marker(stack.say(who, QUESTION))
    helpful, not_this = (b["payload"] for b in rating["buttons"])
    assert [b["title"] for b in rating["buttons"]] == ["Helpful", "Not what I asked"]
    replies = stack.say(who, helpful)
    assert replies and all("Helpful" not in str(r.get("text")) for r in replies)
    (row,) = votes_for(stack, rating["answer"])
    assert (row["card_id"], row["vote"], row["channel"]) == (rating["card"], "helpful", "rest")
    assert str(row["voted_on"]) == date.today().isoformat()
    assert set(row) == {"id", "answer_id", "card_id", "vote", "channel", "voted_on"}
    statuses = {post(stack, who, helpful if i % 2 else not_this).status_code for i in range(1000)}
    assert statuses == {200}
    assert len(votes_for(stack, rating["answer"])) == 1


def test_not_what_i_asked_offers_two_nearer_cards(stack: Stack) -> None:
    """The vote is counted and the reply offers the next two nearest cards as buttons."""
    who = sender()
    rating = marker(stack.say(who, QUESTION))
    replies = stack.say(who, rating["buttons"][1]["payload"])
    buttons = [b for r in replies for b in r.get("buttons") or []]
    assert len(buttons) == 2
    assert all(b["payload"].startswith("/ask_knowledge") for b in buttons)
    assert rating["card"] not in json.dumps([b["payload"] for b in buttons])
    assert [r["vote"] for r in votes_for(stack, rating["answer"])] == ["not_this"]


@pytest.mark.parametrize(
    "forged",
    [
        feedback.payload("0123456789abcdef", "no_such_card", "helpful"),
        feedback.payload("0123456789abcdef", "pay", "helpful"),
        '/feedback{"answer": 1, "card": "pay", "vote": "helpful"}',
        '/feedback{"answer": "0123456789abcdef", "card": "pay", "vote": "love"}',
        "/feedback",
    ],
)
def test_forged_votes_are_refused_never_a_500(stack: Stack, forged: str) -> None:
    """Unknown card, an answer never given, wrong types: a 200 answer and no row."""
    before = len(rows(stack, "answer_feedback"))
    response = post(stack, sender(), forged)
    assert response.status_code == 200 and response.json()
    assert len(rows(stack, "answer_feedback")) == before


def consent_asked(replies: list[dict[str, Any]]) -> bool:
    return any("May I save your question" in str(r.get("text")) for r in replies)


def unsure_question(stack: Stack) -> str:
    """The first of UNANSWERED that gets "not sure" and the consent question."""
    for question in UNANSWERED:
        if consent_asked(stack.say(sender(), question)):
            return question
    pytest.fail("the model answered every UNANSWERED question: add one it is unsure about")


def test_yes_keeps_the_question_scrubbed_and_no_keeps_nothing(stack: Stack) -> None:
    """After a "not sure" the consent question comes; yes keeps the scrubbed text, no nothing."""
    question = unsure_question(stack)
    before = len(rows(stack, "unanswered_questions"))
    who = sender()
    assert consent_asked(stack.say(who, question))
    assert any("haven't saved" in str(r.get("text")) for r in stack.say(who, "no"))
    assert len(rows(stack, "unanswered_questions")) == before

    who = sender()
    assert consent_asked(stack.say(who, question))
    assert any("Saved" in str(r.get("text")) for r in stack.say(who, "yes"))
    kept = rows(stack, "unanswered_questions")[before:]
    assert [r["text"] for r in kept] == [scrub(question)]
    assert "Sarah" not in kept[0]["text"] and "555" not in kept[0]["text"]
    assert kept[0]["channel"] == "rest"


def test_a_crisis_message_gets_the_crisis_reply_not_the_consent_question(stack: Stack) -> None:
    """A crisis message is answered with resources, never offered for keeping."""
    replies = stack.say(sender(), "I don't want to be alive anymore and I have a plan")
    assert any((r.get("custom") or {}).get("crisis") for r in replies)
    assert not consent_asked(replies)


def test_make_purge_deletes_questions_past_the_retention(stack: Stack) -> None:
    """`python -m actions.storage.cli purge` (make purge) removes questions older than 90 days."""
    engine = create_engine(stack.database_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO unanswered_questions (text, channel, asked_on) VALUES (:t, 'rest', :d)"
            ),
            {"t": "an old question", "d": date.today() - timedelta(days=91)},
        )
    engine.dispose()
    result = subprocess.run(
        [sys.executable, "-m", "actions.storage.cli", "purge"],
        cwd=REPO,
        env={**os.environ, **stack.env()},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "Purged 1 saved questions older than 90 days." in result.stdout
    assert "an old question" not in {r["text"] for r in rows(stack, "unanswered_questions")}

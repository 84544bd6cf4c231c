"""The readiness self-assessment end to end over REST and over Telegram: every statement rated
by buttons or words, nonsense re-asked, cancel, crisis mid-form, the result with chart, PDF and
PNG, the change on a second run, /mydata and /delete."""

from __future__ import annotations

import base64
import json
import subprocess
import time
import uuid
from typing import Any

import pytest

from actions.readiness import assessment
from devtools.fake_telegram import FakeTelegram
from devtools.stack import Stack, crisis_markers
from devtools.telegram_bridge import documents, say

pytestmark = pytest.mark.integration


def texts(replies: list[dict[str, Any]]) -> str:
    return " ".join(reply.get("text", "") for reply in replies)


def exports(replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r["custom"]["export"] for r in replies if "export" in (r.get("custom") or {})]


def run_assessment(stack: Stack, me: str, answers: list[str]) -> list[dict[str, Any]]:
    """Start the assessment and give ``answers`` in turn; the replies to the last one."""
    total = len(assessment().statements)
    assert len(answers) == total
    started = texts(stack.say(me, "start the agency readiness self-assessment"))
    assert f"1/{total}." in started
    replies: list[dict[str, Any]] = []
    for number, answer in enumerate(answers, start=1):
        replies = stack.say(me, answer)
        if number < total:
            assert f"{number + 1}/{total}." in texts(replies), (number, answer, texts(replies))
    return replies


def test_a_full_run_scores_cites_and_exports_then_shows_the_change(stack: Stack) -> None:
    """Ratings by button payloads and words give a scored result with three cited next steps,
    a chart image and PDF/PNG files; a second run shows the change since the first."""
    me = f"it-{uuid.uuid4().hex[:10]}"
    total = len(assessment().statements)
    first = ["2", "partly", "3", "mostly", "1", "skip", *(["4"] * (total - 6))]
    started = time.monotonic()
    replies = run_assessment(stack, me, first)
    said = texts(replies)
    assert "Overall readiness:" in said and "first assessment" in said
    assert said.count("Source: ") >= 3 and "three areas to work on first" in said
    assert any(str(r.get("image", "")).startswith("data:image/png;base64,") for r in replies)
    files = {e["format"]: e for e in exports(replies)}
    assert base64.b64decode(files["pdf"]["content"]).startswith(b"%PDF-")
    assert base64.b64decode(files["png"]["content"]).startswith(b"\x89PNG")
    # Two runs are more messages than the edge lets one sender send a minute (30, moving
    # window): wait for the first run's messages to leave the window, as a person would.
    time.sleep(max(0.0, 61 - (time.monotonic() - started)))
    again = run_assessment(stack, me, ["4"] * total)
    assert "since last time" in texts(again)
    [mydata] = exports(stack.say(me, "show my data"))
    assert len(json.loads(mydata["content"])["readiness_assessments"]) == 2
    stack.say(me, "delete my data")
    assert "2 readiness self-assessment(s)" in texts(stack.say(me, "/affirm"))


def test_nonsense_is_reasked_and_cancel_or_crisis_stop_it(stack: Stack) -> None:
    """Nonsense gets the hint and the same statement; "cancel" ends it; a client crisis
    mid-assessment gets the crisis protocol and the statements stop."""
    me = f"it-{uuid.uuid4().hex[:10]}"
    total = len(assessment().statements)
    stack.say(me, "start the agency readiness self-assessment")
    reply = texts(stack.say(me, "banana"))
    assert "rating from 1 to 4" in reply and f"1/{total}." in reply
    assert "stopped the self-assessment" in texts(stack.say(me, "cancel"))
    stack.say(me, "start the agency readiness self-assessment")
    stack.say(me, "3")
    replies = stack.say(me, "the person I support says he has a plan to kill himself tonight")
    assert crisis_markers(replies) == ["client"]
    assert f"/{total}." not in texts(replies)


def test_the_result_over_telegram_is_a_chart_and_a_pdf_then_mydata_and_delete(
    stack: Stack, fake: FakeTelegram, polling: subprocess.Popen[bytes]
) -> None:
    """A full self-assessment on Telegram ends with the chart as a photo and the one-page
    PDF and the PNG as documents; /mydata holds the ratings and /delete removes them."""
    user, total = 1302, len(assessment().statements)
    started = time.monotonic()
    fake.push(fake.message_update(user, "start the agency readiness self-assessment"))
    asked = 0
    for number in range(1, total + 1):
        sent = fake.wait_for(
            "sendMessage",
            lambda c, n=number: c.chat_id == user and f"{n}/{total}." in c.params["text"],
            timeout=30,
        )
        asked += len(sent)
        keyboard = sent[0].json("reply_markup")["inline_keyboard"]
        assert "3" in {b["callback_data"] for row in keyboard for b in row}
        fake.push(fake.message_update(user, "3" if number % 2 else "partly"))
    assert asked == total
    [photo] = fake.wait_for("sendPhoto", lambda c: c.chat_id == user, timeout=60)
    assert photo.files["photo"][1].startswith(b"\x89PNG")
    names = documents(fake, user, 2)
    assert names["peerline-readiness.pdf"].startswith(b"%PDF-")
    assert names["peerline-readiness.png"].startswith(b"\x89PNG")
    # A chat may send 20 messages a minute: let the run's leave the window, as a person would.
    time.sleep(max(0.0, 61 - (time.monotonic() - started)))
    say(fake, user, "/mydata")
    mydata = json.loads(documents(fake, user, 3)["peerline-checkins.json"])
    [ratings] = [a["ratings"] for a in mydata["readiness_assessments"]]
    assert len(ratings) == total and set(ratings.values()) == {2, 3}
    say(fake, user, "/delete")
    [done] = say(fake, user, "yes")
    assert "1 readiness self-assessment(s)" in done.params["text"]

"""The load generator against a scripted fake bot (httpx.MockTransport, no Rasa)."""

from __future__ import annotations

import json
from collections import Counter

import httpx

from benchmarks.load.driver import RETRIES, run_phase
from benchmarks.load.mix import CHECKIN_TURNS, Mix
from peerline_core.replies import TROUBLE

MIX = Mix(peer_questions=("p1", "p2", "p3"), supervisor_questions=("s1", "s2"))
URL = "http://bot.test/webhooks/rest/webhook"


def fake_bot(note_failures: Counter[str], fail_times: int) -> httpx.MockTransport:
    """Answers each check-in step with its expected text, but answers a sender's note with
    the channel's apology the first ``fail_times`` times (counted in ``note_failures``)."""
    expected = dict(CHECKIN_TURNS)

    def handle(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        message, sender = body["message"], body["sender"]
        if message == CHECKIN_TURNS[-1][0] and note_failures[sender] < fail_times:
            note_failures[sender] += 1
            return httpx.Response(200, json=[{"text": TROUBLE}])
        text = expected.get(message) or "Hi, I'm Peerline."
        return httpx.Response(200, json=[{"recipient_id": sender, "text": text}])

    return httpx.MockTransport(handle)


async def test_phase_counts_messages_and_confirmed_checkins() -> None:
    transport = fake_bot(Counter(), fail_times=0)
    result = await run_phase(URL, "t", MIX, 3, 0.3, think_s=None, seed=1, transport=transport)
    summary = result.summary()
    assert summary["messages"] == len(result.latencies_ms) > 0
    assert summary["errors"] == 0 and summary["unexpected_replies"] == 0
    checkins = result.conversations["checkin"] + result.conversations["checkin_history"]
    assert checkins > 0
    assert len(result.checkins_confirmed) == len(result.checkins_attempted) == checkins


async def test_a_failed_note_is_retried_and_then_confirmed() -> None:
    failures: Counter[str] = Counter()
    transport = fake_bot(failures, fail_times=1)
    result = await run_phase(URL, "t", MIX, 2, 0.3, think_s=None, seed=2, transport=transport)
    assert failures and set(failures.values()) == {1}
    assert result.errors["failed_turn_reply"] == len(failures)
    assert result.checkins_confirmed == result.checkins_attempted == set(failures)


async def test_a_note_failing_every_retry_is_an_unconfirmed_checkin() -> None:
    failures: Counter[str] = Counter()
    transport = fake_bot(failures, fail_times=RETRIES + 1)
    result = await run_phase(URL, "t", MIX, 2, 0.3, think_s=None, seed=3, transport=transport)
    assert failures and set(failures.values()) == {RETRIES + 1}
    assert result.errors["failed_turn_reply"] == (RETRIES + 1) * len(failures)
    assert result.checkins_attempted == set(failures)
    assert result.checkins_confirmed == set()


async def test_http_errors_are_counted_by_status() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(500))
    result = await run_phase(URL, "t", MIX, 2, 0.2, think_s=None, seed=4, transport=transport)
    assert result.errors["http_500"] == len(result.latencies_ms) > 0

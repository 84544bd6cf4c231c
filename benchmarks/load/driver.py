"""asyncio + httpx load generator over Rasa's REST channel."""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import httpx

from benchmarks.load.mix import CHECKIN_SAVED, Mix
from benchmarks.load.stats import percentile, summarize
from peerline_core.replies import SLOW_DOWN, TROUBLE

REQUEST_TIMEOUT_S = 30.0
# After an error a user sends the same message again (what the apology asks for), this many
# times, waiting their think time (or RETRY_PAUSE_S) first; then they give up.
RETRIES = 2
RETRY_PAUSE_S = 0.5


@dataclass
class PhaseResult:
    """Everything one phase measured; check-in senders are raw REST sender ids."""

    name: str
    concurrency: int
    think_s: tuple[float, float] | None
    latencies_ms: list[float] = field(default_factory=list)
    by_kind_ms: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)
    unexpected: Counter[str] = field(default_factory=Counter)
    conversations: Counter[str] = field(default_factory=Counter)
    checkins_attempted: set[str] = field(default_factory=set)
    checkins_confirmed: set[str] = field(default_factory=set)
    elapsed_s: float = 0.0

    def summary(self) -> dict[str, object]:
        return {
            "concurrency": self.concurrency,
            "think_s": list(self.think_s) if self.think_s else None,
            **summarize(self.latencies_ms, sum(self.errors.values()), self.elapsed_s),
            "error_kinds": dict(self.errors),
            "unexpected_replies": sum(self.unexpected.values()),
            "unexpected_by_turn": dict(self.unexpected),
            "conversations": dict(self.conversations),
            "p50_ms_by_kind": {
                kind: round(percentile(values, 50), 1)
                for kind, values in sorted(self.by_kind_ms.items())
                if values
            },
        }


async def run_phase(
    url: str,
    name: str,
    mix: Mix,
    concurrency: int,
    duration_s: float,
    *,
    think_s: tuple[float, float] | None,
    seed: int,
    transport: httpx.AsyncBaseTransport | None = None,
) -> PhaseResult:
    """``concurrency`` users each run conversations back to back until ``duration_s`` is over.

    A conversation that has started is finished, so every check-in begun is completed.
    With ``think_s`` a user waits a uniform random time in that range after every reply.
    A failed message (HTTP error, or the channel's apology) is sent again up to RETRIES
    times; every failed attempt counts as an error, and retried check-in answers are how
    a duplicate would get in.
    """
    result = PhaseResult(name, concurrency, think_s)
    limits = httpx.Limits(max_connections=concurrency + 4, max_keepalive_connections=concurrency)
    run_id = uuid.uuid4().hex[:8]
    client = httpx.AsyncClient(timeout=REQUEST_TIMEOUT_S, limits=limits, transport=transport)
    async with client:
        started = time.perf_counter()
        deadline = started + duration_s

        async def user(index: int) -> None:
            rng = random.Random(seed * 1_000 + index)
            number = 0
            while time.perf_counter() < deadline:
                conversation = mix.pick(rng)
                result.conversations[conversation.kind] += 1
                sender = f"bench-{run_id}-{index}-{number}"
                number += 1
                for turn, (message, expect) in enumerate(conversation.turns):
                    completes_checkin = turn == conversation.checkin_turn
                    if completes_checkin:
                        result.checkins_attempted.add(sender)
                    text = await _send(client, url, (sender, message), conversation.kind, result)
                    for _ in range(RETRIES):
                        if text is not None:
                            break
                        await asyncio.sleep(rng.uniform(*think_s) if think_s else RETRY_PAUSE_S)
                        text = await _send(
                            client, url, (sender, message), conversation.kind, result
                        )
                    if text is None:
                        break  # the user gives up on this conversation and starts another
                    if expect is not None and expect not in text:
                        result.unexpected[f"{conversation.kind}:{turn}"] += 1
                    if completes_checkin and CHECKIN_SAVED in text:
                        result.checkins_confirmed.add(sender)
                    if think_s:
                        await asyncio.sleep(rng.uniform(*think_s))

        await asyncio.gather(*(user(index) for index in range(concurrency)))
        result.elapsed_s = time.perf_counter() - started
    return result


async def _send(
    client: httpx.AsyncClient, url: str, turn: tuple[str, str], kind: str, result: PhaseResult
) -> str | None:
    """POST one (sender, message); record its latency or its error; the replies' text, or None."""
    sender, message = turn
    start = time.perf_counter()
    try:
        response = await client.post(url, json={"sender": sender, "message": message})
    except httpx.HTTPError as error:
        result.errors[type(error).__name__] += 1
        return None
    latency_ms = (time.perf_counter() - start) * 1000
    result.latencies_ms.append(latency_ms)
    result.by_kind_ms.setdefault(kind, []).append(latency_ms)
    if response.status_code != 200:
        result.errors[f"http_{response.status_code}"] += 1
        return None
    replies = response.json()
    if not replies:
        result.errors["empty_reply"] += 1
        return None
    text = " ".join(str(reply.get("text", "")) for reply in replies)
    # Peerline's channels answer a failed or timed-out turn (and a rate-limited sender)
    # with a 200 and an apology: to the user that is an error, so it is counted as one.
    for error, apology in (("failed_turn_reply", TROUBLE), ("rate_limited_reply", SLOW_DOWN)):
        if apology in text:
            result.errors[error] += 1
            return None
    return text

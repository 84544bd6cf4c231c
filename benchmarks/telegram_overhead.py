"""Telegram bridge overhead: the median latency the bridge adds to a message, compared with
calling Rasa's REST webhook directly with the same messages.

    RASA_URL=http://127.0.0.1:5005 python -m benchmarks.telegram_overhead [--rounds 5]

Needs a running Rasa (and action server). Starts a local stand-in for the Bot API and the
real bridge (`python -m bot.telegram`, polling). Each message is timed twice from a fresh
conversation: a direct POST to Rasa, and from the update being offered to the bridge until
the last of the same replies reaches the fake Bot API. Prints a JSON report.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx

from bot.telegram.render import TextMessage, render
from devtools.fake_telegram import TOKEN, FakeTelegram

REPO = Path(__file__).resolve().parent.parent
MESSAGES = (
    "hi",
    "what does a peer specialist do?",
    "how often should I get supervision?",
    "a client wants to follow me on Instagram",
    "what can you do",
    "thanks",
)


def direct(url: str, text: str) -> tuple[float, int]:
    """Seconds for one REST round trip, and how many text messages the bridge would send."""
    start = time.perf_counter()
    response = httpx.post(url, json={"sender": f"bench-{uuid.uuid4().hex}", "message": text})
    elapsed = time.perf_counter() - start
    response.raise_for_status()
    return elapsed, sum(isinstance(m, TextMessage) for m in render(response.json()))


def via_bridge(fake: FakeTelegram, user_id: int, text: str, replies: int) -> float:
    """Seconds from offering the update until the bridge sent its last text reply."""
    start = time.monotonic()
    fake.push(fake.message_update(user_id, text))
    calls = fake.wait_for(
        "sendMessage", lambda c: c.chat_id == user_id, count=max(replies, 1), timeout=60
    )
    return calls[-1].at - start


def run(rasa_url: str, rounds: int) -> dict[str, object]:
    rest_url = rasa_url.rstrip("/") + "/webhooks/rest/webhook"
    direct(rest_url, "hi")  # Rasa's first answer after start-up is slow; not measured
    with FakeTelegram() as fake:
        env = dict(
            os.environ,
            PYTHONPATH=str(REPO),
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_API_BASE_URL=fake.base_url,
            TELEGRAM_MODE="polling",
            RASA_URL=rasa_url,
        )
        bridge = subprocess.Popen(
            [sys.executable, "-m", "bot.telegram"],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            fake.wait_for("getUpdates", timeout=30)
            via_bridge(fake, 1, "hi", 1)  # warm the bridge's connection pools
            rows = []
            user_id = 100
            for round_ in range(rounds):
                for text in MESSAGES:
                    user_id += 1
                    if round_ % 2:  # alternate the order so neither path always goes first
                        bridged = via_bridge(fake, user_id, text, direct(rest_url, text)[1])
                        plain, _ = direct(rest_url, text)
                    else:
                        plain, replies = direct(rest_url, text)
                        bridged = via_bridge(fake, user_id, text, replies)
                    rows.append((plain, bridged))
        finally:
            bridge.terminate()
            bridge.wait(timeout=20)

    def ms(values: list[float]) -> float:
        return round(statistics.median(values) * 1000, 1)

    overhead = sorted(bridged - plain for plain, bridged in rows)
    return {
        "benchmark": "telegram_overhead",
        "messages": len(rows),
        "direct_median_ms": ms([plain for plain, _ in rows]),
        "bridge_median_ms": ms([bridged for _, bridged in rows]),
        "overhead_median_ms": ms(overhead),
        "overhead_p90_ms": round(overhead[int(0.9 * (len(overhead) - 1))] * 1000, 1),
        "note": "bridge = getUpdates hand-off, pseudonym, crisis check, Rasa call, "
        "rendering and sendMessage to a local fake Bot API",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="times each message is sent")
    args = parser.parse_args()
    rasa_url = os.environ.get("RASA_URL", "http://127.0.0.1:5005")
    print(json.dumps(run(rasa_url, args.rounds), indent=2))


if __name__ == "__main__":
    main()

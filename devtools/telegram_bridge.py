"""The real Telegram bridge (`python -m bot.telegram`) run against the Bot API stand-in and a
running stack, for integration tests of any tool over Telegram."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from devtools.fake_telegram import TOKEN, Call, FakeTelegram
from devtools.stack import REPO, Stack

SECRET = "integration-pseudonym-secret"


@contextmanager
def bridge(stack: Stack, fake: FakeTelegram, **env: str) -> Iterator[subprocess.Popen[bytes]]:
    """`python -m bot.telegram` as supervisord.conf runs it, pointed at the fake and at Rasa."""
    environment = dict(os.environ)
    environment.update(
        PYTHONPATH=str(REPO),
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=fake.base_url,
        RASA_URL=f"http://127.0.0.1:{stack.rasa_port}",
        PEERLINE_PSEUDONYM_SECRET=SECRET,
        # The stack's database and note key, as under `make run`, for the reminder loop.
        DATABASE_URL=stack.database_url,
        PEERLINE_VAR_DIR=str(stack.workdir),
        **env,
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.telegram"],
        cwd=REPO,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            output, _ = process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        log = output.decode(errors="replace")
        assert TOKEN not in log, "the bot token leaked into the bridge's log"


def say(fake: FakeTelegram, user: int, text: str, count: int = 1) -> list[Call]:
    """Send ``text`` as ``user`` in a private chat; the ``count`` messages sent back after it."""
    before = len(fake.calls_of("sendMessage", user))
    fake.push(fake.message_update(user, text))
    sent = fake.wait_for(
        "sendMessage", lambda c: c.chat_id == user, count=before + count, timeout=30
    )
    return sent[before:]


def documents(fake: FakeTelegram, user: int, count: int) -> dict[str, bytes]:
    """The first ``count`` documents sent to ``user``, by file name."""
    sent = fake.wait_for("sendDocument", lambda c: c.chat_id == user, count=count, timeout=30)
    return {c.files["document"][0]: c.files["document"][1] for c in sent}

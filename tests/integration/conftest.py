"""One real Rasa + action server for the whole integration session; the Telegram Bot API
stand-in and the real bridge polling it, per test module that asks for them."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from actions.storage.cli import migrate
from devtools.fake_telegram import FakeTelegram
from devtools.stack import REPO, Stack
from devtools.telegram_bridge import bridge


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """A running stack on a trained model in models/ (`make integration` trains first)."""
    rasa_venv = os.environ.get("RASA_VENV")
    if not rasa_venv:
        pytest.fail("RASA_VENV is not set: run the integration tests with `make integration`.")
    if not any((REPO / "models").glob("*.tar.gz")):
        pytest.fail("No trained model in models/: run `make train` first.")
    workdir = tmp_path_factory.mktemp("stack")
    database_url = f"sqlite:///{workdir / 'peerline.db'}"
    migrate(database_url)
    running = Stack(workdir=workdir, rasa_venv=Path(rasa_venv), database_url=database_url)
    try:
        running.start_actions()
        running.start_rasa()
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeTelegram]:
    """The Bot API stand-in on 127.0.0.1."""
    with FakeTelegram() as running:
        yield running


@pytest.fixture(scope="module")
def polling(stack: Stack, fake: FakeTelegram) -> Iterator[subprocess.Popen[bytes]]:
    """The bridge in polling mode, between the stand-in and the stack."""
    with bridge(stack, fake, TELEGRAM_MODE="polling") as process:
        fake.wait_for("getUpdates", timeout=20)
        yield process

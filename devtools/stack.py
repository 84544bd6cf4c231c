"""A real Peerline stack for integration tests and benchmarks: `rasa run` on the trained
model plus the action server, each in its own process and environment, on free loopback
ports."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

REPO = Path(__file__).resolve().parents[1]
READY_TIMEOUT_S = 240.0
TRACKER_STORE = "bot.rasa_ext.tracker_store.EncryptedSQLTrackerStore"


def crisis_markers(replies: list[dict[str, Any]]) -> list[str]:
    """The `custom: {"crisis": ...}` markers among REST replies, in order."""
    return [
        str(reply["custom"]["crisis"])
        for reply in replies
        if isinstance(reply.get("custom"), dict) and "crisis" in reply["custom"]
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(predicate: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    raise TimeoutError(f"{what} not ready after {timeout:.0f} s")


@dataclass
class Stack:
    """Rasa + action server started from the repository's files and trained model."""

    workdir: Path
    rasa_venv: Path
    database_url: str
    rasa_port: int = field(default_factory=free_port)
    action_port: int = field(default_factory=free_port)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    action_token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    # Optional knobs for benchmarks/load.py; the defaults are what the tests use.
    model: Path = REPO / "models"
    extra_env: dict[str, str] = field(default_factory=dict)
    stores_yaml: str | None = None  # endpoints.yml after action_endpoint; None: SQLite tracker
    stock_rasa: bool = False  # True: Rasa's own `rasa` command, without Peerline's speed-ups

    @property
    def tracker_db(self) -> Path:
        return self.workdir / "tracker.db"

    @property
    def rest_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            PYTHONPATH=str(REPO),
            DATABASE_URL=self.database_url,
            TRACKER_SQLITE_PATH=str(self.tracker_db),
            PEERLINE_VAR_DIR=str(self.workdir),
            SANIC_HOST="127.0.0.1",
            ACTION_SERVER_TOKEN=self.action_token,
            TF_CPP_MIN_LOG_LEVEL="2",
            RASA_TELEMETRY_ENABLED="false",
            SQLALCHEMY_SILENCE_UBER_WARNING="1",
        )
        env.update(self.extra_env)
        return env

    def _start(self, name: str, command: list[str]) -> None:
        log = (self.workdir / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            command, cwd=REPO, env=self.env(), stdout=log, stderr=subprocess.STDOUT
        )

    def start_actions(self) -> None:
        command = [sys.executable, "-m", "actions.server", "--host", "127.0.0.1"]
        self._start("actions", [*command, "--port", str(self.action_port)])
        url = f"http://127.0.0.1:{self.action_port}/health"
        wait_for(lambda: _ok(url), 60, "action server")

    def stop_actions(self) -> None:
        self._stop("actions")

    def start_rasa(self, extra_args: tuple[str, ...] = ()) -> None:
        endpoints = self.workdir / "endpoints.yml"
        stores = self.stores_yaml
        if stores is None:
            stores = (
                f"tracker_store:\n  type: {TRACKER_STORE}\n  dialect: sqlite\n"
                f"  db: {self.tracker_db}\n"
            )
        endpoints.write_text(
            f"action_endpoint:\n  url: http://127.0.0.1:{self.action_port}/webhook\n"
            "  headers:\n    Authorization: Bearer ${ACTION_SERVER_TOKEN}\n"
            f"{stores}"
        )
        self._start(
            "rasa",
            [
                *self.rasa_command(), "run",
                "--interface", "127.0.0.1", "--port", str(self.rasa_port),
                "--model", str(self.model), "--endpoints", str(endpoints),
                "--credentials", str(REPO / "credentials.yml"),
                # The widget's test page is served from another port: a cross-origin page.
                "--cors", "*", *extra_args,
            ],
        )  # fmt: skip
        wait_for(self._answers, READY_TIMEOUT_S, "Rasa")

    def rasa_command(self) -> list[str]:
        """Rasa's CLI as Peerline starts it: with bot/rasa_ext/speedups.py installed."""
        if self.stock_rasa:
            return [str(self.rasa_venv / "bin" / "rasa")]
        return [str(self.rasa_venv / "bin" / "python"), "-m", "bot.rasa_ext.cli"]

    def _answers(self) -> bool:
        if self.processes["rasa"].poll() is not None:
            log = (self.workdir / "rasa.log").read_text(errors="replace")[-3000:]
            raise RuntimeError(f"rasa run exited early:\n{log}")
        try:
            return bool(self.say("readiness-probe", "hi"))
        except httpx.HTTPError:
            return False

    def say(self, sender: str, message: str, timeout: float = 30.0) -> list[dict[str, Any]]:
        """Send one message over the REST channel and return Rasa's replies."""
        response = httpx.post(
            self.rest_url, json={"sender": sender, "message": message}, timeout=timeout
        )
        response.raise_for_status()
        replies: list[dict[str, Any]] = response.json()
        return replies

    def _stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def stop(self) -> None:
        for name in list(self.processes):
            self._stop(name)


def _ok(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def in_rasa_env(*argv: str, stdin: str = "", timeout: float = 600) -> dict[str, Any]:
    """``python ARGV...`` in the Rasa environment (RASA_VENV), from the repo; its last JSON line."""
    venv = os.environ.get("RASA_VENV")
    if not venv:
        pytest.fail("RASA_VENV is not set: run the integration tests with `make integration`.")
    finished = subprocess.run(
        [str(Path(venv) / "bin" / "python"), *argv],
        input=stdin, cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False,
        env={**os.environ, "PYTHONPATH": str(REPO), "TF_CPP_MIN_LOG_LEVEL": "2"},
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr[-2000:]
    result: dict[str, Any] = json.loads(finished.stdout.strip().splitlines()[-1])
    return result

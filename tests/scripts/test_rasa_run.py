"""scripts/rasa_run.sh turns Rasa's HTTP API on only with a token or JWT secret, and then
always with it."""

from __future__ import annotations

import configparser
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
WRAPPER = REPO / "scripts" / "rasa_run.sh"
RUN_FLAGS = ["--interface", "127.0.0.1", "--port", "5005", "--cors", "http://a b"]


def wrapper_argv(
    tmp_path: Path, env: dict[str, str], flags: list[str] = RUN_FLAGS
) -> subprocess.CompletedProcess[str]:
    """Run the wrapper against a stand-in `python` that prints each argument on a line."""
    fake = tmp_path / "venv" / "bin" / "python"
    fake.parent.mkdir(parents=True, exist_ok=True)
    fake.write_text("#!/bin/sh\nprintf '%s\\n' \"$@\"\n")
    fake.chmod(0o755)
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"RASA_API_TOKEN", "RASA_JWT_SECRET", "RASA_JWT_METHOD"}
    }
    return subprocess.run(
        [str(WRAPPER), *flags],
        env={**clean, "RASA_VENV": str(tmp_path / "venv"), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def api_flags(tmp_path: Path, env: dict[str, str]) -> list[str]:
    """The arguments the wrapper adds after supervisord.conf's own flags."""
    result = wrapper_argv(tmp_path, env)
    assert result.returncode == 0, result.stderr
    argv = result.stdout.splitlines()
    start = ["-m", "bot.rasa_ext.cli", "run", *RUN_FLAGS]  # Rasa's CLI, our speed-ups
    assert argv[: len(start)] == start
    return argv[len(start) :]


def test_api_is_off_without_credentials(tmp_path: Path) -> None:
    """No RASA_API_TOKEN, no RASA_JWT_SECRET: the flags pass through, no --enable-api."""
    assert api_flags(tmp_path, {}) == []
    assert api_flags(tmp_path, {"RASA_API_TOKEN": "", "RASA_JWT_SECRET": ""}) == []


def test_token_turns_the_api_on_with_the_token(tmp_path: Path) -> None:
    """RASA_API_TOKEN: --enable-api together with --auth-token, never one without the other."""
    token = "-t" * 16  # a random token may start with "-": it must stay the flag's value
    assert api_flags(tmp_path, {"RASA_API_TOKEN": token}) == [
        "--enable-api",
        f"--auth-token={token}",
    ]


def test_jwt_secret_turns_the_api_on_with_jwt(tmp_path: Path) -> None:
    """RASA_JWT_SECRET (with an optional method) enables JWT auth; a secret with spaces survives."""
    assert api_flags(tmp_path, {"RASA_JWT_SECRET": "my secret value"}) == [
        "--enable-api",
        "--jwt-secret=my secret value",
        "--jwt-method=HS256",
    ]
    both = api_flags(
        tmp_path,
        {"RASA_API_TOKEN": "k" * 20, "RASA_JWT_SECRET": "s", "RASA_JWT_METHOD": "HS512"},
    )
    assert both == [
        *("--enable-api", "--auth-token=" + "k" * 20),
        *("--jwt-secret=s", "--jwt-method=HS512"),
    ]


@pytest.mark.parametrize("token", ["short", "x" * 15])
def test_short_token_is_refused(tmp_path: Path, token: str) -> None:
    """A guessable API token stops the start with one sentence, before Rasa runs."""
    result = wrapper_argv(tmp_path, {"RASA_API_TOKEN": token})
    assert result.returncode == 2
    assert result.stdout == ""
    assert "shorter than 16 characters" in result.stderr


def test_make_run_starts_rasa_through_the_wrapper() -> None:
    """supervisord.conf's rasa program goes through the wrapper, so the rule holds for
    `make run`."""
    conf = configparser.RawConfigParser(inline_comment_prefixes=(";",))
    conf.read(REPO / "supervisord.conf")
    command = conf["program:rasa"]["command"].split()
    assert command[0] == "%(here)s/scripts/rasa_run.sh"
    assert "--enable-api" not in command

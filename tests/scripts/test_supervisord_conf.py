"""supervisord.conf as supervisord itself reads it: what restarts, how, and how it stops."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from supervisor.datatypes import RestartUnconditionally
from supervisor.options import ServerOptions

REPO = Path(__file__).resolve().parents[2]
MAKE_RUN_ENV = {
    "APP_VENV": "/venvs/app",
    "RASA_VENV": "/venvs/rasa",
    "RASA_HOST": "127.0.0.1",
    "RASA_PORT": "5005",
    "PEERLINE_CORS": "http://127.0.0.1:8000",
}


@pytest.fixture
def var_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "log").mkdir()
    monkeypatch.setenv("PEERLINE_VAR_DIR", str(tmp_path))
    return tmp_path


def programs(monkeypatch: pytest.MonkeyPatch, telegram: str) -> dict[str, Any]:
    """Each process's config, parsed by supervisor with the Makefile's environment."""
    for name, value in {**MAKE_RUN_ENV, "PEERLINE_TELEGRAM": telegram}.items():
        monkeypatch.setenv(name, value)
    options = ServerOptions()
    options.realize(args=["-c", str(REPO / "supervisord.conf")])
    return {
        process.name: (group.name, process)
        for group in options.process_group_configs
        for process in group.process_configs
    }


def test_every_server_restarts_alone_and_gives_up_after_retries(
    monkeypatch: pytest.MonkeyPatch, var_dir: Path
) -> None:
    """rasa, actions, web and telegram restart on any exit, with a start time to prove and a
    limit on tries; the ready announcer runs once."""
    found = programs(monkeypatch, "false")
    for name in ("rasa", "actions", "web", "telegram"):
        _, program = found[name]
        assert program.autorestart is RestartUnconditionally, name
        assert program.startsecs >= 2, name
        assert 1 <= program.startretries <= 10, name
        assert program.stopasgroup and program.killasgroup, name
    assert found["ready"][1].autorestart is False
    assert found["rasa"][1].command.split()[0] == f"{REPO}/scripts/rasa_run.sh"
    assert "--enable-api" not in found["rasa"][1].command


def test_ctrl_c_stops_everything_within_ten_seconds(
    monkeypatch: pytest.MonkeyPatch, var_dir: Path
) -> None:
    """All servers are in one group (stopped together), so the longest wait before SIGKILL
    (5 s) bounds the shutdown, with time left to reap them and stop the log listener."""
    found = programs(monkeypatch, "false")
    servers = ("rasa", "actions", "web", "telegram", "ready")
    assert {found[name][0] for name in servers} == {"peerline"}
    assert max(found[name][1].stopwaitsecs for name in servers) <= 5


def test_telegram_starts_only_when_switched_on(
    monkeypatch: pytest.MonkeyPatch, var_dir: Path
) -> None:
    """PEERLINE_TELEGRAM (set by the Makefile from TELEGRAM_BOT_TOKEN) decides autostart."""
    assert programs(monkeypatch, "false")["telegram"][1].autostart is False
    assert programs(monkeypatch, "true")["telegram"][1].autostart is True

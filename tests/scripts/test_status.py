"""`make status`: the widget server's report as a table, or one made locally without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from actions.settings import get_settings
from bot.web.settings import Settings
from scripts import status


def test_table_lists_every_part_with_its_uptime() -> None:
    """One line per part: name, status, time since (re)start, reason."""
    report = {
        "status": "degraded",
        "checked_at": "2026-12-03T07:00:00Z",
        "parts": {
            "rasa": {"status": "ok", "detail": "", "since_start_s": 3725.0},
            "actions": {"status": "down", "detail": "restarting", "since_start_s": None},
            "web": {"status": "ok", "detail": "", "since_start_s": 65.2},
        },
    }
    lines = status.table(report).splitlines()
    assert lines[0].startswith("Peerline: degraded")
    assert lines[2].split() == ["rasa", "ok", "1", "h", "02", "min"]
    assert lines[3].split() == ["actions", "down", "-", "restarting"]
    assert lines[4].split() == ["web", "ok", "1", "min", "05", "s"]


def test_without_the_widget_server_the_report_is_made_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing listening on WEB_PORT: the report still comes, with `web` down, Rasa down
    (nothing listens on the test's ports either) and so an overall `down`."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PEERLINE_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'none.db'}")
    get_settings.cache_clear()
    try:
        closed = {"WEB_PORT": 9, "RASA_URL": "http://127.0.0.1:9", "ACTION_PORT": 9}
        report = status.fetch(Settings(**closed))  # type: ignore[arg-type]  # aliases
    finally:
        get_settings.cache_clear()
    assert report["status"] == "down"
    assert report["parts"]["web"]["status"] == "down"
    assert report["parts"]["database"]["status"] == "down"


def test_a_widget_server_given_up_on_is_reported_as_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With supervisord's socket known, a FATAL widget server is named as such."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PEERLINE_VAR_DIR", str(tmp_path))
    states = {"web": {"statename": "FATAL", "start": 0, "now": 0}}
    monkeypatch.setattr(status.health, "supervisor_states", lambda _url: states)
    get_settings.cache_clear()
    try:
        closed = {"WEB_PORT": 9, "RASA_URL": "http://127.0.0.1:9", "ACTION_PORT": 9}
        settings = Settings(**closed, PEERLINE_SUPERVISOR_URL="unix:///nowhere.sock")  # type: ignore[arg-type]  # aliases
        report = status.fetch(settings)
    finally:
        get_settings.cache_clear()
    assert report["parts"]["web"]["status"] == "down"
    assert "no longer restarted" in report["parts"]["web"]["detail"]

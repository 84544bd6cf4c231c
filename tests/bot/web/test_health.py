"""The health report: each part's probe, process state and overall status, offline."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.web import health
from bot.web.health import Part, Targets

RASA = "http://rasa.test:5005"
ACTIONS = "http://actions.test:5055"


def migrated_sqlite(tmp_path: Path) -> str:
    path = tmp_path / "peerline.db"
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL)"
        )
        connection.execute("DELETE FROM alembic_version")
        connection.execute("INSERT INTO alembic_version VALUES ('0001')")
    return f"sqlite:///{path}"


def answering(up: set[str]) -> httpx.MockTransport:
    """Rasa and the action server stand-ins: the hosts in `up` answer 200, others refuse."""

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.host not in up:
            raise httpx.ConnectError("refused", request=request)
        assert request.url.path in ("/webhooks/rest/", "/health")
        return httpx.Response(200, json={"status": "ok"})

    return httpx.MockTransport(handle)


def targets(tmp_path: Path, **values: Any) -> Targets:
    fields: dict[str, Any] = {
        "rasa_url": RASA,
        "actions_url": ACTIONS,
        "database_url": migrated_sqlite(tmp_path),
        "var_dir": tmp_path,
        **values,
    }
    return Targets(**fields)


async def test_all_parts_up_is_ok(tmp_path: Path) -> None:
    """Rasa, actions and a migrated database answering: `ok`, Telegram `off` when unset."""
    body = await health.report(
        targets(tmp_path), Part("ok"), answering({"rasa.test", "actions.test"})
    )
    parts = body["parts"]
    assert body["status"] == "ok"
    assert [parts[name]["status"] for name in ("rasa", "actions", "database")] == ["ok"] * 3
    assert parts["telegram"]["status"] == "off"
    assert parts["semantic"]["status"] == "unknown"
    assert body["supervisor"] is None
    assert parts["rasa"]["since_start_s"] is None


async def test_action_server_down_is_degraded_and_rasa_down_is_down(tmp_path: Path) -> None:
    """Without actions Rasa still answers (`degraded`); without Rasa users get nothing."""
    only_rasa = await health.report(targets(tmp_path), Part("ok"), answering({"rasa.test"}))
    assert only_rasa["status"] == "degraded"
    assert only_rasa["parts"]["actions"]["status"] == "down"
    assert "ConnectError" in only_rasa["parts"]["actions"]["detail"]
    no_rasa = await health.report(targets(tmp_path), Part("ok"), answering({"actions.test"}))
    assert no_rasa["status"] == "down"


def test_database_missing_unmigrated_and_fine(tmp_path: Path) -> None:
    """No file, a file without Alembic's table, and a migrated one."""
    missing = health.database_part(f"sqlite:///{tmp_path / 'none.db'}")
    assert missing.status == "down" and "make migrate" in missing.detail
    assert not (tmp_path / "none.db").exists(), "the check must not create the database"
    bare = tmp_path / "bare.db"
    sqlite3.connect(bare).close()
    assert health.database_part(f"sqlite:///{bare}").status == "down"
    assert health.database_part(migrated_sqlite(tmp_path)) == Part("ok")


def test_unreachable_postgres_is_down_without_the_password(tmp_path: Path) -> None:
    """A database nobody listens on is `down`, and the report never repeats the URL."""
    part = health.database_part("postgresql+psycopg://peer:s3cret-pw@127.0.0.1:9/peerline")
    assert part.status == "down"
    assert "s3cret-pw" not in part.detail and "peer" not in part.detail


@pytest.mark.parametrize(
    ("written", "status"),
    [
        ({"status": "ok", "detail": "model loaded", "since": "2026-12-03T07:00:00Z"}, "ok"),
        ({"status": "off", "detail": "no embedding model"}, "degraded"),
        ({"status": "exploded"}, "unknown"),
        (["not", "an", "object"], "unknown"),
    ],
)
def test_semantic_layer_reports_itself(tmp_path: Path, written: object, status: str) -> None:
    """$PEERLINE_VAR_DIR/health/semantic.json: `ok` stays ok, `off` is degraded, junk unknown."""
    (tmp_path / "health").mkdir()
    (tmp_path / "health" / "semantic.json").write_text(json.dumps(written))
    assert health.semantic_part(tmp_path).status == status


def test_semantic_layer_unreadable_report_is_unknown(tmp_path: Path) -> None:
    """Half-written JSON is `unknown`, not an error."""
    (tmp_path / "health").mkdir()
    (tmp_path / "health" / "semantic.json").write_text('{"status": "o')
    assert health.semantic_part(tmp_path).status == "unknown"


@pytest.mark.parametrize(
    ("embedder", "encoder", "status"),
    [("ok", "off", "degraded"), ("ok", "ok", "ok"), ("off", "ok", "degraded")],
)
def test_the_risk_encoders_report_counts_when_it_is_off(
    tmp_path: Path, embedder: str, encoder: str, status: str
) -> None:
    """health/risk_encoder.json `off` degrades the semantic layer even when the embedder is ok."""
    (tmp_path / "health").mkdir()
    (tmp_path / "health" / "semantic.json").write_text(json.dumps({"status": embedder}))
    (tmp_path / "health" / "risk_encoder.json").write_text(
        json.dumps({"status": encoder, "detail": "risk encoder: missing"})
    )
    assert health.semantic_part(tmp_path).status == status


def info(state: str, start: float = 1000.0, now: float = 1042.5) -> dict[str, Any]:
    return {"statename": state, "start": start, "now": now, "pid": 7}


def test_process_states_say_why_a_part_is_down() -> None:
    """Answering: ok with its uptime; restarting or given up on: down, saying which."""
    assert health.process_part(None, info("RUNNING")) == Part("ok", "", 42.5)
    assert health.process_part("refused", info("STARTING")).detail == "restarting"
    assert health.process_part("refused", info("BACKOFF")).detail == "restarting"
    fatal = health.process_part("refused", info("FATAL"))
    assert fatal.status == "down" and "no longer restarted" in fatal.detail
    assert health.process_part("refused", None) == Part("down", "refused")


def test_telegram_follows_its_process() -> None:
    """On and running: ok; on and crashed: down; not under supervisord: unknown; off: off."""
    assert health.telegram_part(True, info("RUNNING"), managed=True).status == "ok"
    assert health.telegram_part(True, info("BACKOFF"), managed=True).detail == "restarting"
    assert health.telegram_part(True, None, managed=True).status == "down"
    assert health.telegram_part(True, None, managed=False).status == "unknown"
    assert health.telegram_part(False, info("RUNNING"), managed=True).status == "off"


async def test_process_states_come_from_supervisord(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a supervisord socket, each part carries its process's time since (re)start."""
    states = {"rasa": info("RUNNING", 100.0, 160.0), "actions": info("BACKOFF")}
    asked: list[str] = []

    def fake_states(url: str) -> dict[str, dict[str, Any]]:
        asked.append(url)
        return states

    monkeypatch.setattr(health, "supervisor_states", fake_states)
    body = await health.report(
        targets(tmp_path, supervisor_url="unix:///x.sock"), Part("ok"), answering({"rasa.test"})
    )
    assert asked == ["unix:///x.sock"]
    assert body["supervisor"] == "supervisord"
    assert body["parts"]["rasa"]["since_start_s"] == 60.0
    assert body["parts"]["actions"] == {
        "status": "down",
        "detail": "restarting",
        "since_start_s": None,
    }


async def test_report_names_no_user(tmp_path: Path) -> None:
    """The report's keys are parts and states only."""
    body = await health.report(targets(tmp_path), Part("ok"), answering({"rasa.test"}))
    assert set(body) == {"status", "checked_at", "supervisor", "parts"}
    for part in body["parts"].values():
        assert set(part) == {"status", "detail", "since_start_s"}

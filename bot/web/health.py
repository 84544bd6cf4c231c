"""Peerline's health report (`GET /health`, `make status`): each part `ok`, `degraded` or
`down`, and the seconds since its process last (re)started. Nothing about users.

Each network part is probed (Rasa's REST channel, the action server's /health, a query on
Peerline's database); process states and start times come from supervisord when Peerline
runs under it (`make run`), and are left out under systemd or an orchestrator, which keep
their own. The semantic layer reports itself in `$PEERLINE_VAR_DIR/health/semantic.json`.
"""

from __future__ import annotations

import asyncio
import json
import time
import xmlrpc.client
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import anyio
import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool
from supervisor.xmlrpc import SupervisorTransport

Status = Literal["ok", "degraded", "down", "off", "unknown"]
PROBE_TIMEOUT_S = 2.0
SUPERVISOR_TIMEOUT_S = 2.0
SEMANTIC_STATES: Mapping[str, Status] = {"ok": "ok", "off": "degraded"}
RESTARTING = frozenset({"STARTING", "BACKOFF"})


@dataclass(frozen=True)
class Part:
    """One part's state; `since_start_s` is None where no process manager told us."""

    status: Status
    detail: str = ""
    since_start_s: float | None = None

    def as_json(self) -> dict[str, Any]:
        since = None if self.since_start_s is None else round(self.since_start_s, 1)
        return {"status": self.status, "detail": self.detail, "since_start_s": since}


@dataclass(frozen=True)
class Targets:
    """What to check: where each part listens, and which parts are switched on."""

    rasa_url: str
    actions_url: str
    database_url: str
    var_dir: Path
    supervisor_url: str | None = None
    telegram_enabled: bool = False


ProcessStates = dict[str, dict[str, Any]]


def supervisor_states(url: str) -> ProcessStates:
    """supervisord's view of each of its processes, by name (blocking: XML-RPC)."""
    proxy = xmlrpc.client.ServerProxy(
        "http://127.0.0.1", transport=SupervisorTransport(None, None, url)
    )
    infos: list[dict[str, Any]] = proxy.supervisor.getAllProcessInfo()  # type: ignore[assignment]  # XML-RPC returns Any
    return {info["name"]: info for info in infos}


def since_start(info: Mapping[str, Any] | None) -> float | None:
    """Seconds since the process last started, while it runs."""
    if not info or info.get("statename") != "RUNNING" or not info.get("start"):
        return None
    return float(info["now"]) - float(info["start"])


def process_part(problem: str | None, info: Mapping[str, Any] | None) -> Part:
    """A probed process: `ok` when it answers; otherwise `down`, saying why if we know."""
    since = since_start(info)
    if problem is None:
        return Part("ok", "", since)
    state = info.get("statename") if info else None
    if state == "FATAL":
        detail = "failed: it kept exiting at start and is no longer restarted"
    elif state in RESTARTING:
        detail = "restarting"
    else:
        detail = problem
    return Part("down", detail, since)


async def probe(client: httpx.AsyncClient, url: str) -> str | None:
    """None when `url` answers 200, else why not."""
    try:
        response = await client.get(url)
    except httpx.TimeoutException:
        return "not answering (timed out)"
    except httpx.HTTPError as error:
        return f"not reachable ({type(error).__name__})"
    if response.status_code != 200:
        return f"answered HTTP {response.status_code}"
    return None


def database_part(url: str) -> Part:
    """Peerline's database: reachable and migrated (blocking)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or not Path(parsed.database).is_file():
            return Part("down", "no database file: run `make migrate`")
        engine = create_engine(
            f"sqlite:///file:{parsed.database}?mode=ro&uri=true",
            poolclass=NullPool,
            connect_args={"timeout": PROBE_TIMEOUT_S},
        )
    else:
        engine = create_engine(
            parsed, poolclass=NullPool, connect_args={"connect_timeout": int(PROBE_TIMEOUT_S)}
        )
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    except SQLAlchemyError as error:
        return Part("down", f"not usable ({type(error).__name__}): is it up and migrated?")
    finally:
        engine.dispose()
    return Part("ok")


def semantic_part(var_dir: Path) -> Part:
    """The semantic layer as it last reported itself, `unknown` when it never did; the
    risk encoder's own report (when there is one) counts when it is not ok."""
    part = reported_part(var_dir / "health" / "semantic.json")
    encoder = var_dir / "health" / "risk_encoder.json"
    if part.status == "ok" and encoder.exists():
        other = reported_part(encoder)
        if other.status != "ok":
            return other
    return part


def reported_part(path: Path) -> Part:
    """A part's state from the JSON report it wrote (status `ok` or `off`)."""
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Part("unknown", "no report yet")
    except (OSError, ValueError):
        return Part("unknown", f"unreadable report in {path.name}")
    if not isinstance(report, dict):
        return Part("unknown", f"unreadable report in {path.name}")
    status = SEMANTIC_STATES.get(str(report.get("status")), "unknown")
    detail = str(report.get("detail") or report.get("status") or "")[:200]
    since = report.get("since")
    return Part(status, f"{detail} (since {since})" if since else detail)


def telegram_part(enabled: bool, info: Mapping[str, Any] | None, managed: bool) -> Part:
    """The bridge has no port of its own when polling: its process state says it all."""
    if not enabled:
        return Part("off", "TELEGRAM_BOT_TOKEN is not set")
    if not managed:
        return Part("unknown", "not run by supervisord: ask its own service manager")
    state = info.get("statename") if info else None
    if state == "RUNNING":
        return Part("ok", "", since_start(info))
    return process_part(f"process {str(state or 'missing').lower()}", info)


def overall(parts: Mapping[str, Part]) -> Status:
    """`down` when users get no answer from Rasa; `degraded` when any other part is not ok."""
    if parts["rasa"].status == "down":
        return "down"
    fine = {"ok", "off", "unknown"}
    return "ok" if all(part.status in fine for part in parts.values()) else "degraded"


async def _states(url: str | None) -> ProcessStates | None:
    if url is None:
        return None
    with anyio.move_on_after(SUPERVISOR_TIMEOUT_S):
        try:
            return await anyio.to_thread.run_sync(supervisor_states, url, abandon_on_cancel=True)
        except (OSError, xmlrpc.client.Error):
            return None
    return None


async def _database(url: str) -> Part:
    with anyio.move_on_after(PROBE_TIMEOUT_S + 1):
        return await anyio.to_thread.run_sync(database_part, url, abandon_on_cancel=True)
    return Part("down", "not answering (timed out)")


async def report(
    targets: Targets,
    web: Part,
    transport: httpx.AsyncBaseTransport | None = None,
) -> dict[str, Any]:
    """The whole report; `web` is the caller's own state, `transport` stands in for HTTP."""
    async with httpx.AsyncClient(timeout=PROBE_TIMEOUT_S, transport=transport) as client:
        rasa, actions, database, states = await asyncio.gather(
            probe(client, targets.rasa_url.rstrip("/") + "/webhooks/rest/"),
            probe(client, targets.actions_url.rstrip("/") + "/health"),
            _database(targets.database_url),
            _states(targets.supervisor_url),
        )
    managed = states is not None
    states = states or {}
    parts = {
        "rasa": process_part(rasa, states.get("rasa")),
        "actions": process_part(actions, states.get("actions")),
        "database": database,
        "web": web,
        "telegram": telegram_part(targets.telegram_enabled, states.get("telegram"), managed),
        "semantic": semantic_part(targets.var_dir),
    }
    return {
        "status": overall(parts),
        "checked_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "supervisor": "supervisord" if managed else None,
        "parts": {name: part.as_json() for name, part in parts.items()},
    }

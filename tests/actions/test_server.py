"""The action server answers only requests carrying the shared token; /health stays open."""

from __future__ import annotations

import asyncio
import configparser
from collections.abc import AsyncIterator
from pathlib import Path
from threading import current_thread, main_thread
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sanic import Sanic

from actions import server
from actions import settings as settings_module
from actions.server import _parser, build_app, check_database, main, token_guard
from actions.settings import Settings

REPO = Path(__file__).resolve().parents[2]
TOKEN = "test-token-0123456789"
CANARY = "canary-text-7f3a"

pytestmark = pytest.mark.filterwarnings("ignore:You have set a listener:UserWarning")


class ActionExplodeForTest(Action):
    """Fails on purpose, to see what a 500 reveals (rasa_sdk registers every subclass)."""

    def name(self) -> str:
        return "action_explode_for_test"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        raise RuntimeError("boom")


def action_call(action: str, text: str = "hello") -> dict[str, Any]:
    """The body Rasa 3.6 posts to /webhook to run ``action``."""
    return {
        "next_action": action,
        "sender_id": "user-1",
        "version": "3.6.21",
        "domain": {},
        "tracker": {
            "sender_id": "user-1",
            "slots": {},
            "latest_message": {"text": text, "intent": {}, "entities": []},
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        },
    }


@pytest.fixture
async def client(
    app_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[httpx.AsyncClient]:
    """The real app over ASGI, after Sanic's lifespan start-up (routes finalised)."""
    monkeypatch.setattr(Sanic, "test_mode", True)  # one app per test under the same name
    app = build_app(TOKEN)
    messages: asyncio.Queue[dict[str, str]] = asyncio.Queue()
    await messages.put({"type": "lifespan.startup"})
    started = asyncio.Event()

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "lifespan.startup.complete":
            started.set()

    lifespan = asyncio.create_task(app({"type": "lifespan"}, messages.get, send))
    await asyncio.wait_for(started.wait(), 10)
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]  # Sanic is an ASGI app
    async with httpx.AsyncClient(transport=transport, base_url="http://actions") as http:
        yield http
    lifespan.cancel()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_webhook_without_token_is_refused(client: httpx.AsyncClient) -> None:
    """No Authorization header: 401 with a JSON reason, and the action does not run."""
    response = await client.post("/webhook", json=action_call("action_role_noted"))
    assert response.status_code == 401
    assert "missing token" in response.json()["error"]
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("Bearer wrong-token", "invalid token"),
        (f"Bearer {TOKEN}x", "invalid token"),
        (f"Bearer {TOKEN[:-1]}", "invalid token"),
        ("Bearer tøken", "invalid token"),
        (f"Basic {TOKEN}", "missing token"),
        (TOKEN, "missing token"),
        ("Bearer ", "missing token"),
    ],
)
async def test_webhook_with_wrong_token_is_refused(
    client: httpx.AsyncClient, header: str, reason: str
) -> None:
    """A wrong token, a prefix of the right one, non-ASCII or the wrong scheme: 401."""
    response = await client.post(
        "/webhook",
        json=action_call("action_role_noted"),
        headers={"Authorization": header.encode()},
    )
    assert response.status_code == 401
    assert response.json()["error"].startswith(reason)


async def test_webhook_with_token_runs_the_action(client: httpx.AsyncClient) -> None:
    """The right token: the action runs and its response comes back."""
    response = await client.post(
        "/webhook", json=action_call("action_role_noted"), headers=bearer(TOKEN)
    )
    assert response.status_code == 200
    assert [message["response"] for message in response.json()["responses"]] == ["utter_role_noted"]


async def test_action_list_needs_the_token(client: httpx.AsyncClient) -> None:
    """/actions lists the actions only to a caller with the token."""
    assert (await client.get("/actions")).status_code == 401
    listed = await client.get("/actions", headers=bearer(TOKEN))
    assert listed.status_code == 200
    assert {"name": "action_log_checkin"} in listed.json()


async def test_health_is_open(client: httpx.AsyncClient) -> None:
    """/health answers without a token (for load balancers and `make run`'s readiness)."""
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_bad_json_is_a_400_not_a_500(client: httpx.AsyncClient) -> None:
    """With the token, a body that is not JSON gets a 400 with a reason."""
    response = await client.post(
        "/webhook",
        content=b'{"next_action": ',
        headers={**bearer(TOKEN), "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["error"]


async def test_server_error_echoes_nothing_of_the_request(client: httpx.AsyncClient) -> None:
    """A failing action gives a 500 that contains neither the message text nor the error."""
    response = await client.post(
        "/webhook", json=action_call("action_explode_for_test", CANARY), headers=bearer(TOKEN)
    )
    assert response.status_code == 500
    assert CANARY not in response.text
    assert "boom" not in response.text


def test_empty_token_is_refused_at_start() -> None:
    """An empty shared token would let anyone in: building the guard fails."""
    with pytest.raises(ValueError, match="must not be empty"):
        token_guard("")


def test_local_token_is_made_once_with_owner_only_access(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without ACTION_SERVER_TOKEN the token comes from var/action.token, mode 0600, stable."""
    monkeypatch.delenv("ACTION_SERVER_TOKEN", raising=False)
    settings = Settings(PEERLINE_VAR_DIR=tmp_path, _env_file=None)
    first = settings.action_token()
    assert len(first) >= 32
    assert settings.action_token() == first
    assert (tmp_path / "action.token").stat().st_mode & 0o777 == 0o600
    assert Settings(ACTION_SERVER_TOKEN="from-env").action_token() == "from-env"


def test_unreachable_database_stops_the_server_with_one_sentence(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """DATABASE_URL pointing at nothing: exit 1 and one line naming the database and fix."""
    monkeypatch.setenv("PEERLINE_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://peerline:pw@127.0.0.1:1/peerline")
    settings_module.get_settings.cache_clear()
    try:
        assert main(["--port", "1"]) == 1
    finally:
        settings_module.get_settings.cache_clear()
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1
    assert error.startswith("Peerline cannot reach its database at postgresql+psycopg://")
    assert "pw" not in error
    assert "unset DATABASE_URL" in error


def test_unmigrated_database_is_named(tmp_path: Path, sqlite_url: str) -> None:
    """An empty database is reported with the command that fixes it; a migrated one passes."""
    problem = check_database(f"sqlite:///{tmp_path / 'empty.db'}")
    assert problem is not None
    assert "make migrate" in problem
    assert check_database(sqlite_url) is None


def test_loopback_is_the_default_address(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without ACTION_HOST the server binds 127.0.0.1, never every interface."""
    monkeypatch.delenv("ACTION_HOST", raising=False)
    monkeypatch.delenv("ACTION_PORT", raising=False)
    settings = Settings(_env_file=None)
    assert (settings.action_host, settings.action_port) == ("127.0.0.1", 5055)
    args = _parser(settings).parse_args([])
    assert (args.host, args.port) == ("127.0.0.1", 5055)


def test_rasa_sends_the_token_from_endpoints_yml() -> None:
    """endpoints.yml's action endpoint carries the token header, filled from the environment."""
    endpoints = yaml.safe_load((REPO / "endpoints.yml").read_text())
    assert endpoints["action_endpoint"]["headers"] == {
        "Authorization": "Bearer ${ACTION_SERVER_TOKEN}"
    }
    conf = configparser.RawConfigParser(inline_comment_prefixes=(";",))
    conf.read(REPO / "supervisord.conf")
    assert conf["program:actions"]["command"] == "%(ENV_APP_VENV)s/bin/python -m actions.server"


async def test_charting_loads_in_a_thread_once_the_server_listens(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The after-start hook loads matplotlib off the event loop, so a restart answers sooner."""
    threads: list[str] = []
    monkeypatch.setattr(server, "load_charting", lambda: threads.append(current_thread().name))
    app = SimpleNamespace(ctx=SimpleNamespace())
    await server.warm_charting(app, asyncio.get_running_loop())  # type: ignore[arg-type]
    await app.ctx.charting
    assert len(threads) == 1 and threads[0] != main_thread().name

"""Locked-down endpoints on the real stack: the action server's shared token, Rasa's HTTP API
off by default and token-only when on, and a deleted user gone from every table."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import socket
import sqlite3
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from actions.settings import Settings
from devtools.stack import REPO, Stack
from peerline_core.privacy import pseudonym
from tests.scripts.test_rasa_run import api_flags

pytestmark = pytest.mark.integration

API_PATHS = ("/status", "/conversations/someone/tracker", "/model/parse")


def texts(replies: list[dict[str, Any]]) -> str:
    return " ".join(reply.get("text", "") for reply in replies)


def action_call(sender: str) -> dict[str, Any]:
    """What Rasa posts to run action_role_noted for ``sender``."""
    tracker = {"sender_id": sender, "slots": {}, "latest_message": {}, "events": []}
    return {"next_action": "action_role_noted", "sender_id": sender, "tracker": tracker}


def api_request(base: str, path: str, **kwargs: Any) -> httpx.Response:
    if path == "/model/parse":
        return httpx.post(base + path, json={"text": "hi"}, timeout=30, **kwargs)
    return httpx.get(base + path, timeout=30, **kwargs)


def jwt(secret: str, payload: dict[str, Any]) -> str:
    """An HS256 JSON Web Token, as an agency's own backend would mint one."""

    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    header = part(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = part(json.dumps({**payload, "exp": int(time.time()) + 300}).encode())
    signature = hmac.new(secret.encode(), f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{part(signature)}"


# --- The action server ---------------------------------------------------------------


def test_rasa_runs_custom_actions_through_the_token(stack: Stack) -> None:
    """The real Rasa sends endpoints.yml's token header: a custom action answers."""
    question = "a client asked me to be friends on instagram, is that ok?"
    replies = stack.say(f"sec-{uuid.uuid4().hex[:10]}", question)
    assert "Source:" in texts(replies), replies  # written by action_answer_toolkit


def test_action_server_refuses_requests_without_the_token(stack: Stack) -> None:
    """Straight to the action server: no token or a wrong one is 401, the right one 200."""
    url = f"http://127.0.0.1:{stack.action_port}"
    body = action_call("sec-direct")
    refused = httpx.post(f"{url}/webhook", json=body, timeout=10)
    assert refused.status_code == 401 and refused.json()["error"].startswith("missing token")
    wrong = httpx.post(
        f"{url}/webhook", json=body, headers={"Authorization": "Bearer guess"}, timeout=10
    )
    assert wrong.status_code == 401 and wrong.json() == {"error": "invalid token"}
    assert httpx.get(f"{url}/actions", timeout=10).status_code == 401
    right = httpx.post(
        f"{url}/webhook",
        json=body,
        headers={"Authorization": f"Bearer {stack.action_token}"},
        timeout=10,
    )
    assert right.status_code == 200
    assert right.json()["responses"][0]["response"] == "utter_role_noted"
    assert httpx.get(f"{url}/health", timeout=10).status_code == 200


def test_action_server_listens_on_loopback_only(stack: Stack) -> None:
    """Bound to 127.0.0.1, not every address: another local address is refused."""
    with socket.socket() as probe:
        probe.settimeout(2)
        assert probe.connect_ex(("127.0.0.2", stack.action_port)) != 0
    with socket.create_connection(("127.0.0.1", stack.action_port), timeout=2):
        pass


# --- Rasa's HTTP API ---------------------------------------------------------------


@pytest.mark.parametrize("path", API_PATHS)
def test_rasa_http_api_is_off_by_default(stack: Stack, path: str) -> None:
    """Started as supervisord.conf starts it without credentials, Rasa has no HTTP API routes."""
    response = api_request(f"http://127.0.0.1:{stack.rasa_port}", path)
    assert response.status_code == 404


@pytest.fixture(scope="module")
def api_rasa(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A second Rasa with the API on, its flags made by scripts/rasa_run.sh from the env."""
    token, jwt_secret = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    flags = api_flags(
        tmp_path_factory.mktemp("wrapper"), {"RASA_API_TOKEN": token, "RASA_JWT_SECRET": jwt_secret}
    )
    second = Stack(
        workdir=tmp_path_factory.mktemp("api-rasa"),
        rasa_venv=stack.rasa_venv,
        database_url=stack.database_url,
        action_port=stack.action_port,
        action_token=stack.action_token,
    )
    try:
        second.start_rasa(extra_args=tuple(flags))
        yield {"url": f"http://127.0.0.1:{second.rasa_port}", "token": token, "jwt": jwt_secret}
    finally:
        second.stop()


@pytest.mark.parametrize("path", API_PATHS)
def test_rasa_http_api_needs_the_token(api_rasa: dict[str, str], path: str) -> None:
    """With RASA_API_TOKEN set: no token or a wrong one is 401, the token 200."""
    assert api_request(api_rasa["url"], path).status_code == 401
    assert api_request(api_rasa["url"], path, params={"token": "guess"}).status_code == 401
    answered = api_request(api_rasa["url"], path, params={"token": api_rasa["token"]})
    assert answered.status_code == 200, answered.text


def test_rasa_http_api_accepts_only_a_jwt_signed_with_the_secret(
    api_rasa: dict[str, str],
) -> None:
    """With RASA_JWT_SECRET set: a JWT signed with it is let in, within its role's scope."""
    admin = {"user": {"username": "ops", "role": "admin"}}
    good = {"Authorization": f"Bearer {jwt(api_rasa['jwt'], admin)}"}
    forged = {"Authorization": f"Bearer {jwt('not-the-secret', admin)}"}
    assert api_request(api_rasa["url"], "/status", headers=good).status_code == 200
    assert api_request(api_rasa["url"], "/status", headers=forged).status_code == 401
    user = {"user": {"username": "someone", "role": "user"}}
    own = {"Authorization": f"Bearer {jwt(api_rasa['jwt'], user)}"}
    tracker = "/conversations/someone/tracker"
    assert api_request(api_rasa["url"], tracker, headers=own).status_code == 200
    other = "/conversations/someone-else/tracker"
    assert api_request(api_rasa["url"], other, headers=own).status_code == 403


# --- Deleting a user ---------------------------------------------------------------


def tables(db: Path) -> dict[str, list[str]]:
    """Every table of an SQLite file and its columns, read from sqlite_master."""
    with sqlite3.connect(db) as connection:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            name: [column[1] for column in connection.execute(f'PRAGMA table_info("{name}")')]
            for name in names
        }


def rows_mentioning(db: Path, needles: list[str]) -> dict[str, int]:
    """Per table, how many rows hold any needle in any column (text or bytes)."""
    found: dict[str, int] = {}
    with sqlite3.connect(db) as connection:
        for table, columns in tables(db).items():
            match = " OR ".join(
                f'instr(CAST("{column}" AS TEXT), ?) > 0' for column in columns for _ in needles
            )
            count = connection.execute(
                f'SELECT count(*) FROM "{table}" WHERE {match}',
                [needle for _ in columns for needle in needles],
            ).fetchone()[0]
            if count:
                found[table] = count
    return found


def test_deleting_a_user_leaves_no_row_in_any_table(stack: Stack) -> None:
    """After "delete my data", neither database has a row with the user's key or sender id."""
    sender = f"del-{uuid.uuid4().hex[:12]}"
    secret = Settings(_env_file=REPO / ".env").pseudonym_secret.get_secret_value()
    needles = [sender, pseudonym(secret.encode(), "rest", sender)]
    peerline_db = Path(stack.database_url.removeprefix("sqlite:///"))

    assert "mood" in texts(stack.say(sender, "check in"))
    stack.say(sender, "pretty rough")
    stack.say(sender, "4/5")
    stack.say(sender, "yes")
    assert "mood 2/5, stress 4/5" in texts(stack.say(sender, "a quiet evening"))
    # The scan finds the user before the deletion, so its silence afterwards means something.
    assert rows_mentioning(peerline_db, needles) == {"checkins": 1}
    assert rows_mentioning(stack.tracker_db, needles).get("events", 0) > 10

    assert "can't be undone" in texts(stack.say(sender, "delete my data"))
    assert "deleted 1 check-in" in texts(stack.say(sender, "yes"))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and rows_mentioning(stack.tracker_db, needles):
        time.sleep(0.3)
    assert set(tables(peerline_db)) >= {"checkins", "crisis_referrals"}
    assert rows_mentioning(peerline_db, needles) == {}
    assert rows_mentioning(stack.tracker_db, needles) == {}

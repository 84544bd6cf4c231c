"""The webhook app answers a bad body with a 400 and its reason, never a 500, and logs
no content; a good update is queued; a request without the secret is refused."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import httpx
import pytest
from telegram import Bot, Update

from bot.telegram import webhook

SECRET = "unit-secret"
HEADERS = {"Content-Type": "application/json", webhook.SECRET_HEADER: SECRET}
URL = "http://bridge/hook"


@pytest.fixture
async def served() -> AsyncIterator[tuple[httpx.AsyncClient, asyncio.Queue[object]]]:
    queue: asyncio.Queue[object] = asyncio.Queue()
    app = webhook.create_app(Bot("123:unit-token"), queue, "/hook", SECRET)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app)) as client:
        yield client, queue


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"\xff\xfe", "The body is not UTF-8 text"),
        (b"{", "The body is not valid JSON"),
        (b"[]", "The body is not a JSON object"),
        (b"[" * 100_000 + b"]" * 100_000, "The body is nested too deeply"),
        (b'{"update_id": 1, "message": 5}', "Update could not be processed"),
    ],
)
async def test_bad_bodies_get_a_400_with_the_reason(
    served: tuple[httpx.AsyncClient, asyncio.Queue[object]], body: bytes, reason: str
) -> None:
    """Invalid UTF-8, bad JSON, a non-object and an unreadable update: 400, JSON reason."""
    client, queue = served
    response = await client.post(URL, content=body, headers=HEADERS)
    assert response.status_code == 400
    assert response.json() == {"error": reason}
    assert queue.empty()


async def test_an_oversized_body_is_refused_unread(
    served: tuple[httpx.AsyncClient, asyncio.Queue[object]],
) -> None:
    """A body over MAX_BODY_BYTES gets a 413 with its reason and queues nothing."""
    client, queue = served
    body = b'{"update_id": 1, "pad": "' + b"x" * webhook.MAX_BODY_BYTES + b'"}'
    response = await client.post(URL, content=body, headers=HEADERS)
    assert response.status_code == 413
    assert response.json() == {"error": "The body is too large"}
    assert queue.empty()


async def test_an_unreadable_update_is_not_logged(
    served: tuple[httpx.AsyncClient, asyncio.Queue[object]], caplog: pytest.LogCaptureFixture
) -> None:
    """PTB logged an unreadable update in full at CRITICAL; its text must appear nowhere."""
    client, _ = served
    body = b'{"update_id": 2, "message": {"text": "canary-5d1e"}}'
    with caplog.at_level(logging.DEBUG):
        response = await client.post(URL, content=body, headers=HEADERS)
    assert response.status_code == 400
    assert "canary-5d1e" not in caplog.text


async def test_a_good_update_is_queued_and_a_bad_secret_refused(
    served: tuple[httpx.AsyncClient, asyncio.Queue[object]],
) -> None:
    """A readable update is queued (200); without or with a wrong secret it is a 403."""
    client, queue = served
    update = {"update_id": 3}
    assert (await client.post(URL, json=update, headers=HEADERS)).status_code == 200
    missing = await client.post(URL, json=update, headers={"Content-Type": "application/json"})
    wrong = await client.post(URL, json=update, headers={**HEADERS, webhook.SECRET_HEADER: "x"})
    assert [missing.status_code, wrong.status_code] == [403, 403]
    assert missing.json()["error"] and wrong.json()["error"]
    assert queue.qsize() == 1
    queued = queue.get_nowait()
    assert isinstance(queued, Update) and queued.update_id == 3


@pytest.mark.parametrize(
    ("method", "path", "content_type", "status"),
    [
        ("GET", "/hook", "application/json", 405),
        ("POST", "/elsewhere", "application/json", 404),
        ("POST", "/hook", "text/plain", 403),
    ],
)
async def test_other_requests_are_refused_with_a_json_reason(
    served: tuple[httpx.AsyncClient, asyncio.Queue[object]],
    method: str,
    path: str,
    content_type: str,
    status: int,
) -> None:
    """A wrong method, path or content type is refused below 500 with a JSON reason."""
    client, queue = served
    headers = {**HEADERS, "Content-Type": content_type}
    response = await client.request(
        method, "http://bridge" + path, content=b'{"update_id": 4}', headers=headers
    )
    assert response.status_code == status
    assert response.json()["error"]
    assert queue.empty()

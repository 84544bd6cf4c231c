"""The webhook handler answers a bad body with a 400 and its reason, never a 500, and logs
no content; a good update is queued as before."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import AsyncIterator

import httpx
import pytest
from telegram import Bot
from telegram.ext._utils.webhookhandler import WebhookAppClass, WebhookServer

from bot.telegram import webhook

SECRET = "unit-secret"
HEADERS = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
async def served() -> AsyncIterator[tuple[str, asyncio.Queue[object]]]:
    webhook.install()
    queue: asyncio.Queue[object] = asyncio.Queue()
    app = WebhookAppClass("/hook", Bot("123:unit-token"), queue, secret_token=SECRET)
    port = free_port()
    server = WebhookServer("127.0.0.1", port, app, None)
    await server.serve_forever()
    try:
        yield f"http://127.0.0.1:{port}/hook", queue
    finally:
        await server.shutdown()


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
    served: tuple[str, asyncio.Queue[object]], body: bytes, reason: str
) -> None:
    """Invalid UTF-8, bad JSON, a non-object and an unreadable update: 400, JSON reason."""
    url, queue = served
    async with httpx.AsyncClient() as client:
        response = await client.post(url, content=body, headers=HEADERS)
    assert response.status_code == 400
    assert response.json() == {"error": reason}
    assert queue.empty()


async def test_an_unreadable_update_is_not_logged(
    served: tuple[str, asyncio.Queue[object]], caplog: pytest.LogCaptureFixture
) -> None:
    """PTB logged an unreadable update in full at CRITICAL; its text must appear nowhere."""
    url, _ = served
    body = b'{"update_id": 2, "message": {"text": "canary-5d1e"}}'
    with caplog.at_level(logging.DEBUG):
        async with httpx.AsyncClient() as client:
            response = await client.post(url, content=body, headers=HEADERS)
    assert response.status_code == 400
    assert "canary-5d1e" not in caplog.text


async def test_a_good_update_is_queued_and_a_bad_secret_refused(
    served: tuple[str, asyncio.Queue[object]],
) -> None:
    """A readable update is queued (200); without the secret it is a 403 with a reason."""
    url, queue = served
    update = {"update_id": 3}
    async with httpx.AsyncClient() as client:
        assert (await client.post(url, json=update, headers=HEADERS)).status_code == 200
        refused = await client.post(url, json=update, headers={"Content-Type": "application/json"})
    assert queue.qsize() == 1
    assert refused.status_code == 403 and refused.json()["error"]

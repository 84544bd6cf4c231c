"""The webhook app answers a bad body with a 400 and its reason, never a 500, and logs
no content; a good update is queued; a request without the secret is refused."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import AsyncIterator

import httpx
import pytest
from telegram import Bot, Update

from bot.telegram import webhook
from bot.telegram.app import ALLOWED_UPDATES, BRIDGE_KEY, build_application
from bot.telegram.settings import Settings
from devtools.fake_telegram import TOKEN, FakeTelegram
from devtools.stack import free_port

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


async def test_serve_registers_answers_and_stops_cleanly_on_sigterm() -> None:
    """serve(): setWebhook with the secret, a posted update is answered through Rasa, and
    SIGTERM ends it with post_shutdown run (the Rasa client closed)."""
    rasa_bodies: list[bytes] = []

    def rasa(request: httpx.Request) -> httpx.Response:
        rasa_bodies.append(request.content)
        return httpx.Response(200, json=[{"text": "hello from rasa"}])

    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    with FakeTelegram() as fake:
        settings = Settings(  # type: ignore[call-arg]  # by alias
            _env_file=None,
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_API_BASE_URL=fake.base_url,
            TELEGRAM_MODE="webhook",
            TELEGRAM_WEBHOOK_URL=url,
            TELEGRAM_WEBHOOK_SECRET=SECRET,
        )
        application = build_application(settings, rasa_transport=httpx.MockTransport(rasa))
        serving = asyncio.create_task(
            webhook.serve(
                application,
                listen="127.0.0.1",
                port=port,
                url=url,
                path=settings.webhook_path,
                secret=SECRET,
                allowed_updates=ALLOWED_UPDATES,
            )
        )
        try:
            [registered] = await asyncio.to_thread(fake.wait_for, "setWebhook")
            assert registered.params["url"] == url
            assert registered.params["secret_token"] == SECRET
            update = {"update_id": 41, **fake.message_update(5151, "hi")}
            async with httpx.AsyncClient() as client:
                for _ in range(100):  # until uvicorn listens
                    try:
                        response = await client.post(url, json=update, headers=HEADERS)
                        break
                    except httpx.ConnectError:
                        await asyncio.sleep(0.05)
            assert response.status_code == 200
            [sent] = await asyncio.to_thread(fake.wait_for, "sendMessage")
            assert sent.params["text"] == "hello from rasa" and len(rasa_bodies) == 1
            signal.raise_signal(signal.SIGTERM)
            await asyncio.wait_for(serving, timeout=15)
        finally:
            serving.cancel()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    assert application.bot_data[BRIDGE_KEY].rasa is None
    assert not application.running

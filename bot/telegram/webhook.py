"""The Telegram webhook: a Starlette app that checks each request and queues its update.

This is python-telegram-bot's supported route for a webhook server of one's own (its
``examples/customwebhookbot/starlettebot.py``): the Application runs without PTB's
built-in server and this app puts each update on ``Application.update_queue``.
A request without the secret token gets a 403; a body that is not a readable update
gets a 400 with its reason, never a 500 (Telegram would redeliver it again and again);
no content is logged; every error is JSON ``{"error": reason}``.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

import uvicorn
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from telegram import Bot, Update
from telegram.ext import ExtBot

if TYPE_CHECKING:
    from telegram.ext import Application

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105  # a header name, not a secret
# Telegram's updates are a few kilobytes; anything far larger is not one of them.
MAX_BODY_BYTES = 1024 * 1024


def _refuse(status: HTTPStatus, reason: str) -> HTTPException:
    return HTTPException(status, detail=reason)


async def _body(request: Request) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise _refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "The body is too large")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise _refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "The body is too large")
    return bytes(body)


def _update(body: bytes, bot: Bot) -> Update | None:
    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise _refuse(HTTPStatus.BAD_REQUEST, "The body is not UTF-8 text") from None
    except ValueError:
        raise _refuse(HTTPStatus.BAD_REQUEST, "The body is not valid JSON") from None
    except RecursionError:
        raise _refuse(HTTPStatus.BAD_REQUEST, "The body is nested too deeply") from None
    if not isinstance(data, dict):
        raise _refuse(HTTPStatus.BAD_REQUEST, "The body is not a JSON object")
    try:
        return Update.de_json(data, bot)
    except Exception:  # PTB raises anything on a malformed update
        logger.warning("A webhook body was not a readable update; it was dropped")
        raise _refuse(HTTPStatus.BAD_REQUEST, "Update could not be processed") from None


def create_app(bot: Bot, queue: asyncio.Queue[Any], path: str, secret: str) -> Starlette:
    """The webhook app: POST ``/<path>`` with the secret header queues one update."""

    async def telegram(request: Request) -> Response:
        """Check the content type and the secret, then read the body as an update."""
        if request.headers.get("content-type") != "application/json":
            raise _refuse(HTTPStatus.FORBIDDEN, "The content type must be application/json")
        token = request.headers.get(SECRET_HEADER)
        if not token:
            raise _refuse(HTTPStatus.FORBIDDEN, "Request did not include the secret token")
        if not hmac.compare_digest(token.encode(), secret.encode()):
            raise _refuse(HTTPStatus.FORBIDDEN, "Request had the wrong secret token")
        update = _update(await _body(request), bot)
        if update is not None:
            if isinstance(bot, ExtBot):
                bot.insert_callback_data(update)
            await queue.put(update)
        return Response(status_code=HTTPStatus.OK)

    async def refused(_: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)  # registered for HTTPException only
        return JSONResponse({"error": error.detail}, error.status_code, error.headers)

    return Starlette(
        routes=[Route("/" + path.strip("/"), telegram, methods=["POST"])],
        exception_handlers={HTTPException: refused},
    )


async def serve(
    application: Application[Any, Any, Any, Any, Any, Any],
    *,
    listen: str,
    port: int,
    url: str,
    path: str,
    secret: str,
    allowed_updates: list[str],
) -> None:
    """Register the webhook with Telegram and answer it until SIGINT or SIGTERM."""
    app = create_app(application.bot, application.update_queue, path, secret)
    config = uvicorn.Config(
        app, host=listen, port=port, ws="none", log_config=None, access_log=False
    )
    server = uvicorn.Server(config)
    # uvicorn hands SIGINT/SIGTERM back to the previous handler once it has stopped; this
    # one ends the server (also before it started) and lets the Application stop cleanly.
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop_signal, lambda *_: setattr(server, "should_exit", True))
    # The order of PTB's own run_webhook: initialize, post_init, setWebhook, start; then
    # stop, post_stop, shutdown, post_shutdown.
    try:
        async with application:
            if application.post_init is not None:
                await application.post_init(application)
            await application.bot.set_webhook(
                url=url, allowed_updates=allowed_updates, secret_token=secret
            )
            await application.start()
            try:
                await server.serve()
            finally:
                await application.stop()
                if application.post_stop is not None:
                    await application.post_stop(application)
    finally:
        if application.post_shutdown is not None:
            await application.post_shutdown(application)

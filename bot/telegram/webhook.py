"""The webhook's request handler: python-telegram-bot's own, made strict about bad bodies.

python-telegram-bot 22's handler decodes and parses the body unchecked, so invalid UTF-8
or JSON became a 500 (which Telegram redelivers again and again), and an update it could
not read was logged at CRITICAL with its whole content, message text included. This one
answers such bodies with a 400 and its reason, logs no content, and writes every error as
JSON ``{"error": reason}``. `install()` puts it in place before `run_webhook`.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import Any

import tornado.web
from telegram import Update
from telegram.ext import ExtBot
from telegram.ext._utils import webhookhandler

logger = logging.getLogger(__name__)


def _bad_request(reason: str) -> tornado.web.HTTPError:
    return tornado.web.HTTPError(HTTPStatus.BAD_REQUEST, reason=reason)


class StrictTelegramHandler(webhookhandler.TelegramHandler):
    """Checks the secret and content type as PTB does, then the body, before queueing it."""

    async def post(self) -> None:
        self._validate_post()  # content type and secret token: 403 otherwise
        try:
            data = json.loads(self.request.body.decode("utf-8"))
        except UnicodeDecodeError:
            raise _bad_request("The body is not UTF-8 text") from None
        except ValueError:
            raise _bad_request("The body is not valid JSON") from None
        except RecursionError:
            raise _bad_request("The body is nested too deeply") from None
        if not isinstance(data, dict):
            raise _bad_request("The body is not a JSON object")
        try:
            update = Update.de_json(data, self.bot)
        except Exception:  # PTB raises anything on a malformed update
            logger.warning("A webhook body was not a readable update; it was dropped")
            raise _bad_request("Update could not be processed") from None
        self.set_status(HTTPStatus.OK)
        if update is not None:
            if isinstance(self.bot, ExtBot):
                self.bot.insert_callback_data(update)
            await self.update_queue.put(update)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.finish({"error": self._reason})


def install() -> None:
    """Make PTB's webhook server use `StrictTelegramHandler` (it looks the class up by name)."""
    webhookhandler.TelegramHandler = StrictTelegramHandler  # type: ignore[misc]

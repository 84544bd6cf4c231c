"""A local stand-in for the Telegram Bot API on 127.0.0.1, for integration tests and benchmarks.

It serves `getUpdates` from a queue (long polling, capped at a second so shutdown is quick),
answers the methods the bridge uses with plausible results, and records every call with its
parameters so tests can assert on what the bridge sent.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tornado.httputil import HTTPFile, parse_body_arguments

TOKEN = "123456:TEST-fake-telegram-token"
BOT_ID = 123456
BOT_USERNAME = "peerline_test_bot"
MAX_POLL_WAIT_S = 1.0


@dataclass(frozen=True)
class Call:
    """One Bot API request: the method, its form fields, and any uploaded files."""

    method: str
    params: dict[str, str]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)
    status: int = HTTPStatus.OK  # what the fake answered: 200, or an injected failure

    def json(self, name: str) -> Any:
        """A field the client sent JSON-encoded (reply_markup, allowed_updates, ...)."""
        return json.loads(self.params[name])

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None


class FakeTelegram:
    """The fake Bot API server; use as a context manager or call start()/stop()."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.calls: list[Call] = []
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = itertools.count(1)
        self._next_message_id = itertools.count(1000)
        self._changed = threading.Condition()
        self._failures: dict[tuple[str, int | None], list[int]] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        port: int = self._server.server_address[1]
        return port

    @property
    def base_url(self) -> str:
        """What TELEGRAM_API_BASE_URL should be; the client appends the token."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def bot_user(self) -> dict[str, Any]:
        return {"id": BOT_ID, "is_bot": True, "first_name": "Peerline", "username": BOT_USERNAME}

    def start(self) -> FakeTelegram:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeTelegram:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ updates

    def push(self, update: dict[str, Any]) -> int:
        """Queue an update for getUpdates (an update_id is added when missing)."""
        with self._changed:
            update.setdefault("update_id", next(self._next_update_id))
            self._updates.append(update)
            self._changed.notify_all()
        update_id: int = update["update_id"]
        return update_id

    def message_update(
        self, user_id: int, text: str, chat_id: int | None = None, **extra: Any
    ) -> dict[str, Any]:
        """A private text message update (a command when `text` starts with "/")."""
        chat_id = user_id if chat_id is None else chat_id
        message: dict[str, Any] = {
            "message_id": next(self._next_message_id),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Test"},
            "text": text,
            **extra,
        }
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return {"message": message}

    def callback_update(self, user_id: int, message: dict[str, Any], data: str) -> dict[str, Any]:
        """A button press on `message` (a message the bot sent)."""
        return {
            "callback_query": {
                "id": f"cb{next(self._next_message_id)}",
                "from": {"id": user_id, "is_bot": False, "first_name": "Test"},
                "chat_instance": "fake-instance",
                "message": message,
                "data": data,
            }
        }

    def _take_updates(self, offset: int, timeout: float) -> list[dict[str, Any]]:
        deadline = time.monotonic() + min(timeout, MAX_POLL_WAIT_S)
        with self._changed:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and time.monotonic() < deadline:
                self._changed.wait(deadline - time.monotonic())
            return list(self._updates)

    # ------------------------------------------------------------------ calls

    def fail(self, method: str, chat_id: int | None, times: int, status: int = 502) -> None:
        """Answer the next `times` calls of `method` to `chat_id` with an HTTP error."""
        with self._changed:
            self._failures[(method, chat_id)] = [status] * times

    def failure_for(self, method: str, chat_id: int | None) -> int | None:
        """The injected error status for this call, used up by it; None to answer normally."""
        with self._changed:
            waiting = self._failures.get((method, chat_id))
            return waiting.pop(0) if waiting else None

    def record(self, call: Call) -> None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def calls_of(self, method: str, chat_id: int | None = None) -> list[Call]:
        """Calls of `method` (to `chat_id`) that were answered successfully."""
        with self._changed:
            return [
                c
                for c in self.calls
                if c.method == method and chat_id in (None, c.chat_id) and c.status == HTTPStatus.OK
            ]

    def wait_for(
        self,
        method: str,
        predicate: Callable[[Call], bool] = lambda _: True,
        timeout: float = 15.0,
        count: int = 1,
    ) -> list[Call]:
        """The first `count` successful calls of `method` that satisfy `predicate`, waiting."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [
                    c
                    for c in self.calls
                    if c.method == method and c.status == HTTPStatus.OK and predicate(c)
                ]
                if len(found) >= count:
                    return found[:count]
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = sorted({c.method for c in self.calls})
                    raise TimeoutError(f"no {count}x {method} within {timeout} s; saw {seen}")
                self._changed.wait(left)

    def result_for(self, call: Call) -> Any:
        """What the real Bot API would answer (enough for python-telegram-bot)."""
        if call.method == "getMe":
            return self.bot_user
        if call.method == "getUpdates":
            offset = int(call.params.get("offset", "0") or 0)
            return self._take_updates(offset, float(call.params.get("timeout", "0") or 0))
        if call.method in ("sendMessage", "sendPhoto", "sendDocument"):
            return self._message(call)
        if call.method in ("editMessageText", "editMessageReplyMarkup"):
            return self._message(call, int(call.params.get("message_id", "0")))
        if call.method == "getWebhookInfo":
            return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        return True

    def _message(self, call: Call, message_id: int | None = None) -> dict[str, Any]:
        chat_id = call.chat_id or 0
        message: dict[str, Any] = {
            "message_id": message_id or next(self._next_message_id),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
            "from": self.bot_user,
        }
        if "text" in call.params:
            message["text"] = call.params["text"]
        if "reply_markup" in call.params:
            message["reply_markup"] = call.json("reply_markup")
        if call.method == "sendPhoto":
            message["photo"] = [{"file_id": "p1", "file_unique_id": "p1", "width": 1, "height": 1}]
        if call.method == "sendDocument":
            name = next(iter(call.files.values()), ("file", b""))[0]
            message["document"] = {"file_id": "d1", "file_unique_id": "d1", "file_name": name}
        return message


def _handler_for(fake: FakeTelegram) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            self._serve()

        def do_GET(self) -> None:
            self._serve()

        def _serve(self) -> None:
            prefix = f"/bot{fake.token}/"
            if not self.path.startswith(prefix):
                self._reply(HTTPStatus.UNAUTHORIZED, {"ok": False, "error_code": 401})
                return
            method = self.path[len(prefix) :].split("?")[0]
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            arguments: dict[str, list[bytes]] = {}
            files: dict[str, list[HTTPFile]] = {}
            parse_body_arguments(self.headers.get("Content-Type", ""), body, arguments, files)
            params = {k: v[-1].decode() for k, v in arguments.items()}
            chat = params.get("chat_id")
            failed = fake.failure_for(method, int(chat) if chat is not None else None)
            call = Call(
                method=method,
                params=params,
                files={k: (v[-1].filename, v[-1].body) for k, v in files.items()},
                status=failed or HTTPStatus.OK,
            )
            fake.record(call)
            if failed is not None:
                error = {"ok": False, "error_code": failed, "description": "Bad Gateway"}
                self._reply(HTTPStatus(failed), error)
                return
            self._reply(HTTPStatus.OK, {"ok": True, "result": fake.result_for(call)})

        def _reply(self, status: HTTPStatus, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            """Keep test output quiet."""

    return Handler


@contextmanager
def running() -> Iterator[FakeTelegram]:
    """A started fake, stopped afterwards."""
    with FakeTelegram() as fake:
        yield fake

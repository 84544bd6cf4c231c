"""Peerline's REST and socket.io input channels. Run inside Rasa's process.

Both keep Rasa's names and URLs (``/webhooks/rest/webhook``, ``/socket.io``), and both
hand every message to ``Guard``, which applies ``bot.rasa_ext.guard`` on the way in
(rate limit per sender, length, raw intent syntax) and on the way out (a failed or
timed-out turn is told to the user, with a Try again button, instead of silence).

``RestChannel`` also checks the request itself: a body that is too large, not UTF-8,
not JSON or not the documented shape gets a 4xx with a reason, and the client's
``input_channel`` is ignored (it would change whose check-ins a message reaches).

``SocketIOChannel`` is Rasa's socket.io channel with two Rasa 3.6 bugs fixed:

1. A custom payload went out as ``sio.emit(event, **payload)``, so ``{"citation": ...}``
   became an unknown keyword argument: the emit raised, the rest of the turn was never
   sent and the turn was not saved. Here it goes out as ``{"custom": payload}``, the
   shape the REST channel returns.
2. With ``session_persistence``, Rasa called ``sio.enter_room`` without awaiting it, which
   python-socketio 5 made a coroutine: the socket never joined its session's room and
   every reply was lost. Here ``session_request`` awaits it.

Enable them in credentials.yml (docs/security.md, docs/widget.md).
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import (  # type: ignore[import-not-found]  # Rasa's environment
    CollectingOutputChannel,
    UserMessage,
)
from rasa.core.channels.rest import RestInput  # type: ignore[import-not-found]  # as above
from rasa.core.channels.socketio import (  # type: ignore[import-not-found]  # as above
    SocketIOInput,
    SocketIOOutput,
)
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.rasa_ext.guard import (
    TRUNCATED_NOTE,
    TRY_AGAIN_BUTTONS,
    SenderRateLimit,
    check_payload,
    install_action_failure_watcher,
    report_failure,
    screen,
    watch_turn,
)
from bot.rasa_ext.settings import EdgeSettings, get_edge_settings
from bot.safety import assess
from peerline_core.crisis_copy import MARKER_KEY, crisis_replies, crisis_text
from peerline_core.replies import SLOW_DOWN, TROUBLE

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
REQUEST_CEILING_BYTES = 1024 * 1024


class Guard:
    """Wraps Rasa's message handler with the edge rules every channel shares."""

    def __init__(self, on_new_message: OnNewMessage, settings: EdgeSettings) -> None:
        self._on_new_message = on_new_message
        self._settings = settings
        self._limit = SenderRateLimit(settings.rate_limit, settings.rate_limit_storage)
        install_action_failure_watcher()
        limit_action_calls(settings.action_timeout_s)
        start_sessions_without_actions()

    async def handle(self, message: UserMessage) -> None:
        out, sender = message.output_channel, message.sender_id
        text = message.text if isinstance(message.text, str) else ""
        if not self._limit.allow(sender):
            # Past the limit a message is not processed, but a crisis still gets help.
            detection = assess(text).detection
            if detection is None:
                await out.send_text_message(sender, SLOW_DOWN)
            else:
                await out.send_text_message(sender, crisis_text(detection.kind))
                await out.send_custom_json(sender, {MARKER_KEY: detection.kind})
            logger.info("A sender went over the rate limit; the message was not processed")
            return
        screened = screen(text)
        message.text = screened.text
        if screened.truncated:
            await out.send_text_message(sender, TRUNCATED_NOTE)
        sent_before = _sent(out)
        with watch_turn() as health:
            try:
                await asyncio.wait_for(
                    self._on_new_message(message), timeout=self._settings.turn_timeout_s
                )
            except asyncio.TimeoutError:
                report_failure("timeout")
            except Exception:  # Rasa's handler raising: the user must still hear back
                logger.exception("Handling a message failed")
                report_failure("processing")
        silent = screened.text.strip() != "" and _sent(out) == sent_before
        if health.failed or silent:
            failures = ",".join(health.failures) or "no reply"
            logger.warning("A turn failed (%s); the user was asked to try again", failures)
            if "tracker_store" in health.failures:
                _drop_unsaved_replies(out, sent_before)
            await out.send_text_with_buttons(sender, TROUBLE, TRY_AGAIN_BUTTONS)


def limit_action_calls(timeout_s: float) -> None:
    """Make Rasa give up on a custom action after ``timeout_s`` instead of 5 minutes.

    Rasa 3.6 has no setting for it: both modules read the constant at call time. A call
    that times out fails its turn like a refused connection does, so the user is told.
    """
    from rasa.core.actions import action  # type: ignore[import-not-found]  # noqa: PLC0415  # Rasa's env
    from rasa.utils import endpoints  # type: ignore[import-not-found]  # noqa: PLC0415  # as above

    action.DEFAULT_REQUEST_TIMEOUT = timeout_s
    endpoints.DEFAULT_REQUEST_TIMEOUT = timeout_s


SESSION_START = "action_session_start"


def start_sessions_without_actions() -> None:
    """Start a session as Rasa's own action does when our ``action_session_start`` (which
    offers due reminders, actions/reminders.py) cannot run.

    Otherwise, with the action server down, a new session starts without its
    ``session_started`` and ``action_listen`` events, and every first message, a crisis one
    included, would be answered from that broken state.
    """
    from rasa.core.actions.action import (  # type: ignore[import-not-found]  # noqa: PLC0415  # Rasa's env
        ActionSessionStart,
        RemoteAction,
    )

    remote_run = RemoteAction.run
    if getattr(remote_run, "peerline_session_fallback", False):
        return

    async def run(self: Any, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> Any:
        if self.name() != SESSION_START:
            return await remote_run(self, output_channel, nlg, tracker, domain)
        try:
            return await remote_run(self, output_channel, nlg, tracker, domain)
        except Exception as error:  # any failure of the remote call: refused, timed out, 5xx
            logger.warning("The session start action failed (%s); started without it", error)
            return await ActionSessionStart().run(output_channel, nlg, tracker, domain)

    run.peerline_session_fallback = True  # type: ignore[attr-defined]  # marks the wrapper once
    RemoteAction.run = run


def _sent(out: Any) -> int:
    return len(getattr(out, "messages", ()))


def _drop_unsaved_replies(out: Any, sent_before: int) -> None:
    # With the conversation store down, Rasa answered from an empty conversation: those
    # answers may be wrong, so (where not sent yet) only crisis replies, told by their
    # marker, are kept.
    messages = getattr(out, "messages", None)
    if isinstance(out, CollectingOutputChannel) and isinstance(messages, list):
        turn = messages[sent_before:]
        kept = [turn[i] for i in crisis_replies(turn)]
        del messages[sent_before:]
        messages.extend(kept)


class RestChannel(RestInput):  # type: ignore[misc]  # Rasa's classes are untyped here
    """Rasa's REST channel (``POST /webhooks/rest/webhook``) with checked input."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        settings = get_edge_settings()
        guard = Guard(on_new_message, settings)
        module = inspect.getmodule(self)
        webhook = Blueprint(
            f"custom_webhook_{type(self).__name__}", module.__name__ if module else None
        )

        @webhook.route("/", methods=["GET"])  # type: ignore[untyped-decorator]  # untyped Sanic
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.listener("before_server_start")  # type: ignore[untyped-decorator]  # untyped Sanic
        async def limit_request_size(app: Any, _: Any) -> None:
            # Sanic reads up to 100 MB per request by default; nothing of ours needs 1 MiB.
            app.config.REQUEST_MAX_SIZE = REQUEST_CEILING_BYTES

        @webhook.route("/webhook", methods=["POST"])  # type: ignore[untyped-decorator]  # as above
        async def receive(request: Request) -> HTTPResponse:
            body = request.body or b""
            if len(body) > settings.max_body_bytes:
                return _error(413, f"the body is over {settings.max_body_bytes} bytes")
            try:
                payload = json.loads(body.decode("utf-8"))
            except UnicodeDecodeError:
                return _error(400, "the body is not UTF-8 text")
            except (ValueError, RecursionError):
                return _error(400, "the body is not valid JSON (or is nested too deeply)")
            problem = check_payload(payload)
            if problem:
                return _error(400, problem)
            collector = CollectingOutputChannel()
            message = UserMessage(
                payload["message"],
                collector,
                payload["sender"],
                input_channel=self.name(),
                metadata=payload.get("metadata"),
            )
            await guard.handle(message)
            return response.json(collector.messages)

        return webhook


def _error(status: int, reason: str) -> HTTPResponse:
    return response.json({"error": reason}, status=status)


class CustomPayloadOutput(SocketIOOutput):  # type: ignore[misc]  # Rasa's classes are untyped here
    """Rasa's socket.io output, with custom payloads wrapped as ``{"custom": ...}``."""

    def __init__(self, sio: Any, bot_message_evt: str) -> None:
        super().__init__(sio, bot_message_evt)
        self.messages: list[dict[str, Any]] = []

    async def _send_message(self, socket_id: str, response: Any) -> None:
        self.messages.append(response)
        await super()._send_message(socket_id, response)

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        await self._send_message(recipient_id, {"custom": json_message})


class SocketIOChannel(SocketIOInput):  # type: ignore[misc]  # as above
    """Rasa's socket.io input channel, fixed, answering through ``CustomPayloadOutput``."""

    def get_output_channel(self) -> CustomPayloadOutput | None:
        if self.sio is None:
            return None
        return CustomPayloadOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        settings = get_edge_settings()
        guard = Guard(on_new_message, settings)
        blueprint = super().blueprint(on_new_message)
        sio = self.sio
        sio.eio.max_http_buffer_size = settings.max_body_bytes

        # Registered after Rasa's handlers for the same events, so they replace them.
        @sio.on("session_request", namespace=self.namespace)  # type: ignore[untyped-decorator]  # untyped Rasa
        async def session_request(sid: str, data: Any) -> None:
            session_id = _session_id(data) or uuid.uuid4().hex
            if self.session_persistence:
                entered = sio.enter_room(sid, session_id, namespace=self.namespace)
                if inspect.isawaitable(entered):
                    await entered
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)  # type: ignore[untyped-decorator]  # as above
        async def handle_message(sid: str, data: Any) -> None:
            if not isinstance(data, dict) or not isinstance(data.get("message", ""), str):
                logger.info("A socket.io message without text was ignored")
                return
            sender_id = _session_id(data) if self.session_persistence else sid
            if not sender_id:
                logger.info("A socket.io message without a valid session_id was ignored")
                return
            metadata = data.get(self.metadata_key)
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = None
            output = CustomPayloadOutput(sio, self.bot_message_evt)
            message = UserMessage(
                data.get("message", ""),
                output,
                sender_id,
                input_channel=self.name(),
                metadata=metadata if isinstance(metadata, dict) else None,
            )
            await guard.handle(message)

        return blueprint  # type: ignore[no-any-return]  # Rasa's Blueprint is Any to mypy


def _session_id(data: Any) -> str | None:
    session_id = data.get("session_id") if isinstance(data, dict) else None
    if isinstance(session_id, str) and 0 < len(session_id) <= 128:
        return session_id
    return None

"""Rasa's socket.io channel with its two bugs fixed. Runs inside Rasa's process.

1. Rasa 3.6's socket.io output sends a custom payload as `sio.emit(event, **payload)`, so
   `{"citation": ...}` becomes an unknown keyword argument: the emit raises, the rest of
   the turn's messages are never sent and the turn is not saved to the tracker. Here a
   custom payload goes out as `{"custom": payload}`, the shape the REST channel returns.
2. With `session_persistence`, Rasa calls `sio.enter_room` without awaiting it, which
   python-socketio 5.x made a coroutine: the socket never joins its session's room and
   every reply is lost. Here `session_request` awaits it.

Otherwise it is Rasa's own channel, and its name stays `socketio`, so pseudonyms and
counts by channel do not change. Enable it in credentials.yml (README: Web chat widget).
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage  # type: ignore[import-not-found]  # Rasa lives in its own environment
from rasa.core.channels.socketio import (  # type: ignore[import-not-found]  # as above
    SocketIOInput,
    SocketIOOutput,
)


class CustomPayloadOutput(SocketIOOutput):  # type: ignore[misc]  # Rasa's classes are untyped here
    """Rasa's socket.io output, with custom payloads wrapped as `{"custom": ...}`."""

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        await self._send_message(recipient_id, {"custom": json_message})


class SocketIOChannel(SocketIOInput):  # type: ignore[misc]  # as above
    """Rasa's socket.io input channel, answering through `CustomPayloadOutput`."""

    def get_output_channel(self) -> CustomPayloadOutput | None:
        if self.sio is None:
            return None
        return CustomPayloadOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Any:
        # Rasa's handler builds a plain SocketIOOutput for each message; swap ours in.
        async def handle(message: UserMessage) -> Any:
            message.output_channel = CustomPayloadOutput(self.sio, self.bot_message_evt)
            return await on_new_message(message)

        blueprint = super().blueprint(handle)
        sio = self.sio

        # Registered after Rasa's handler for the same event, so it replaces it.
        @sio.on("session_request", namespace=self.namespace)  # type: ignore[untyped-decorator]  # untyped Rasa
        async def session_request(sid: str, data: dict[str, Any] | None) -> None:
            session_id = (data or {}).get("session_id") or uuid.uuid4().hex
            if self.session_persistence:
                entered = sio.enter_room(sid, session_id, namespace=self.namespace)
                if inspect.isawaitable(entered):
                    await entered
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        return blueprint

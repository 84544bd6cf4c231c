"""The shape of the action call Rasa POSTs to the action server's ``/webhook``.

rasa_sdk trusts the body: a JSON list, a tracker that is not an object, a number as the
version or an undecodable deflate body each raised inside it and became a 500. A request
middleware checks the call first and answers 400 with the reason instead (docs/security.md).
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError
from sanic.request import Request
from sanic.response import HTTPResponse
from sanic.response import json as json_response

# Rasa sends the whole domain with each call; this bounds what a deflate body may inflate to.
MAX_INFLATED_BYTES = 32 * 1024 * 1024


class TrackerState(BaseModel):
    """The parts of Rasa's tracker state that rasa_sdk's ``Tracker.from_dict`` reads."""

    model_config = ConfigDict(strict=True, extra="allow")

    sender_id: str
    slots: dict[str, Any] = {}
    latest_message: dict[str, Any] | None = None
    events: list[dict[str, Any]] = []
    paused: bool = False
    followup_action: str | None = None
    active_loop: dict[str, Any] | None = None
    latest_action_name: str | None = None


class ActionCall(BaseModel):
    """One action call: which action to run, on which conversation."""

    model_config = ConfigDict(strict=True, extra="allow")

    next_action: str
    sender_id: str | None = None
    tracker: TrackerState
    domain: dict[str, Any] = {}
    version: str | None = None


def problem_with(body: bytes, content_encoding: str | None = None) -> str | None:
    """Why ``body`` is not an action call rasa_sdk can run, or None when it is one."""
    problem, _ = parse_call(body, content_encoding)
    return problem


def parse_call(body: bytes, content_encoding: str | None = None) -> tuple[str | None, Any]:
    """``(problem, parsed JSON)``: the problem is None when ``body`` is an action call."""
    if content_encoding == "deflate":
        inflated = _inflate(body)
        if isinstance(inflated, str):
            return inflated, None
        body = inflated
    try:
        parsed = json.loads(body.decode("utf-8"))
        ActionCall.model_validate(parsed)
    except UnicodeDecodeError:
        return "the body is not UTF-8 text", None
    except RecursionError:
        return "the body is nested too deeply", None
    except ValidationError as error:  # before ValueError, its base class
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the body"
        return f"not an action call: {where}: {first['msg']}", None
    except ValueError:
        return "the body is not valid JSON", None
    return None, parsed


def _inflate(body: bytes) -> bytes | str:
    """The inflated deflate body, or why it cannot be inflated."""
    inflater = zlib.decompressobj()
    try:
        inflated = inflater.decompress(body, MAX_INFLATED_BYTES)
    except zlib.error:
        return "the body is not valid deflate data"
    if inflater.unconsumed_tail:
        return f"the inflated body is over {MAX_INFLATED_BYTES} bytes"
    return inflated


async def reject_malformed_calls(request: Request) -> HTTPResponse | None:
    """Sanic request middleware: 400 with the reason for a malformed ``POST /webhook``."""
    if request.method != "POST" or request.path != "/webhook":
        return None
    encoding = request.headers.get("content-encoding")
    problem, parsed = parse_call(request.body or b"", encoding)
    if problem is None:
        if encoding != "deflate":
            request.parsed_json = parsed  # rasa_sdk reads request.json: parse the tracker once
        return None
    return json_response({"error": problem}, status=400)

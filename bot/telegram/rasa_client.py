"""Async client for Rasa's REST channel (`POST /webhooks/rest/webhook`)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import httpx

logger = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhooks/rest/webhook"


class RasaUnavailableError(Exception):
    """Rasa could not be reached, timed out, failed, or answered with something unusable."""


class RasaClient:
    """Sends one user message to Rasa and returns its bot messages."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client

    async def send(
        self, sender: str, message: str, metadata: Mapping[str, str] | None = None
    ) -> list[dict[str, Any]]:
        """Rasa's replies to `message` from `sender` (a pseudonym, never a raw id)."""
        body = {"sender": sender, "message": message, "metadata": dict(metadata or {})}
        try:
            response = await self._client.post(WEBHOOK_PATH, json=body)
            response.raise_for_status()
            replies = response.json()
        except httpx.TimeoutException as error:
            raise RasaUnavailableError("Rasa timed out") from error
        except httpx.HTTPStatusError as error:
            raise RasaUnavailableError(
                f"Rasa answered HTTP {error.response.status_code}"
            ) from error
        except httpx.TransportError as error:
            raise RasaUnavailableError(f"Rasa is unreachable ({type(error).__name__})") from error
        except ValueError as error:
            raise RasaUnavailableError("Rasa answered with invalid JSON") from error
        if not isinstance(replies, list):
            raise RasaUnavailableError("Rasa answered with something other than a list")
        return [reply for reply in replies if isinstance(reply, dict)]

    async def aclose(self) -> None:
        """Close the underlying HTTP client."""
        await self._client.aclose()


def open_client(
    base_url: str, timeout_s: float, transport: httpx.AsyncBaseTransport | None = None
) -> RasaClient:
    """A client with its own connection pool; `transport` lets tests stand in for Rasa."""
    client = httpx.AsyncClient(
        base_url=base_url.rstrip("/"),
        timeout=httpx.Timeout(timeout_s),
        transport=transport,
        headers={"User-Agent": "peerline-telegram"},
    )
    return RasaClient(client)

"""The web widget server's one typed settings object, read from the environment and .env."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_BUNDLE = Path(__file__).resolve().parent / "dist" / "widget.js"


def origin_of(url: str) -> str:
    """`scheme://host[:port]` of an http(s) URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class Settings(BaseSettings):
    """Configuration of the web widget server (docs/widget.md, docs/operations.md)."""

    model_config = SettingsConfigDict(
        env_file=".env", extra="ignore", frozen=True, populate_by_name=True
    )

    host: str = Field(default="127.0.0.1", alias="WEB_HOST")
    port: int = Field(default=8000, ge=1, le=65535, alias="WEB_PORT")
    rasa_url: str = Field(
        default="http://127.0.0.1:5005",
        alias="WEB_RASA_URL",
        description="The Rasa server the demo page's widget talks to (its data-server).",
    )
    cors_origins: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        alias="WEB_CORS_ORIGINS",
        description="Comma-separated origins allowed to read our responses; "
        "empty means this server's own origin only.",
    )
    widget_bundle: Path = Field(default=DEFAULT_BUNDLE, alias="WEB_WIDGET_BUNDLE")

    # What /health checks (bot/web/health.py): where our processes reach each part.
    health_rasa_url: str = Field(default="http://127.0.0.1:5005", alias="RASA_URL")
    action_host: str = Field(default="127.0.0.1", alias="ACTION_HOST")
    action_port: int = Field(default=5055, ge=1, le=65535, alias="ACTION_PORT")
    supervisor_url: str | None = Field(
        default=None,
        alias="PEERLINE_SUPERVISOR_URL",
        description="supervisord's socket (unix://...), set by `make run`; unset elsewhere.",
    )
    telegram_enabled: bool = Field(default=False, alias="PEERLINE_TELEGRAM")

    @field_validator("rasa_url", "health_rasa_url")
    @classmethod
    def _http_url(cls, url: str) -> str:
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {url!r}")
        if parts.query or parts.fragment:
            raise ValueError(f"Rasa's URL takes no query or fragment: {url!r}")
        return url.strip().rstrip("/")

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _comma_list(cls, raw: object) -> tuple[str, ...]:
        items = raw.split(",") if isinstance(raw, str) else raw
        if not isinstance(items, list | tuple):
            raise ValueError("expected a comma-separated list of origins")
        origins = tuple(str(item).strip().rstrip("/") for item in items if str(item).strip())
        for origin in origins:
            parts = urlsplit(origin)
            is_origin = (
                parts.scheme in ("http", "https")
                and bool(parts.hostname)
                and not (parts.path or parts.query or parts.fragment)
            )
            if origin != "*" and not is_origin:
                raise ValueError(f"not an origin (scheme://host[:port]): {origin!r}")
        return origins

    @property
    def web_origin(self) -> str:
        """This server's own origin, as a browser on the same machine reaches it."""
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host  # noqa: S104  # a bind-all address is not a browsable origin
        if host == "::":
            host = "::1"
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    @property
    def allowed_origins(self) -> tuple[str, ...]:
        """WEB_CORS_ORIGINS, or this server's own origin when it is unset."""
        return self.cors_origins or (self.web_origin,)

    @property
    def rasa_origin(self) -> str:
        return origin_of(self.rasa_url)

    @property
    def actions_url(self) -> str:
        """The action server as Rasa reaches it."""
        host = f"[{self.action_host}]" if ":" in self.action_host else self.action_host
        return f"http://{host}:{self.action_port}"


@cache
def get_settings() -> Settings:
    """The process-wide settings, built on first use (never at import time)."""
    return Settings()

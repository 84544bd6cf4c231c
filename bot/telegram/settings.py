"""The Telegram bridge's one typed settings object, read from the environment and .env."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from limits import parse
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from peerline_core.keys import DEVELOPMENT_PSEUDONYM_SECRET, PSEUDONYM_SECRET

# Telegram accepts 1-256 characters from this set as a webhook secret token.
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")


class Settings(BaseSettings):
    """Configuration of the Telegram bridge process (docs/telegram.md)."""

    model_config = SettingsConfigDict(
        env_file=".env", extra="ignore", frozen=True, populate_by_name=True
    )

    bot_token: SecretStr = Field(alias="TELEGRAM_BOT_TOKEN")
    mode: Literal["polling", "webhook"] = Field(default="polling", alias="TELEGRAM_MODE")
    webhook_url: str | None = Field(
        default=None,
        alias="TELEGRAM_WEBHOOK_URL",
        description="Public HTTPS URL Telegram posts updates to; its path is served locally.",
    )
    webhook_secret: SecretStr | None = Field(default=None, alias="TELEGRAM_WEBHOOK_SECRET")
    webhook_listen: str = Field(default="127.0.0.1", alias="TELEGRAM_WEBHOOK_LISTEN")
    webhook_port: int = Field(default=8443, ge=1, le=65535, alias="TELEGRAM_WEBHOOK_PORT")
    api_base_url: str = Field(
        default="https://api.telegram.org/bot",
        alias="TELEGRAM_API_BASE_URL",
        description="Bot API base URL; the token is appended. Point it at a self-hosted server.",
    )
    rate_limit: str = Field(
        default="20/minute",
        alias="TELEGRAM_RATE_LIMIT",
        description="Incoming messages allowed per chat, in `limits` notation.",
    )
    rasa_url: str = Field(default="http://127.0.0.1:5005", alias="RASA_URL")
    rasa_timeout_s: float = Field(default=8.0, gt=0, alias="RASA_TIMEOUT_S")
    pseudonym_secret: SecretStr = Field(
        default=SecretStr(DEVELOPMENT_PSEUDONYM_SECRET),
        alias=PSEUDONYM_SECRET,
    )
    reminders: bool = Field(
        default=True,
        alias="TELEGRAM_REMINDERS",
        description="Send due reminders from the database (needs DATABASE_URL and the note keys).",
    )
    reminder_poll_s: float = Field(
        default=30.0,
        gt=0,
        alias="TELEGRAM_REMINDER_POLL_S",
        description="Seconds between two looks for due reminders.",
    )
    reminder_retry_s: float = Field(
        default=30.0,
        gt=0,
        alias="TELEGRAM_REMINDER_RETRY_S",
        description="First wait before a failed reminder is sent again; doubled each time.",
    )
    var_dir: Path = Field(default=Path("var"), alias="PEERLINE_VAR_DIR")
    database_url: str | None = Field(
        default=None,
        alias="DATABASE_URL",
        description="Peerline's database (reminders); SQLite under var/ when unset.",
    )

    @field_validator("bot_token")
    @classmethod
    def _token_not_blank(cls, token: SecretStr) -> SecretStr:
        if not token.get_secret_value().strip():
            raise ValueError("TELEGRAM_BOT_TOKEN is empty")
        return token

    @field_validator("rate_limit")
    @classmethod
    def _limits_notation(cls, rate: str) -> str:
        parse(rate)  # raises ValueError naming the problem, e.g. for "20 per fortnight"
        return rate

    @field_validator("rasa_url", "api_base_url")
    @classmethod
    def _http_url(cls, url: str) -> str:
        if urlsplit(url).scheme not in ("http", "https"):
            raise ValueError(f"not an http(s) URL: {url!r}")
        return url

    @model_validator(mode="after")
    def _webhook_complete(self) -> Settings:
        if self.mode != "webhook":
            return self
        if not self.webhook_url or urlsplit(self.webhook_url).scheme not in ("http", "https"):
            raise ValueError("TELEGRAM_WEBHOOK_URL (an https URL) is required in webhook mode")
        secret = self.webhook_secret.get_secret_value() if self.webhook_secret else ""
        if not _SECRET_TOKEN.fullmatch(secret):
            raise ValueError(
                "TELEGRAM_WEBHOOK_SECRET is required in webhook mode: 1-256 characters "
                "of A-Z, a-z, 0-9, _ and -"
            )
        return self

    @property
    def webhook_path(self) -> str:
        """The local path the webhook server listens on: the path of the public URL."""
        return urlsplit(self.webhook_url or "").path.strip("/")

    @property
    def effective_database_url(self) -> str:
        """The configured database, or the embedded SQLite file under var/ (as the actions)."""
        return self.database_url or f"sqlite:///{self.var_dir / 'peerline.db'}"

    @property
    def rasa_webhook_url(self) -> str:
        """Rasa's REST channel endpoint."""
        return self.rasa_url.rstrip("/") + "/webhooks/rest/webhook"


@cache
def get_settings() -> Settings:
    """The process-wide settings, built on first use (never at import time)."""
    return Settings()  # type: ignore[call-arg]  # the required token comes from the environment

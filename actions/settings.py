"""The action server's one typed settings object, read from the environment and .env."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Configuration of the action server process (README: Configuration)."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    var_dir: Path = Field(default=Path("var"), alias="PEERLINE_VAR_DIR")
    database_url: str | None = Field(
        default=None,
        alias="DATABASE_URL",
        description="SQLAlchemy URL; SQLite under var/ when unset.",
    )
    pseudonym_secret: SecretStr = Field(
        default=SecretStr("peerline-development-only-secret"),
        alias="PEERLINE_PSEUDONYM_SECRET",
    )

    toolkit_min_confidence: float = Field(
        default=0.5,
        ge=0.0,
        le=1.0,
        alias="TOOLKIT_MIN_CONFIDENCE",
        description="Below this intent confidence the bot offers topics instead of answering.",
    )

    @property
    def effective_database_url(self) -> str:
        """The configured database, or the embedded SQLite file under var/."""
        return self.database_url or f"sqlite:///{self.var_dir / 'peerline.db'}"


@cache
def get_settings() -> Settings:
    """The process-wide settings, built on first use (never at import time)."""
    return Settings()

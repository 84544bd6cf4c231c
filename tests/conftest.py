"""Shared fixtures: an isolated settings object and a temporary SQLite database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from actions import settings as settings_module
from actions.storage import db
from actions.storage.cli import migrate


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A migrated, empty SQLite database file."""
    url = f"sqlite:///{tmp_path / 'peerline.db'}"
    migrate(url)
    return url


@pytest.fixture
def app_settings(
    monkeypatch: pytest.MonkeyPatch, sqlite_url: str
) -> Iterator[settings_module.Settings]:
    """Settings pointing at the temporary database, injected for the action code."""
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    settings_module.get_settings.cache_clear()
    db.get_sessionmaker.cache_clear()
    yield settings_module.get_settings()
    settings_module.get_settings.cache_clear()
    db.get_sessionmaker.cache_clear()

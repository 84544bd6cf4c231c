"""Shared fixtures: an isolated settings object and a temporary SQLite database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from actions import settings as settings_module
from actions.storage import db
from actions.storage.cli import migrate
from devtools.postgres import throwaway_postgres


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


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database on the local server, dropped afterwards."""
    with throwaway_postgres("peerline_test") as url:
        migrate(url)
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each storage test runs on the embedded SQLite file and on real PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'storage.db'}"
        migrate(url)
        return url
    url: str = request.getfixturevalue("postgres_url")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "TRUNCATE checkins, crisis_referrals, answer_feedback, unanswered_questions,"
                " supervision_items, readiness_assessments, boundary_walkthroughs,"
                " success_plans, reminder_deliveries, reminders"
            )
        )
    engine.dispose()
    return url

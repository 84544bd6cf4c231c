"""Engine and session factory, created once per process on first use."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from actions.settings import get_settings


def build_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get their folder and foreign keys turned on."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 10})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]  # DB-API hook
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


@cache
def get_sessionmaker() -> sessionmaker[Session]:
    """The process-wide session factory for the configured database."""
    return sessionmaker(build_engine(get_settings().effective_database_url), expire_on_commit=False)

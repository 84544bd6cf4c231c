"""Alembic environment: migrates the database named by Peerline's settings."""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context

from actions.settings import get_settings
from actions.storage.db import build_engine
from actions.storage.models import Base

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

url = config.attributes.get("url") or get_settings().effective_database_url

if context.is_offline_mode():
    context.configure(url=url, target_metadata=Base.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = build_engine(url)
    try:
        with engine.connect() as connection:
            context.configure(connection=connection, target_metadata=Base.metadata)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        # Close the pooled connection: left open, it keeps SQLite's WAL shared memory
        # mapped in the caller's process, which can go stale when another process
        # deletes and recreates the -wal/-shm files.
        engine.dispose()

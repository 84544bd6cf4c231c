"""Database commands: ``python -m actions.storage.cli migrate`` and ``purge``.

``migrate`` brings Peerline's database to the newest schema. ``purge`` deletes conversation
sessions older than ``TRACKER_RETENTION_DAYS`` (or ``--older-than-days``) from Rasa's
tracker store, and the saved unanswered questions older than that from Peerline's
database; check-ins are kept until their user deletes them. Both fail with one
sentence (not a traceback) when their database cannot be reached.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from actions.settings import get_settings
from actions.storage.db import build_engine
from actions.storage.feedback import purge_questions
from actions.storage.models import UnansweredQuestion
from actions.storage.retention import purge_tracker

ROOT = Path(__file__).resolve().parents[2]


def alembic_config(url: str) -> Config:
    """Alembic's configuration pointed at ``url``."""
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["url"] = url
    config.attributes["configure_logger"] = False
    return config


def migrate(url: str) -> None:
    """Bring the database at ``url`` to the newest schema."""
    command.upgrade(alembic_config(url), "head")


def unreachable_database_message(url: str, error: OperationalError, fix: str = "") -> str:
    """One sentence naming the database (password hidden), the reason and the fix."""
    safe_url = make_url(url).render_as_string(hide_password=True)
    reason = str(error.orig).strip().splitlines()[0] if error.orig else "unreachable"
    fix = fix or "start it, or unset DATABASE_URL to use the embedded SQLite file."
    return f"Peerline cannot reach its database at {safe_url} ({reason}): {fix}"


def purge(url: str, older_than_days: int, now: float | None = None) -> str:
    """Purge old tracker sessions at ``url``; the summary line to print (counts only)."""
    cutoff = (time.time() if now is None else now) - older_than_days * 86400
    engine = build_engine(url)
    try:
        counts = purge_tracker(engine, cutoff)
    finally:
        engine.dispose()
    return (
        f"Purged {counts.events} tracker events older than {older_than_days} days: "
        f"{counts.sessions} sessions, {counts.conversations} whole conversations."
    )


def purge_saved_questions(url: str, older_than_days: int, today: date | None = None) -> str:
    """Delete the kept unanswered questions older than the retention; the line to print."""
    engine = build_engine(url)
    try:
        if not inspect(engine).has_table(UnansweredQuestion.__tablename__):
            removed = 0
        else:
            with engine.begin() as connection, Session(bind=connection) as session:
                removed = purge_questions(
                    session, older_than_days, today or datetime.now(timezone.utc).date()
                )
    finally:
        engine.dispose()
    return f"Purged {removed} saved questions older than {older_than_days} days."


def _days(value: str) -> int:
    days = int(value)
    if days < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return days


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["migrate", "purge"])
    parser.add_argument(
        "--older-than-days",
        type=_days,
        help="purge: retention in days (default: TRACKER_RETENTION_DAYS, 90)",
    )
    args = parser.parse_args(argv)
    settings = get_settings()
    if args.command == "purge":
        url = settings.effective_tracker_url
        days = args.older_than_days or settings.tracker_retention_days
        try:
            print(purge(url, days))
        except OperationalError as error:
            fix = "start it, or check TRACKER_DATABASE_URL / TRACKER_SQLITE_PATH."
            print(unreachable_database_message(url, error, fix), file=sys.stderr)
            return 1
        try:
            print(purge_saved_questions(settings.effective_database_url, days))
        except OperationalError as error:
            print(
                unreachable_database_message(settings.effective_database_url, error),
                file=sys.stderr,
            )
            return 1
        return 0
    url = settings.effective_database_url
    try:
        migrate(url)
    except OperationalError as error:
        print(unreachable_database_message(url, error), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

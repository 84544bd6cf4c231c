"""Database commands: ``python -m actions.storage.cli migrate``.

Fails with one sentence (not a traceback) when the database cannot be reached.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from actions.settings import get_settings

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["migrate"])
    parser.parse_args(argv)
    url = get_settings().effective_database_url
    try:
        migrate(url)
    except OperationalError as error:
        safe_url = make_url(url).render_as_string(hide_password=True)
        reason = str(error.orig).strip().splitlines()[0] if error.orig else "unreachable"
        print(
            f"Peerline cannot reach its database at {safe_url} ({reason}): start it, "
            "or unset DATABASE_URL to use the embedded SQLite file.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

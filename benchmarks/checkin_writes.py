"""Check-in write benchmark: latency and sustained rate with concurrent users, then a count
that proves nothing was lost or duplicated (retries included).

    python -m benchmarks.checkin_writes [--url URL] [--users 50] [--per-user 20]

Each simulated user stores ``per-user`` check-ins through the same code path as the action
(record_checkin in one short transaction), and retries every second one with the same
idempotency key, as Rasa would after a timeout. Writes a JSON report under reports/.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

from cryptography.fernet import Fernet
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from actions.storage.checkins import NewCheckIn, record_checkin
from actions.storage.cli import migrate
from actions.storage.db import build_engine
from actions.storage.models import CheckIn
from devtools.postgres import throwaway_postgres
from peerline_core.privacy import NoteCipher, pseudonym

REPO = Path(__file__).resolve().parent.parent


def run(url: str, users: int, per_user: int) -> dict[str, object]:
    migrate(url)
    engine = build_engine(url)
    factory = sessionmaker(engine)
    cipher = NoteCipher([Fernet.generate_key()])
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def user(index: int) -> None:
        key = pseudonym(b"bench", "rest", f"user-{index}")
        for n in range(per_user):
            new = NewCheckIn(3, 2, True, cipher.encrypt(f"note {n}"))
            attempts = 2 if n % 2 else 1  # every second check-in is retried
            for _ in range(attempts):
                start = time.perf_counter()
                try:
                    with factory.begin() as session:
                        record_checkin(session, key, f"form-{n}", new, datetime.now(timezone.utc))
                except SQLAlchemyError as error:
                    with lock:
                        errors.append(type(error).__name__)
                    continue
                with lock:
                    latencies.append((time.perf_counter() - start) * 1000)

    threads = [threading.Thread(target=user, args=(i,)) for i in range(users)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    with factory() as session:
        stored = session.scalar(select(func.count()).select_from(CheckIn)) or 0
        distinct = session.scalar(
            select(func.count()).select_from(
                select(CheckIn.user_key, CheckIn.idempotency_key).distinct().subquery()
            )
        )
    expected = users * per_user
    quantiles = statistics.quantiles(latencies, n=100)
    return {
        "database": engine.dialect.name,
        "users": users,
        "checkins_expected": expected,
        "checkins_stored": stored,
        "duplicates": stored - (distinct or 0),
        "lost": expected - stored,
        "write_attempts": len(latencies) + len(errors),
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        "latency_ms_p50": round(quantiles[49], 2),
        "latency_ms_p95": round(quantiles[94], 2),
        "latency_ms_p99": round(quantiles[98], 2),
        "checkins_per_second": round(expected / elapsed, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", action="append", help="SQLAlchemy URL (repeatable)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--per-user", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, throwaway_postgres("peerline_bench") as postgres:
        urls = args.url or [f"sqlite:///{tmp}/bench.db", postgres]
        results = [run(url, args.users, args.per_user) for url in urls]
    out = REPO / "reports" / "checkin_writes.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Rasa 3.6's RedisLockStore under contention from two OS processes (deploy/README.md).

Run in the Rasa environment, from the repository root:

    $RASA_VENV/bin/python -m benchmarks.lock_race [--seconds 60] [--tasks 6] [--conversations 3]

It starts two worker processes. Each runs ``--tasks`` coroutines that, for ``--seconds``,
take Rasa's own lock (``RedisLockStore.lock``, as ``Agent.handle_message`` does) for one of
``--conversations`` conversations, hold it for a 10 ms "turn" and release it. A Redis
counter per conversation tells whether two turns of one conversation ran at the same time.
Printed per process: turns run, overlapping turns, LockErrors (the message would be
dropped) and the longest wait. Redis at 127.0.0.1:6379 db 1, under a unique key prefix
that is deleted afterwards; ``TICKET_LOCK_LIFETIME`` defaults to 5 s here so stale tickets
expire quickly.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from typing import Any

TURN_S = 0.01
POLL_S = 0.05


async def _worker(store: Any, counter: Any, args: argparse.Namespace, n: int, stats: dict) -> None:
    from rasa.core.lock_store import LockError  # noqa: PLC0415  # Rasa's env only

    end = time.monotonic() + args.seconds
    i = n
    while time.monotonic() < end:
        conversation = f"conv{i % args.conversations}"
        i += 1
        asked = time.monotonic()
        try:
            async with store.lock(conversation, wait_time_in_seconds=POLL_S):
                stats["max_wait_s"] = round(max(stats["max_wait_s"], time.monotonic() - asked), 2)
                inside = f"{args.prefix}:inside:{conversation}"
                if counter.incr(inside) > 1:
                    stats["overlapping_turns"] += 1
                await asyncio.sleep(TURN_S)
                counter.decr(inside)
                stats["turns"] += 1
        except LockError:
            stats["lock_errors"] += 1


async def _run_worker(args: argparse.Namespace) -> dict:
    import redis  # noqa: PLC0415
    from rasa.core.lock_store import RedisLockStore  # noqa: PLC0415  # Rasa's env only

    store = RedisLockStore(host="127.0.0.1", port=6379, db=1, key_prefix=args.prefix)
    counter = redis.Redis(host="127.0.0.1", port=6379, db=1)
    stats = {"turns": 0, "overlapping_turns": 0, "lock_errors": 0, "max_wait_s": 0.0}
    while time.time() < args.start_at:
        await asyncio.sleep(0.001)
    tasks = [
        asyncio.ensure_future(_worker(store, counter, args, n, stats)) for n in range(args.tasks)
    ]
    _, pending = await asyncio.wait(tasks, timeout=args.seconds + 15)
    stats["still_waiting_15s_after_the_end"] = len(pending)
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--tasks", type=int, default=6)
    parser.add_argument("--conversations", type=int, default=3)
    parser.add_argument("--prefix", help=argparse.SUPPRESS)
    parser.add_argument("--start-at", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prefix:  # a worker
        print(json.dumps(asyncio.run(_run_worker(args))), flush=True)
        os._exit(0)  # do not wait for coroutines stuck on a lost ticket
    prefix = f"lockrace{uuid.uuid4().hex[:10]}"
    start_at = time.time() + 20  # both workers have imported Rasa by then
    env = {**os.environ, "TICKET_LOCK_LIFETIME": os.environ.get("TICKET_LOCK_LIFETIME", "5")}
    command = [sys.executable, "-m", "benchmarks.lock_race", *sys.argv[1:]]
    command += ["--prefix", prefix, "--start-at", str(start_at)]
    workers = [subprocess.Popen(command, stdout=subprocess.PIPE, env=env) for _ in range(2)]
    results = [json.loads(worker.communicate()[0]) for worker in workers]
    import redis  # noqa: PLC0415

    client = redis.Redis(host="127.0.0.1", port=6379, db=1)
    leftover = [key.decode() for key in client.scan_iter(f"{prefix}:lock:*")]
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    for name, result in zip("ab", results, strict=True):
        print(f"process {name}: {result}")
    total = {
        key: sum(r[key] for r in results) for key in ("turns", "overlapping_turns", "lock_errors")
    }
    print(f"both: {total}, locks left behind: {len(leftover)}")


if __name__ == "__main__":
    main()

"""Redis ticket locks under contention from two OS processes (deploy/README.md).

Run in the Rasa environment, from the repository root:

    $RASA_VENV/bin/python -m benchmarks.lock_race [--store atomic|rasa] [--seconds 60]
        [--tasks 6] [--conversations 3] [--json]

``--store rasa`` is Rasa 3.6's ``RedisLockStore``; ``atomic`` (the default) is Peerline's
``AtomicRedisLockStore`` (bot/rasa_ext/lock_store.py), which deploy/endpoints.production.yml
uses. Two worker processes each run ``--tasks`` coroutines that, for ``--seconds``, take the
lock of one of ``--conversations`` conversations (``store.lock``, as ``Agent.handle_message``
does), hold it for a 10 ms "turn" and release it. A Redis counter per conversation tells
whether two turns of one conversation ran at the same time. Printed per process and in all:
turns run, overlapping turns, LockErrors (the message would be dropped), the longest wait,
and locks left behind. Redis at 127.0.0.1:6379 db 1, under a unique key prefix that is deleted
afterwards; ``TICKET_LOCK_LIFETIME`` defaults to 5 s here so stale tickets expire quickly.
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
REDIS = {"host": "127.0.0.1", "port": 6379, "db": 1}
COUNTED = ("turns", "overlapping_turns", "lock_errors")


def _store(kind: str, prefix: str) -> Any:
    from rasa.core.lock_store import RedisLockStore  # noqa: PLC0415  # Rasa's env only
    from rasa.utils.endpoints import EndpointConfig  # noqa: PLC0415

    if kind == "rasa":
        return RedisLockStore(key_prefix=prefix, **REDIS)
    from bot.rasa_ext.lock_store import AtomicRedisLockStore  # noqa: PLC0415

    config = EndpointConfig(
        url=REDIS["host"], port=REDIS["port"], db=REDIS["db"], key_prefix=prefix
    )
    return AtomicRedisLockStore(endpoint_config=config)


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

    store = _store(args.store, args.prefix)
    counter = redis.Redis(**REDIS)
    print("ready", flush=True)  # imports done: the parent sets the common start time
    while (start_at := counter.get(f"{args.prefix}:start")) is None:
        await asyncio.sleep(0.01)
    while time.time() < float(start_at):
        await asyncio.sleep(0.001)
    stats = {"turns": 0, "overlapping_turns": 0, "lock_errors": 0, "max_wait_s": 0.0}
    tasks = [
        asyncio.ensure_future(_worker(store, counter, args, n, stats)) for n in range(args.tasks)
    ]
    _, pending = await asyncio.wait(tasks, timeout=args.seconds + 15)
    stats["still_waiting_15s_after_the_end"] = len(pending)
    return stats


def race(args: argparse.Namespace, argv: list[str]) -> dict[str, Any]:
    """Run the two workers; their figures, the totals and the locks left behind."""
    import redis  # noqa: PLC0415

    prefix = f"lockrace{uuid.uuid4().hex[:10]}"
    env = {**os.environ, "TICKET_LOCK_LIFETIME": os.environ.get("TICKET_LOCK_LIFETIME", "5")}
    command = [sys.executable, "-m", "benchmarks.lock_race", *argv, "--prefix", prefix]
    workers = [
        subprocess.Popen(command, stdout=subprocess.PIPE, env=env, text=True) for _ in range(2)
    ]
    client = redis.Redis(**REDIS)
    try:
        for worker in workers:
            assert worker.stdout is not None
            if worker.stdout.readline().strip() != "ready":
                raise RuntimeError("a lock_race worker failed to start")
        client.set(f"{prefix}:start", time.time() + 0.5)
        results = [json.loads(worker.communicate()[0]) for worker in workers]
        leftover = [key.decode() for key in client.scan_iter(f"{prefix}:lock:*")]
    finally:
        for worker in workers:
            worker.kill()
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
        client.close()
    total = {key: sum(r[key] for r in results) for key in COUNTED}
    return {
        "store": args.store,
        "processes": dict(zip("ab", results, strict=True)),
        "total": total,
        "max_wait_s": max(r["max_wait_s"] for r in results),
        "still_waiting": sum(r["still_waiting_15s_after_the_end"] for r in results),
        "locks_left_behind": len(leftover),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", choices=("atomic", "rasa"), default="atomic")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--tasks", type=int, default=6)
    parser.add_argument("--conversations", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the result as one JSON line")
    parser.add_argument("--prefix", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prefix:  # a worker
        print(json.dumps(asyncio.run(_run_worker(args))), flush=True)
        os._exit(0)  # do not wait for coroutines stuck on a lost ticket
    argv = [a for a in sys.argv[1:] if a != "--json"]
    result = race(args, argv)
    if args.json:
        print(json.dumps(result))
        return
    for name, figures in result["processes"].items():
        print(f"process {name}: {figures}")
    print(
        f"{args.store}, both: {result['total']}, longest wait {result['max_wait_s']} s, "
        f"locks left behind: {result['locks_left_behind']}"
    )


if __name__ == "__main__":
    main()

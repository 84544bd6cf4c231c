"""Peerline's Redis lock store under two processes racing for three conversations.

Runs benchmarks/lock_race.py in the Rasa environment against the real Redis at
127.0.0.1:6379: two OS processes, six coroutines each, take and release the locks of three
conversations as fast as they can for a few seconds. Every turn must have had its
conversation to itself, no message may get a LockError, and no lock may be left behind.
(Rasa's own RedisLockStore fails this: deploy/README.md, "Known limits".)
"""

from __future__ import annotations

from typing import Any

import pytest

from devtools.stack import in_rasa_env

pytestmark = pytest.mark.integration


def race(store: str, seconds: float) -> dict[str, Any]:
    return in_rasa_env(
        "-m", "benchmarks.lock_race", "--store", store, "--seconds", str(seconds),
        "--tasks", "6", "--conversations", "3", "--json", timeout=180,
    )  # fmt: skip


def test_two_processes_never_hold_one_conversation_at_once() -> None:
    result = race("atomic", seconds=8)
    total = result["total"]
    assert isinstance(total, dict)
    assert total["overlapping_turns"] == 0, result
    assert total["lock_errors"] == 0, result
    assert result["locks_left_behind"] == 0, result
    assert result["still_waiting"] == 0, result
    # Both processes got their turns (ticket order is shared, not one process starving).
    processes = result["processes"]
    assert isinstance(processes, dict)
    assert all(figures["turns"] > 50 for figures in processes.values()), result

"""CPU time read from /proc, for a process and the processes it started."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from benchmarks.load.system import cpu_seconds

BURN_THEN_WAIT = (
    "import sys, time\n"
    "end = time.process_time() + 0.5\n"
    "while time.process_time() < end: pass\n"
    "print('burnt', flush=True)\n"
    "sys.stdin.read()\n"
)


def test_cpu_seconds_include_a_running_child() -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", BURN_THEN_WAIT],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "burnt"
        own = os.times()
        ours_and_childs = cpu_seconds(os.getpid())
        assert cpu_seconds(child.pid) >= 0.45
        assert ours_and_childs - (own.user + own.system) >= 0.45
    finally:
        child.communicate("")


def test_cpu_seconds_grow_with_work_and_a_gone_process_is_zero() -> None:
    before = cpu_seconds(os.getpid())
    end = time.process_time() + 0.2
    while time.process_time() < end:
        pass
    assert cpu_seconds(os.getpid()) - before >= 0.15
    assert cpu_seconds(2**22 + 12345) == 0.0  # above the largest pid Linux allows

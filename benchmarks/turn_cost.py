"""What one message costs each process: CPU milliseconds per message, and its latency.

    RASA_VENV=... python -m benchmarks.turn_cost [--concurrency 10] [--seconds 30]
        [--rounds 2] [--model models/X.tar.gz]

Starts Peerline's stack (Rasa through bot.rasa_ext.cli, the action server, SQLite stores) on
the newest model in models/, warms it up, then drives the load benchmark's conversation mix
(benchmarks/load/mix.py) with think time 0.5-1 s and reads each process's CPU time from /proc
before and after: Rasa's, the action server's and this load generator's milliseconds per
message, beside p50/p95/p99 latency. Rounds repeat the phase on the same stack. For comparing
a code change: run it on both versions one after the other, more than once (the figures of
a shared machine move between runs). Prints one JSON line per round.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import time
from pathlib import Path

from actions.storage.cli import migrate
from benchmarks.load.driver import run_phase
from benchmarks.load.mix import Mix
from benchmarks.load.system import cpu_seconds
from devtools.stack import REPO, Stack

THINK_S = (0.5, 1.0)


def own_cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--model", type=Path)
    args = parser.parse_args()
    model = args.model or max((REPO / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    mix = Mix.from_questions(REPO / "tests/eval/questions.yml")
    with tempfile.TemporaryDirectory(prefix="peerline-turn-cost-") as tmp:
        work = Path(tmp)
        url = f"sqlite:///{work / 'peerline.db'}"
        migrate(url)
        stack = Stack(
            workdir=work,
            rasa_venv=Path(os.environ["RASA_VENV"]),
            database_url=url,
            model=model,
            extra_env={"PEERLINE_PSEUDONYM_SECRET": "peerline-turn-cost-pseudonym-secret"},
        )
        try:
            stack.start_actions()
            stack.start_rasa()
            asyncio.run(run_phase(stack.rest_url, "warmup", mix, 2, 8, think_s=None, seed=1))
            for round_number in range(args.rounds):
                pids = {name: process.pid for name, process in stack.processes.items()}
                before = {name: cpu_seconds(pid) for name, pid in pids.items()}
                own_before, started = own_cpu_seconds(), time.monotonic()
                result = asyncio.run(
                    run_phase(
                        stack.rest_url, f"round_{round_number}", mix, args.concurrency,
                        args.seconds, think_s=THINK_S, seed=20 + round_number,
                    )
                )  # fmt: skip
                elapsed = time.monotonic() - started
                used = {name: cpu_seconds(pid) - before[name] for name, pid in pids.items()}
                used["load_generator"] = own_cpu_seconds() - own_before
                summary = result.summary()
                messages = max(int(str(summary["messages"])), 1)
                per_message = {k: round(v / messages * 1e3, 1) for k, v in used.items()}
                print(json.dumps({
                    "round": round_number, "concurrency": args.concurrency,
                    "messages": messages, "errors": summary["errors"],
                    **{k: summary.get(k) for k in ("p50_ms", "p95_ms", "p99_ms")},
                    "cpu_ms_per_message": per_message,
                    "cpu_share_of_one_core": {k: round(v / elapsed, 2) for k, v in used.items()},
                    "model": model.name,
                }), flush=True)  # fmt: skip
        finally:
            stack.stop()


if __name__ == "__main__":
    main()

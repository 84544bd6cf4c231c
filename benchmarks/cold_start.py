"""Cold start: seconds from `make run` (and from `rasa run` alone) to the first REST answer.

    python -m benchmarks.cold_start        # needs RASA_VENV (run via `make bench-start`)

The model must already be trained, so the figure is start-up, not training.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from actions.storage.cli import migrate
from benchmarks.load.system import embeddings_env, semantic_layer
from devtools.stack import REPO, Stack

READY = re.compile(r"Peerline is ready: ([0-9.]+) s")


def time_make_run(timeout: float = 300) -> float:
    """Run `make run`, read the ready line it prints, then stop it with Ctrl-C."""
    process = subprocess.Popen(
        ["make", "--no-print-directory", "run"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + timeout
    tail: list[str] = []
    try:
        assert process.stdout is not None
        for line in process.stdout:
            match = READY.search(line)
            if match:
                return float(match.group(1))
            tail = [*tail[-20:], line]
            if time.monotonic() > deadline:
                break
        raise RuntimeError("make run did not report ready:\n" + "".join(tail))
    finally:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=60)


def time_rasa_run() -> tuple[float, str | None]:
    """Start `rasa run` + action server on free ports; seconds until REST answers, and the
    semantic layer's health then."""
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        url = f"sqlite:///{workdir / 'peerline.db'}"
        migrate(url)
        stack = Stack(
            workdir=workdir,
            rasa_venv=Path(os.environ["RASA_VENV"]),
            database_url=url,
            extra_env=embeddings_env(),
        )
        try:
            stack.start_actions()
            started = time.monotonic()
            stack.start_rasa()
            return time.monotonic() - started, semantic_layer(workdir)
        finally:
            stack.stop()


def main() -> int:
    rasa_run_s, rasa_run_semantic = time_rasa_run()
    results = {
        "rasa_run_to_first_answer_s": round(rasa_run_s, 1),
        "rasa_run_semantic_layer": rasa_run_semantic,
        "make_run_to_first_answer_s": round(time_make_run(), 1),
        "make_run_semantic_layer": semantic_layer(REPO / os.environ.get("PEERLINE_VAR_DIR", "var")),
    }
    out = REPO / "reports" / "cold_start.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""supervisord's `logs` event listener: every process's output, one prefix per process, and
a line for each exit, restart and process given up on (supervisord.conf).

supervisord talks to its listeners over their stdin and stdout, so the lines go to stderr,
which supervisord.conf sends to the terminal.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TextIO

from supervisor import childutils

WIDTH = 10  # "supervise" and a space


def prefixed(name: str, line: str) -> str:
    """`HH:MM:SS name     | line`."""
    return f"{time.strftime('%H:%M:%S')} {name:<{WIDTH}}| {line}"


@dataclass
class Lines:
    """Joins a process's output chunks into whole lines; a chunk may end mid-line."""

    partial: dict[str, str] = field(default_factory=dict)

    def feed(self, name: str, chunk: str) -> Iterator[str]:
        text = self.partial.pop(name, "") + chunk
        *complete, rest = text.split("\n")
        if rest:
            self.partial[name] = rest
        yield from (line.rstrip("\r") for line in complete)


def state_line(event: str, headers: dict[str, str]) -> str | None:
    """The terminal's line for a process state change, or None for an uneventful one."""
    name = headers.get("processname", "?")
    pid = headers.get("pid", "")
    if event == "PROCESS_STATE_RUNNING":
        return f"{name} is running (pid {pid})"
    if event == "PROCESS_STATE_EXITED" and headers.get("expected") == "0":
        return f"{name} exited unexpectedly (pid {pid}); restarting it, the others keep running"
    if event == "PROCESS_STATE_BACKOFF":
        return f"{name} did not stay up; trying again after a pause"
    if event == "PROCESS_STATE_FATAL":
        return (
            f"{name} FAILED: it kept exiting at start, so it is no longer restarted; the others "
            f"keep running. Its output is in $PEERLINE_VAR_DIR/log/{name}.log; once it is fixed, "
            f'`make ctl CMD="start peerline:{name}"` starts it again.'
        )
    return None


def handle(event: str, payload: str, lines: Lines, out: TextIO) -> None:
    """Write what one event has to say."""
    if event.startswith("PROCESS_LOG"):
        headers, data = childutils.eventdata(payload)
        for line in lines.feed(headers["processname"], data):
            out.write(prefixed(headers["processname"], line) + "\n")
    elif event.startswith("PROCESS_STATE"):
        headers = childutils.get_headers(payload.split("\n", 1)[0])
        message = state_line(event, headers)
        if message is not None:
            out.write(prefixed("supervise", message) + "\n")
    out.flush()


def main() -> int:
    # supervisord counts an event's length in characters of UTF-8 text.
    sys.stdin.reconfigure(encoding="utf-8")  # type: ignore[union-attr]  # a TextIOWrapper
    sys.stderr.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]  # as above
    lines = Lines()
    while True:
        headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
        try:
            handle(headers["eventname"], payload, lines, sys.stderr)
        finally:
            childutils.listener.ok(sys.stdout)


if __name__ == "__main__":
    sys.exit(main())

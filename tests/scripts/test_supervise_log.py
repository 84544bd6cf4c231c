"""The terminal log listener: whole lines with one prefix per process, and state changes."""

from __future__ import annotations

import io
import re

from scripts.supervise_log import Lines, handle, state_line


def test_chunks_become_whole_prefixed_lines() -> None:
    """Output split mid-line is held back until its line ends; processes do not mix."""
    lines = Lines()
    assert list(lines.feed("rasa", "loading mo")) == []
    assert list(lines.feed("actions", "up\r\n")) == ["up"]
    assert list(lines.feed("rasa", "del\ndone\npart")) == ["loading model", "done"]
    assert list(lines.feed("rasa", "ial\n")) == ["partial"]


def test_log_event_is_written_with_the_process_prefix() -> None:
    """A PROCESS_LOG payload: each line once, prefixed with time and process name."""
    out = io.StringIO()
    payload = "processname:web groupname:peerline pid:12 channel:stdout\nstarted é\nsecond\n"
    handle("PROCESS_LOG_STDOUT", payload, Lines(), out)
    written = out.getvalue().splitlines()
    assert len(written) == 2
    assert re.fullmatch(r"\d\d:\d\d:\d\d web       \| started é", written[0])
    assert written[1].endswith("web       | second")


def test_state_changes_are_reported_and_quiet_ones_are_not() -> None:
    """An unexpected exit and a FATAL are told; an expected exit is not."""
    exited = state_line("PROCESS_STATE_EXITED", {"processname": "actions", "expected": "0"})
    assert exited is not None and "restarting it, the others keep running" in exited
    fatal = state_line("PROCESS_STATE_FATAL", {"processname": "rasa"})
    assert fatal is not None and "FAILED" in fatal and "rasa.log" in fatal
    assert state_line("PROCESS_STATE_EXITED", {"processname": "ready", "expected": "1"}) is None
    assert state_line("PROCESS_STATE_STOPPING", {"processname": "rasa"}) is None
    out = io.StringIO()
    header = "processname:actions groupname:peerline from_state:RUNNING expected:0 pid:9"
    handle("PROCESS_STATE_EXITED", header, Lines(), out)
    assert "supervise | actions exited unexpectedly (pid 9)" in out.getvalue()

"""A check-in note typed by a user appears in no log, no tracker event and no column."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from devtools.stack import Stack

pytestmark = pytest.mark.integration


def texts(replies: list[dict[str, Any]]) -> str:
    return " ".join(reply.get("text", "") for reply in replies)


def raw_bytes(db_path: Path) -> bytes:
    """A SQLite database's file with its WAL and journal, as bytes on disk."""
    return b"".join(path.read_bytes() for path in db_path.parent.glob(db_path.name + "*"))


def test_a_canary_note_is_nowhere_in_plaintext(stack: Stack) -> None:
    """After a check-in with a canary note and an export, the canary is in no log
    file, no tracker event and no database file, while the user still gets it back."""
    canary = f"canary-{uuid.uuid4().hex[:12]}"
    me = f"privacy-{uuid.uuid4().hex[:10]}"
    stack.say(me, "check in")
    stack.say(me, "3")
    stack.say(me, "2")
    stack.say(me, "no")
    assert "I've saved" in texts(stack.say(me, f"note: {canary} at work today"))
    exported = [
        r["custom"]["export"]
        for r in stack.say(me, "show my data")
        if "export" in (r.get("custom") or {})
    ]
    assert canary in exported[0]["content"]  # the user gets their note back

    needle = canary.encode()
    logs = sorted(stack.workdir.glob("*.log"))
    assert {path.name for path in logs} >= {"rasa.log", "actions.log"}
    for path in logs:
        assert needle not in path.read_bytes(), f"the note is in {path.name}"
    assert needle not in raw_bytes(stack.tracker_db), "the note is in a tracker event"
    peerline_db = Path(stack.database_url.removeprefix("sqlite:///"))
    assert needle not in raw_bytes(peerline_db), "the note is in a database column"

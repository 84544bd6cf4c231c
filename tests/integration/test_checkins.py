"""Check-ins end to end: the form over REST, cancel, crisis mid-form, export and delete."""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from actions.settings import Settings
from devtools.stack import REPO, Stack, crisis_markers
from peerline_core.privacy import pseudonym

pytestmark = pytest.mark.integration

CANARY = "canary-b41d my shift was long"


def texts(replies: list[dict[str, Any]]) -> str:
    return " ".join(reply.get("text", "") for reply in replies)


def rows(db: Path, query: str, *args: object) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(query, args).fetchall()


def checkin(stack: Stack, sender: str, note: str = CANARY) -> list[dict[str, Any]]:
    assert "mood" in texts(stack.say(sender, "check in"))
    assert "stress" in texts(stack.say(sender, "pretty rough"))
    assert "self-care" in texts(stack.say(sender, "4/5"))
    assert "note" in texts(stack.say(sender, "yes"))
    return stack.say(sender, note)


def test_full_checkin_is_stored_once_with_the_note_encrypted(stack: Stack) -> None:
    """Free-text answers fill the form; one row is stored and the note is not in plaintext."""
    sender = f"it-{uuid.uuid4().hex[:10]}"
    replies = checkin(stack, sender)
    assert "mood 2/5, stress 4/5" in texts(replies)
    db = Path(stack.database_url.removeprefix("sqlite:///"))
    secret = Settings(_env_file=REPO / ".env").pseudonym_secret.get_secret_value()
    mine = rows(
        db,
        "SELECT mood, stress, used_self_care, note_encrypted FROM checkins WHERE user_key = ?",
        pseudonym(secret.encode(), "rest", sender),
    )
    assert [(mood, stress, bool(care)) for mood, stress, care, _ in mine] == [(2, 4, True)]
    stored = rows(db, "SELECT note_encrypted FROM checkins")
    assert all(CANARY.encode() not in (row[0] or b"") for row in stored)
    raw = b"".join(path.read_bytes() for path in db.parent.glob(db.name + "*"))
    assert b"canary-b41d" not in raw


def test_nonsense_scale_is_reasked_and_cancel_stops(stack: Stack) -> None:
    """A nonsense mood gets the hint and the question again; "cancel" ends the form."""
    sender = f"it-{uuid.uuid4().hex[:10]}"
    stack.say(sender, "check in")
    reply = texts(stack.say(sender, "banana"))
    assert "number from 1 to 5" in reply and "mood" in reply
    assert "stopped the check-in" in texts(stack.say(sender, "cancel"))
    assert "mood" in texts(stack.say(sender, "check in"))


def test_crisis_mid_form_wins_and_form_does_not_resume(stack: Stack) -> None:
    """Crisis language during the form gets the crisis reply; the form is not resumed."""
    sender = f"it-{uuid.uuid4().hex[:10]}"
    stack.say(sender, "check in")
    replies = stack.say(sender, "honestly i just want to kill myself")
    assert crisis_markers(replies) == ["self"]
    reply = texts(replies)
    assert "988" in reply and "741741" in reply and "mood" not in reply
    follow = texts(stack.say(sender, "what is a peer specialist"))
    assert "stress" not in follow and "mood" not in follow


def test_export_and_delete_remove_checkins_and_tracker_events(stack: Stack) -> None:
    """Export returns the note; delete removes the rows and the tracker history."""
    sender = f"it-{uuid.uuid4().hex[:10]}"
    checkin(stack, sender)
    exported = [
        r["custom"]["export"]
        for r in stack.say(sender, "show my data")
        if "export" in (r.get("custom") or {})
    ]
    assert json.loads(exported[0]["content"])["checkins"][0]["note"] == CANARY
    assert "can't be undone" in texts(stack.say(sender, "delete my data"))
    assert "deleted 1 check-in" in texts(stack.say(sender, "/affirm"))
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and rows(
        stack.tracker_db, "SELECT 1 FROM events WHERE sender_id = ?", sender
    ):
        time.sleep(0.3)
    assert rows(stack.tracker_db, "SELECT 1 FROM events WHERE sender_id = ?", sender) == []
    exported = [
        r["custom"]["export"]
        for r in stack.say(sender, "show my data")
        if "export" in (r.get("custom") or {})
    ]
    assert json.loads(exported[0]["content"])["checkins"] == []


def test_skipping_the_note_stores_no_note(stack: Stack) -> None:
    """Answering "skip" at the note step logs the check-in without a note."""
    sender = f"it-{uuid.uuid4().hex[:10]}"
    replies = checkin(stack, sender, note="skip")
    reply = texts(replies)
    assert "mood 2/5, stress 4/5" in reply and "and your note" not in reply
    exported = [
        r["custom"]["export"]
        for r in stack.say(sender, "show my data")
        if "export" in (r.get("custom") or {})
    ]
    assert json.loads(exported[0]["content"])["checkins"][0]["note"] == ""

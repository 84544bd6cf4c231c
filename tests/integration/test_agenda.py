"""The supervision agenda end to end over REST and over Telegram: add, kinds, nonsense, cancel,
crisis mid-form, export as text and PDF files, clear, a check-in trend added only after a yes,
and the items kept out of Rasa's store, in /mydata and /delete."""

from __future__ import annotations

import base64
import json
import sqlite3
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from devtools.fake_telegram import FakeTelegram
from devtools.stack import Stack, crisis_markers
from devtools.telegram_bridge import documents, say

pytestmark = pytest.mark.integration

CANARY = "canary-9e41 a client offered me a gift card"


def texts(replies: list[dict[str, Any]]) -> str:
    return " ".join(reply.get("text", "") for reply in replies)


def exports(replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r["custom"]["export"] for r in replies if "export" in (r.get("custom") or {})]


def new_sender() -> str:
    return f"it-{uuid.uuid4().hex[:10]}"


def test_items_are_saved_by_kind_shown_exported_and_cleared(stack: Stack) -> None:
    """An item whose wording gives its kind is saved at once; a bare add asks for the item
    and its kind (nonsense re-asked); the agenda lists both by kind, exports a text file and
    is emptied by "clear" after a yes."""
    me = new_sender()
    saved = texts(stack.say(me, f"add to my supervision list: {CANARY}"))
    assert "Saved under Boundary questions" in saved and "1 item(s)" in saved
    assert "What would you like to add" in texts(
        stack.say(me, "add something to my supervision agenda")
    )
    assert "What kind of item" in texts(stack.say(me, "my first recovery group ran the full hour"))
    hint = stack.say(me, "banana")
    assert "Pick one of these" in texts(hint)
    assert "Wins" in [b["title"] for r in hint for b in r.get("buttons", [])]
    assert "Saved under Wins" in texts(stack.say(me, "win"))
    listed = texts(stack.say(me, "show my supervision agenda"))
    assert listed.index("Boundary questions") < listed.index("Wins")
    assert CANARY in listed and "my first recovery group ran the full hour" in listed
    files = {e["format"]: e for e in exports(stack.say(me, "export my supervision agenda"))}
    assert files["txt"]["filename"] == "peerline-supervision-agenda.txt"
    assert f"- {CANARY}" in files["txt"]["content"]
    assert files["pdf"]["filename"] == "peerline-supervision-agenda.pdf"
    assert base64.b64decode(files["pdf"]["content"]).startswith(b"%PDF-")
    [pdf] = exports(stack.say(me, "export my supervision agenda as a pdf"))
    assert pdf["format"] == "pdf" and pdf["encoding"] == "base64"
    assert "Clear every item" in texts(stack.say(me, "clear my supervision agenda"))
    assert "removed 2 item(s)" in texts(stack.say(me, "/affirm"))
    assert "is empty" in texts(stack.say(me, "show my supervision agenda"))


def test_cancel_and_crisis_stop_the_form_and_save_nothing(stack: Stack) -> None:
    """ "cancel" and crisis language both end the form; nothing is saved either way."""
    me = new_sender()
    stack.say(me, "add to my supervision list")
    assert "didn't save anything" in texts(stack.say(me, "cancel"))
    stack.say(me, "add to my supervision list")
    replies = stack.say(me, "honestly i just want to kill myself")
    assert crisis_markers(replies) == ["self"]
    assert "What kind" not in texts(replies)
    assert "is empty" in texts(stack.say(me, "show my supervision agenda"))


def test_the_item_is_sealed_in_rasas_store_and_in_mydata_until_deleted(stack: Stack) -> None:
    """The item's text is in no tracker row; /mydata returns it; /delete removes it."""
    me = new_sender()
    stack.say(me, f"add to my supervision list: {CANARY}")
    stack.say(me, "show my supervision agenda")
    with sqlite3.connect(stack.tracker_db) as connection:
        stored = [row[0] for row in connection.execute(
            "SELECT data FROM events WHERE sender_id = ?", (me,))]  # fmt: skip
    assert stored and not any("canary-9e41" in row for row in stored)
    db = Path(stack.database_url.removeprefix("sqlite:///"))
    raw = b"".join(path.read_bytes() for path in db.parent.glob(db.name + "*"))
    assert b"canary-9e41" not in raw
    [mydata] = exports(stack.say(me, "show my data"))
    assert [i["text"] for i in json.loads(mydata["content"])["supervision_agenda"]] == [CANARY]
    stack.say(me, "delete my data")
    assert "1 supervision agenda item(s)" in texts(stack.say(me, "/affirm"))
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with sqlite3.connect(stack.tracker_db) as connection:
            if not connection.execute("SELECT 1 FROM events WHERE sender_id = ?", (me,)).fetchall():
                break
        time.sleep(0.3)
    [mydata] = exports(stack.say(me, "show my data"))
    assert json.loads(mydata["content"])["supervision_agenda"] == []


def test_the_supervision_answer_offers_the_agenda(stack: Stack) -> None:
    """The supervision card's answer carries the agenda button, and pressing it starts it."""
    me = new_sender()
    replies = stack.say(me, "what should i bring to supervision")
    buttons = [b for r in replies for b in r.get("buttons", [])]
    assert {
        "title": "Start my supervision agenda",
        "payload": "add to my supervision list",
    } in buttons
    assert "What would you like to add" in texts(stack.say(me, "add to my supervision list"))


def test_a_trend_line_goes_onto_the_agenda_only_after_a_yes(stack: Stack) -> None:
    """After a check-in, the trends end with a one-line summary and a yes/no question; a no
    adds nothing, a yes adds the line under its kind."""
    me = new_sender()
    stack.say(me, "check in")
    for answer in ("2", "4", "no", "skip"):
        stack.say(me, answer)
    trends = stack.say(me, "how have I been doing?")
    assert "Add this to your supervision agenda?" in texts(trends)
    assert {"title": "Yes, add it", "payload": "/affirm"} in [
        b for r in trends for b in r.get("buttons", [])
    ]
    assert "is empty" in texts(stack.say(me, "show my supervision agenda"))
    stack.say(me, "how have I been doing?")
    assert "didn't add it" in texts(stack.say(me, "no"))
    assert "is empty" in texts(stack.say(me, "show my supervision agenda"))
    stack.say(me, "how have I been doing?")
    assert "Saved under Stuck points" in texts(stack.say(me, "/affirm"))
    listed = texts(stack.say(me, "show my supervision agenda"))
    assert "Check-in trend, last 7 days: 1 check-in(s), mood 2.0/5, stress 4.0/5" in listed


def test_the_agenda_over_telegram_exports_text_and_pdf_documents_and_is_deleted(
    stack: Stack, fake: FakeTelegram, polling: subprocess.Popen[bytes]
) -> None:
    """An item added on Telegram comes back as a text and a PDF document; /mydata holds it
    and /delete, confirmed, removes it."""
    user, item = 1301, "canary-3c8d a client wants a ride to court"
    [saved] = say(fake, user, f"add to my supervision list: {item}")
    assert "Saved under Boundary questions" in saved.params["text"]
    say(fake, user, "export my supervision agenda")
    files = documents(fake, user, 2)
    assert f"- {item}".encode() in files["peerline-supervision-agenda.txt"]
    assert files["peerline-supervision-agenda.pdf"].startswith(b"%PDF-")
    say(fake, user, "/mydata")
    mydata = documents(fake, user, 3)["peerline-checkins.json"]
    assert [i["text"] for i in json.loads(mydata)["supervision_agenda"]] == [item]
    [confirm] = say(fake, user, "/delete")
    assert "supervision agenda" in confirm.params["text"]
    [done] = say(fake, user, "yes")
    assert "1 supervision agenda item(s)" in done.params["text"]
    [empty] = say(fake, user, "show my supervision agenda")
    assert "is empty" in empty.params["text"]

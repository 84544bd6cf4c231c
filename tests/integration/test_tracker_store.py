"""Peerline's SQL tracker store on SQLite, inside Rasa's environment (real Rasa, real file).

The embedded default keeps one pooled connection in WAL mode with synchronous=NORMAL
(bot/rasa_ext/tracker_store.py): a turn must come back whole, be on disk for another
process to read, and not open a new connection for every session.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from devtools.postgres import throwaway_postgres
from devtools.stack import in_rasa_env

pytestmark = pytest.mark.integration

SCRIPT = """
import asyncio, json, sys
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from bot.rasa_ext.tracker_store import EncryptedSQLTrackerStore

domain = Domain.from_yaml("slots:\\n  role:\\n    type: text\\n    mappings: []\\n")
store = EncryptedSQLTrackerStore(domain=domain, dialect="sqlite", db=sys.argv[1])

async def main():
    tracker = DialogueStateTracker.from_events("wal-user", [
        ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
        UserUttered("hi there", {"name": "greet", "confidence": 0.9}),
        SlotSet("role", "supervisor"), ActionExecuted("utter_greet"),
    ], domain.slots)
    await store.save(tracker)  # turn 1
    turn_2 = await store.retrieve("wal-user")  # as Rasa does: load, add the turn, save
    turn_2.update(UserUttered("thanks", {"name": "thank", "confidence": 0.8}))
    await store.save(turn_2)
    again = await store.retrieve("wal-user")
    connections = set()
    for _ in range(3):
        with store.session_scope() as session:
            raw = session.connection().connection.dbapi_connection
            connections.add(id(raw))
            mode = raw.execute("PRAGMA journal_mode").fetchone()[0]
            synchronous = raw.execute("PRAGMA synchronous").fetchone()[0]
    print(json.dumps({
        "texts": [e.text for e in again.events if isinstance(e, UserUttered)],
        "role": again.get_slot("role"),
        "journal_mode": mode, "synchronous": synchronous,
        "connections": len(connections), "types": [e.type_name for e in again.events],
    }))

asyncio.run(main())
"""


def test_sqlite_store_keeps_one_wal_connection_and_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PEERLINE_VAR_DIR", str(tmp_path))
    db = tmp_path / "tracker.db"
    result = in_rasa_env("-c", SCRIPT, str(db), timeout=180)

    assert result["texts"] == ["hi there", "thanks"]
    assert result["role"] == "supervisor"
    # The current session: from session_started on (action_session_start comes before it).
    assert result["types"] == ["session_started", "action", "user", "slot", "action", "user"]
    assert result["journal_mode"] == "wal"
    assert result["synchronous"] == 1  # NORMAL
    assert result["connections"] == 1  # pooled, not one per session
    # Committed: another process reads every event, in order, from the file and its WAL.
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT type_name, data FROM events WHERE sender_id = 'wal-user' ORDER BY id"
        ).fetchall()
    assert [row[0] for row in rows] == ["action", *result["types"]]
    assert json.loads(rows[-1][1])["text"] == "thanks"


SESSIONS_SCRIPT = """
import asyncio, json, sys
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from bot.rasa_ext.tracker_store import EncryptedSQLTrackerStore

domain = Domain.empty()
store = EncryptedSQLTrackerStore(domain=domain, **json.loads(sys.argv[1]))

def session(text):
    return [ActionExecuted("action_session_start"), SessionStarted(),
            ActionExecuted("action_listen"), UserUttered(text, {"name": "greet"})]

def rasa_orm(sender, everything):
    with store.session_scope() as db:
        query = SQLTrackerStore._event_query(store, db, sender, everything)
        return [row.data for row in query.all()], None if everything else query.count()

def ours(sender, everything):
    statements = store._statements
    with store.session_scope() as db:
        data = db.execute(statements.all_data if everything else statements.data,
                          {"sender": sender}).scalars().all()
        count = None if everything else db.execute(statements.count, {"sender": sender}).scalar()
        return list(data), count

async def main():
    await store.save(DialogueStateTracker.from_events("two", session("first"), domain.slots))
    tracker = await store.retrieve("two")
    for event in session("second"):
        tracker.update(event)
    await store.save(tracker)
    # No session_started at all: every event is the current session.
    await store.save(DialogueStateTracker.from_events("bare", [
        ActionExecuted("action_listen"), UserUttered("no session", {"name": "greet"})
    ], domain.slots))
    current = await store.retrieve("two")
    full = await store.retrieve_full_tracker("two")
    bare = await store.retrieve("bare")
    text = lambda t: [e.text for e in t.events if isinstance(e, UserUttered)]
    print(json.dumps({
        "current": text(current), "full": text(full), "bare": text(bare),
        "missing": await store.retrieve("nobody") is None,
        "same": {f"{s}-{e}": ours(s, e) == rasa_orm(s, e)
                 for s in ("two", "bare", "nobody") for e in (False, True)},
        "count_current": ours("two", False)[1],
    }))

asyncio.run(main())
"""


def check_sessions(store_kwargs: dict[str, object]) -> None:
    result = in_rasa_env("-c", SESSIONS_SCRIPT, json.dumps(store_kwargs), timeout=180)
    assert result["current"] == ["second"]
    assert result["full"] == ["first", "second"]
    assert result["bare"] == ["no session"]
    assert result["missing"] is True
    assert result["count_current"] == 3  # session_started, action_listen, the message
    # Our prepared statements select exactly what Rasa's ORM queries select.
    assert result["same"] == {f"{s}-{e}": True for s in ("two", "bare", "nobody")
                              for e in ("False", "True")}  # fmt: skip


def test_latest_session_is_read_like_rasa_on_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PEERLINE_VAR_DIR", str(tmp_path))
    check_sessions({"dialect": "sqlite", "db": str(tmp_path / "tracker.db")})


def test_latest_session_is_read_like_rasa_on_postgresql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PEERLINE_VAR_DIR", str(tmp_path))
    with throwaway_postgres("peerline_tracker") as url:
        check_sessions(
            {"dialect": "postgresql", "host": "127.0.0.1", "port": 5432,
             "db": url.rsplit("/", 1)[1], "username": "postgres"}
        )  # fmt: skip

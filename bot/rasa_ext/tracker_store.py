"""Rasa's SQL tracker store, with check-in content sealed and failures made visible.

Runs inside Rasa's process (``type: bot.rasa_ext.tracker_store.EncryptedSQLTrackerStore``
in endpoints.yml, with the same keys as ``type: SQL``). Where it differs from Rasa 3.6's store:

* Events are written through ``peerline_core.seal``: a check-in note, the message that
  gave it and data exports are stored as Fernet tokens, never in plaintext.
* At start, a database that cannot be reached within
  ``PEERLINE_TRACKER_CONNECT_TIMEOUT_S`` stops ``rasa run`` with one sentence and a
  non-zero exit. Rasa's own store retries forever, and a store that fails to load is
  silently replaced by an in-memory one that forgets every conversation.
* A failed read or write is reported to the turn being handled (``guard``): Rasa's
  fail-safe wrapper swallows it and would otherwise answer as if nothing happened.
* On SQLite (the embedded default) one pooled connection in WAL mode with
  ``synchronous=NORMAL``, instead of SQLAlchemy 1.4's new connection per session and a
  rollback journal synced on every commit. Rasa calls its store synchronously on its one
  event loop, so each of those costs stalled every conversation. NORMAL in WAL mode keeps
  the file consistent; a power cut (not a crash of Rasa) may lose the last turns written.
* Reads, counts and inserts are SQLAlchemy Core statements built once per store, with the
  same filters as Rasa's ORM queries (events of the latest session, ordered by id):
  Rasa rebuilt and recompiled three ORM queries on every turn, on its event loop.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore  # type: ignore[import-not-found]  # Rasa's env
from rasa.shared.core.events import SessionStarted  # type: ignore[import-not-found]  # as above
from rasa.shared.core.trackers import (  # type: ignore[import-not-found]  # as above
    DialogueStateTracker,
)
from rasa.shared.nlu.constants import INTENT_NAME_KEY  # type: ignore[import-not-found]  # as above
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool

from bot.rasa_ext.guard import report_failure
from bot.rasa_ext.settings import get_edge_settings
from peerline_core.privacy import NoteCipher
from peerline_core.seal import seal_events, sealer

logger = logging.getLogger(__name__)

STATE_EVENTS = frozenset({"active_loop", "slot"})  # what seal_events reads the form state from


def wait_for_database(url: Any, timeout_s: float) -> None:
    """Return once ``url`` accepts a connection; exit the process after ``timeout_s``."""
    engine = sa.create_engine(url)
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            try:
                with engine.connect():
                    return
            except sa.exc.SQLAlchemyError as error:
                if time.monotonic() >= deadline:
                    where = engine.url.render_as_string(hide_password=True)
                    reason = str(getattr(error, "orig", None) or error).strip().splitlines()
                    message = (
                        f"Peerline cannot reach its conversation store at {where} "
                        f"({reason[0] if reason else 'unreachable'}) after {timeout_s:.0f} s: "
                        "start the database or fix tracker_store in endpoints.yml."
                    )
                    print(message, file=sys.stderr, flush=True)  # noqa: T201  # the one line needed
                    # Rasa loads its tracker store inside a Sanic start-up listener, where a
                    # SystemExit is printed with a traceback around it; nothing runs yet.
                    os._exit(3)
                time.sleep(0.5)
    finally:
        engine.dispose()


class _Statements:
    """The store's statements on Rasa's ``events`` table, built once.

    ``data``/``count``: the events of the latest session (from the newest session_started
    on, or all events if there is none), as Rasa's ``_event_query`` selects them.
    """

    def __init__(self, events: sa.Table) -> None:
        sender: sa.BindParameter[str] = sa.bindparam("sender")
        of_sender = events.c.sender_id == sender
        start = (
            sa.select(sa.func.max(events.c.timestamp))
            .where(of_sender, events.c.type_name == SessionStarted.type_name)
            .scalar_subquery()
        )
        current = sa.or_(events.c.timestamp >= start, start.is_(None))
        self.data = sa.select(events.c.data).where(of_sender, current).order_by(events.c.id)
        self.all_data = sa.select(events.c.data).where(of_sender).order_by(events.c.id)
        self.count = sa.select(sa.func.count()).select_from(events).where(of_sender, current)
        self.insert = events.insert()


def _sqlite_wal(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class EncryptedSQLTrackerStore(SQLTrackerStore):  # type: ignore[misc]  # Rasa is untyped here
    """``SQLTrackerStore`` that seals check-in content and fails loudly."""

    engine: sa.engine.Engine  # set by SQLTrackerStore.__init__, replaced for SQLite

    def __init__(self, domain: Any = None, event_broker: Any = None, **kwargs: Any) -> None:
        # Rasa passes every key of the tracker_store endpoint as a keyword argument.
        settings = get_edge_settings()
        self._cipher = NoteCipher(settings.note_key_list())
        port = kwargs.get("port")
        probe = self.get_db_url(
            kwargs.get("dialect", "sqlite"),
            kwargs.get("host"),
            int(port) if port else None,
            kwargs.get("login_db") or kwargs.get("db", "rasa.db"),
            kwargs.get("username"),
            kwargs.get("password"),
            None,
            kwargs.get("query"),
        )
        wait_for_database(probe, settings.tracker_connect_timeout_s)
        super().__init__(domain=domain, event_broker=event_broker, **kwargs)
        if self.engine.dialect.name == "sqlite":
            self._use_pooled_wal_engine()
        self._statements = _Statements(self.SQLEvent.__table__)

    def _use_pooled_wal_engine(self) -> None:
        url = self.engine.url
        self.engine.dispose()
        # Rasa uses the store from its event loop's thread only; one connection suffices,
        # and a second (Rasa's API on another thread) may be opened beside it.
        self.engine = sa.create_engine(
            url,
            poolclass=QueuePool,
            pool_size=1,
            connect_args={"check_same_thread": False, "timeout": 10},
        )
        sa.event.listen(self.engine, "connect", _sqlite_wal)
        self.sessionmaker = sessionmaker(bind=self.engine)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        try:
            return await super().retrieve(sender_id)
        except Exception:
            report_failure("tracker_store")
            raise

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        # Rasa 3.6's SQLTrackerStore._retrieve on prepared statements.
        query = (
            self._statements.all_data if fetch_events_from_all_sessions else self._statements.data
        )
        with self.session_scope() as session:
            rows = session.execute(query, {"sender": sender_id}).scalars().all()
        events = [json.loads(data) for data in rows]
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

    async def save(self, tracker: DialogueStateTracker) -> None:
        try:
            await self._save_sealed(tracker)
        except Exception:
            report_failure("tracker_store")
            raise

    async def _save_sealed(self, tracker: DialogueStateTracker) -> None:
        # Rasa 3.6's SQLTrackerStore.save, with every event passed through seal_events.
        await self.stream_events(tracker)
        seal = sealer(self._cipher.encrypt)
        with self.session_scope() as session:
            stored = session.execute(self._statements.count, {"sender": tracker.sender_id}).scalar()
            events = list(tracker.events)
            # Events already stored are only read for the form state (loop and slot events);
            # serialising the whole conversation on every turn would cost O(n) per turn.
            dicts = (
                event.as_dict()
                if index >= stored or event.type_name in STATE_EVENTS
                else {"event": event.type_name}
                for index, event in enumerate(events)
            )
            sealed = seal_events(dicts, seal)
            rows = [
                {
                    "sender_id": tracker.sender_id,
                    "type_name": event.type_name,
                    "timestamp": data.get("timestamp"),
                    "intent_name": data.get("parse_data", {})
                    .get("intent", {})
                    .get(INTENT_NAME_KEY),
                    "action_name": data.get("name"),
                    "data": json.dumps(data),
                }
                for index, (event, data) in enumerate(zip(events, sealed, strict=True))
                if index >= stored
            ]
            if rows:
                session.execute(self._statements.insert, rows)
            session.commit()

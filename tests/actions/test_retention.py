"""Retention purges whole old sessions from Rasa's events table and never breaks the latest one.

Rasa's SQLTrackerStore appends a tracker's new events by counting the rows stored with a
timestamp at or after the latest ``session_started`` and skipping that many, so that count
(and those rows) must not change unless the whole conversation is gone.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, insert, select

from actions import settings as settings_module
from actions.storage import cli
from actions.storage.retention import RASA_EVENTS, SESSION_STARTED, purge_tracker

DAY = 86400.0
NOW = 2_000_000_000.0
CUTOFF = NOW - 90 * DAY


@dataclass(frozen=True)
class Row:
    sender: str
    type_name: str
    timestamp: float
    action: str | None = None


def session(sender: str, start_day: float, *event_days: float, now: float = NOW) -> list[Row]:
    """Rows as Rasa writes them: action_session_start, session_started, then the turns."""
    start = now - start_day * DAY
    rows = [
        Row(sender, "action", start - 0.001, "action_session_start"),
        Row(sender, SESSION_STARTED, start),
        Row(sender, "action", start + 0.001, "action_listen"),
    ]
    rows += [Row(sender, "user", now - day * DAY) for day in event_days]
    return rows


def store(path: Path, rows: list[Row]) -> Engine:
    engine = create_engine(f"sqlite:///{path}")
    RASA_EVENTS.metadata.create_all(engine)
    with engine.begin() as connection:
        for row in rows:
            connection.execute(
                insert(RASA_EVENTS).values(
                    sender_id=row.sender,
                    type_name=row.type_name,
                    timestamp=row.timestamp,
                    action_name=row.action,
                    data="{}",
                )
            )
    return engine


def stored(engine: Engine) -> list[tuple[int, str, str, float]]:
    events = RASA_EVENTS.c
    with engine.connect() as connection:
        found = connection.execute(
            select(events.id, events.sender_id, events.type_name, events.timestamp).order_by(
                events.id
            )
        )
        return [tuple(row) for row in found]  # type: ignore[misc]


def latest_session_ids(rows: list[tuple[int, str, str, float]], sender: str) -> list[int]:
    """The rows Rasa's _event_query counts for ``sender`` (its latest session)."""
    mine = [row for row in rows if row[1] == sender]
    starts = [row[3] for row in mine if row[2] == SESSION_STARTED]
    if not starts:
        return [row[0] for row in mine]
    return [row[0] for row in mine if row[3] >= max(starts)]


def test_whole_old_conversation_is_deleted(tmp_path: Path) -> None:
    """Every event of a conversation last active before the cutoff goes."""
    engine = store(tmp_path / "t.db", session("old", 200, 199, 198) + session("old", 120, 119, 100))
    counts = purge_tracker(engine, CUTOFF)
    assert stored(engine) == []
    assert (counts.events, counts.sessions, counts.conversations) == (10, 2, 1)


def test_old_sessions_go_and_the_latest_stays_intact(tmp_path: Path) -> None:
    """Older whole sessions are deleted; the latest session's rows and count are untouched."""
    rows = session("u", 300, 299) + session("u", 150, 149, 140) + session("u", 5, 4, 1)
    engine = store(tmp_path / "t.db", rows)
    before = stored(engine)
    counts = purge_tracker(engine, CUTOFF)
    after = stored(engine)
    assert latest_session_ids(after, "u") == latest_session_ids(before, "u")
    # What is left starts with the latest session's own action_session_start.
    assert [row[2] for row in after][:2] == ["action", SESSION_STARTED]
    assert (counts.events, counts.sessions, counts.conversations) == (9, 2, 0)
    assert all(row[3] < CUTOFF for row in set(before) - set(after))


def test_latest_session_spanning_the_cutoff_is_kept_whole(tmp_path: Path) -> None:
    """A session that started before the cutoff and is still going keeps its old events too."""
    engine = store(tmp_path / "t.db", session("u", 100, 99, 95, 10))
    before = stored(engine)
    assert purge_tracker(engine, CUTOFF).events == 0
    assert stored(engine) == before


def test_older_session_spanning_the_cutoff_is_kept(tmp_path: Path) -> None:
    """An earlier session with an event after the cutoff stays; the ones before it go."""
    rows = session("u", 200, 199) + session("u", 100, 95, 80) + session("u", 2, 1)
    engine = store(tmp_path / "t.db", rows)
    purge_tracker(engine, CUTOFF)
    starts = [row[3] for row in stored(engine) if row[2] == SESSION_STARTED]
    assert starts == [NOW - 100 * DAY, NOW - 2 * DAY]


def test_conversation_without_session_start_is_not_split(tmp_path: Path) -> None:
    """Without a session_started row nothing can be cut safely, unless all of it is old."""
    recent = [Row("a", "user", NOW - 100 * DAY), Row("a", "user", NOW - DAY)]
    old = [Row("b", "user", NOW - 100 * DAY), Row("b", "user", NOW - 95 * DAY)]
    engine = store(tmp_path / "t.db", recent + old)
    counts = purge_tracker(engine, CUTOFF)
    assert [row[1] for row in stored(engine)] == ["a", "a"]
    assert counts.conversations == 1


def test_other_conversations_are_untouched(tmp_path: Path) -> None:
    """Purging one user's old sessions leaves a recent user's rows exactly as they were."""
    engine = store(tmp_path / "t.db", session("old", 200, 199) + session("new", 3, 2, 1))
    before = [row for row in stored(engine) if row[1] == "new"]
    purge_tracker(engine, CUTOFF)
    assert stored(engine) == before


def test_event_exactly_at_the_cutoff_is_kept(tmp_path: Path) -> None:
    """Older-than is strict: an event exactly at the cutoff keeps its session."""
    engine = store(tmp_path / "t.db", session("u", 90.0001, 90))
    assert purge_tracker(engine, CUTOFF).events == 0


def test_missing_events_table_purges_nothing(tmp_path: Path) -> None:
    """A tracker database Rasa has not written yet is not an error."""
    engine = create_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    assert purge_tracker(engine, CUTOFF).events == 0


days_ago = st.floats(min_value=0, max_value=400, allow_nan=False)
conversation = st.lists(
    st.tuples(days_ago, st.lists(st.floats(min_value=0, max_value=1), max_size=3)),
    max_size=5,
)


@settings(max_examples=80, deadline=None)
@given(conversations=st.lists(conversation, min_size=1, max_size=4), prelude=st.booleans())
def test_purge_invariants_hold_for_any_history(
    conversations: list[list[tuple[float, list[float]]]], prelude: bool
) -> None:
    """For any histories: only old rows go, whole sessions only, as many as may go, and the
    latest session Rasa counts is untouched unless the whole conversation was old."""
    rows: list[Row] = []
    part_of: dict[int, tuple[str, int]] = {}  # row number -> (sender, session; -1: prelude)
    for number, sessions in enumerate(conversations):
        sender = f"s{number}"
        starts = sorted({round(day, 3) for day, _ in sessions}, reverse=True)
        if prelude and starts:
            part_of[len(rows)] = (sender, -1)
            rows.append(Row(sender, "user", NOW - (starts[0] + 1) * DAY))
        for index, start in enumerate(starts):
            gap = start - (starts[index + 1] if index + 1 < len(starts) else 0.0)
            offsets = sorted(sessions[index % len(sessions)][1])
            made = session(sender, start, *(start - gap * 0.9 * f for f in offsets))
            for row_number in range(len(rows), len(rows) + len(made)):
                part_of[row_number] = (sender, index)
            rows += made
    with tempfile.TemporaryDirectory() as folder:
        engine = store(Path(folder) / "t.db", rows)
        before = stored(engine)
        purge_tracker(engine, CUTOFF)
        after = stored(engine)
        engine.dispose()
    kept_ids = {row[0] for row in after}
    assert all(row[3] < CUTOFF for row in before if row[0] not in kept_ids)
    groups: dict[tuple[str, int], list[tuple[tuple[int, str, str, float], bool]]] = {}
    for number, row in enumerate(before):  # ids follow insertion order
        groups.setdefault(part_of[number], []).append((row, row[0] in kept_ids))
    for number in range(len(conversations)):
        sender = f"s{number}"
        mine = [row for row in before if row[1] == sender]
        if not mine:
            continue
        if max(row[3] for row in mine) < CUTOFF:
            assert not any(row[0] in kept_ids for row in mine)
            continue
        assert latest_session_ids(after, sender) == latest_session_ids(before, sender)
        parts = sorted(key[1] for key in groups if key[0] == sender)
        for part in parts:
            flags = [kept for _, kept in groups[(sender, part)]]
            assert all(flags) or not any(flags), f"{sender} session {part} was split"
        kept = [part for part in parts if part >= 0 and groups[(sender, part)][0][1]]
        # Old sessions go from the front: what is kept is the latest sessions, the first of
        # them kept only because it has an event after the cutoff.
        assert kept == [part for part in parts if part >= kept[0]]
        assert max(row[3] for row, _ in groups[(sender, kept[0])]) >= CUTOFF


def test_cli_purge_prints_counts_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`purge --older-than-days N` reads the tracker store from settings and names no one."""
    path = tmp_path / "tracker.db"
    now = time.time()
    store(path, session("who-1", 40, 39, now=now) + session("who-1", 1, now=now))
    monkeypatch.setenv("TRACKER_SQLITE_PATH", str(path))
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
    settings_module.get_settings.cache_clear()
    try:
        assert cli.main(["purge", "--older-than-days", "30"]) == 0
    finally:
        settings_module.get_settings.cache_clear()
    out = capsys.readouterr().out
    assert "Purged 4 tracker events older than 30 days: 1 sessions, 0 whole conversations." in out
    assert "who-1" not in out


def test_cli_purge_rejects_a_zero_retention(capsys: pytest.CaptureFixture[str]) -> None:
    """A retention under one day is refused by the argument parser with a reason."""
    with pytest.raises(SystemExit) as stopped:
        cli.main(["purge", "--older-than-days", "0"])
    assert stopped.value.code == 2
    assert "must be at least 1" in capsys.readouterr().err


def test_cli_purge_unreachable_store_is_one_sentence(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A tracker store that cannot be reached: exit 1 and one line naming the fix."""
    monkeypatch.setenv("TRACKER_DATABASE_URL", "postgresql+psycopg://u:pw@127.0.0.1:1/tracker")
    settings_module.get_settings.cache_clear()
    try:
        assert cli.main(["purge"]) == 1
    finally:
        settings_module.get_settings.cache_clear()
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1
    assert "TRACKER_DATABASE_URL" in error and "pw" not in error

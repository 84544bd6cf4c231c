"""Votes and kept questions on SQLite and PostgreSQL: counted once, purged after retention."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from actions.storage import cli
from actions.storage.db import build_engine
from actions.storage.feedback import (
    purge_questions,
    questions,
    record_vote,
    save_question,
    votes_per_card,
)

TODAY = date(2026, 12, 3)


def test_votes_count_once_per_answer_and_sum_per_card(database_url: str) -> None:
    """A second vote on one answer is refused; votes add up per card, most voted first."""
    engine = build_engine(database_url)
    with Session(engine) as session, session.begin():
        assert record_vote(session, "a" * 16, "pay", "helpful", channel="rest", on=TODAY)
        assert not record_vote(session, "a" * 16, "pay", "not_this", channel="rest", on=TODAY)
        assert record_vote(session, "b" * 16, "pay", "not_this", channel="telegram", on=TODAY)
        assert record_vote(session, "c" * 16, "retention", "helpful", channel="socketio", on=TODAY)
    with Session(engine) as session:
        votes = votes_per_card(session)
    engine.dispose()
    assert [(v.card_id, v.helpful, v.not_this) for v in votes] == [
        ("pay", 1, 1),
        ("retention", 1, 0),
    ]
    assert votes[0].helpful_share == 0.5


def test_questions_older_than_the_retention_are_purged(database_url: str) -> None:
    """Only questions asked more than the retention period ago are deleted."""
    engine = build_engine(database_url)
    with Session(engine) as session, session.begin():
        save_question(session, "old one", "rest", TODAY - timedelta(days=91))
        save_question(session, "edge", "rest", TODAY - timedelta(days=90))
        save_question(session, "new one", "rest", TODAY)
    with Session(engine) as session, session.begin():
        assert purge_questions(session, 90, TODAY) == 1
    with Session(engine) as session:
        assert [q.text for q in questions(session)] == ["edge", "new one"]
    engine.dispose()


def test_purge_command_removes_old_questions(sqlite_url: str) -> None:
    """`make purge` (the CLI) purges kept questions and prints a count only."""
    engine = build_engine(sqlite_url)
    with Session(engine) as session, session.begin():
        save_question(session, "secret-ish words", "rest", TODAY - timedelta(days=100))
    line = cli.purge_saved_questions(sqlite_url, 90, today=TODAY)
    assert line == "Purged 1 saved questions older than 90 days."
    assert "secret" not in line
    with Session(engine) as session:
        assert questions(session) == []
    engine.dispose()


def test_purge_command_on_an_unmigrated_database(tmp_path: object) -> None:
    """A database without the table purges nothing and does not fail."""
    url = f"sqlite:///{tmp_path}/empty.db"
    assert cli.purge_saved_questions(url, 90) == "Purged 0 saved questions older than 90 days."

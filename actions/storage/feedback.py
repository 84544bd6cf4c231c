"""Answer votes and consented unanswered questions: counts and scrubbed text, no user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, select
from sqlalchemy.orm import Session

from actions.storage.models import AnswerFeedback, UnansweredQuestion


def record_vote(
    session: Session, answer_id: str, card_id: str, vote: str, *, channel: str, on: date
) -> bool:
    """Count one vote on an answer; False when that answer already has one. A race with a
    concurrent vote on the same answer ends in the unique constraint's IntegrityError."""
    taken = select(AnswerFeedback.id).where(AnswerFeedback.answer_id == answer_id).exists()
    if session.scalar(select(taken)):
        return False
    session.add(
        AnswerFeedback(
            answer_id=answer_id, card_id=card_id, vote=vote, channel=channel[:32], voted_on=on
        )
    )
    session.flush()
    return True


@dataclass(frozen=True)
class CardVotes:
    """The votes one card received."""

    card_id: str
    helpful: int
    not_this: int

    @property
    def total(self) -> int:
        return self.helpful + self.not_this

    @property
    def helpful_share(self) -> float:
        return self.helpful / self.total if self.total else 0.0


def votes_per_card(session: Session, since: date | None = None) -> list[CardVotes]:
    """Votes per card, most voted first."""
    query = select(AnswerFeedback.card_id, AnswerFeedback.vote, func.count()).group_by(
        AnswerFeedback.card_id, AnswerFeedback.vote
    )
    if since is not None:
        query = query.where(AnswerFeedback.voted_on >= since)
    counts: dict[str, dict[str, int]] = {}
    for card_id, vote, count in session.execute(query).tuples():
        counts.setdefault(card_id, {})[vote] = count
    found = [
        CardVotes(card_id, c.get("helpful", 0), c.get("not_this", 0))
        for card_id, c in counts.items()
    ]
    return sorted(found, key=lambda v: (-v.total, v.card_id))


def save_question(session: Session, text: str, channel: str, on: date) -> None:
    """Keep one scrubbed question; the caller's transaction commits it."""
    session.add(UnansweredQuestion(text=text, channel=channel[:32], asked_on=on))


def questions(session: Session) -> list[UnansweredQuestion]:
    """Every kept question, oldest first."""
    return list(session.scalars(select(UnansweredQuestion).order_by(UnansweredQuestion.id)))


def purge_questions(session: Session, older_than_days: int, today: date) -> int:
    """Delete the questions asked more than ``older_than_days`` ago; how many went."""
    cutoff = today - timedelta(days=older_than_days)
    result = cast(
        "CursorResult[Any]",
        session.execute(delete(UnansweredQuestion).where(UnansweredQuestion.asked_on < cutoff)),
    )
    return int(result.rowcount or 0)

"""Seeded votes and saved questions for the content report's tests and its screenshot."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from actions.storage.db import build_engine
from actions.storage.feedback import record_vote, save_question

# (card, helpful votes, "not what I asked" votes)
VOTES = [
    ("friend_request_social_media", 14, 2),
    ("background_checks", 9, 6),
    ("pay", 4, 9),
    ("supervision", 11, 1),
    ("self_disclosure_how_much", 6, 3),
    ("boundaries_on_your_time", 3, 5),
]
QUESTIONS = [
    "Can I drive a client to a job interview in my own car?",
    "Am I allowed to give a client a ride to an appointment in my car?",
    "What about mileage if I drive participants to court in my car?",
    "Does our union contract cover peer specialists on night shifts?",
    "Can the union help if my overtime is not paid?",
    "Can [name] call me at [phone] about the union dues rule?",
    "How do I write a peer note in the electronic health record?",
    "What should a progress note by a peer specialist contain?",
    "Is it okay to attend a client's funeral?",
]


def seed(url: str, today: date) -> None:
    """Add the votes and questions above to the migrated database at ``url``."""
    engine = build_engine(url)
    counter = 0
    with Session(engine) as session, session.begin():
        for card, helpful, not_this in VOTES:
            for vote, count in (("helpful", helpful), ("not_this", not_this)):
                for _ in range(count):
                    counter += 1
                    record_vote(
                        session,
                        f"{counter:016x}",
                        card,
                        vote,
                        channel=("rest", "telegram", "socketio")[counter % 3],
                        on=today - timedelta(days=counter % 20),
                    )
        for index, text in enumerate(QUESTIONS):
            save_question(session, text, "socketio", today - timedelta(days=index))
    engine.dispose()

"""Crisis replies are counted without text or user, and a failed count stays silent."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.orm import Session

from actions.safety import ActionCountCrisis
from actions.settings import Settings
from actions.storage.referrals import referrals_in_year
from devtools.trackers import tracker as build_tracker


def crisis_tracker(intent: str) -> Tracker:
    message = {"text": "private words", "intent": {"name": intent, "confidence": 1.0}}
    events: list[dict[str, Any]] = [
        {"event": "user", "text": "private words", "input_channel": "rest"}
    ]
    return build_tracker(message, events=events, latest_action="utter_crisis_self")


async def test_crisis_reply_is_counted_by_kind_without_text(app_settings: Settings) -> None:
    """Two self and one client crisis turn give counts 2 and 1, and no row holds the text."""
    for intent in ("crisis_self", "crisis_self", "crisis_client"):
        dispatcher = CollectingDispatcher()
        assert await ActionCountCrisis().run(dispatcher, crisis_tracker(intent), {}) == []
        assert dispatcher.messages == []
    engine = create_engine(app_settings.effective_database_url)
    with Session(engine) as session:
        year = datetime.now(timezone.utc).year
        assert referrals_in_year(session, year) == {"self": 2, "client": 1}
        columns = [c["name"] for c in inspect(engine).get_columns("crisis_referrals")]
        assert columns == ["id", "occurred_on", "kind", "channel", "created_at"]
        rows = session.execute(text("SELECT * FROM crisis_referrals")).all()
        assert all("private" not in str(row) and "user-1" not in str(row) for row in rows)
        assert {row.channel for row in rows} == {"rest"}


async def test_count_failure_sends_nothing_and_does_not_raise(
    app_settings: Settings, monkeypatch: Any
) -> None:
    """With the table gone, the action logs an error but the user sees nothing extra."""
    engine = create_engine(app_settings.effective_database_url)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE crisis_referrals"))
    dispatcher = CollectingDispatcher()
    assert await ActionCountCrisis().run(dispatcher, crisis_tracker("crisis_self"), {}) == []
    assert dispatcher.messages == []

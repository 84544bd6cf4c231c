"""Check-ins: answers understood, stored once and encrypted, trends, export and delete."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

from actions import _common, checkins
from actions.agenda import ActionAcceptAgendaOffer, ActionShowAgenda
from actions.checkins import (
    MOOD_WORDS,
    STRESS_WORDS,
    ActionCheckinHistory,
    ActionExportMyData,
    ActionLogCheckin,
    ValidateCheckinForm,
    parse_note,
    parse_scale,
)
from actions.retry import ActionRetrySave
from actions.settings import Settings
from devtools.trackers import tracker as build_tracker

CANARY = "canary-7f3a note about my rough shift"


@pytest.mark.parametrize(
    ("answer", "expected"),
    [("4", 4), ("4/5", 4), ("2 out of 5", 2), ("five", 5), ("pretty rough", 2), ("great!", 5),
     ("ok", 3), ("0", None), ("6", None), ("45", None), ("banana", None), ("", None)],
)  # fmt: skip
def test_mood_answers_are_understood_or_refused(answer: str, expected: int | None) -> None:
    """Numbers, "n/5" and mood words map to 1-5; anything else is refused."""
    assert parse_scale(answer, MOOD_WORDS) == expected


def test_stress_words_prefer_the_longest_phrase() -> None:
    """Saying "very stressed" gives 5, not the 4 that "stressed" alone would give."""
    assert parse_scale("very stressed", STRESS_WORDS) == 5
    assert parse_scale("stressed", STRESS_WORDS) == 4


def test_note_skip_and_trim() -> None:
    """Saying "skip" means no note; long notes are cut to one short line."""
    assert parse_note("Skip") == ""
    assert parse_note("  a   b ") == "a b"
    assert len(parse_note("x" * 1000)) == 280


def form_tracker(sender: str = "user-1", **slots: Any) -> Tracker:
    events = [
        {"event": "user", "text": "check in", "input_channel": "rest", "timestamp": 1.0},
        {"event": "active_loop", "name": "checkin_form", "timestamp": 1700000000.5},
    ]
    message = {"text": "x", "intent": {"name": "inform", "confidence": 0.9}}
    return build_tracker(
        message, sender=sender, slots=slots, events=events, active_loop="checkin_form"
    )


async def test_out_of_range_mood_is_reasked_with_a_hint() -> None:
    """A mood of 9 is not stored; the user gets the scale hint."""
    dispatcher = CollectingDispatcher()
    result = await ValidateCheckinForm().validate_checkin_mood("9", dispatcher, form_tracker(), {})
    assert result == {"checkin_mood": None}
    assert dispatcher.messages[0]["response"] == "utter_checkin_scale_hint"


FILLED = {
    "checkin_mood": "2",
    "checkin_stress": "5",
    "checkin_self_care": "no",
    "checkin_note": CANARY,
}


async def log(tracker: Tracker) -> tuple[CollectingDispatcher, list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    return dispatcher, await ActionLogCheckin().run(dispatcher, tracker, {})


async def test_checkin_is_stored_once_encrypted_and_reflected(app_settings: Settings) -> None:
    """A retried log action stores one row; the note's plaintext is nowhere in the file."""
    dispatcher, events = await log(form_tracker(**FILLED))
    assert dispatcher.messages[0]["response"] == "utter_checkin_logged"
    assert dispatcher.messages[0]["mood"] == "2" and dispatcher.messages[0]["stress"] == "5"
    assert "utter_checkin_support" in [m.get("response") for m in dispatcher.messages]
    assert any(m.get("custom", {}).get("citation", {}).get("card_id") == "self_care"
               for m in dispatcher.messages)  # fmt: skip
    assert events == [
        *(SlotSet(slot, None) for slot in checkins.CHECKIN_SLOTS), SlotSet("pending_save", None)
    ]  # fmt: skip
    await log(form_tracker(**FILLED))  # the same form, retried
    engine = create_engine(app_settings.effective_database_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT user_key, note_encrypted FROM checkins")).all()
    assert len(rows) == 1
    assert rows[0].user_key != "user-1" and len(rows[0].user_key) == 64
    db_file = Path(app_settings.effective_database_url.removeprefix("sqlite:///"))
    raw = b"".join(p.read_bytes() for p in db_file.parent.glob(db_file.name + "*"))
    assert b"canary-7f3a" not in raw


async def test_export_returns_decrypted_notes_only_for_that_user(app_settings: Settings) -> None:
    """Export gives this user's check-ins (note decrypted) and nobody else's."""
    await log(form_tracker(**FILLED))
    await log(form_tracker(sender="someone-else", **{**FILLED, "checkin_note": "other"}))
    dispatcher = CollectingDispatcher()
    await ActionExportMyData().run(dispatcher, form_tracker(), {})
    export = dispatcher.messages[1]["custom"]["export"]
    rows = json.loads(export["content"])["checkins"]
    assert [row["note"] for row in rows] == [CANARY]
    dispatcher = CollectingDispatcher()
    await ActionExportMyData().run(dispatcher, form_tracker(export_format="csv"), {})
    csv_text = dispatcher.messages[1]["custom"]["export"]["content"]
    assert csv_text.splitlines()[0] == "created_at,mood,stress,used_self_care,note"
    assert CANARY in csv_text


async def test_database_down_is_told_and_slots_kept(
    app_settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With the database unreachable the user hears it failed, and the answers are kept."""
    unmigrated = sessionmaker(create_engine(f"sqlite:///{tmp_path / 'empty.db'}"))
    monkeypatch.setattr(_common, "get_sessionmaker", lambda: unmigrated)
    dispatcher, events = await log(form_tracker(**FILLED))
    assert [m["response"] for m in dispatcher.messages] == ["utter_checkin_save_failed"]
    [pending] = events
    assert pending["name"] == "pending_save" and json.loads(pending["value"])["tool"] == "checkin"


async def test_try_again_after_a_failed_checkin_saves_the_checkin_once(
    app_settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The retry action saves the check-in whose save failed, once however often it runs."""
    unmigrated = sessionmaker(create_engine(f"sqlite:///{tmp_path / 'empty.db'}"))
    with monkeypatch.context() as patched:
        patched.setattr(_common, "get_sessionmaker", lambda: unmigrated)
        _, [pending] = await log(form_tracker(**FILLED))
    for _ in range(2):
        dispatcher = CollectingDispatcher()
        await ActionRetrySave().run(
            dispatcher, form_tracker(**FILLED, pending_save=pending["value"]), {}
        )
        assert dispatcher.messages[0]["response"] == "utter_checkin_logged"
    engine = create_engine(app_settings.effective_database_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM checkins")).scalar() == 1


async def test_history_describes_trend_and_sends_a_png(app_settings: Settings) -> None:
    """After check-ins, history returns a summary in words and a PNG chart."""
    await log(form_tracker(**FILLED))
    dispatcher = CollectingDispatcher()
    await ActionCheckinHistory().run(dispatcher, form_tracker(), {})
    assert "Last 7 days: 1 check-in(s), average mood 2.0/5" in dispatcher.messages[0]["summary"]
    assert dispatcher.messages[1]["image"].startswith("data:image/png;base64,iVBOR")


async def test_history_offers_a_trend_line_and_a_yes_adds_it_to_the_agenda(
    app_settings: Settings,
) -> None:
    """After the trend, a one-line summary is offered with yes/no, never added by itself;
    a yes puts it on the supervision agenda."""
    await log(form_tracker(**FILLED))
    dispatcher = CollectingDispatcher()
    events = await ActionCheckinHistory().run(dispatcher, form_tracker(), {})
    offer = dispatcher.messages[2]
    assert offer["response"] == "utter_history_offer_agenda"
    assert offer["line"].startswith("Check-in trend, last 7 days: 1 check-in(s), mood 2.0/5")
    [slot] = events
    assert slot["name"] == "agenda_offer" and json.loads(slot["value"])["kind"] == "stuck"
    dispatcher = CollectingDispatcher()
    await ActionShowAgenda().run(dispatcher, form_tracker(), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_agenda_empty"]
    await ActionAcceptAgendaOffer().run(dispatcher, form_tracker(agenda_offer=slot["value"]), {})
    dispatcher = CollectingDispatcher()
    await ActionShowAgenda().run(dispatcher, form_tracker(), {})
    assert dispatcher.messages[0]["agenda"] == f"Stuck points\n- {offer['line']}"


async def test_history_when_empty(app_settings: Settings) -> None:
    """No check-ins yet gives the empty-history reply."""
    dispatcher = CollectingDispatcher()
    await ActionCheckinHistory().run(dispatcher, form_tracker(sender="new"), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_history_empty"]

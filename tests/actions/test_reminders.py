"""Reminder actions: the form reads the request, refuses quiet hours and asks the time zone
once; saving stores once (Telegram only from a private chat, its chat sealed); list, stop,
/mydata and /delete; the widget's session start offers a due reminder once."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

from cryptography.fernet import Fernet
from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import create_engine, text, update
from sqlalchemy.orm import sessionmaker

from actions.checkins import ActionDeleteMyData, ActionExportMyData
from actions.reminder_schedule import CHAT_METADATA_KEY
from actions.reminders import (
    ActionListReminders,
    ActionSaveReminder,
    ActionSessionStart,
    ActionStopReminders,
    ValidateReminderForm,
)
from actions.settings import Settings
from actions.storage.models import Reminder
from devtools.trackers import tracker as build_tracker

WEB = {"event": "user", "text": "hi", "input_channel": "socketio", "timestamp": 1.0}
SEALED = "peerline-sealed:v1:" + Fernet(Fernet.generate_key()).encrypt(b"4242").decode()
TELEGRAM_PRIVATE = {"channel": "telegram", "chat_type": "private", CHAT_METADATA_KEY: SEALED}


def form_tracker(
    sender: str = "user-1",
    metadata: dict[str, Any] | None = None,
    text_: str = "x",
    started: float = 1.7e9,
    **slots: Any,
) -> Tracker:
    user = {**WEB, "metadata": metadata or {}}
    if metadata:
        user["input_channel"] = "rest"
    events = [user, {"event": "active_loop", "name": "reminder_form", "timestamp": started}]
    message = {"text": text_, "intent": {"name": "reminder_set", "confidence": 0.9}}
    return build_tracker(
        message, sender=sender, slots=slots, events=events, active_loop="reminder_form"
    )


async def validate(
    slot: str, value: str, tracker: Tracker | None = None
) -> tuple[dict[str, Any], list[str]]:
    dispatcher = CollectingDispatcher()
    method = getattr(ValidateReminderForm(), f"validate_{slot}")
    result = await method(value, dispatcher, tracker or form_tracker(), {})
    return result, [m["response"] for m in dispatcher.messages]


async def test_one_sentence_fills_what_days_and_time(app_settings: Settings) -> None:
    """ "Remind me to check in every weekday at 5pm" leaves only the time zone to ask."""
    result, said = await validate("reminder_request", "remind me to check in every weekday at 5pm")
    assert result == {
        "reminder_request": "remind me to check in every weekday at 5pm",
        "reminder_kind": "checkin",
        "reminder_days": "mon,tue,wed,thu,fri",
        "reminder_time": "17:00",
    }
    assert said == []


async def test_the_time_zone_is_asked_once(app_settings: Settings) -> None:
    """A named zone fills it; after a saved reminder, the stored zone fills it too."""
    result, _ = await validate("reminder_request", "remind me on Thursdays at 9 pacific time")
    assert result["reminder_timezone"] == "America/Los_Angeles"
    filled = form_tracker(reminder_kind="agenda", reminder_days="thu", reminder_time="09:00",
                          reminder_timezone="America/Chicago")  # fmt: skip
    await ActionSaveReminder().run(CollectingDispatcher(), filled, {})
    result, _ = await validate("reminder_request", "set a reminder")
    assert result["reminder_timezone"] == "America/Chicago"


async def test_quiet_hours_are_refused_with_the_reason() -> None:
    """10pm is inside 21:00-08:00: the time is asked again, saying why."""
    result, said = await validate("reminder_time", "10pm")
    assert result == {"reminder_time": None} and said == ["utter_reminder_quiet_hours"]
    result, said = await validate("reminder_request", "remind me to check in daily at 6am")
    assert "reminder_time" not in result and said == ["utter_reminder_quiet_hours"]
    assert result["reminder_days"] == "mon,tue,wed,thu,fri,sat,sun"


async def test_nonsense_answers_get_a_hint() -> None:
    """Days, time, zone and kind that cannot be read are asked again with a hint."""
    assert await validate("reminder_days", "soonish") == (
        {"reminder_days": None}, ["utter_reminder_days_hint"])  # fmt: skip
    assert await validate("reminder_time", "later") == (
        {"reminder_time": None}, ["utter_reminder_time_hint"])  # fmt: skip
    assert await validate("reminder_timezone", "Narnia") == (
        {"reminder_timezone": None}, ["utter_reminder_timezone_hint"])  # fmt: skip
    assert await validate("reminder_kind", "banana") == (
        {"reminder_kind": None}, ["utter_reminder_kind_hint"])  # fmt: skip
    assert await validate("reminder_timezone", "Denver") == (
        {"reminder_timezone": "America/Denver"}, [])  # fmt: skip


def filled(sender: str = "user-1", metadata: dict[str, Any] | None = None, **slots: Any) -> Tracker:
    values = {
        "reminder_kind": "checkin",
        "reminder_days": "mon,tue,wed,thu,fri",
        "reminder_time": "17:00",
        "reminder_timezone": "America/New_York",
        **slots,
    }
    started = 1.8e9 if slots else 1.7e9  # another filled-in form, another reminder
    return form_tracker(sender, metadata, started=started, **values)


def rows(settings: Settings) -> list[Any]:
    engine = create_engine(settings.effective_database_url)
    with engine.connect() as connection:
        found = connection.execute(
            text(
                "SELECT kind, channel, days, timezone, delivery_sealed, next_due_at FROM reminders"
            )
        ).all()
    engine.dispose()
    return list(found)


async def test_saved_once_for_the_web_with_nothing_to_deliver_to(app_settings: Settings) -> None:
    """A retried save stores one row; the widget's reminder has no chat and is due next at
    17:00 New York time; the slots are cleared except the time zone."""
    dispatcher = CollectingDispatcher()
    events = await ActionSaveReminder().run(dispatcher, filled(), {})
    await ActionSaveReminder().run(CollectingDispatcher(), filled(), {})
    [row] = rows(app_settings)
    assert (row.kind, row.channel, row.days, row.delivery_sealed) == (
        "checkin", "web", "mon,tue,wed,thu,fri", None)  # fmt: skip
    assert dispatcher.messages[0]["response"] == "utter_reminder_saved_web"
    assert dispatcher.messages[0]["schedule"] == "every weekday at 17:00 (America/New_York)"
    assert SlotSet("reminder_timezone", None) not in events
    assert SlotSet("reminder_time", None) in events


async def test_telegram_keeps_only_the_sealed_chat(app_settings: Settings) -> None:
    """From a private Telegram chat the sealed id is stored as sent; never the id itself."""
    dispatcher = CollectingDispatcher()
    await ActionSaveReminder().run(dispatcher, filled(metadata=TELEGRAM_PRIVATE), {})
    [row] = rows(app_settings)
    assert (row.channel, row.delivery_sealed) == ("telegram", SEALED)
    assert dispatcher.messages[0]["response"] == "utter_reminder_saved_telegram"


async def test_never_from_a_group_or_without_a_chat(app_settings: Settings) -> None:
    """A group, or a Telegram message without the sealed chat, sets no reminder."""
    group = {"channel": "telegram", "chat_type": "group", CHAT_METADATA_KEY: SEALED}
    for metadata in (group, {"channel": "telegram", "chat_type": "private"}):
        dispatcher = CollectingDispatcher()
        await ActionSaveReminder().run(dispatcher, filled(metadata=metadata), {})
        assert [m["response"] for m in dispatcher.messages] == ["utter_reminder_private_only"]
    assert rows(app_settings) == []


async def test_a_forged_quiet_time_or_kind_saves_nothing(app_settings: Settings) -> None:
    """Slots the form never produces (23:00, an unknown kind) store nothing."""
    for tracker in (filled(reminder_time="23:00"), filled(reminder_kind="secret")):
        dispatcher = CollectingDispatcher()
        await ActionSaveReminder().run(dispatcher, tracker, {})
        assert [m["response"] for m in dispatcher.messages] == ["utter_reminder_nothing_to_save"]
    assert rows(app_settings) == []


async def run(action: Any, tracker: Tracker) -> tuple[CollectingDispatcher, list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    return dispatcher, await action.run(dispatcher, tracker, {})


async def test_list_stop_one_kind_then_all(app_settings: Settings) -> None:
    """The list names each reminder; "stop my check-in reminders" stops that kind only,
    "stop reminders" the rest; another user's stay."""
    await ActionSaveReminder().run(CollectingDispatcher(), filled(), {})
    await ActionSaveReminder().run(
        CollectingDispatcher(), filled(reminder_kind="agenda", reminder_days="thu"), {}
    )
    await ActionSaveReminder().run(CollectingDispatcher(), filled(sender="other"), {})
    dispatcher, _ = await run(ActionListReminders(), form_tracker())
    assert dispatcher.messages[0]["count"] == "2"
    assert "to check in, every weekday at 17:00" in dispatcher.messages[0]["reminders"]
    assert "on Thursdays at 17:00" in dispatcher.messages[0]["reminders"]
    dispatcher, _ = await run(
        ActionStopReminders(), form_tracker(text_="stop my check-in reminders")
    )
    assert dispatcher.messages[0]["count"] == "1"
    dispatcher, _ = await run(ActionStopReminders(), form_tracker(text_="stop reminders"))
    assert dispatcher.messages[0]["count"] == "1"
    dispatcher, _ = await run(ActionListReminders(), form_tracker())
    assert [m["response"] for m in dispatcher.messages] == ["utter_reminder_none"]
    assert len(rows(app_settings)) == 1


async def test_mydata_exports_and_delete_removes_reminders(app_settings: Settings) -> None:
    """/mydata lists the reminder without the sealed chat; /delete removes it."""
    await ActionSaveReminder().run(CollectingDispatcher(), filled(metadata=TELEGRAM_PRIVATE), {})
    dispatcher, _ = await run(ActionExportMyData(), filled(metadata=TELEGRAM_PRIVATE))
    content = dispatcher.messages[1]["custom"]["export"]["content"]
    [exported] = json.loads(content)["reminders"]
    assert (exported["kind"], exported["time"], exported["channel"]) == (
        "checkin",
        "17:00",
        "telegram",
    )
    assert SEALED not in content
    dispatcher, _ = await run(ActionDeleteMyData(), filled(metadata=TELEGRAM_PRIVATE))
    assert dispatcher.messages[0]["reminder_count"] == "1"
    assert rows(app_settings) == []


def returning(slots: dict[str, Any] | None = None, channel: str | None = None) -> Tracker:
    """A tracker as Rasa hands it to action_session_start on a returning visitor."""
    metadata = {"channel": channel} if channel else None
    values = {"session_started_metadata": metadata, "role": "peer", **(slots or {})}
    return build_tracker({}, slots=values, events=[WEB])


def make_due(settings: Settings) -> None:
    engine = create_engine(settings.effective_database_url)
    with sessionmaker(engine).begin() as session:
        session.execute(
            update(Reminder).values(next_due_at=datetime.now(timezone.utc) - timedelta(hours=2))
        )
    engine.dispose()


async def test_session_start_carries_slots_and_offers_a_due_reminder_once(
    app_settings: Settings,
) -> None:
    """A due web reminder is offered with its button at the next session start, once; the
    session starts as Rasa's own does, slots carried over."""
    await ActionSaveReminder().run(CollectingDispatcher(), filled(), {})
    dispatcher, events = await run(ActionSessionStart(), returning())
    assert dispatcher.messages == []  # not due yet
    assert events == [SessionStarted(), SlotSet("role", "peer"), ActionExecuted("action_listen")]
    make_due(app_settings)
    dispatcher, _ = await run(ActionSessionStart(), returning())
    [offer] = dispatcher.messages
    assert (offer["response"], offer["reminder"]) == ("utter_reminder_offer", "check in")
    assert offer["buttons"] == [{"title": "Start my check-in", "payload": "check in"}]
    dispatcher, _ = await run(ActionSessionStart(), returning())
    assert dispatcher.messages == []
    [row] = rows(app_settings)
    assert datetime.fromisoformat(str(row.next_due_at)).replace(tzinfo=timezone.utc) > datetime.now(
        timezone.utc
    )


async def test_session_start_on_telegram_offers_nothing(app_settings: Settings) -> None:
    """Telegram reminders are pushed by the bridge, never offered at session start."""
    await ActionSaveReminder().run(CollectingDispatcher(), filled(), {})
    make_due(app_settings)
    dispatcher, _ = await run(ActionSessionStart(), returning(channel="telegram"))
    assert dispatcher.messages == []

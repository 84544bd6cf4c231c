"""Opt-in reminders: set one ("remind me to check in every weekday at 5pm"), list, stop,
and offer the ones that fell due since the last visit when a widget session starts.

Telegram reminders are sent by the bridge (bot/telegram/reminders.py); the web widget does
not push, so ``action_session_start`` offers them instead.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions._common import unit_of_work, user_key
from actions.reminder_schedule import (
    CHAT_METADATA_KEY,
    Schedule,
    days_from_text,
    days_text,
    describe,
    in_quiet_hours,
    kind_named,
    parse_days,
    parse_kind,
    parse_time,
    parse_timezone,
    reminder_data,
    reminder_kinds,
)
from actions.storage.models import Reminder
from actions.storage.reminders import (
    OFFERED,
    NewReminder,
    add_reminder,
    aware,
    delete_reminders,
    due_for_user,
    finish,
    reminders_of,
)

logger = logging.getLogger(__name__)

REMINDER_FORM = "reminder_form"
REMINDER_SLOTS = ("reminder_request", "reminder_kind", "reminder_days", "reminder_time")
TIMEZONE_SLOT = "reminder_timezone"
SESSION_METADATA_SLOT = "session_started_metadata"
TELEGRAM, WEB = "telegram", "web"


def latest_metadata(tracker: Tracker) -> dict[str, Any]:
    """The metadata the latest user message came with (the bridge names its channel)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            metadata = event.get("metadata")
            return metadata if isinstance(metadata, dict) else {}
    return {}


def stored_timezone(tracker: Tracker) -> str | None:
    """The time zone of the user's newest reminder, so it is asked only once."""
    try:
        with unit_of_work() as session:
            rows = reminders_of(session, user_key(tracker))
            return rows[-1].timezone if rows else None
    except SQLAlchemyError:
        logger.exception("Reading reminders for their time zone failed")
        return None


def idempotency_key(tracker: Tracker) -> str:
    """Same for every retry of one filled-in form: the form's activation time."""
    started = next(
        (
            event.get("timestamp")
            for event in reversed(tracker.events)
            if event.get("event") == "active_loop" and event.get("name") == REMINDER_FORM
        ),
        None,
    )
    return hashlib.sha256(f"reminder:{tracker.sender_id}:{started}".encode()).hexdigest()


def reset_events() -> list[dict[str, Any]]:
    """Forget the reminder being set; the time zone is kept, so it is not asked again."""
    return [SlotSet(slot, None) for slot in REMINDER_SLOTS]


def kind_buttons() -> list[dict[str, str]]:
    return [{"title": kind.label.capitalize(), "payload": kind.id} for kind in reminder_kinds()]


class ValidateReminderForm(FormValidationAction):
    """Reads what, which days, what time and the time zone from the request or the answers."""

    def name(self) -> str:
        return "validate_reminder_form"

    async def validate_reminder_request(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "")
        found: dict[str, Any] = {"reminder_request": text or "-"}
        kind, days = parse_kind(text), parse_days(text)
        at, zone = parse_time(text), parse_timezone(text)
        if kind and not tracker.get_slot("reminder_kind"):
            found["reminder_kind"] = kind
        if days and not tracker.get_slot("reminder_days"):
            found["reminder_days"] = days_text(days)
        if at is not None and not tracker.get_slot("reminder_time"):
            if in_quiet_hours(at):
                dispatcher.utter_message(
                    response="utter_reminder_quiet_hours",
                    quiet=reminder_data().quiet_hours.text,
                    time=f"{at:%H:%M}",
                )
            else:
                found["reminder_time"] = f"{at:%H:%M}"
        zone = zone or tracker.get_slot(TIMEZONE_SLOT) or stored_timezone(tracker)
        if zone:
            found[TIMEZONE_SLOT] = zone
        return found

    async def validate_reminder_kind(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        kind = parse_kind(str(value or ""))
        if kind is None:
            dispatcher.utter_message(response="utter_reminder_kind_hint", buttons=kind_buttons())
        return {"reminder_kind": kind}

    async def validate_reminder_days(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        days = parse_days(str(value or ""))
        if days is None:
            dispatcher.utter_message(response="utter_reminder_days_hint")
            return {"reminder_days": None}
        return {"reminder_days": days_text(days)}

    async def validate_reminder_time(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "")
        # A value set by this form's own validation is already "HH:MM".
        at = parse_time(text, answer=True)
        if at is None:
            dispatcher.utter_message(response="utter_reminder_time_hint")
            return {"reminder_time": None}
        if in_quiet_hours(at):
            dispatcher.utter_message(
                response="utter_reminder_quiet_hours",
                quiet=reminder_data().quiet_hours.text,
                time=f"{at:%H:%M}",
            )
            return {"reminder_time": None}
        return {"reminder_time": f"{at:%H:%M}"}

    async def validate_reminder_timezone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        zone = parse_timezone(str(value or ""), answer=True)
        if zone is None:
            dispatcher.utter_message(response="utter_reminder_timezone_hint")
        return {TIMEZONE_SLOT: zone}


class ActionAskReminderKind(Action):
    """Asks what the reminder is for, with one button per kind from the data file."""

    def name(self) -> str:
        return "action_ask_reminder_kind"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_ask_reminder_kind", buttons=kind_buttons())
        return []


def schedule_from_slots(tracker: Tracker) -> Schedule | None:
    """The schedule the form collected, or None when a slot is missing or malformed."""
    days = days_from_text(str(tracker.get_slot("reminder_days") or ""))
    at = parse_time(str(tracker.get_slot("reminder_time") or ""), answer=True)
    zone = parse_timezone(str(tracker.get_slot(TIMEZONE_SLOT) or ""))
    if not days or at is None or zone is None or in_quiet_hours(at):
        return None
    return Schedule(days, at, zone)


def schedule_of(row: Reminder) -> Schedule:
    return Schedule(days_from_text(row.days), row.at, row.timezone)


class ActionSaveReminder(Action):
    """Saves the reminder once; on Telegram only from a private chat, with its chat sealed."""

    def name(self) -> str:
        return "action_save_reminder"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kind, schedule = kind_named(str(tracker.get_slot("reminder_kind"))), None
        if kind is not None:
            schedule = schedule_from_slots(tracker)
        if kind is None or schedule is None:
            dispatcher.utter_message(response="utter_reminder_nothing_to_save")
            return reset_events()
        metadata = latest_metadata(tracker)
        channel = TELEGRAM if metadata.get("channel") == TELEGRAM else WEB
        sealed = metadata.get(CHAT_METADATA_KEY) if channel == TELEGRAM else None
        if channel == TELEGRAM and (metadata.get("chat_type") != "private" or not sealed):
            dispatcher.utter_message(response="utter_reminder_private_only")
            return reset_events()
        now = datetime.now(timezone.utc)
        quiet = reminder_data().quiet_hours
        new = NewReminder(
            kind=kind.id,
            channel=channel,
            days=days_text(schedule.days),
            at=schedule.at,
            timezone=schedule.zone,
            quiet_start=quiet.start,
            quiet_end=quiet.end,
            delivery_sealed=str(sealed) if sealed else None,
            next_due_at=schedule.next_after(now),
        )
        try:
            with unit_of_work() as session:
                stored = add_reminder(
                    session, user_key(tracker), idempotency_key(tracker), new, now
                )
        except SQLAlchemyError:
            logger.exception("Saving a reminder failed")
            dispatcher.utter_message(response="utter_reminder_save_failed")
            return reset_events()
        logger.info("Reminder %s", "stored" if stored else "already stored (retry)")
        dispatcher.utter_message(
            response="utter_reminder_saved_telegram"
            if channel == TELEGRAM
            else "utter_reminder_saved_web",
            reminder=kind.label,
            schedule=describe(schedule),
            next=f"{new.next_due_at.astimezone(ZoneInfo(schedule.zone)):%A %d %B at %H:%M}",
            quiet=quiet.text,
        )
        return reset_events()


class ActionResetReminder(Action):
    """Forgets a cancelled or interrupted reminder request."""

    def name(self) -> str:
        return "action_reset_reminder"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return reset_events()


def describe_row(row: Reminder) -> str:
    kind = kind_named(row.kind)
    label = kind.label if kind else row.kind
    schedule = schedule_of(row)
    due = aware(row.next_due_at).astimezone(ZoneInfo(schedule.zone))
    return f"- to {label}, {describe(schedule)}; next on {due:%A %d %B at %H:%M}"


class ActionListReminders(Action):
    """Lists the user's reminders with when each is next due."""

    def name(self) -> str:
        return "action_list_reminders"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        try:
            with unit_of_work() as session:
                lines = [describe_row(row) for row in reminders_of(session, user_key(tracker))]
        except SQLAlchemyError:
            logger.exception("Reading reminders failed")
            dispatcher.utter_message(response="utter_data_unavailable")
            return []
        if not lines:
            dispatcher.utter_message(response="utter_reminder_none")
            return []
        dispatcher.utter_message(
            response="utter_reminder_list", count=str(len(lines)), reminders="\n".join(lines)
        )
        return []


class ActionStopReminders(Action):
    """Removes the user's reminders: those of the kind named ("stop my check-in reminders"),
    or all of them."""

    def name(self) -> str:
        return "action_stop_reminders"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kind = parse_kind(str(tracker.latest_message.get("text") or ""))
        try:
            with unit_of_work() as session:
                removed = delete_reminders(session, user_key(tracker), kind)
        except SQLAlchemyError:
            logger.exception("Stopping reminders failed")
            dispatcher.utter_message(response="utter_data_unavailable")
            return []
        dispatcher.utter_message(response="utter_reminder_stopped", count=str(removed))
        return reset_events()


def export_reminders(rows: list[Reminder]) -> list[dict[str, str]]:
    """Reminders as they appear in "show my data" (the sealed Telegram chat left out)."""
    return [
        {
            "kind": row.kind,
            "channel": row.channel,
            "days": row.days,
            "time": f"{row.at:%H:%M}",
            "timezone": row.timezone,
            "quiet_hours": f"{row.quiet_start:%H:%M}-{row.quiet_end:%H:%M}",
            "created_at": aware(row.created_at).isoformat(),
            "next_due_at": aware(row.next_due_at).isoformat(),
        }
        for row in rows
    ]


def offer_due(dispatcher: CollectingDispatcher, key: str, now: datetime) -> int:
    """Offers each web reminder that fell due since the last visit, once; how many."""
    offered = 0
    with unit_of_work() as session:
        for row in due_for_user(session, key, WEB, now):
            kind = kind_named(row.kind)
            occurrence = aware(row.next_due_at)
            following = schedule_of(row).next_after(now)
            if not finish(session, row.id, occurrence, OFFERED, following, now) or kind is None:
                continue
            dispatcher.utter_message(
                response="utter_reminder_offer",
                reminder=kind.label,
                buttons=[{"title": kind.button.title, "payload": kind.button.payload}],
            )
            offered += 1
    return offered


class ActionSessionStart(Action):
    """Rasa's session start (slots carried over), plus, outside Telegram, the reminders that
    fell due since the last visit: the widget cannot push them."""

    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = [SessionStarted()]
        events += [
            SlotSet(name, value) for name, value in tracker.slots.items() if value is not None
        ]
        events.append(ActionExecuted("action_listen"))
        metadata = tracker.get_slot(SESSION_METADATA_SLOT) or {}
        first_visit = not any(event.get("event") == "user" for event in tracker.events)
        if first_visit or (isinstance(metadata, dict) and metadata.get("channel") == TELEGRAM):
            return events
        try:
            offered = offer_due(dispatcher, user_key(tracker), datetime.now(timezone.utc))
        except SQLAlchemyError:
            logger.exception("Checking due reminders at session start failed")
            return events
        if offered:
            logger.info("Offered %d due reminder(s) at session start", offered)
        return events

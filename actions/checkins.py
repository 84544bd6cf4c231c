"""Private wellbeing check-ins: the form, saving once, trends, export and delete."""

from __future__ import annotations

import asyncio
import base64
import csv
import hashlib
import io
import json
import logging
import re
from datetime import datetime, timedelta, timezone
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions._common import OFFER_SLOT, nothing_pending, pending_save, unit_of_work, user_key
from actions.agenda import export_items, no_offer, offer_events, stored_items
from actions.boundary import stored_walkthroughs
from actions.plan_review import export_plans
from actions.reminders import export_reminders
from actions.settings import get_settings
from actions.storage.agenda import clear_items
from actions.storage.boundary import delete_walkthroughs
from actions.storage.checkins import NewCheckIn, checkins_of, delete_checkins, record_checkin
from actions.storage.models import CheckIn
from actions.storage.plan import delete_plans, plans_of
from actions.storage.readiness import assessments_of, delete_assessments
from actions.storage.reminders import delete_reminders, reminders_of
from actions.storage.tracker_history import schedule_history_deletion
from actions.toolkit import answer, send
from actions.trends import Point, agenda_kind, agenda_line, chart_png, summarize
from knowledge import get_knowledge
from peerline_core.privacy import NoteCipher
from peerline_core.seal import open_sealed

logger = logging.getLogger(__name__)

CHECKIN_SLOTS = ("checkin_mood", "checkin_stress", "checkin_self_care", "checkin_note")
NOTE_MAX_CHARS = 280
SKIP_WORDS = {"skip", "no", "nope", "none", "nothing", "no note", "n/a", "-", "pass", "no thanks"}
YES_WORDS = {"yes", "y", "yeah", "yep", "yup", "sure", "i did", "did", "of course", "kind of"}
NO_WORDS = {"no", "n", "nope", "nah", "not today", "didn't", "i didn't", "no i didn't"}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
MOOD_WORDS = {
    1: ("awful", "terrible", "horrible", "very low", "really bad", "worst"),
    2: ("rough", "bad", "low", "not great", "down", "meh", "sad", "crap"),
    3: ("ok", "okay", "alright", "fine", "so so", "so-so", "average", "mid"),
    4: ("good", "pretty good", "decent", "well", "better"),
    5: ("great", "amazing", "excellent", "fantastic", "awesome", "very good"),
}
STRESS_WORDS = {
    1: ("calm", "relaxed", "none", "no stress", "chill", "not stressed"),
    2: ("a little", "bit stressed", "slightly", "low", "mild"),
    3: ("some", "moderate", "medium", "manageable", "ok", "okay"),
    4: ("stressed", "high", "a lot", "pretty stressed", "tense"),
    5: ("very stressed", "overwhelmed", "extremely", "maxed out", "really stressed", "swamped"),
}
_SCALE_NUMBER = re.compile(r"^\D*([1-5])(?:\s*(?:/|out of|of)\s*5)?\D*$")


def parse_scale(text: str | None, words: dict[int, tuple[str, ...]]) -> int | None:
    """1-5 from "4", "4/5", "four" or a word like "pretty rough"; None if not understood."""
    if not text:
        return None
    cleaned = " ".join(text.lower().replace("’", "'").split()).strip(" .!")
    match = _SCALE_NUMBER.match(cleaned)
    if match and not re.search(r"\d{2,}|[06-9]", cleaned.replace("/5", "").replace("of 5", "")):
        return int(match.group(1))
    if cleaned in NUMBER_WORDS:
        return NUMBER_WORDS[cleaned]
    # Longest phrase first, so "pretty good" wins over "good" and "very stressed" over "stressed".
    phrases = sorted(((p, v) for v, ps in words.items() for p in ps), key=lambda pv: -len(pv[0]))
    for phrase, value in phrases:
        if re.search(rf"\b{re.escape(phrase)}\b", cleaned):
            return value
    return None


def stored_score(value: Any) -> int | None:
    """A scale slot as the form stored it ("1" to "5"), or None for anything else."""
    text = str(value).strip()
    return int(text) if text in {"1", "2", "3", "4", "5"} else None


def parse_yes_no(text: str | None) -> bool | None:
    if not text:
        return None
    cleaned = " ".join(text.lower().split()).strip(" .!")
    if cleaned in YES_WORDS or cleaned.startswith("yes"):
        return True
    if cleaned in NO_WORDS or cleaned.startswith("no"):
        return False
    return None


def parse_note(text: str | None) -> str:
    """The note to keep ("" when skipped), trimmed to one short line."""
    cleaned = " ".join((text or "").split())
    if cleaned.lower().strip(" .!") in SKIP_WORDS:
        return ""
    return cleaned[:NOTE_MAX_CHARS]


def scale_answer(
    value: Any, words: dict[int, tuple[str, ...]], dispatcher: CollectingDispatcher
) -> str | None:
    """The slot value for a 1-5 answer, or None (and the hint) when it is not understood."""
    score = parse_scale(value, words)
    if score is None:
        dispatcher.utter_message(response="utter_checkin_scale_hint")
        return None
    return str(score)


class ValidateCheckinForm(FormValidationAction):
    """Understands free-text answers and re-asks with a hint when it cannot."""

    def name(self) -> str:
        return "validate_checkin_form"

    async def validate_checkin_mood(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"checkin_mood": scale_answer(value, MOOD_WORDS, dispatcher)}

    async def validate_checkin_stress(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"checkin_stress": scale_answer(value, STRESS_WORDS, dispatcher)}

    async def validate_checkin_self_care(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        answer_ = {"affirm": True, "deny": False}.get(str(intent), parse_yes_no(value))
        if answer_ is None:
            dispatcher.utter_message(response="utter_checkin_yes_no_hint")
        return {"checkin_self_care": None if answer_ is None else ("yes" if answer_ else "no")}

    async def validate_checkin_note(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        # "-" marks a skipped note while keeping the slot filled.
        return {"checkin_note": parse_note(value) or "-"}


def idempotency_key(tracker: Tracker) -> str:
    """Same for every retry of one filled-in form: the form's activation time."""
    started = next(
        (
            event.get("timestamp")
            for event in reversed(tracker.events)
            if event.get("event") == "active_loop" and event.get("name") == "checkin_form"
        ),
        None,
    )
    material = f"{tracker.sender_id}:{started}"
    return hashlib.sha256(material.encode()).hexdigest()


def reset_events() -> list[dict[str, Any]]:
    return [SlotSet(slot, None) for slot in CHECKIN_SLOTS]


class ActionLogCheckin(Action):
    """Saves the filled-in check-in exactly once and reflects it back kindly."""

    def name(self) -> str:
        return "action_log_checkin"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        values = {slot: tracker.get_slot(slot) for slot in CHECKIN_SLOTS}
        if any(values[slot] is None for slot in CHECKIN_SLOTS):
            dispatcher.utter_message(response="utter_nothing_to_retry")
            return []
        mood, stress = stored_score(values["checkin_mood"]), stored_score(values["checkin_stress"])
        if mood is None or stress is None:  # the form never stores these: a forged call
            dispatcher.utter_message(response="utter_nothing_to_retry")
            return reset_events()
        used_self_care = values["checkin_self_care"] == "yes"
        settings = get_settings()
        try:
            cipher = NoteCipher(settings.note_key_list())
            # A retry reads the note back from the tracker store, where it is sealed; a
            # note slot filled by a turn whose validation failed was never parsed.
            note = parse_note(open_sealed(str(values["checkin_note"]), cipher.decrypt))
            encrypted = cipher.encrypt(note) if note else None
            with unit_of_work() as session:
                stored = record_checkin(
                    session,
                    user_key(tracker),
                    idempotency_key(tracker),
                    NewCheckIn(mood, stress, used_self_care, encrypted),
                    datetime.now(timezone.utc),
                )
        except (SQLAlchemyError, OSError, ValueError):
            logger.exception("Saving a check-in failed; the user was asked to retry")
            dispatcher.utter_message(response="utter_checkin_save_failed")
            # Keep the slots, so "try again" saves the same check-in.
            return [pending_save("checkin", idempotency_key(tracker), {})]
        logger.info("Check-in %s", "stored" if stored else "already stored (retry)")
        dispatcher.utter_message(
            response="utter_checkin_logged",
            mood=str(mood),
            stress=str(stress),
            self_care="yes" if used_self_care else "no",
            note_saved=", and your note" if note else "",
        )
        if mood <= 2 or stress >= 4:
            dispatcher.utter_message(response="utter_checkin_support")
            kb = get_knowledge()
            send(dispatcher, answer(kb, kb.cards["self_care"], tracker.get_slot("role"), []))
        else:
            dispatcher.utter_message(response="utter_checkin_kind")
        return [*reset_events(), nothing_pending()]


class ActionResetCheckin(Action):
    """Forgets a cancelled or interrupted check-in's answers."""

    def name(self) -> str:
        return "action_reset_checkin"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return reset_events()


def to_points(rows: list[CheckIn]) -> list[Point]:
    return [
        Point(
            at=_aware(row.created_at),
            mood=row.mood,
            stress=row.stress,
            used_self_care=row.used_self_care,
        )
        for row in rows
    ]


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; every stored time is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


DIRECTION_WORDS = {
    "up": "your mood is up compared with the week before",
    "down": "your mood is lower than the week before",
    "steady": "your mood is about the same as the week before",
    "unknown": "there isn't enough yet to compare with the week before",
}


def describe(points: list[Point], now: datetime) -> str:
    trend = summarize(points, now)
    parts = []
    if trend.count_7:
        parts.append(
            f"Last 7 days: {trend.count_7} check-in(s), average mood {trend.mood_7}/5, "
            f"average stress {trend.stress_7}/5, self-care on {trend.self_care_days_7} day(s)."
        )
    else:
        parts.append("No check-ins in the last 7 days.")
    parts.append(
        f"Last 30 days: {trend.count_30} check-in(s)"
        + (
            f", average mood {trend.mood_30}/5, average stress {trend.stress_30}/5."
            if trend.count_30
            else "."
        )
    )
    parts.append(f"Overall, {DIRECTION_WORDS[trend.direction]}.")
    if trend.streak_days > 1:
        parts.append(f"You've checked in {trend.streak_days} days in a row.")
    return " ".join(parts)


class ActionCheckinHistory(Action):
    """Shows the user's own 7- and 30-day trend in words and as a chart."""

    def name(self) -> str:
        return "action_checkin_history"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        now = datetime.now(timezone.utc)
        try:
            with unit_of_work() as session:
                rows = checkins_of(session, user_key(tracker), since=now - timedelta(days=30))
                points = to_points(rows)
        except SQLAlchemyError:
            logger.exception("Reading check-in history failed")
            dispatcher.utter_message(response="utter_data_unavailable")
            return [no_offer()]
        if not points:
            dispatcher.utter_message(response="utter_history_empty")
            return [no_offer()]
        dispatcher.utter_message(response="utter_history", summary=describe(points, now))
        # Drawing takes tens of milliseconds: in a thread, not on the server's event loop.
        png = base64.b64encode(await asyncio.to_thread(chart_png, points, now)).decode()
        dispatcher.utter_message(image=f"data:image/png;base64,{png}")
        trend = summarize(points, now)
        return offer_events(
            dispatcher, "utter_history_offer_agenda", agenda_kind(trend), agenda_line(trend)
        )


def export_rows(rows: list[CheckIn], cipher: NoteCipher) -> list[dict[str, Any]]:
    return [
        {
            "created_at": _aware(row.created_at).isoformat(),
            "mood": row.mood,
            "stress": row.stress,
            "used_self_care": row.used_self_care,
            "note": cipher.decrypt(row.note_encrypted) if row.note_encrypted else "",
        }
        for row in rows
    ]


def to_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=["created_at", "mood", "stress", "used_self_care", "note"]
    )
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


class ActionExportMyData(Action):
    """Exports everything stored about this user (JSON), or their check-ins as CSV on request."""

    def name(self) -> str:
        return "action_export_my_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        fmt = "csv" if str(tracker.get_slot("export_format")).lower() == "csv" else "json"
        try:
            cipher = NoteCipher(get_settings().note_key_list())
            with unit_of_work() as session:
                rows = export_rows(checkins_of(session, user_key(tracker)), cipher)
                assessments = [
                    {
                        "taken_at": _aware(row.created_at).isoformat(),
                        "ratings": json.loads(row.ratings),
                    }
                    for row in assessments_of(session, user_key(tracker))
                ]
                walkthroughs = stored_walkthroughs(session, user_key(tracker))
                reminders = export_reminders(reminders_of(session, user_key(tracker)))
                plans = export_plans(plans_of(session, user_key(tracker)), cipher)
            agenda = export_items(stored_items(tracker))
        except (SQLAlchemyError, OSError, ValueError):
            logger.exception("Exporting check-ins failed")
            dispatcher.utter_message(response="utter_data_unavailable")
            return [SlotSet("export_format", None)]
        everything = {
            "checkins": rows,
            "supervision_agenda": agenda,
            "readiness_assessments": assessments,
            "boundary_walkthroughs": walkthroughs,
            "reminders": reminders,
            "success_plans": plans,
        }
        # CSV is one table: the check-ins. JSON holds everything stored about the user.
        content = to_csv(rows) if fmt == "csv" else json.dumps(everything, indent=1)
        if fmt == "csv":
            dispatcher.utter_message(response="utter_export_csv", count=str(len(rows)))
        else:
            dispatcher.utter_message(
                response="utter_export",
                format="JSON",
                count=str(len(rows)),
                agenda_count=str(len(agenda)),
                walkthrough_count=str(len(walkthroughs)),
                readiness_count=str(len(assessments)),
            )
        dispatcher.utter_message(
            json_message={
                "export": {
                    "format": fmt,
                    "filename": f"peerline-checkins.{fmt}",
                    "content": content,
                }
            }
        )
        return [SlotSet("export_format", None)]


class ActionDeleteMyData(Action):
    """Deletes the user's check-ins, agenda, assessments, walk-throughs, plans and reminders
    now, their history after this turn."""

    def name(self) -> str:
        return "action_delete_my_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        try:
            with unit_of_work() as session:
                deleted = delete_checkins(session, user_key(tracker))
                agenda = clear_items(session, user_key(tracker))
                assessments = delete_assessments(session, user_key(tracker))
                walkthroughs = delete_walkthroughs(session, user_key(tracker))
                reminders = delete_reminders(session, user_key(tracker))
                plans = delete_plans(session, user_key(tracker))
        except SQLAlchemyError:
            logger.exception("Deleting check-ins failed")
            dispatcher.utter_message(response="utter_data_unavailable")
            return []
        schedule_history_deletion(tracker.sender_id)
        dispatcher.utter_message(
            response="utter_data_deleted",
            count=str(deleted),
            agenda_count=str(agenda),
            readiness_count=str(assessments),
            walkthrough_count=str(walkthroughs),
            reminder_count=str(reminders),
            plan_count=str(plans),
        )
        # The offer and a failed save waiting for "try again" hold private content too.
        return [*reset_events(), nothing_pending(), SlotSet(OFFER_SLOT, None)]

"""Reviewing a success-factor plan: how each action went, a note, the factors rated again,
and the change since the plan; plans as they appear in "show my data"."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions._common import unit_of_work, user_key
from actions.plan import (
    ACTION_MAX_CHARS,
    ACTIONS_SLOT,
    FILLED,
    FOCI_SLOT,
    NO_NOTE,
    NOTE_SLOT,
    OUTCOME_SLOT,
    OUTCOMES_SLOT,
    RATING_SLOT,
    RATINGS_SLOT,
    REVIEW_FORM,
    REVIEWING_SLOT,
    UNAVAILABLE,
    PlanTool,
    cipher,
    idempotency_key,
    json_list,
    longest_match,
    next_factor,
    normal_text,
    opened,
    plan_tool,
    rate,
    render_ratings,
    reset_events,
)
from actions.readiness import ratings_of
from actions.storage.models import SuccessPlan
from actions.storage.plan import NewReview, plans_of, record_review
from peerline_core.privacy import NoteCipher
from peerline_core.seal import open_sealed, sealer

logger = logging.getLogger(__name__)


def parse_outcome(text: str | None, found: PlanTool) -> str | None:
    """done / partly / not_yet from a button (its id), its label or words meaning it."""
    cleaned = normal_text(text).replace("_", " ")
    if not cleaned:
        return None
    for outcome in found.outcomes:
        if cleaned in {outcome.id.replace("_", " "), outcome.label.lower()}:
            return outcome.id
    phrases = [(w, o.id) for o in found.outcomes for w in [o.label.lower(), *o.words]]
    return longest_match(cleaned, phrases)


def note_text(text: str | None) -> str:
    """The optional review note: "" for a skip or nothing."""
    tidied = " ".join((text or "").split())[:ACTION_MAX_CHARS]
    return "" if normal_text(tidied) in {*plan_tool().skip_words, "", NO_NOTE} else tidied


def render_outcomes(
    found: PlanTool, focus: list[str], actions: list[str], outcomes: list[str]
) -> str:
    labels = {o.id: o.label for o in found.outcomes}
    return "\n".join(
        f"- {found.factor(factor_id).label}: {action} ({labels.get(outcome, outcome)})"
        for factor_id, action, outcome in zip(focus, actions, outcomes, strict=False)
    )


def outcome_buttons(found: PlanTool) -> list[dict[str, str]]:
    return [{"title": o.label, "payload": o.id} for o in found.outcomes]


def nothing_to_review() -> list[dict[str, Any]]:
    """Every review slot filled: the form closes at once and the result says why."""
    return [SlotSet(slot, FILLED) for slot in (OUTCOME_SLOT, NOTE_SLOT, RATING_SLOT)]


@dataclass(frozen=True)
class Reviewed:
    """The plan a review is about, its actions decrypted."""

    id: int
    focus: list[str]
    made: datetime
    due: date
    actions: list[str]


def latest_plan(tracker: Tracker, with_cipher: NoteCipher) -> Reviewed | None:
    """The user's most recent plan, or None (raises what the database or cipher raise)."""
    with unit_of_work() as session:
        plans = plans_of(session, user_key(tracker))
        if not plans:
            return None
        plan = plans[-1]
        actions = json_list(with_cipher.decrypt(plan.actions_encrypted))
        return Reviewed(plan.id, json_list(plan.focus), plan.created_at, plan.review_due, actions)


class ActionStartPlanReview(Action):
    """Loads the latest plan to review; with none, fills the review so it ends at once."""

    def name(self) -> str:
        return "action_start_plan_review"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        with_cipher = cipher()
        try:
            plan = latest_plan(tracker, with_cipher)
        except (SQLAlchemyError, OSError, ValueError):
            logger.exception("Reading the success plan failed")
            dispatcher.utter_message(response="utter_data_unavailable")
            return [*reset_events(), *nothing_to_review(), SlotSet(REVIEWING_SLOT, UNAVAILABLE)]
        if plan is None:
            return [*reset_events(), *nothing_to_review()]
        dispatcher.utter_message(
            response="utter_plan_review_intro", made=f"{plan.made:%d %B}", due=f"{plan.due:%d %B}"
        )
        seal = sealer(with_cipher.encrypt)
        return [
            *reset_events(),
            SlotSet(REVIEWING_SLOT, str(plan.id)),
            SlotSet(FOCI_SLOT, json.dumps(plan.focus)),
            SlotSet(ACTIONS_SLOT, json.dumps([seal(a) for a in plan.actions])),
        ]


class ActionAskPlanOutcome(Action):
    """Asks how the next action went: done, partly or not yet."""

    def name(self) -> str:
        return "action_ask_plan_outcome"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        found = plan_tool()
        focus = json_list(tracker.get_slot(FOCI_SLOT))
        outcomes = json_list(tracker.get_slot(OUTCOMES_SLOT))
        if len(outcomes) >= len(focus):
            return []
        action = opened(json_list(tracker.get_slot(ACTIONS_SLOT)), cipher())[len(outcomes)]
        dispatcher.utter_message(
            response="utter_ask_plan_outcome",
            factor=found.factor(focus[len(outcomes)]).label,
            action=action,
            buttons=outcome_buttons(found),
        )
        return []


class ValidatePlanReviewForm(FormValidationAction):
    """Records how each action went, the optional note and the re-rating."""

    def name(self) -> str:
        return "validate_plan_review_form"

    async def validate_plan_outcome(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {OUTCOME_SLOT: None}
        outcomes = json_list(tracker.get_slot(OUTCOMES_SLOT))
        expected = len(json_list(tracker.get_slot(FOCI_SLOT)))
        if value == FILLED or len(outcomes) >= expected:
            return {OUTCOME_SLOT: FILLED}
        outcome = parse_outcome(str(value), plan_tool())
        if outcome is None:
            dispatcher.utter_message(
                response="utter_plan_outcome_hint", buttons=outcome_buttons(plan_tool())
            )
            return {OUTCOME_SLOT: None}
        outcomes.append(outcome)
        done = len(outcomes) >= expected
        return {OUTCOME_SLOT: FILLED if done else None, OUTCOMES_SLOT: json.dumps(outcomes)}

    async def validate_plan_review_note(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {NOTE_SLOT: None}
        if value == FILLED:
            return {NOTE_SLOT: FILLED}
        note = note_text(open_sealed(str(value), cipher().decrypt))
        return {NOTE_SLOT: sealer(cipher().encrypt)(note) if note else NO_NOTE}

    async def validate_plan_rating(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return rate(value, dispatcher, tracker)


def review_of(tracker: Tracker, with_cipher: NoteCipher) -> tuple[int, NewReview] | None:
    """The finished review's plan id and answers, the note encrypted; None if incomplete."""
    raw_id = tracker.get_slot(REVIEWING_SLOT)
    outcomes = json_list(tracker.get_slot(OUTCOMES_SLOT))
    ratings = ratings_of(tracker.get_slot(RATINGS_SLOT))
    if not str(raw_id or "").isdigit() or not outcomes or next_factor(plan_tool(), ratings):
        return None
    note = note_text(open_sealed(str(tracker.get_slot(NOTE_SLOT) or ""), with_cipher.decrypt))
    encrypted = with_cipher.encrypt(note) if note else None
    return int(str(raw_id)), NewReview(outcomes, ratings, encrypted)


class ActionPlanReviewResult(Action):
    """Saves the review once on its plan; shows how each action went and the change."""

    def name(self) -> str:
        return "action_plan_review_result"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        found = plan_tool()
        with_cipher = cipher()
        try:
            review = review_of(tracker, with_cipher)
        except ValueError:
            logger.exception("Reading the review's note failed")
            review = None
        if review is None:
            if tracker.get_slot(REVIEWING_SLOT) != UNAVAILABLE:
                dispatcher.utter_message(response="utter_plan_review_nothing")
            return reset_events()
        plan_id, new = review
        focus = json_list(tracker.get_slot(FOCI_SLOT))
        actions = opened(json_list(tracker.get_slot(ACTIONS_SLOT)), with_cipher)
        before: dict[str, int] = {}
        try:
            with unit_of_work() as session:
                plan = session.get(SuccessPlan, plan_id)
                if plan is None:
                    raise LookupError(plan_id)
                before = ratings_of(plan.ratings)
                key = idempotency_key(tracker, REVIEW_FORM)
                stored = record_review(session, plan_id, key, new, datetime.now(timezone.utc))
            logger.info("Plan review %s", "stored" if stored else "already stored (retry)")
            saved = True
        except (SQLAlchemyError, LookupError):
            logger.exception("Saving a plan review failed")
            saved = False
        dispatcher.utter_message(
            response="utter_plan_review_result",
            outcomes=render_outcomes(found, focus, actions, new.outcomes),
            ratings=render_ratings(found, new.ratings, before or None),
        )
        if not saved:
            dispatcher.utter_message(response="utter_plan_review_not_saved")
        return reset_events()


def export_plans(plans: list[SuccessPlan], with_cipher: NoteCipher) -> list[dict[str, Any]]:
    """Plans as they appear in "show my data", the actions and note decrypted."""

    def when(moment: datetime | None) -> str | None:
        if moment is None:
            return None
        return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).isoformat()

    return [
        {
            "made_at": when(plan.created_at),
            "review_due": plan.review_due.isoformat(),
            "ratings": json.loads(plan.ratings),
            "focus": json.loads(plan.focus),
            "actions": json.loads(with_cipher.decrypt(plan.actions_encrypted)),
            "reviewed_at": when(plan.reviewed_at),
            "outcomes": json.loads(plan.outcomes) if plan.outcomes else None,
            "review_ratings": json.loads(plan.review_ratings) if plan.review_ratings else None,
            "review_note": (
                with_cipher.decrypt(plan.review_note_encrypted)
                if plan.review_note_encrypted
                else None
            ),
        }
        for plan in plans
    ]

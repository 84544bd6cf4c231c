"""Safety actions. Crisis replies and the check question are domain responses sent by
rules, so they never depend on this server; here we count them, and after a "no" to the
check question we hand the person's own message back to the dialogue to be answered."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, UserUttered
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions._common import input_channel, unit_of_work
from actions.checkins import reset_events
from actions.settings import get_settings
from actions.storage.referrals import record_referral

logger = logging.getLogger(__name__)

MARKERS = frozenset({"self", "client", "check"})
KINDS = {"crisis_self": "self", "crisis_client": "client", "crisis_check": "check"}
SAFETY_INTENTS = frozenset(KINDS)
FALLBACK_INTENT = "nlu_fallback"
MODEL_INTENT_KEY = "model_intent"
SAFETY_KEY = "safety"


def _field(mapping: object, key: str) -> Any:
    """``mapping[key]`` when ``mapping`` is a dict, else None: events come from the wire."""
    return mapping.get(key) if isinstance(mapping, dict) else None


def last_marker(tracker: Tracker) -> str | None:
    """The crisis marker of the latest bot message, if that message was a crisis reply."""
    for event in reversed(tracker.events):
        if _field(event, "event") == "user":
            return None
        if _field(event, "event") == "bot":
            kind = _field(_field(_field(event, "data"), "custom"), "crisis")
            return str(kind) if kind in MARKERS else None
    return None


def referral_kind(tracker: Tracker) -> str:
    """What to count: the marker of the reply just sent, else the message's crisis intent."""
    kind = last_marker(tracker)
    if kind is not None:
        return kind
    intent = _field(_field(tracker.latest_message, "intent"), "name")
    return KINDS.get(str(intent), "self")


class ActionCountCrisis(Action):
    """Counts a crisis or check reply by tier, date and channel, without text or user id.

    A crisis reply also ends a check-in it interrupted: its answers so far are forgotten.
    """

    def name(self) -> str:
        return "action_count_crisis"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kind = referral_kind(tracker)
        try:
            with unit_of_work() as session:
                record_referral(
                    session, kind, input_channel(tracker), datetime.now(timezone.utc).date()
                )
        except SQLAlchemyError:
            # The user already has the crisis reply; a lost count must not disturb them.
            logger.exception("Could not count a crisis referral (kind=%s)", kind)
        return [] if kind == "check" else reset_events()


def checked_message(tracker: Tracker) -> dict[str, Any] | None:
    """The user event the check question was asked about: the latest labelled crisis_check."""
    for event in reversed(tracker.events):
        if _field(event, "event") != "user":
            continue
        if _field(_field(_field(event, "parse_data"), "intent"), "name") == "crisis_check":
            return dict(event)
    return None


def intended_intent(parse_data: dict[str, Any], min_confidence: float) -> dict[str, Any]:
    """The intent the message would have had without the safety layer.

    The safety component says so itself (``safety.otherwise``); failing that, it is the NLU
    model's own choice (``model_intent``) unless that was a safety intent; then the best
    other intent in the ranking, if it is confident enough; otherwise ``nlu_fallback``,
    which offers the nearest topics.
    """
    for said in (
        _field(_field(parse_data, SAFETY_KEY), "otherwise"),
        _field(parse_data, MODEL_INTENT_KEY),
    ):
        name = _field(said, "name")
        if isinstance(name, str) and name and name not in SAFETY_INTENTS:
            return {"name": name, "confidence": _confidence(said)}
    for entry in _ranking(parse_data):
        name = _field(entry, "name")
        if not isinstance(name, str) or name in SAFETY_INTENTS or name == FALLBACK_INTENT:
            continue
        if _confidence(entry) >= min_confidence:
            return {"name": name, "confidence": _confidence(entry)}
        break
    return {"name": FALLBACK_INTENT, "confidence": min_confidence}


def _confidence(entry: object) -> float:
    value = _field(entry, "confidence")
    return float(value) if isinstance(value, (int, float)) else 0.0


def _ranking(parse_data: object) -> list[Any]:
    ranking = _field(parse_data, "intent_ranking")
    return ranking if isinstance(ranking, list) else []


def redispatch(event: dict[str, Any], min_confidence: float) -> list[dict[str, Any]]:
    """Events that put the checked message back in front of the dialogue, minus the safety label.

    The same shape Rasa's own two-stage fallback uses once a user confirms what they
    meant: an ``action_listen`` and the user message again, with the intent it should have.
    """
    original = _field(event, "parse_data")
    parse_data = dict(original) if isinstance(original, dict) else {}
    parse_data["intent"] = intended_intent(parse_data, min_confidence)
    parse_data["intent_ranking"] = [
        entry for entry in _ranking(parse_data) if _field(entry, "name") not in SAFETY_INTENTS
    ]
    return [
        ActionExecuted("action_listen"),
        UserUttered(
            _field(event, "text"),
            parse_data=parse_data,
            input_channel=_field(event, "input_channel"),
        ),
    ]


class ActionAnswerAfterCheck(Action):
    """After a "no" to the check question, the question the person asked gets its answer."""

    def name(self) -> str:
        return "action_answer_after_check"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        event = checked_message(tracker)
        if event is None:
            dispatcher.utter_message(response="utter_please_rephrase")
            return []
        return redispatch(event, get_settings().toolkit_min_confidence)

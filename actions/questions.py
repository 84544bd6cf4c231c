"""Unanswered questions, kept only with consent: after a "not sure" the assistant asks,
and only a yes keeps the question, scrubbed of anything identifying. Crisis messages are
never kept."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions._common import counted_channel, unit_of_work
from actions.storage.feedback import save_question
from bot.safety.detector import detect
from peerline_core.scrub import scrub

logger = logging.getLogger(__name__)

CONSENT_RESPONSE = "utter_ask_save_question"
MIN_WORDS = 3  # shorter messages ("hmm", "asdf") are not questions worth keeping
CRISIS_RESPONSES = {
    "self": "utter_crisis_self",
    "client": "utter_crisis_client",
    "check": "utter_crisis_check",
}


def worth_asking(message: dict[str, Any]) -> bool:
    """Whether to ask to keep ``message`` after a "not sure": a typed question, not a button."""
    text = str(message.get("text") or "").strip()
    return not text.startswith("/") and len(text.split()) >= MIN_WORDS


def ask_consent(dispatcher: CollectingDispatcher, message: dict[str, Any]) -> None:
    """After a "not sure": ask whether the question may be kept, when it is one."""
    if worth_asking(message):
        dispatcher.utter_message(response=CONSENT_RESPONSE)


def consented_question(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The user message the consent question right before the latest message was about.

    None unless the last bot message before the latest user message is that question.
    """
    users = [i for i, event in enumerate(events) if event.get("event") == "user"]
    if len(users) < 2:
        return None
    answer_at = users[-1]
    bots = [i for i in range(users[-2], answer_at) if events[i].get("event") == "bot"]
    if not bots:
        return None
    asked = (events[bots[-1]].get("metadata") or {}).get("utter_action")
    return events[users[-2]] if asked == CONSENT_RESPONSE else None


def is_crisis(question: dict[str, Any]) -> str | None:
    """The crisis kind of a question ("self", "client" or "check"), or None."""
    intent = str(((question.get("parse_data") or {}).get("intent") or {}).get("name") or "")
    if intent.startswith("crisis_"):
        return intent.removeprefix("crisis_")
    detection = detect(str(question.get("text") or ""))
    return detection.kind if detection is not None else None


class ActionQuestionConsent(Action):
    """Answers the consent question: yes keeps the scrubbed question, no keeps nothing."""

    def name(self) -> str:
        return "action_question_consent"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        question = consented_question(tracker.events)
        if question is None:
            dispatcher.utter_message(response="utter_affirm_ack")
            return []
        if (tracker.latest_message.get("intent") or {}).get("name") != "affirm":
            dispatcher.utter_message(response="utter_question_not_saved")
            return []
        kind = is_crisis(question)
        if kind is not None:
            dispatcher.utter_message(response=CRISIS_RESPONSES.get(kind, "utter_crisis_self"))
            return []
        try:
            with unit_of_work() as session:
                save_question(
                    session,
                    scrub(str(question.get("text") or "")),
                    counted_channel(tracker),
                    date.today(),
                )
        except SQLAlchemyError as error:
            logger.warning("Could not keep a question: %s", type(error).__name__)
            dispatcher.utter_message(response="utter_question_save_failed")
            return []
        dispatcher.utter_message(response="utter_question_saved")
        return []

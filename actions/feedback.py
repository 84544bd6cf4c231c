"""Answer feedback: a vote on a knowledge answer is counted once, with no user and no text.

A vote names the answer it rates by the random id sent with that answer; it counts only if
this conversation holds that answer for that card, and only the first time. "Not what I
asked" is followed by the next two nearest cards.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from actions._common import counted_channel, unit_of_work
from actions.storage.feedback import record_vote
from actions.toolkit import KNOWLEDGE_KEY, card_button
from knowledge import Card, KnowledgeBase, get_knowledge
from peerline_core import feedback

logger = logging.getLogger(__name__)
ALTERNATIVES = 2


def _entity(message: dict[str, Any], name: str) -> object:
    for entity in message.get("entities") or []:
        if entity.get("entity") == name:
            return entity.get("value")
    return None


def rated_answer(events: list[dict[str, Any]], answer_id: str, card_id: str) -> int | None:
    """Index of the bot message in ``events`` that carried this answer's buttons, if any."""
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        if event.get("event") != "bot":
            continue
        custom = (event.get("data") or {}).get("custom")
        marker = custom.get(feedback.MARKER_KEY) if isinstance(custom, dict) else None
        if (
            isinstance(marker, dict)
            and marker.get("answer") == answer_id
            and marker.get("card") == card_id
        ):
            return index
    return None


def alternatives(
    events: list[dict[str, Any]], answered_at: int, card: Card, kb: KnowledgeBase
) -> list[Card]:
    """The next nearest cards to the question the answer at ``answered_at`` replied to:
    the ranking NLU gave that question, else the card's related cards."""
    for event in reversed(events[:answered_at]):
        if event.get("event") != "user":
            continue
        ranking = (event.get("parse_data") or {}).get(KNOWLEDGE_KEY) or []
        ranked = [kb.cards.get(str(item.get("card"))) for item in ranking if isinstance(item, dict)]
        found = [c for c in ranked if c is not None and c.id != card.id]
        if found:
            return found[:ALTERNATIVES]
        break
    return [kb.cards[i] for i in card.related if i in kb.cards][:ALTERNATIVES]


class ActionRecordFeedback(Action):
    """Counts a "Helpful" / "Not what I asked" vote once; offers nearer cards on the latter."""

    def name(self) -> str:
        return "action_record_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kb = get_knowledge()
        message = tracker.latest_message
        answer_id, card_id, vote = (_entity(message, key) for key in ("answer", "card", "vote"))
        card = kb.cards.get(card_id) if isinstance(card_id, str) else None
        answered_at = (
            rated_answer(tracker.events, answer_id, card.id)
            if card is not None
            and isinstance(answer_id, str)
            and feedback.is_answer_id(answer_id)
            and vote in feedback.VOTES
            else None
        )
        if card is None or answered_at is None or not isinstance(answer_id, str):
            dispatcher.utter_message(response="utter_feedback_unknown")
            return []
        try:
            with unit_of_work() as session:
                record_vote(
                    session,
                    answer_id,
                    card.id,
                    str(vote),
                    channel=counted_channel(tracker),
                    on=date.today(),
                )
        except IntegrityError:
            logger.info("A vote on an answer that already has one was not counted")
        except SQLAlchemyError as error:
            logger.warning("Could not store a vote: %s", type(error).__name__)
            dispatcher.utter_message(response="utter_feedback_not_saved")
            return []
        if vote == "helpful":
            dispatcher.utter_message(response="utter_feedback_thanks")
            return []
        nearer = alternatives(tracker.events, answered_at, card, kb)
        if nearer:
            dispatcher.utter_message(
                response="utter_feedback_alternatives", buttons=[card_button(c) for c in nearer]
            )
        else:
            dispatcher.utter_message(response="utter_feedback_no_alternatives")
        return []

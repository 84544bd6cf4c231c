"""Safety actions. The crisis reply itself is a domain response sent by a rule, so it
never depends on this server; here we only count it."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions._common import input_channel, unit_of_work
from actions.storage.referrals import record_referral

logger = logging.getLogger(__name__)

KINDS = {"crisis_self": "self", "crisis_client": "client"}


class ActionCountCrisis(Action):
    """Counts a crisis reply for the yearly referral figure, without text or user id."""

    def name(self) -> str:
        return "action_count_crisis"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        kind = KINDS.get(str(intent), "self")
        try:
            with unit_of_work() as session:
                record_referral(
                    session, kind, input_channel(tracker), datetime.now(timezone.utc).date()
                )
        except SQLAlchemyError:
            # The user already has the crisis reply; a lost count must not disturb them.
            logger.exception("Could not count a crisis referral (kind=%s)", kind)
        return []

"""'Try again' after a failed save: saves again whatever failed last, under the same key."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions._common import PENDING_SLOT, sealed_json
from actions.agenda import save_item
from actions.boundary import ActionSaveWalkthrough
from actions.checkins import CHECKIN_SLOTS, ActionLogCheckin
from actions.readiness import ActionSaveReadiness


def pending_tool(tracker: Tracker) -> str | None:
    """The tool whose save failed last; a check-in whose slots are still filled counts too."""
    tool = sealed_json(tracker, PENDING_SLOT).get("tool")
    if isinstance(tool, str):
        return tool
    if all(tracker.get_slot(slot) is not None for slot in CHECKIN_SLOTS):
        return "checkin"
    return None


class ActionRetrySave(Action):
    """Saves again the check-in, agenda item, walk-through or self-assessment that failed."""

    def name(self) -> str:
        return "action_retry_save"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        tool = pending_tool(tracker)
        if tool == "checkin":
            return await ActionLogCheckin().run(dispatcher, tracker, domain)
        if tool == "boundary":
            return await ActionSaveWalkthrough().run(dispatcher, tracker, domain)
        if tool == "readiness":
            return await ActionSaveReadiness().run(dispatcher, tracker, domain)
        pending = sealed_json(tracker, PENDING_SLOT)
        data = pending.get("data")
        if tool == "agenda" and isinstance(data, dict) and data.get("text") and pending.get("key"):
            return save_item(
                dispatcher, tracker, str(data.get("kind")), str(data["text"]), str(pending["key"])
            )
        dispatcher.utter_message(response="utter_nothing_to_retry")
        return []

"""Knowledge-base answers: the entry an ask_<id> intent names, in the user's role's words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.settings import get_settings
from knowledge import Entry, KnowledgeBase, get_knowledge

MAX_SUGGESTIONS = 3
# A runner-up topic this close to the winner is offered too (questions mixing two topics).
RUNNER_UP_CONFIDENCE = 0.15


@dataclass(frozen=True)
class Reply:
    """What one toolkit answer sends: the response, its variables, buttons and citation."""

    response: str
    variables: dict[str, str]
    buttons: list[dict[str, str]]
    citation: dict[str, Any] | None


def entry_button(entry: Entry) -> dict[str, str]:
    """A button that asks for ``entry`` directly."""
    return {"title": entry.title, "payload": f"/{entry.intent}"}


def citation_payload(entry: Entry, kb: KnowledgeBase) -> dict[str, Any]:
    """The machine-readable citation the widget and Telegram render."""
    return {
        "citation": {
            "entry_id": entry.id,
            "topic": entry.topic,
            "title": entry.title,
            "sources": [source.model_dump(exclude_none=True) for source in kb.sources_of(entry)],
        }
    }


def source_line(entry: Entry, kb: KnowledgeBase) -> str:
    """All of an entry's sources on one line."""
    return "; ".join(source.citation() for source in kb.sources_of(entry))


def ranked_entries(ranking: list[dict[str, Any]], kb: KnowledgeBase) -> list[tuple[Entry, float]]:
    """Knowledge entries in an NLU intent ranking, best first."""
    found = []
    for item in ranking:
        entry = kb.by_intent(item.get("name"))
        if entry is not None:
            found.append((entry, float(item.get("confidence") or 0.0)))
    return found


def answer(
    kb: KnowledgeBase, entry: Entry, role: str | None, ranking: list[dict[str, Any]]
) -> Reply:
    """The answer to ``entry`` for ``role``, with related topics (and a close runner-up)."""
    related = [kb.entries[i] for i in entry.related]
    runner_up = [
        other
        for other, confidence in ranked_entries(ranking, kb)[1:2]
        if confidence >= RUNNER_UP_CONFIDENCE and other.id != entry.id and other not in related
    ]
    return Reply(
        response="utter_toolkit_answer",
        variables={"answer": entry.answer_for(role), "source": source_line(entry, kb)},
        buttons=[entry_button(e) for e in (runner_up + related)[: MAX_SUGGESTIONS + 1]],
        citation=citation_payload(entry, kb),
    )


def suggestions(kb: KnowledgeBase, ranking: list[dict[str, Any]]) -> list[Entry]:
    """The nearest entries to offer when the assistant is not sure."""
    return [entry for entry, _ in ranked_entries(ranking, kb)[:MAX_SUGGESTIONS]]


def send(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    dispatcher.utter_message(response=reply.response, buttons=reply.buttons, **reply.variables)
    if reply.citation is not None:
        dispatcher.utter_message(json_message=reply.citation)


def send_not_sure(
    dispatcher: CollectingDispatcher, kb: KnowledgeBase, ranking: list[dict[str, Any]]
) -> None:
    buttons = [entry_button(entry) for entry in suggestions(kb, ranking)]
    dispatcher.utter_message(response="utter_toolkit_not_sure", buttons=buttons)


def latest_intent(tracker: Tracker) -> tuple[str | None, float, list[dict[str, Any]]]:
    intent = tracker.latest_message.get("intent") or {}
    ranking = tracker.latest_message.get("intent_ranking") or []
    return intent.get("name"), float(intent.get("confidence") or 0.0), ranking


class ActionAnswerToolkit(Action):
    """Answers an ask_<entry> question, or says it is not sure below the confidence gate."""

    def name(self) -> str:
        return "action_answer_toolkit"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kb = get_knowledge()
        intent, confidence, ranking = latest_intent(tracker)
        entry = kb.by_intent(intent)
        if entry is None or confidence < get_settings().toolkit_min_confidence:
            send_not_sure(dispatcher, kb, ranking)
            return []
        role = tracker.get_slot("role")
        send(dispatcher, answer(kb, entry, role, ranking))
        events: list[dict[str, Any]] = [SlotSet("last_entry", entry.id)]
        if entry.variants is not None and role is None and not tracker.get_slot("role_asked"):
            dispatcher.utter_message(response="utter_ask_role")
            events.append(SlotSet("role_asked", True))
        return events


class ActionToolkitMore(Action):
    """Follows up the last answer with its "tell me more" text, or its related topics."""

    def name(self) -> str:
        return "action_toolkit_more"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kb = get_knowledge()
        entry = kb.entries.get(str(tracker.get_slot("last_entry")))
        if entry is None:
            dispatcher.utter_message(response="utter_toolkit_nothing_to_expand")
            return []
        buttons = [entry_button(kb.entries[i]) for i in entry.related]
        if entry.more is None:
            dispatcher.utter_message(
                response="utter_toolkit_no_more", title=entry.title, buttons=buttons
            )
            return []
        dispatcher.utter_message(
            response="utter_toolkit_more",
            more=entry.more,
            source=source_line(entry, kb),
            buttons=buttons,
        )
        dispatcher.utter_message(json_message=citation_payload(entry, kb))
        return []


class ActionToolkitFallback(Action):
    """When NLU is unsure: offer the nearest topics instead of guessing."""

    def name(self) -> str:
        return "action_toolkit_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kb = get_knowledge()
        _, _, ranking = latest_intent(tracker)
        if suggestions(kb, ranking):
            send_not_sure(dispatcher, kb, ranking)
        else:
            dispatcher.utter_message(response="utter_please_rephrase")
        return []


class ActionRoleNoted(Action):
    """Acknowledges the user's role and re-answers the last question if its advice differs."""

    def name(self) -> str:
        return "action_role_noted"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_role_noted")
        kb = get_knowledge()
        entry = kb.entries.get(str(tracker.get_slot("last_entry")))
        role = tracker.get_slot("role")
        if entry is not None and entry.variants is not None and role in ("peer", "supervisor"):
            send(dispatcher, answer(kb, entry, role, []))
        return []

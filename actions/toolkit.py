"""Knowledge answers: the card NLU ranked first (or a card button named), in the user's role."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.offers import offer_buttons
from actions.questions import ask_consent
from actions.settings import get_settings
from knowledge import Card, KnowledgeBase, get_knowledge
from peerline_core import feedback

KNOWLEDGE_INTENT = "ask_knowledge"
FALLBACK_INTENT = "nlu_fallback"
# The safety layer's intents (nlp.crisis_component): never a guess about what was asked.
SAFETY_INTENTS = frozenset({"crisis_self", "crisis_client", "crisis_check"})
KNOWLEDGE_KEY = "knowledge"  # the ranking nlp.knowledge_component adds to the parse output
SCOPE_KEY = "knowledge_scope"  # and how likely the message asks about the cards at all
CARD_ENTITY = "card"
MAX_SUGGESTIONS = 3
# A runner-up card scoring this close to the winner is offered first among the buttons.
RUNNER_UP_MARGIN = 0.05


@dataclass(frozen=True)
class Reply:
    """What one toolkit answer sends: the response, its variables, buttons and citation,
    and the card whose answer it is (rated by the feedback buttons sent after it)."""

    response: str
    variables: dict[str, str]
    buttons: list[dict[str, str]]
    citation: dict[str, Any] | None
    card_id: str | None = None


def card_payload(card: Card) -> str:
    """The message a card's button sends: the knowledge intent, naming the card."""
    return f"/{KNOWLEDGE_INTENT}" + json.dumps({CARD_ENTITY: card.id})


def card_button(card: Card) -> dict[str, str]:
    """A button that asks for ``card`` directly."""
    return {"title": card.title, "payload": card_payload(card)}


def citation_payload(card: Card, kb: KnowledgeBase) -> dict[str, Any]:
    """The machine-readable citation the widget and Telegram render."""
    return {
        "citation": {
            "card_id": card.id,
            "topic": card.topic,
            "title": card.title,
            "line": source_line(card, kb),
            "sources": [source.model_dump(exclude_none=True) for source in kb.sources_of(card)],
        }
    }


def source_line(card: Card, kb: KnowledgeBase) -> str:
    """The card's sources in short (publisher and year); the citation has them in full."""
    return "; ".join(dict.fromkeys(source.short() for source in kb.sources_of(card)))


def answer_text(card: Card, role: str | None) -> str:
    """The answer for ``role``, and who to ask where agency policy or state law decides."""
    text = card.answer_for(role)
    return f"{text}\n\n{card.ask}" if card.ask else text


def ranked_cards(message: dict[str, Any], kb: KnowledgeBase) -> list[tuple[Card, float]]:
    """The cards in the message's knowledge ranking, best first (unknown ids skipped)."""
    found = []
    for item in message.get(KNOWLEDGE_KEY) or []:
        card = kb.cards.get(str(item.get("card")))
        if card is not None:
            found.append((card, float(item.get("score") or 0.0)))
    return found


def named_card(message: dict[str, Any], kb: KnowledgeBase) -> Card | None:
    """The card a button named (``/ask_knowledge{"card": id}``), if any."""
    for entity in message.get("entities") or []:
        if entity.get("entity") == CARD_ENTITY:
            return kb.cards.get(str(entity.get("value")))
    return None


def chosen_card(
    message: dict[str, Any],
    kb: KnowledgeBase,
    min_confidence: float,
    min_score: float,
    min_scope: float = 0.0,
) -> Card | None:
    """The card to answer: one a button named, else the top-ranked card when NLU is sure
    the message asks the knowledge base (intent, and the scope model when it ran) and the
    ranker is sure which card; else None. Under NLU fallback, only when DIET's best guess
    is ask_knowledge and the scope model ran (it is the second check there)."""
    named = named_card(message, kb)
    if named is not None:
        return named
    if not asks_knowledge(message, min_confidence):
        return None
    scope = message.get(SCOPE_KEY)
    if scope is not None and float(scope) < min_scope:
        return None
    ranked = ranked_cards(message, kb)
    if not ranked or ranked[0][1] < min_score:
        return None
    return ranked[0][0]


def asks_knowledge(message: dict[str, Any], min_confidence: float) -> bool:
    """Whether NLU routes the message to the cards: ask_knowledge at or above the intent
    gate, or NLU fallback whose best guess is ask_knowledge when the scope model ran."""
    intent = message.get("intent") or {}
    if intent.get("name") == FALLBACK_INTENT:
        return best_guess(message) == KNOWLEDGE_INTENT and message.get(SCOPE_KEY) is not None
    return (
        intent.get("name") == KNOWLEDGE_INTENT
        and float(intent.get("confidence") or 0.0) >= min_confidence
    )


def best_guess(message: dict[str, Any]) -> str | None:
    """DIET's most likely intent apart from the fallback and the safety intents.

    NLU falls back when no intent reaches its threshold; on knowledge questions that is most
    often because DIET gave part of its confidence to a crisis intent the safety layer then
    cleared ("my coworkers call clients 'the borderlines'"). When the best remaining guess
    is ask_knowledge, the scope model and the card gate decide, as for any knowledge question.
    """
    for entry in message.get("intent_ranking") or []:
        name = entry.get("name")
        if name != FALLBACK_INTENT and name not in SAFETY_INTENTS:
            return str(name)
    return None


def answer(
    kb: KnowledgeBase, card: Card, role: str | None, ranking: list[tuple[Card, float]]
) -> Reply:
    """The answer to ``card`` for ``role``, with related cards (and a close runner-up)."""
    related = [kb.cards[i] for i in card.related]
    top_score = ranking[0][1] if ranking else 0.0
    runner_up = [
        other
        for other, score in ranking[1:2]
        if top_score - score <= RUNNER_UP_MARGIN and other.id != card.id and other not in related
    ]
    return Reply(
        response="utter_toolkit_answer",
        variables={"answer": answer_text(card, role), "source": source_line(card, kb)},
        buttons=offer_buttons(card.id)
        + [card_button(c) for c in (runner_up + related)[: MAX_SUGGESTIONS + 1]],
        citation=citation_payload(card, kb),
        card_id=card.id,
    )


def suggestions(ranking: list[tuple[Card, float]]) -> list[Card]:
    """The nearest cards to offer when the assistant is not sure (any evidence at all)."""
    return [card for card, score in ranking if score > 0][:MAX_SUGGESTIONS]


def send(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    """The answer, its citation, then its "Helpful" / "Not what I asked" buttons."""
    dispatcher.utter_message(response=reply.response, buttons=reply.buttons, **reply.variables)
    if reply.citation is not None:
        dispatcher.utter_message(json_message=reply.citation)
    if reply.card_id is not None:
        dispatcher.utter_message(
            json_message=feedback.marker(feedback.new_answer_id(), reply.card_id)
        )


def send_not_sure(dispatcher: CollectingDispatcher, ranking: list[tuple[Card, float]]) -> None:
    buttons = [card_button(card) for card in suggestions(ranking)]
    dispatcher.utter_message(response="utter_toolkit_not_sure", buttons=buttons)


def chosen_by_settings(message: dict[str, Any], kb: KnowledgeBase) -> Card | None:
    """chosen_card with the gates of the process's settings."""
    settings = get_settings()
    return chosen_card(
        message,
        kb,
        settings.toolkit_min_confidence,
        settings.toolkit_min_card_score,
        settings.toolkit_min_scope,
    )


def answer_card(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    kb: KnowledgeBase,
    card: Card,
    ranking: list[tuple[Card, float]],
) -> list[dict[str, Any]]:
    """Send ``card``'s answer in the user's role; ask the role once where it matters."""
    role = tracker.get_slot("role")
    send(dispatcher, answer(kb, card, role, ranking))
    events: list[dict[str, Any]] = [SlotSet("last_card", card.id)]
    if card.variants is not None and role is None and not tracker.get_slot("role_asked"):
        dispatcher.utter_message(response="utter_ask_role")
        events.append(SlotSet("role_asked", True))
    return events


class ActionAnswerToolkit(Action):
    """Answers the chosen card, or says it is not sure and offers the nearest cards."""

    def name(self) -> str:
        return "action_answer_toolkit"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kb = get_knowledge()
        message = tracker.latest_message
        ranking = ranked_cards(message, kb)
        card = chosen_by_settings(message, kb)
        if card is None:
            send_not_sure(dispatcher, ranking)
            ask_consent(dispatcher, message)
            return []
        return answer_card(dispatcher, tracker, kb, card, ranking)


class ActionToolkitMore(Action):
    """Follows up the last answer with its "tell me more" text, or its related cards."""

    def name(self) -> str:
        return "action_toolkit_more"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kb = get_knowledge()
        card = kb.cards.get(str(tracker.get_slot("last_card")))
        if card is None:
            dispatcher.utter_message(response="utter_toolkit_nothing_to_expand")
            return []
        buttons = [card_button(kb.cards[i]) for i in card.related]
        if card.more is None:
            dispatcher.utter_message(
                response="utter_toolkit_no_more", title=card.title, buttons=buttons
            )
            return []
        dispatcher.utter_message(
            response="utter_toolkit_more",
            more=card.more,
            source=source_line(card, kb),
            buttons=buttons,
        )
        dispatcher.utter_message(json_message=citation_payload(card, kb))
        return []


class ActionToolkitFallback(Action):
    """When NLU is unsure: answer the card if its best guess is a knowledge question that
    passes the scope and card gates (best_guess); else offer the nearest cards instead of
    guessing, and ask whether the question may be kept for the content team."""

    def name(self) -> str:
        return "action_toolkit_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kb = get_knowledge()
        ranking = ranked_cards(tracker.latest_message, kb)
        card = chosen_by_settings(tracker.latest_message, kb)
        if card is not None:
            return answer_card(dispatcher, tracker, kb, card, ranking)
        if suggestions(ranking):
            send_not_sure(dispatcher, ranking)
        else:
            dispatcher.utter_message(response="utter_please_rephrase")
        ask_consent(dispatcher, tracker.latest_message)
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
        card = kb.cards.get(str(tracker.get_slot("last_card")))
        role = tracker.get_slot("role")
        if card is not None and card.variants is not None and role in ("peer", "supervisor"):
            send(dispatcher, answer(kb, card, role, []))
        return []

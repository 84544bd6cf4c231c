"""Toolkit actions answer the ranked card, in the user's role, behind two confidence gates."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.settings import Settings
from actions.toolkit import (
    ActionAnswerToolkit,
    ActionRoleNoted,
    ActionToolkitFallback,
    ActionToolkitMore,
    card_payload,
    source_line,
)
from bot.rasa_ext.guard import screen
from devtools.trackers import tracker as build_tracker
from knowledge import get_knowledge


def tracker(
    intent: str | None = "ask_knowledge",
    confidence: float = 0.95,
    cards: list[tuple[str, float]] | None = None,
    entities: list[dict[str, Any]] | None = None,
    scope: float | None = None,
    **slots: Any,
) -> Tracker:
    message: dict[str, Any] = {
        "text": "question",
        "intent": {"name": intent, "confidence": confidence} if intent else {},
        "entities": entities or [],
        "knowledge": [{"card": card, "score": score} for card, score in cards or []],
    }
    if scope is not None:
        message["knowledge_scope"] = scope
    return build_tracker(message, sender="user", slots=slots)


async def run(action: Any, current: Tracker) -> tuple[CollectingDispatcher, list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, current, {})
    return dispatcher, events


@pytest.fixture(autouse=True)
def _settings(app_settings: Settings) -> None:
    """Every toolkit test runs on the default gates and a temporary database."""


async def test_top_card_answered_in_role_variant_with_short_source_and_citation() -> None:
    """A supervisor's question gets the top card's supervisor variant, a short source line,
    the full citation, and the related cards as buttons."""
    card = get_knowledge().cards["background_checks"]
    assert card.variants is not None and card.variants.supervisor
    dispatcher, events = await run(
        ActionAnswerToolkit(),
        tracker(cards=[("background_checks", 0.9), ("pay", 0.2)], role="supervisor"),
    )
    first, citation = dispatcher.messages[0], dispatcher.messages[1]
    assert first["response"] == "utter_toolkit_answer"
    assert first["answer"].startswith(card.variants.supervisor)
    assert first["source"] == source_line(card, get_knowledge())
    assert len(first["source"]) < 60
    assert {b["payload"] for b in first["buttons"]} >= {
        card_payload(get_knowledge().cards[i]) for i in card.related
    }
    assert citation["custom"]["citation"]["card_id"] == "background_checks"
    assert citation["custom"]["citation"]["sources"][0]["title"]
    assert events == [SlotSet("last_card", "background_checks")]


async def test_unknown_role_gets_general_answer_and_is_asked_once() -> None:
    """With no role, a card with variants gets the general answer and one role question."""
    dispatcher, events = await run(ActionAnswerToolkit(), tracker(cards=[("supervision", 0.8)]))
    assert dispatcher.messages[0]["answer"].startswith(get_knowledge().cards["supervision"].answer)
    assert dispatcher.messages[-1]["response"] == "utter_ask_role"
    assert SlotSet("role_asked", True) in events
    dispatcher, events = await run(
        ActionAnswerToolkit(), tracker(cards=[("supervision", 0.8)], role_asked=True)
    )
    assert all(m.get("response") != "utter_ask_role" for m in dispatcher.messages)


@pytest.mark.parametrize(
    ("intent", "confidence", "score"),
    [("ask_knowledge", 0.3, 0.9), ("ask_knowledge", 0.95, 0.05), ("out_of_scope", 0.9, 0.9)],
)
async def test_below_either_gate_offers_nearest_cards_never_an_answer(
    intent: str, confidence: float, score: float
) -> None:
    """A weak intent, a weak card match or another intent: no cited answer, nearest cards."""
    cards = [("pay", score), ("retention", score / 2), ("certification", score / 3), ("x", 0.1)]
    dispatcher, events = await run(ActionAnswerToolkit(), tracker(intent, confidence, cards))
    assert [m["response"] for m in dispatcher.messages] == ["utter_toolkit_not_sure"]
    kb = get_knowledge()
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == [
        card_payload(kb.cards[i]) for i in ("pay", "retention", "certification")
    ]
    assert not any("custom" in m and m["custom"] for m in dispatcher.messages)
    assert events == []


async def test_scope_model_below_its_gate_declines_a_confident_match() -> None:
    """A strong intent and card score still get no answer when the scope model says the
    message is not about the cards; at or above the gate the card is answered."""
    cards = [("pay", 0.9), ("retention", 0.5)]
    dispatcher, events = await run(ActionAnswerToolkit(), tracker(cards=cards, scope=0.05))
    assert [m["response"] for m in dispatcher.messages] == ["utter_toolkit_not_sure"]
    assert events == []
    dispatcher, events = await run(ActionAnswerToolkit(), tracker(cards=cards, scope=0.9))
    assert dispatcher.messages[0]["response"] == "utter_toolkit_answer"
    assert events[0] == SlotSet("last_card", "pay")


async def test_card_button_answers_that_card_whatever_the_ranking() -> None:
    """A card's button names it; that card is answered even if the ranker preferred another."""
    dispatcher, events = await run(
        ActionAnswerToolkit(),
        tracker(
            confidence=1.0,
            cards=[("pay", 0.9)],
            entities=[{"entity": "card", "value": "retention"}],
        ),
    )
    assert dispatcher.messages[1]["custom"]["citation"]["card_id"] == "retention"
    assert events[0] == SlotSet("last_card", "retention")


def test_card_button_payload_passes_the_guard() -> None:
    """The payload a card button sends reaches Rasa as intent syntax, not as words."""
    payload = card_payload(get_knowledge().cards["pay"])
    assert screen(payload).text == payload and not screen(payload).intent_syntax_removed


async def test_close_runner_up_card_is_offered_first() -> None:
    """A runner-up scoring within the margin is the first button."""
    kb = get_knowledge()
    runner_up = next(i for i in kb.cards if i not in kb.cards["pay"].related and i != "pay")
    dispatcher, _ = await run(
        ActionAnswerToolkit(), tracker(cards=[("pay", 0.8), (runner_up, 0.78)])
    )
    assert dispatcher.messages[0]["buttons"][0]["payload"] == card_payload(kb.cards[runner_up])


async def test_tell_me_more_follows_the_last_card() -> None:
    """Asking to "tell me more" expands the last answer, or says there is nothing to expand."""
    card = get_knowledge().cards["pay"]
    dispatcher, _ = await run(ActionToolkitMore(), tracker("tell_me_more", last_card="pay"))
    assert dispatcher.messages[0]["response"] == "utter_toolkit_more"
    assert dispatcher.messages[0]["more"] == card.more
    dispatcher, _ = await run(ActionToolkitMore(), tracker("tell_me_more"))
    assert [m["response"] for m in dispatcher.messages] == ["utter_toolkit_nothing_to_expand"]


async def test_fallback_offers_cards_with_evidence_or_asks_to_rephrase() -> None:
    """NLU fallback offers the nearest cards when any matched, else asks to rephrase."""
    dispatcher, _ = await run(ActionToolkitFallback(), tracker("nlu_fallback", 0.4, [("pay", 0.2)]))
    assert [m["response"] for m in dispatcher.messages] == ["utter_toolkit_not_sure"]
    dispatcher, _ = await run(ActionToolkitFallback(), tracker("nlu_fallback", 0.4, [("pay", 0.0)]))
    assert [m["response"] for m in dispatcher.messages] == ["utter_please_rephrase"]


def fallback_tracker(ranking: list[str], scope: float | None, score: float) -> Tracker:
    """A message NLU fell back on, DIET's other intents ranked as given."""
    message: dict[str, Any] = {
        "text": "question",
        "intent": {"name": "nlu_fallback", "confidence": 0.4},
        "intent_ranking": [{"name": name, "confidence": 0.3} for name in ranking],
        "entities": [],
        "knowledge": [{"card": "pay", "score": score}, {"card": "retention", "score": 0.1}],
    }
    if scope is not None:
        message["knowledge_scope"] = scope
    return build_tracker(message, sender="user", slots={})


@pytest.mark.parametrize(
    ("ranking", "scope", "score", "answered"),
    [
        (["nlu_fallback", "crisis_client", "ask_knowledge", "greet"], 0.9, 0.6, True),
        (["nlu_fallback", "ask_knowledge"], 0.05, 0.6, False),
        (["nlu_fallback", "ask_knowledge"], 0.9, 0.3, False),
        (["nlu_fallback", "ask_knowledge"], None, 0.6, False),
        (["nlu_fallback", "crisis_self", "bot_challenge", "ask_knowledge"], 0.9, 0.6, False),
    ],
)
async def test_fallback_answers_only_a_knowledge_guess_that_passes_both_gates(
    ranking: list[str], scope: float | None, score: float, answered: bool
) -> None:
    """Under NLU fallback the card is answered only when DIET's best non-safety guess is
    ask_knowledge and the scope model (which must have run) and the card gate agree."""
    dispatcher, events = await run(ActionToolkitFallback(), fallback_tracker(ranking, scope, score))
    if answered:
        assert dispatcher.messages[0]["response"] == "utter_toolkit_answer"
        assert events[0] == SlotSet("last_card", "pay")
    else:
        assert dispatcher.messages[0]["response"] == "utter_toolkit_not_sure"
        assert events == []


async def test_role_noted_re_answers_last_question_for_that_role() -> None:
    """Saying "I'm a peer" after a variant answer re-sends the peer variant."""
    card = get_knowledge().cards["supervision"]
    assert card.variants is not None and card.variants.peer
    dispatcher, _ = await run(
        ActionRoleNoted(), tracker("inform_role", role="peer", last_card="supervision")
    )
    assert dispatcher.messages[0]["response"] == "utter_role_noted"
    assert dispatcher.messages[1]["answer"].startswith(card.variants.peer)

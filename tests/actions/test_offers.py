"""Tool offers: each names real cards, and the supervision answer offers the agenda."""

from __future__ import annotations

from actions.offers import offer_buttons, tool_offers
from actions.toolkit import answer
from knowledge import get_knowledge


def test_every_offer_names_existing_cards() -> None:
    """An offer under a card that does not exist would never be shown."""
    cards = get_knowledge().cards
    assert all(card in cards for offer in tool_offers() for card in offer.cards)


def test_the_supervision_answer_offers_the_agenda_first() -> None:
    """The supervision card's answer carries the agenda button before its related cards;
    an unrelated card's answer carries none."""
    kb = get_knowledge()
    reply = answer(kb, kb.cards["supervision"], "peer", [])
    assert reply.buttons[0] == {
        "title": "Start my supervision agenda",
        "payload": "add to my supervision list",
    }
    readiness = answer(kb, kb.cards["readiness_assessment"], "supervisor", [])
    assert readiness.buttons[0]["payload"] == "start the agency readiness self-assessment"
    assert offer_buttons("pay") == []

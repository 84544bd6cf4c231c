"""Boundary walk-through: situations and answers understood, guidance cited, never a verdict."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

from actions import _common
from actions.boundary import (
    BOUNDARY_SLOTS,
    ActionAskBoundaryPolicy,
    ActionBoundaryOutcome,
    ValidateBoundaryForm,
    outcome,
    parse_choice,
    parse_situation,
    walkthrough,
)
from actions.checkins import ActionDeleteMyData, ActionExportMyData
from actions.offers import tool_offers
from actions.retry import ActionRetrySave
from actions.settings import Settings
from devtools.trackers import tracker as build_tracker
from knowledge import get_knowledge


def test_every_situation_names_a_real_card_and_offers_two_or_three_sentences() -> None:
    """The seven situations of the issue exist, each with its card and 2-3 sentences."""
    kb = get_knowledge()
    found = walkthrough()
    assert [s.id for s in found.situations] == [
        "social_media", "meeting_outside", "gift", "money", "ride", "romantic", "former_clinician",
    ]  # fmt: skip
    assert all(s.card in kb.cards and 2 <= len(s.scripts) <= 3 for s in found.situations)
    offered = {card for offer in tool_offers() for card in offer.cards}
    assert {s.card for s in found.situations} <= offered


@pytest.mark.parametrize(
    ("text", "situation"),
    [("walk me through a boundary question about a gift", "gift"),
     ("walk me through it: someone I support wants me to drive them home", "ride"),
     ("she sent me a friend request on instagram", "social_media"),
     ("my old therapist is now my coworker", "former_clinician"),
     ("money", "money"), ("romantic", "romantic"), ("A romantic interest", "romantic"),
     ("walk me through a boundary question", None), ("banana", None)],
)  # fmt: skip
def test_situations_from_buttons_and_wording(text: str, situation: str | None) -> None:
    """Buttons, labels and typical wording name the situation; the bare trigger does not."""
    assert parse_situation(text) == situation


@pytest.mark.parametrize(
    ("question", "text", "answer"),
    [("initiator", "they did", "them"), ("initiator", "I did", "me"),
     ("initiator", "both", "unclear"),
     ("setting", "online", "online"), ("setting", "at a meeting in town", "outside"),
     ("policy", "yes", "yes"), ("policy", "I don't know", "unsure"), ("policy", "no", "no"),
     ("changes", "not sure", "unsure"), ("changes", "yes it would", "yes"),
     ("changes", "banana", None), ("setting", "skip", "elsewhere"),
     ("initiator", "skip", "unclear"), ("policy", "skip", "unsure"), ("changes", "skip", "unsure")],
)  # fmt: skip
def test_answers_from_buttons_and_wording(question: str, text: str, answer: str | None) -> None:
    """Each question's answers come from buttons or words ("skip" is the not-sure answer);
    nonsense is refused."""
    assert parse_choice(question, text) == answer


ANSWERS = {"initiator": "me", "setting": "outside", "policy": "no", "changes": "unsure"}


def test_the_outcome_weighs_the_answers_without_deciding() -> None:
    """The guidance is the card's peer answer plus what the answers point to; the policy text
    follows the policy answer; the summary is one line for supervision."""
    kb = get_knowledge()
    ride = next(s for s in walkthrough().situations if s.id == "ride")
    result = outcome(kb, ride, ANSWERS)
    assert result.guidance.startswith(kb.cards["giving_rides"].answer_for("peer"))
    assert "whose need" in result.guidance and "supervision before you act" in result.guidance
    assert result.source == "NASMHPD 2014"
    assert result.policy.startswith("Your agency has no policy")
    assert result.scripts.count("\n- ") == len(ride.scripts) - 1
    assert result.summary.startswith("Boundary question: a ride (started: i did;")
    assert "\n" not in result.summary and len(result.summary) <= 240
    for verdict in ("you should not", "you must", "you can't", "illegal"):
        assert verdict not in result.guidance.lower()


def form_tracker(**slots: Any) -> Tracker:
    message = {"text": "x", "intent": {"name": "inform", "confidence": 0.9}}
    return build_tracker(message, slots=slots, active_loop="boundary_form")


async def test_validation_re_asks_nonsense_with_buttons() -> None:
    """A nonsense answer gets the hint with that question's buttons; a good one is kept."""
    dispatcher = CollectingDispatcher()
    form = ValidateBoundaryForm()
    assert await form.validate_boundary_policy("banana", dispatcher, form_tracker(), {}) == {
        "boundary_policy": None
    }
    assert dispatcher.messages[0]["response"] == "utter_boundary_hint"
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == ["yes", "no", "unsure"]
    kept = await form.validate_boundary_situation("gift", dispatcher, form_tracker(), {})
    assert kept == {"boundary_situation": "gift"}
    dispatcher = CollectingDispatcher()
    await ActionAskBoundaryPolicy().run(dispatcher, form_tracker(), {})
    assert dispatcher.messages[0]["response"] == "utter_ask_boundary_policy"


def filled_tracker(at: float = 1700000000.5, **slots: Any) -> Tracker:
    events = [
        {"event": "user", "text": "walk", "input_channel": "rest", "timestamp": 1.0},
        {"event": "active_loop", "name": "boundary_form", "timestamp": at},
    ]
    filled = {"boundary_situation": "gift", **{f"boundary_{k}": v for k, v in ANSWERS.items()}}
    message = {"text": "x", "intent": {"name": "inform", "confidence": 0.9}}
    return build_tracker(message, slots={**filled, **slots}, events=events)


async def test_the_outcome_is_cited_stored_once_and_offered_to_the_agenda(
    app_settings: Settings,
) -> None:
    """Guidance with its citation, the policy, the sentences, then the summary asking yes/no
    about the agenda; the result is stored once (encrypted) however often it is retried, is
    in /mydata and goes with /delete; a forged answer gets nothing."""
    for _ in range(2):
        dispatcher = CollectingDispatcher()
        events = await ActionBoundaryOutcome().run(dispatcher, filled_tracker(), {})
    responses = [m.get("response") for m in dispatcher.messages]
    assert responses == [
        "utter_boundary_guidance", None, "utter_boundary_policy", "utter_boundary_scripts",
        "utter_boundary_summary",
    ]  # fmt: skip
    assert (
        dispatcher.messages[1]["custom"]["citation"]["card_id"] == "gifts_from_people_you_support"
    )
    assert dispatcher.messages[4]["line"].startswith("Boundary question: a gift")
    assert [e["name"] for e in events] == [*BOUNDARY_SLOTS, "pending_save", "agenda_offer"]
    offer = json.loads(events[-1]["value"])
    assert offer["kind"] == "boundary" and offer["text"] == dispatcher.messages[4]["line"]
    engine = create_engine(app_settings.effective_database_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT result_encrypted FROM boundary_walkthroughs")).all()
    assert len(rows) == 1 and b"gift" not in rows[0][0]
    dispatcher = CollectingDispatcher()
    await ActionExportMyData().run(dispatcher, filled_tracker(), {})
    [mine] = json.loads(dispatcher.messages[1]["custom"]["export"]["content"])[
        "boundary_walkthroughs"
    ]
    assert mine["situation"] == "gift" and mine["answers"] == ANSWERS
    assert mine["summary"] == offer["text"]
    dispatcher = CollectingDispatcher()
    await ActionDeleteMyData().run(dispatcher, filled_tracker(), {})
    assert dispatcher.messages[0]["walkthrough_count"] == "1"
    dispatcher = CollectingDispatcher()
    await ActionBoundaryOutcome().run(dispatcher, filled_tracker(boundary_policy="x"), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_boundary_nothing"]


async def test_a_failed_save_still_gives_the_outcome_and_try_again_saves_it_once(
    app_settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With the database down the outcome still comes, with a note and a "Try again"; the
    retry stores the same walk-through once."""
    unmigrated = sessionmaker(create_engine(f"sqlite:///{tmp_path / 'empty.db'}"))
    with monkeypatch.context() as patched:
        patched.setattr(_common, "get_sessionmaker", lambda: unmigrated)
        dispatcher = CollectingDispatcher()
        events = await ActionBoundaryOutcome().run(dispatcher, filled_tracker(), {})
    responses = [m.get("response") for m in dispatcher.messages]
    assert "utter_boundary_not_saved" in responses and responses[-1] == "utter_boundary_summary"
    [pending] = [e for e in events if e["name"] == "pending_save"]
    for _ in range(2):
        dispatcher = CollectingDispatcher()
        events = await ActionRetrySave().run(
            dispatcher, filled_tracker(pending_save=pending["value"]), {}
        )
        assert [m["response"] for m in dispatcher.messages] == ["utter_boundary_saved"]
        assert events == [SlotSet("pending_save", None)]
    engine = create_engine(app_settings.effective_database_url)
    with engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM boundary_walkthroughs")).scalar()
    assert count == 1

"""Success-factor plan: factors cited, answers understood, the plan saved once with its actions
sealed, the review and the change, /mydata and /delete."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from actions import plan as plan_module
from actions.checkins import ActionDeleteMyData, ActionExportMyData
from actions.plan import (
    FILLED,
    ActionAskPlanFocus,
    ActionAskPlanRating,
    ActionSavePlan,
    ValidatePlanForm,
    action_text,
    check_citations,
    cipher,
    focus_choices,
    parse_factor,
    plan_tool,
    render_ratings,
)
from actions.plan_review import (
    ActionAskPlanOutcome,
    ActionPlanReviewResult,
    ActionStartPlanReview,
    ValidatePlanReviewForm,
    parse_outcome,
)
from actions.readiness import SKIPPED, parse_rating
from actions.settings import Settings
from devtools.trackers import tracker as build_tracker
from knowledge import get_knowledge
from peerline_core.seal import is_sealed, sealer

ACTION_ONE = "canary-51c0 ask my supervisor for 15 minutes each Friday"
ACTION_TWO = "call my sister after late shifts"


def test_the_eight_factors_of_the_tip_sheet_are_cited() -> None:
    """Eight factors, in the tip sheet's order, from the NIDILRR source; every card exists."""
    found = plan_tool()
    assert [f.id for f in found.factors] == [
        "persistence", "resilience", "job_confidence", "supervision", "colleagues",
        "family_friends", "communication", "training",
    ]  # fmt: skip
    assert found.source == "nidilrr_2016" and found.review_after_days == 14
    assert check_citations(found, get_knowledge()) == []


@pytest.mark.parametrize(
    ("answer", "rating"),
    [("1", 1), ("4", 4), ("a little", 2), ("Mostly", 3), ("very true", 4), ("not yet", 1),
     ("skip", SKIPPED), ("not sure", SKIPPED), ("5", None), ("banana", None), ("", None)],
)  # fmt: skip
def test_ratings_from_buttons_numbers_and_words(answer: str, rating: int | None) -> None:
    """The plan's own scale words are understood; "skip" skips; nonsense is refused."""
    assert parse_rating(answer, plan_tool()) == rating


@pytest.mark.parametrize(
    ("answer", "factor"),
    [("supervision", "supervision"), ("Job confidence", "job_confidence"), ("4", "supervision"),
     ("I want to work on my confidence", "job_confidence"), ("family", "family_friends"),
     ("more time with coworkers", "colleagues"), ("banana", None), ("9", None), ("", None)],
)  # fmt: skip
def test_factors_from_buttons_numbers_and_words(answer: str, factor: str | None) -> None:
    """A factor by its id, label, number or words naming it; anything else is refused."""
    assert parse_factor(answer, plan_tool()) == factor


@pytest.mark.parametrize(
    ("answer", "outcome"),
    [("done", "done"), ("not_yet", "not_yet"), ("Partly", "partly"), ("I did it", "done"),
     ("I did some of it", "partly"), ("nope", "not_yet"), ("banana", None)],
)  # fmt: skip
def test_outcomes_from_buttons_and_words(answer: str, outcome: str | None) -> None:
    """Done, partly or not yet by button payload or words; nonsense is refused."""
    assert parse_outcome(answer, plan_tool()) == outcome


def test_an_action_must_be_words_and_is_capped() -> None:
    """A number, a skip or punctuation is not an action; a long one is cut to 280 characters."""
    assert action_text("  call   my sister ") == "call my sister"
    assert action_text("3") == action_text("skip") == action_text("?!") == ""
    assert len(action_text("x" * 500)) == 280


def test_focus_choices_put_the_lowest_rated_first_and_skips_last() -> None:
    """The factors still to pick, lowest rating first, skipped ones last, chosen ones out."""
    ratings = {f.id: 4 for f in plan_tool().factors} | {"supervision": 1, "training": 2}
    ratings["persistence"] = SKIPPED
    ids = [f.id for f in focus_choices(plan_tool(), ratings, ["training"])]
    assert ids[0] == "supervision" and ids[-1] == "persistence" and "training" not in ids


def test_ratings_render_with_their_change() -> None:
    """Each factor on a line, with before -> now and the difference; skips said so."""
    now = {f.id: 3 for f in plan_tool().factors} | {"persistence": SKIPPED}
    before = {f.id: 2 for f in plan_tool().factors} | {"training": 3}
    shown = render_ratings(plan_tool(), now, before)
    assert "- Supervision: 2 -> 3 (+1)" in shown
    assert "- Job training: 3 -> 3 (same)" in shown
    assert "- Persistence: skipped (was 2)" in shown
    assert "- Supervision: 3\n" in render_ratings(plan_tool(), now) + "\n"


def form_tracker(
    form: str = "plan_form", sender: str = "peer-1", at: float = 1700000000.5, **slots: Any
) -> Tracker:
    events = [
        {"event": "user", "text": "start", "input_channel": "rest", "timestamp": 1.0},
        {"event": "active_loop", "name": form, "timestamp": at},
    ]
    message = {"text": "x", "intent": {"name": "inform", "confidence": 0.9}}
    return build_tracker(message, sender=sender, slots=slots, events=events, active_loop=form)


def all_rated(value: int, **overrides: int) -> dict[str, int]:
    return {f.id: overrides.get(f.id, value) for f in plan_tool().factors}


async def test_ratings_are_asked_in_turn_and_nonsense_gets_the_hint(app_settings: Settings) -> None:
    """Each rating is kept and the next factor asked; nonsense gets the hint; the eighth
    rating fills the slot."""
    validate = ValidatePlanForm().validate_plan_rating
    dispatcher = CollectingDispatcher()
    first = await validate("2", dispatcher, form_tracker(), {})
    assert first["plan_rating"] is None and json.loads(first["plan_ratings"]) == {"persistence": 2}
    assert await validate(
        "banana", dispatcher, form_tracker(plan_ratings=first["plan_ratings"]), {}
    ) == {"plan_rating": None}
    assert [m["response"] for m in dispatcher.messages] == ["utter_plan_rating_hint"]
    dispatcher = CollectingDispatcher()
    await ActionAskPlanRating().run(
        dispatcher, form_tracker(plan_ratings=first["plan_ratings"]), {}
    )
    assert (
        dispatcher.messages[0]["number"] == "2" and dispatcher.messages[0]["factor"] == "Resilience"
    )
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == ["1", "2", "3", "4", "skip"]
    almost = all_rated(3)
    del almost["training"]
    done = await validate("4", dispatcher, form_tracker(plan_ratings=json.dumps(almost)), {})
    assert done["plan_rating"] == FILLED and json.loads(done["plan_ratings"])["training"] == 4


async def test_two_different_factors_are_picked(app_settings: Settings) -> None:
    """The first pick is kept, the same factor again gets the hint, a second fills the slot;
    the buttons offer the lowest rated first."""
    validate = ValidatePlanForm().validate_plan_focus
    dispatcher = CollectingDispatcher()
    ratings = json.dumps(all_rated(4, supervision=1))
    await ActionAskPlanFocus().run(dispatcher, form_tracker(plan_ratings=ratings), {})
    assert dispatcher.messages[0]["buttons"][0] == {
        "title": "Supervision",
        "payload": "supervision",
    }
    first = await validate("supervision", dispatcher, form_tracker(plan_ratings=ratings), {})
    assert first == {"plan_focus": None, "plan_foci": '["supervision"]'}
    again = await validate(
        "supervision", dispatcher, form_tracker(plan_foci=first["plan_foci"]), {}
    )
    assert again == {"plan_focus": None}
    assert dispatcher.messages[-1]["response"] == "utter_plan_focus_hint"
    second = await validate("my family", dispatcher, form_tracker(plan_foci=first["plan_foci"]), {})
    assert second["plan_focus"] == FILLED
    assert json.loads(second["plan_foci"]) == ["supervision", "family_friends"]


async def test_actions_are_kept_sealed_and_nonsense_gets_the_hint(app_settings: Settings) -> None:
    """A written action goes into its slot sealed, never in plaintext; "3" gets the hint."""
    validate = ValidatePlanForm().validate_plan_action
    dispatcher = CollectingDispatcher()
    assert await validate("3", dispatcher, form_tracker(), {}) == {"plan_action": None}
    assert [m["response"] for m in dispatcher.messages] == ["utter_plan_action_hint"]
    first = await validate(ACTION_ONE, dispatcher, form_tracker(), {})
    assert first["plan_action"] is None and "canary-51c0" not in first["plan_actions"]
    assert all(is_sealed(v) for v in json.loads(first["plan_actions"]))
    second = await validate(
        ACTION_TWO, dispatcher, form_tracker(plan_actions=first["plan_actions"]), {}
    )
    assert second["plan_action"] == FILLED and len(json.loads(second["plan_actions"])) == 2


def completed_slots(ratings: dict[str, int]) -> dict[str, Any]:
    seal = sealer(cipher().encrypt)
    return {
        "plan_ratings": json.dumps(ratings),
        "plan_foci": json.dumps(["supervision", "family_friends"]),
        "plan_actions": json.dumps([seal(ACTION_ONE), seal(ACTION_TWO)]),
    }


async def save(tracker: Tracker) -> CollectingDispatcher:
    dispatcher = CollectingDispatcher()
    await ActionSavePlan().run(dispatcher, tracker, {})
    return dispatcher


def rows(settings: Settings, query: str) -> list[Any]:
    engine = create_engine(settings.effective_database_url)
    with engine.connect() as connection:
        return list(connection.execute(text(query)))


async def test_a_plan_is_saved_once_with_its_actions_encrypted(app_settings: Settings) -> None:
    """A retried save stores one row, due two weeks later, actions not in plaintext; the
    reply shows the ratings and both actions; a second plan shows the change."""
    first = form_tracker(**completed_slots(all_rated(2)))
    dispatcher = await save(first)
    [saved] = dispatcher.messages
    assert saved["response"] == "utter_plan_saved" and saved["compared"] == ""
    assert "1. Supervision: " + ACTION_ONE in saved["actions"]
    assert "2. Family and friends: " + ACTION_TWO in saved["actions"]
    await save(first)  # retried
    [(due, sealed)] = rows(app_settings, "SELECT review_due, actions_encrypted FROM success_plans")
    assert str(due) == str((datetime.now(timezone.utc) + timedelta(days=14)).date())
    assert b"canary-51c0" not in bytes(sealed)
    second = form_tracker(at=1700100000.0, **completed_slots(all_rated(2, supervision=4)))
    dispatcher = await save(second)
    assert "- Supervision: 2 -> 4 (+2)" in dispatcher.messages[0]["ratings"]
    assert dispatcher.messages[0]["compared"]
    assert len(rows(app_settings, "SELECT id FROM success_plans")) == 2


async def test_an_unfinished_plan_is_not_saved(app_settings: Settings) -> None:
    """Without both actions nothing is stored and the user is told."""
    slots = completed_slots(all_rated(3))
    slots["plan_actions"] = json.dumps(json.loads(slots["plan_actions"])[:1])
    dispatcher = await save(form_tracker(**slots))
    assert [m["response"] for m in dispatcher.messages] == ["utter_plan_nothing_to_save"]
    assert rows(app_settings, "SELECT id FROM success_plans") == []


async def test_a_failed_save_is_told_never_faked(
    app_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the database fails the user hears that nothing was saved, with the plan to copy."""

    def broken(*_: object) -> bool:
        raise OperationalError("INSERT", {}, Exception("disk full"))

    monkeypatch.setattr(plan_module, "record_plan", broken)
    dispatcher = await save(form_tracker(**completed_slots(all_rated(3))))
    [reply] = dispatcher.messages
    assert reply["response"] == "utter_plan_not_saved" and ACTION_ONE in reply["actions"]
    assert rows(app_settings, "SELECT id FROM success_plans") == []


async def start_review(sender: str = "peer-1") -> tuple[CollectingDispatcher, dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    events = await ActionStartPlanReview().run(
        dispatcher, form_tracker("plan_review_form", sender=sender), {}
    )
    return dispatcher, {e["name"]: e["value"] for e in events}


async def test_with_no_plan_the_review_ends_at_once(app_settings: Settings) -> None:
    """No plan: every review slot is prefilled, so the form closes; the result says so."""
    dispatcher, slots = await start_review()
    assert dispatcher.messages == []
    assert slots["plan_outcome"] == slots["plan_review_note"] == slots["plan_rating"] == FILLED
    dispatcher = CollectingDispatcher()
    await ActionPlanReviewResult().run(dispatcher, form_tracker("plan_review_form", **slots), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_plan_review_nothing"]


async def test_the_review_asks_each_action_stores_once_and_shows_the_change(
    app_settings: Settings,
) -> None:
    """The review loads the latest plan, asks how each action went, stores the outcomes, note
    and re-rating once on retries, and shows then vs now; /mydata has it all; /delete
    removes it."""
    await save(form_tracker(**completed_slots(all_rated(2))))
    dispatcher, slots = await start_review()
    assert dispatcher.messages[0]["response"] == "utter_plan_review_intro"
    assert slots["plan_reviewing"].isdigit() and "canary-51c0" not in slots["plan_actions"]
    dispatcher = CollectingDispatcher()
    await ActionAskPlanOutcome().run(dispatcher, form_tracker("plan_review_form", **slots), {})
    assert dispatcher.messages[0]["action"] == ACTION_ONE
    validate = ValidatePlanReviewForm()
    nonsense = await validate.validate_plan_outcome("banana", dispatcher, form_tracker(**slots), {})
    assert nonsense == {"plan_outcome": None}
    first = await validate.validate_plan_outcome("done", dispatcher, form_tracker(**slots), {})
    slots |= first
    second = await validate.validate_plan_outcome("partly", dispatcher, form_tracker(**slots), {})
    assert second["plan_outcome"] == FILLED
    slots |= second
    note = await validate.validate_plan_review_note(
        "canary-77aa it helped", dispatcher, form_tracker(), {}
    )
    assert is_sealed(note["plan_review_note"])
    slots |= note | {"plan_ratings": json.dumps(all_rated(3, family_friends=2))}
    review = form_tracker("plan_review_form", at=1700200000.0, **slots)
    dispatcher = CollectingDispatcher()
    await ActionPlanReviewResult().run(dispatcher, review, {})
    await ActionPlanReviewResult().run(CollectingDispatcher(), review, {})  # retried
    [result] = dispatcher.messages
    assert f"- Supervision: {ACTION_ONE} (Done)" in result["outcomes"]
    assert f"- Family and friends: {ACTION_TWO} (Partly)" in result["outcomes"]
    assert "- Supervision: 2 -> 3 (+1)" in result["ratings"]
    assert "- Family and friends: 2 -> 2 (same)" in result["ratings"]
    [(outcomes, note_encrypted)] = rows(
        app_settings, "SELECT outcomes, review_note_encrypted FROM success_plans"
    )
    assert json.loads(outcomes) == ["done", "partly"] and b"canary-77aa" not in bytes(
        note_encrypted
    )
    dispatcher = CollectingDispatcher()
    await ActionExportMyData().run(dispatcher, form_tracker(), {})
    [mine] = json.loads(dispatcher.messages[1]["custom"]["export"]["content"])["success_plans"]
    assert mine["actions"] == [ACTION_ONE, ACTION_TWO] and mine["outcomes"] == ["done", "partly"]
    assert (
        mine["review_note"] == "canary-77aa it helped"
        and mine["review_ratings"]["supervision"] == 3
    )
    dispatcher = CollectingDispatcher()
    await ActionDeleteMyData().run(dispatcher, form_tracker(), {})
    assert dispatcher.messages[0]["plan_count"] == "1"
    assert rows(app_settings, "SELECT id FROM success_plans") == []


def test_the_plan_file_fails_naming_itself(tmp_path: Path) -> None:
    """A broken plan file is refused with its path in the message."""
    broken = tmp_path / "plan.yml"
    broken.write_text("factors: []\n")
    with pytest.raises(ValueError, match=r"plan\.yml"):
        plan_tool(broken)

"""Readiness self-assessment: statements cited, ratings understood, scores, chart and PDF."""

from __future__ import annotations

import base64
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

from actions import _common
from actions.checkins import ActionDeleteMyData, ActionExportMyData
from actions.readiness import (
    SKIPPED,
    ActionAskReadinessRating,
    ActionReadinessResult,
    ValidateReadinessForm,
    assessment,
    check_citations,
    domain_scores,
    next_statement,
    overall,
    parse_rating,
    summary_text,
    weakest,
)
from actions.readiness_report import Report, chart_png, report_pdf
from actions.retry import ActionRetrySave
from actions.settings import Settings
from devtools.trackers import tracker as build_tracker
from knowledge import get_knowledge


def test_the_statements_cover_the_seeds_practices_and_cite_real_sources() -> None:
    """15-20 statements across the nine practices; every source and card exists."""
    found = assessment()
    assert 15 <= len(found.statements) <= 20
    assert {d.id for d in found.domains} == {
        "job_descriptions", "supervision", "training", "accommodations", "ethics",
        "career", "pay", "leadership", "integration",
    }  # fmt: skip
    assert check_citations(found, get_knowledge()) == []


@pytest.mark.parametrize(
    ("answer", "rating"),
    [("1", 1), ("4", 4), ("3/4", 3), ("three", 3), ("partly", 2), ("Mostly in place", 3),
     ("fully in place", 4), ("not in place", 1), ("not at all", 1), ("skip", SKIPPED),
     ("I'm not sure", SKIPPED), ("5", None), ("0", None), ("banana", None), ("", None)],
)  # fmt: skip
def test_ratings_from_buttons_numbers_and_words(answer: str, rating: int | None) -> None:
    """1-4 from buttons, numbers and phrases; "skip" skips; anything else is refused."""
    assert parse_rating(answer, assessment()) == rating


def all_rated(value: int, **overrides: int) -> dict[str, int]:
    return {s.id: overrides.get(s.id, value) for _, s in assessment().statements}


def test_scores_per_domain_weakest_and_change() -> None:
    """Domains average their rated statements; skips are left out; the change is shown."""
    found = assessment()
    ratings = all_rated(4, pay_living=1, pay_parity=SKIPPED, car_ladder=2, car_development=2,
                        acc_policy=1, acc_practice=3)  # fmt: skip
    scores = domain_scores(found, ratings, previous=all_rated(3))
    by_id = {s.id: s for s in scores}
    assert by_id["pay"].score == 1.0 and by_id["career"].score == 2.0
    assert by_id["accommodations"].score == 2.0 and by_id["supervision"].previous == 3.0
    assert [s.id for s in weakest(scores)] == ["pay", "accommodations", "career"]
    assert overall(scores) == round((1 + 2 + 2 + 4 * 6) / 9, 2)
    summary = summary_text(scores, first_time=False)
    assert "- Pay: 1.00 (-2.00 since last time)" in summary
    assert "- Supervision: 4.00 (+1.00 since last time)" in summary
    assert "first assessment" in summary_text(domain_scores(found, ratings), first_time=True)


def test_chart_is_a_png_and_the_report_a_one_page_pdf() -> None:
    """The chart renders as PNG bytes; the report is a PDF with exactly one page."""
    report = Report(
        taken_on=date(2026, 12, 3), overall=2.5, previous_overall=2.0,
        domains=[("Pay", 1.0, 2.0), ("Supervision", 4.0, None), ("Career ladder", None, None)],
        steps=[("Pay", "Compare peer pay with a living wage.", "Pay. Source: MHA 2019")],
    )  # fmt: skip
    png = chart_png(report)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    pdf = report_pdf(report)
    assert pdf.startswith(b"%PDF-")
    assert pdf.count(b"/Type /Page ") == 1 and b"/Count 1" in pdf


def form_tracker(sender: str = "lead-1", at: float = 1700000000.5, **slots: Any) -> Tracker:
    events = [
        {"event": "user", "text": "start", "input_channel": "rest", "timestamp": 1.0},
        {"event": "active_loop", "name": "readiness_form", "timestamp": at},
    ]
    message = {"text": "x", "intent": {"name": "inform", "confidence": 0.9}}
    return build_tracker(
        message, sender=sender, slots=slots, events=events, active_loop="readiness_form"
    )


async def test_the_form_asks_each_statement_in_turn_until_all_are_rated() -> None:
    """Each rating is kept and the next statement asked; nonsense gets the hint."""
    validate = ValidateReadinessForm().validate_readiness_rating
    dispatcher = CollectingDispatcher()
    first = await validate("2", dispatcher, form_tracker(), {})
    assert first["readiness_rating"] is None
    assert json.loads(first["readiness_ratings"]) == {"jd_written": 2}
    nonsense = await validate(
        "banana", dispatcher, form_tracker(readiness_ratings=first["readiness_ratings"]), {}
    )
    assert nonsense == {"readiness_rating": None}
    assert [m["response"] for m in dispatcher.messages] == ["utter_readiness_hint"]
    dispatcher = CollectingDispatcher()
    await ActionAskReadinessRating().run(
        dispatcher, form_tracker(readiness_ratings=first["readiness_ratings"]), {}
    )
    assert (
        dispatcher.messages[0]["number"] == "2"
        and dispatcher.messages[0]["source"] == "NASMHPD 2014"
    )
    almost = all_rated(3)
    last_id = assessment().statements[-1][1].id
    del almost[last_id]
    done = await validate(
        "fully", dispatcher, form_tracker(readiness_ratings=json.dumps(almost)), {}
    )
    assert (
        done["readiness_rating"] == "done" and json.loads(done["readiness_ratings"])[last_id] == 4
    )
    assert next_statement(assessment(), json.loads(done["readiness_ratings"])) is None


async def test_the_start_clearing_the_slot_is_not_taken_as_an_answer() -> None:
    """When the start action clears the rating slot, the form gets no hint and no rating."""
    dispatcher = CollectingDispatcher()
    validate = ValidateReadinessForm().validate_readiness_rating
    assert await validate(None, dispatcher, form_tracker(), {}) == {"readiness_rating": None}
    assert dispatcher.messages == []


async def result(tracker: Tracker) -> tuple[CollectingDispatcher, list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    return dispatcher, await ActionReadinessResult().run(dispatcher, tracker, {})


async def test_result_is_saved_once_compared_exported_and_deleted(app_settings: Settings) -> None:
    """A retried result stores one row; a second assessment shows the change; PDF and PNG are
    exported; /mydata includes the ratings and /delete removes them."""
    first = form_tracker(readiness_ratings=json.dumps(all_rated(2)))
    dispatcher, events = await result(first)
    assert events == [
        SlotSet("readiness_rating", None), SlotSet("readiness_ratings", None),
        SlotSet("pending_save", None),
    ]  # fmt: skip
    responses = [m.get("response") for m in dispatcher.messages]
    assert responses[:2] == ["utter_readiness_result", "utter_readiness_next_steps"]
    assert "first assessment" in dispatcher.messages[0]["summary"]
    assert "Source: " in dispatcher.messages[1]["steps"]
    assert dispatcher.messages[2]["image"].startswith("data:image/png;base64,")
    exports = [m["custom"]["export"] for m in dispatcher.messages if m.get("custom")]
    assert [e["format"] for e in exports] == ["pdf", "png"]
    assert base64.b64decode(exports[0]["content"]).startswith(b"%PDF-")
    await result(first)  # retried
    second = form_tracker(at=1700100000.0, readiness_ratings=json.dumps(all_rated(3)))
    dispatcher, _ = await result(second)
    assert "(+1.00 since last time)" in dispatcher.messages[0]["summary"]
    engine = create_engine(app_settings.effective_database_url)
    with engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM readiness_assessments")).scalar()
    assert count == 2
    dispatcher = CollectingDispatcher()
    await ActionExportMyData().run(dispatcher, form_tracker(), {})
    mine = json.loads(dispatcher.messages[1]["custom"]["export"]["content"])
    assert [a["ratings"]["jd_written"] for a in mine["readiness_assessments"]] == [2, 3]
    dispatcher = CollectingDispatcher()
    await ActionDeleteMyData().run(dispatcher, form_tracker(), {})
    assert dispatcher.messages[0]["readiness_count"] == "2"


async def test_an_unfinished_assessment_is_not_saved(app_settings: Settings) -> None:
    """Calling the result with statements unanswered saves nothing."""
    dispatcher, _ = await result(form_tracker(readiness_ratings=json.dumps({"jd_written": 3})))
    assert [m["response"] for m in dispatcher.messages] == ["utter_readiness_nothing_to_save"]


async def test_a_failed_save_still_shows_the_result_and_try_again_saves_it_once(
    app_settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With the database down the result, chart and files still come with a "Try again";
    the retry stores that assessment once however often it runs."""
    unmigrated = sessionmaker(create_engine(f"sqlite:///{tmp_path / 'empty.db'}"))
    finished = form_tracker(readiness_ratings=json.dumps(all_rated(2)))
    with monkeypatch.context() as patched:
        patched.setattr(_common, "get_sessionmaker", lambda: unmigrated)
        dispatcher, events = await result(finished)
    responses = [m.get("response") for m in dispatcher.messages]
    assert responses[:2] == ["utter_readiness_not_saved", "utter_readiness_result"]
    assert sum(1 for m in dispatcher.messages if m.get("custom")) == 2
    [pending] = [e for e in events if e["name"] == "pending_save"]
    for _ in range(2):
        dispatcher = CollectingDispatcher()
        retried = form_tracker(pending_save=pending["value"])
        assert await ActionRetrySave().run(dispatcher, retried, {}) == [
            SlotSet("pending_save", None)
        ]
        assert [m["response"] for m in dispatcher.messages] == ["utter_readiness_saved"]
    engine = create_engine(app_settings.effective_database_url)
    with engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM readiness_assessments")).scalar()
    assert count == 1

"""Supervision agenda: items understood and sorted by kind, stored once encrypted, exported."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

from actions import _common
from actions.agenda import (
    EXPORT_FILENAME,
    PDF_FILENAME,
    ActionAcceptAgendaOffer,
    ActionClearAgenda,
    ActionDeclineAgendaOffer,
    ActionExportAgenda,
    ActionSaveAgendaItem,
    ActionShowAgenda,
    Item,
    ValidateAgendaForm,
    agenda_file,
    agenda_kinds,
    export_formats,
    item_text,
    kind_from_wording,
    parse_kind,
    render_agenda,
)
from actions.agenda_report import Line, agenda_pdf, layout, pages
from actions.checkins import ActionDeleteMyData, ActionExportMyData
from actions.retry import ActionRetrySave
from actions.settings import Settings
from devtools.trackers import tracker as build_tracker

CANARY = "canary-5d2e a client asked me to lend her money"
NOW = datetime(2026, 12, 3, 10, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("message", "expected"),
    [("add to my supervision list: I ran my first group", "I ran my first group"),
     ("Add to my supervision agenda - ask about CEUs", "ask about CEUs"),
     ("put ask about Thursdays on my supervision list", "ask about Thursdays"),
     ("supervision list: the team calls me a tech", "the team calls me a tech"),
     ("add to my supervision list", ""), ("add something to my supervision agenda", ""),
     ("I handled a tough call well", "I handled a tough call well")],
)  # fmt: skip
def test_item_text_is_what_follows_the_trigger(message: str, expected: str) -> None:
    """The trigger words are stripped; a bare trigger leaves no item."""
    assert item_text(message) == expected


@pytest.mark.parametrize(
    ("item", "kind"),
    [("a client sent me a friend request on Instagram", "boundary"),
     ("I'm stuck with a client who never shows up", "stuck"),
     ("can I get a flexible schedule for my appointments", "accommodation"),
     ("I want training on motivational interviewing", "training"),
     ("I'm proud: my first client got housing", "win"),
     ("the weather", None)],
)  # fmt: skip
def test_kind_comes_from_the_wording_or_is_left_to_ask(item: str, kind: str | None) -> None:
    """Each kind is recognised from typical wording; anything else is asked about."""
    assert kind_from_wording(item) == kind


@pytest.mark.parametrize(
    ("answer", "kind"),
    [("boundary", "boundary"), ("Wins", "win"), ("training wishes", "training"),
     ("3", "accommodation"), ("stuck points", "stuck"), ("banana", None), ("", None)],
)  # fmt: skip
def test_kind_answers_from_buttons_labels_numbers_or_words(answer: str, kind: str | None) -> None:
    """A button's id, a label, its number or a word give the kind; nonsense gives None."""
    assert parse_kind(answer) == kind


def test_the_agenda_groups_items_by_kind_in_the_files_order() -> None:
    """Headings follow the kinds' order; empty kinds are left out; the file has a header."""
    items = [
        Item("win", "ran my first group", NOW),
        Item("boundary", "a gift card from a client", NOW),
        Item("win", "client got housing", NOW),
    ]
    assert render_agenda(items) == (
        "Boundary questions\n- a gift card from a client\n\n"
        "Wins\n- ran my first group\n- client got housing"
    )
    content = agenda_file(items, NOW)
    assert content.startswith("My supervision agenda (2026-12-03), 3 item(s)\n")
    assert "Stuck points" not in content
    assert [k.id for k in agenda_kinds()] == [
        "boundary",
        "stuck",
        "accommodation",
        "training",
        "win",
    ]


def form_tracker(sender: str = "user-1", **slots: Any) -> Tracker:
    events = [
        {"event": "user", "text": "add", "input_channel": "rest", "timestamp": 1.0},
        {"event": "active_loop", "name": "agenda_form", "timestamp": 1700000000.5},
    ]
    message = {"text": "x", "intent": {"name": "agenda_add", "confidence": 0.9}}
    return build_tracker(
        message, sender=sender, slots=slots, events=events, active_loop="agenda_form"
    )


async def test_validation_takes_the_item_and_guesses_its_kind() -> None:
    """The item is kept without the trigger, and its wording fills the kind."""
    dispatcher = CollectingDispatcher()
    result = await ValidateAgendaForm().validate_agenda_item(
        "add to my supervision list: a client wants a ride to court", dispatcher, form_tracker(), {}
    )
    assert result == {"agenda_item": "a client wants a ride to court", "agenda_kind": "boundary"}
    assert dispatcher.messages == []


async def test_a_bare_trigger_asks_and_nonsense_gets_the_hint() -> None:
    """No item yet: no hint on the trigger itself; a one-letter answer to the question gets one."""
    dispatcher = CollectingDispatcher()
    result = await ValidateAgendaForm().validate_agenda_item(
        "add to my supervision list", dispatcher, form_tracker(), {}
    )
    assert result == {"agenda_item": None} and dispatcher.messages == []
    asked = form_tracker(requested_slot="agenda_item")
    await ValidateAgendaForm().validate_agenda_item("x", dispatcher, asked, {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_agenda_item_hint"]
    await ValidateAgendaForm().validate_agenda_kind("banana", dispatcher, asked, {})
    assert dispatcher.messages[-1]["response"] == "utter_agenda_kind_hint"
    assert len(dispatcher.messages[-1]["buttons"]) == 5


async def save(tracker: Tracker) -> tuple[CollectingDispatcher, list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    return dispatcher, await ActionSaveAgendaItem().run(dispatcher, tracker, {})


async def test_an_item_is_stored_once_encrypted(app_settings: Settings) -> None:
    """A retried save stores one row; the item's plaintext is in no database file."""
    filled = form_tracker(agenda_item=CANARY, agenda_kind="boundary")
    dispatcher, events = await save(filled)
    assert dispatcher.messages[0]["response"] == "utter_agenda_saved"
    assert dispatcher.messages[0]["kind"] == "Boundary questions"
    assert events == [
        SlotSet("agenda_item", None), SlotSet("agenda_kind", None), SlotSet("pending_save", None)
    ]  # fmt: skip
    dispatcher, _ = await save(filled)  # the same form, retried
    assert dispatcher.messages[0]["count"] == "1"
    engine = create_engine(app_settings.effective_database_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT user_key, kind FROM supervision_items")).all()
    assert len(rows) == 1 and rows[0].kind == "boundary" and len(rows[0].user_key) == 64
    db_file = Path(app_settings.effective_database_url.removeprefix("sqlite:///"))
    raw = b"".join(p.read_bytes() for p in db_file.parent.glob(db_file.name + "*"))
    assert b"canary-5d2e" not in raw


async def test_a_forged_kind_saves_nothing(app_settings: Settings) -> None:
    """A kind the form never produces is refused."""
    dispatcher, _ = await save(form_tracker(agenda_item=CANARY, agenda_kind="secret"))
    assert [m["response"] for m in dispatcher.messages] == ["utter_agenda_nothing_to_save"]


async def test_show_export_mydata_clear_and_delete(app_settings: Settings) -> None:
    """Show lists by kind; export adds a text file; /mydata has the items; clear and delete
    remove only this user's items."""
    await save(form_tracker(agenda_item=CANARY, agenda_kind="boundary"))
    await save(form_tracker(sender="other", agenda_item="theirs", agenda_kind="win"))
    dispatcher = CollectingDispatcher()
    await ActionShowAgenda().run(dispatcher, form_tracker(), {})
    assert dispatcher.messages[0]["response"] == "utter_agenda_list"
    assert dispatcher.messages[0]["agenda"] == f"Boundary questions\n- {CANARY}"
    dispatcher = CollectingDispatcher()
    await ActionExportAgenda().run(dispatcher, form_tracker(), {})
    export = dispatcher.messages[1]["custom"]["export"]
    assert export["filename"] == EXPORT_FILENAME and f"- {CANARY}" in export["content"]
    assert "theirs" not in export["content"]
    dispatcher = CollectingDispatcher()
    await ActionExportMyData().run(dispatcher, form_tracker(), {})
    mine = json.loads(dispatcher.messages[1]["custom"]["export"]["content"])
    assert [item["text"] for item in mine["supervision_agenda"]] == [CANARY]
    dispatcher = CollectingDispatcher()
    await ActionClearAgenda().run(dispatcher, form_tracker(), {})
    assert dispatcher.messages[0]["count"] == "1"
    dispatcher = CollectingDispatcher()
    await ActionShowAgenda().run(dispatcher, form_tracker(), {})
    assert dispatcher.messages[0]["response"] == "utter_agenda_empty"
    dispatcher = CollectingDispatcher()
    await ActionDeleteMyData().run(dispatcher, form_tracker(sender="other"), {})
    assert dispatcher.messages[0]["agenda_count"] == "1"


@pytest.mark.parametrize(
    ("message", "formats"),
    [("export my supervision agenda as a pdf", ("pdf",)),
     ("export my supervision agenda as text", ("txt",)),
     ("download my supervision list as a txt file", ("txt",)),
     ("export my supervision agenda", ("txt", "pdf")), (None, ("txt", "pdf"))],
)  # fmt: skip
def test_export_formats_follow_the_wording(message: str | None, formats: tuple[str, ...]) -> None:
    """ "as a pdf" gives the PDF, "as text" the text file, no format both."""
    assert export_formats(message) == formats


def test_the_pdf_lays_items_out_under_their_kinds_and_runs_onto_more_pages() -> None:
    """Each kind is a heading over its wrapped items; a long agenda takes more than one
    page and no page ends with a heading alone; the bytes are a PDF."""
    groups = [("Wins", ["ran my first group"]), ("Stuck points", ["x " * 150])]
    lines = layout(groups)
    assert lines[0] == Line("Wins", heading=True) and lines[1].first
    assert lines[2].heading and lines[3].first and not lines[4].first
    many = layout([("Wins", [f"item {n}" for n in range(70)]), ("Stuck points", ["late"])])
    cut = pages(many, 40)
    assert len(cut) == 2 and not cut[0][-1].heading
    single = agenda_pdf(groups, NOW.date())
    assert single.startswith(b"%PDF-") and b"/Count 1" in single
    assert b"/Count 2" in agenda_pdf(
        [("Wins", [f"item {n}" for n in range(70)]), ("Stuck points", ["late"])], NOW.date()
    )


async def test_export_sends_the_text_file_and_the_pdf(app_settings: Settings) -> None:
    """Export without a format sends the list, the text file and the PDF (base64); "as a
    pdf" sends the PDF alone."""
    await save(form_tracker(agenda_item=CANARY, agenda_kind="boundary"))
    dispatcher = CollectingDispatcher()
    await ActionExportAgenda().run(dispatcher, form_tracker(), {})
    files = [m["custom"]["export"] for m in dispatcher.messages[1:]]
    assert [(f["format"], f["filename"]) for f in files] == [
        ("txt", EXPORT_FILENAME), ("pdf", PDF_FILENAME)
    ]  # fmt: skip
    assert files[1]["encoding"] == "base64"
    assert base64.b64decode(files[1]["content"]).startswith(b"%PDF-")
    pdf_only = build_tracker(
        {"text": "export my supervision agenda as a pdf", "intent": {"name": "agenda_export"}},
        events=[{"event": "user", "text": "x", "input_channel": "rest", "timestamp": 1.0}],
    )
    dispatcher = CollectingDispatcher()
    await ActionExportAgenda().run(dispatcher, pdf_only, {})
    assert [m["custom"]["export"]["format"] for m in dispatcher.messages[1:]] == ["pdf"]


def broken_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    unmigrated = sessionmaker(create_engine(f"sqlite:///{tmp_path / 'empty.db'}"))
    monkeypatch.setattr(_common, "get_sessionmaker", lambda: unmigrated)


def stored_count(app_settings: Settings) -> int:
    engine = create_engine(app_settings.effective_database_url)
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM supervision_items")).scalar() or 0)


async def test_a_failed_save_is_kept_and_try_again_saves_it_once(
    app_settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With the database down the item is kept for "try again" (with its button); the retry
    saves that item, not a check-in, and a second retry stores nothing more."""
    with monkeypatch.context() as patched:
        broken_database(patched, tmp_path)
        dispatcher, events = await save(form_tracker(agenda_item=CANARY, agenda_kind="boundary"))
    assert [m["response"] for m in dispatcher.messages] == ["utter_agenda_save_failed"]
    [pending] = [e for e in events if e["name"] == "pending_save"]
    assert json.loads(pending["value"])["tool"] == "agenda"
    retried = form_tracker(pending_save=pending["value"])
    for expected_count in ("1", "1"):
        dispatcher = CollectingDispatcher()
        events = await ActionRetrySave().run(dispatcher, retried, {})
        assert dispatcher.messages[0]["response"] == "utter_agenda_saved"
        assert dispatcher.messages[0]["count"] == expected_count
        assert events == [SlotSet("pending_save", None)]
    assert stored_count(app_settings) == 1


async def test_try_again_with_nothing_pending_says_what_it_can_retry(
    app_settings: Settings,
) -> None:
    """No failed save: "try again" says so and saves nothing."""
    dispatcher = CollectingDispatcher()
    assert await ActionRetrySave().run(dispatcher, form_tracker(), {}) == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_nothing_to_retry"]


async def test_an_offered_line_is_added_once_after_a_yes_and_never_after_a_no(
    app_settings: Settings,
) -> None:
    """A yes adds the offered line under its kind, once however often it is repeated; a no,
    or a yes with nothing offered, adds nothing."""
    offer = json.dumps({"kind": "stuck", "text": "Check-in trend: mood 2/5", "key": "k" * 64})
    for _ in range(2):
        dispatcher = CollectingDispatcher()
        events = await ActionAcceptAgendaOffer().run(
            dispatcher, form_tracker(agenda_offer=offer), {}
        )
        assert dispatcher.messages[0]["response"] == "utter_agenda_saved"
        assert SlotSet("agenda_offer", None) in events
    assert stored_count(app_settings) == 1
    dispatcher = CollectingDispatcher()
    assert await ActionDeclineAgendaOffer().run(
        dispatcher, form_tracker(agenda_offer=offer), {}
    ) == [SlotSet("agenda_offer", None)]
    assert dispatcher.messages[0]["response"] == "utter_agenda_offer_declined"
    dispatcher = CollectingDispatcher()
    await ActionAcceptAgendaOffer().run(dispatcher, form_tracker(), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_agenda_nothing_to_save"]
    assert stored_count(app_settings) == 1

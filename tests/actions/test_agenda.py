"""Supervision agenda: items understood and sorted by kind, stored once encrypted, exported."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import create_engine, text

from actions.agenda import (
    EXPORT_FILENAME,
    ActionClearAgenda,
    ActionExportAgenda,
    ActionSaveAgendaItem,
    ActionShowAgenda,
    Item,
    ValidateAgendaForm,
    agenda_file,
    agenda_kinds,
    item_text,
    kind_from_wording,
    parse_kind,
    render_agenda,
)
from actions.checkins import ActionDeleteMyData, ActionExportMyData
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
    assert events == [SlotSet("agenda_item", None), SlotSet("agenda_kind", None)]
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

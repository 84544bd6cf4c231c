"""A peer provider's private supervision agenda: add items, show, export (text, PDF), clear."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import logging
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions._common import (
    OFFER_SLOT,
    nothing_pending,
    pending_save,
    sealed_json,
    unit_of_work,
    user_key,
)
from actions.agenda_report import agenda_pdf
from actions.settings import get_settings
from actions.storage.agenda import NewItem, add_item, clear_items, items_of
from actions.wording import kind_mentioned, normal_words
from peerline_core.privacy import NoteCipher
from peerline_core.seal import open_sealed

logger = logging.getLogger(__name__)

KINDS_FILE = Path(__file__).resolve().parent.parent / "knowledge" / "tools" / "agenda.yml"
AGENDA_FORM = "agenda_form"
AGENDA_SLOTS = ("agenda_item", "agenda_kind")
ITEM_MAX_CHARS = 280
EXPORT_FILENAME = "peerline-supervision-agenda.txt"
PDF_FILENAME = "peerline-supervision-agenda.pdf"
# What "add ... to my supervision list" says when the item itself is still to come.
FILLERS = frozenset({"something", "an item", "a thing", "one", "this", "that", "an entry", "it"})
# "add to my supervision list: X", "put X on my supervision agenda", "supervision list - X".
_PREFIX = re.compile(
    r"^\s*(?:please\s+|can you\s+|could you\s+)?(?:add|put|save|note|write)?\s*(?:this\s+|that\s+)?"
    r"(?:(?:to|on|in|onto)\s+)?(?:my\s+|the\s+)?(?:supervision|supervisor)\s+"
    r"(?:list|agenda|notes?)\s*(?:[:\-–,]+\s*|$)",
    re.IGNORECASE,
)
_SUFFIX = re.compile(
    r"^\s*(?:please\s+)?(?:add|put|save|note)\s+(?P<item>.+?)\s+(?:to|on|in|onto)\s+"
    r"(?:my\s+|the\s+)?(?:supervision|supervisor)\s+(?:list|agenda|notes?)\s*[.!]?\s*$",
    re.IGNORECASE,
)
_BARE = re.compile(
    r"^\s*(?:(?:add|put|save)\s+)?(?:an?\s+|something\s+|one\s+)?(?:item\s+|thing\s+)?"
    r"(?:(?:to|on|in)\s+)?(?:my\s+)?(?:supervision|supervisor)?\s*(?:list|agenda)?\s*[.!?]?\s*$",
    re.IGNORECASE,
)


class Kind(BaseModel):
    """One kind of agenda item, with the phrases that put an item in it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z_]+$")
    label: str = Field(min_length=3)
    words: list[str] = Field(min_length=1)


class Kinds(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kinds: list[Kind] = Field(min_length=2)


@cache
def agenda_kinds(path: Path = KINDS_FILE) -> tuple[Kind, ...]:
    """The kinds from ``knowledge/tools/agenda.yml``; a bad file fails naming it."""
    try:
        return tuple(Kinds.model_validate(yaml.safe_load(path.read_text("utf-8"))).kinds)
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise ValueError(f"{path}: {error}") from error


def kind_label(kind_id: str) -> str:
    return next((k.label for k in agenda_kinds() if k.id == kind_id), kind_id)


def item_text(message: str | None) -> str:
    """The item in "add to my supervision list: X" and the like ("" if there is none)."""
    text = " ".join((message or "").split())
    suffix = _SUFFIX.match(text)
    text = suffix["item"] if suffix else _PREFIX.sub("", text, count=1)
    if _BARE.fullmatch(text) or normal_words(text) in FILLERS:
        return ""
    return text.strip(" :-–")[:ITEM_MAX_CHARS]


def kind_from_wording(text: str) -> str | None:
    """The kind whose phrases the item mentions first in the file's order, or None."""
    return kind_mentioned(text, agenda_kinds())


def parse_kind(answer: str | None) -> str | None:
    """A kind from a button (its id), its label, a number, or a wording; None otherwise."""
    cleaned = normal_words(answer or "")
    if not cleaned:
        return None
    for index, kind in enumerate(agenda_kinds(), start=1):
        if cleaned in {kind.id, kind.label.lower(), str(index)} or cleaned.rstrip("s") == kind.id:
            return kind.id
    return kind_from_wording(cleaned)


@dataclass(frozen=True)
class Item:
    """One agenda item, its text in plain (only ever in the user's own reply)."""

    kind: str
    text: str
    added: datetime


def grouped(items: Iterable[Item]) -> list[tuple[str, list[Item]]]:
    """Items grouped by kind, in the kinds' order, empty kinds left out."""
    items = list(items)
    return [
        (kind.label, [item for item in items if item.kind == kind.id])
        for kind in agenda_kinds()
        if any(item.kind == kind.id for item in items)
    ]


def render_agenda(items: Iterable[Item]) -> str:
    """The agenda as plain text: one heading per kind, one "- item" line each."""
    blocks = []
    for label, members in grouped(items):
        lines = "\n".join(f"- {item.text}" for item in members)
        blocks.append(f"{label}\n{lines}")
    return "\n\n".join(blocks)


def agenda_file(items: list[Item], now: datetime) -> str:
    """The agenda as a text file to bring to supervision."""
    header = f"My supervision agenda ({now:%Y-%m-%d}), {len(items)} item(s)"
    return f"{header}\n{'=' * len(header)}\n\n{render_agenda(items)}\n"


def kind_buttons() -> list[dict[str, str]]:
    return [{"title": kind.label, "payload": kind.id} for kind in agenda_kinds()]


def idempotency_key(tracker: Tracker) -> str:
    """Same for every retry of one filled-in form: the form's activation time."""
    started = next(
        (
            event.get("timestamp")
            for event in reversed(tracker.events)
            if event.get("event") == "active_loop" and event.get("name") == AGENDA_FORM
        ),
        None,
    )
    return hashlib.sha256(f"agenda:{tracker.sender_id}:{started}".encode()).hexdigest()


def reset_events() -> list[dict[str, Any]]:
    return [SlotSet(slot, None) for slot in AGENDA_SLOTS]


class ValidateAgendaForm(FormValidationAction):
    """Takes the item from the wording, guesses its kind, asks with buttons when it cannot."""

    def name(self) -> str:
        return "validate_agenda_form"

    async def validate_agenda_item(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = item_text(str(value or ""))
        if len(text) < 3:
            if tracker.get_slot("requested_slot") == "agenda_item":
                dispatcher.utter_message(response="utter_agenda_item_hint")
            return {"agenda_item": None}
        found: dict[str, Any] = {"agenda_item": text}
        kind = kind_from_wording(text)
        if kind is not None and not tracker.get_slot("agenda_kind"):
            found["agenda_kind"] = kind
        return found

    async def validate_agenda_kind(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        kind = parse_kind(str(value or ""))
        if kind is None:
            dispatcher.utter_message(response="utter_agenda_kind_hint", buttons=kind_buttons())
        return {"agenda_kind": kind}


class ActionAskAgendaKind(Action):
    """Asks which kind the item is, with one button per kind from the data file."""

    def name(self) -> str:
        return "action_ask_agenda_kind"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_ask_agenda_kind", buttons=kind_buttons())
        return []


def save_item(
    dispatcher: CollectingDispatcher, tracker: Tracker, kind: str, text: str, key: str
) -> list[dict[str, Any]]:
    """Stores one item once under ``key``; on failure remembers it for "try again"."""
    try:
        cipher = NoteCipher(get_settings().note_key_list())
        with unit_of_work() as session:
            stored = add_item(
                session,
                user_key(tracker),
                key,
                NewItem(kind, cipher.encrypt(text)),
                datetime.now(timezone.utc),
            )
            count = len(items_of(session, user_key(tracker)))
    except (SQLAlchemyError, OSError, ValueError):
        logger.exception("Saving an agenda item failed")
        dispatcher.utter_message(response="utter_agenda_save_failed")
        return [pending_save("agenda", key, {"kind": kind, "text": text})]
    logger.info("Agenda item %s", "stored" if stored else "already stored (retry)")
    dispatcher.utter_message(response="utter_agenda_saved", kind=kind_label(kind), count=str(count))
    return [nothing_pending()]


class ActionSaveAgendaItem(Action):
    """Saves the filled-in item exactly once, encrypted, under the user's pseudonym."""

    def name(self) -> str:
        return "action_save_agenda_item"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        raw, kind = tracker.get_slot("agenda_item"), tracker.get_slot("agenda_kind")
        if raw is None or kind not in {k.id for k in agenda_kinds()}:
            dispatcher.utter_message(response="utter_agenda_nothing_to_save")
            return reset_events()
        try:
            # The tracker store keeps the item sealed; open it with the note keys.
            text = item_text(
                open_sealed(str(raw), NoteCipher(get_settings().note_key_list()).decrypt)
            )
        except (OSError, ValueError):
            logger.exception("Opening an agenda item failed")
            dispatcher.utter_message(response="utter_agenda_save_failed_lost")
            return reset_events()
        return [
            *reset_events(),
            *save_item(dispatcher, tracker, kind, text, idempotency_key(tracker)),
        ]


def offer_events(
    dispatcher: CollectingDispatcher, response: str, kind: str, text: str
) -> list[dict[str, Any]]:
    """Shows ``text`` with ``response``, which asks whether to add it to the agenda (yes/no
    buttons), and keeps it (sealed by the tracker store) for the yes."""
    dispatcher.utter_message(response=response, line=text)
    key = hashlib.sha256(f"offer:{uuid.uuid4()}".encode()).hexdigest()
    return [
        SlotSet(OFFER_SLOT, json.dumps({"kind": kind, "text": text[:ITEM_MAX_CHARS], "key": key}))
    ]


def no_offer() -> dict[str, Any]:
    event: dict[str, Any] = SlotSet(OFFER_SLOT, None)
    return event


class ActionAcceptAgendaOffer(Action):
    """After a yes, adds the offered line (a walk-through's, a trend's) to the agenda once."""

    def name(self) -> str:
        return "action_accept_agenda_offer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        offer = sealed_json(tracker, OFFER_SLOT)
        kind, text, key = offer.get("kind"), offer.get("text"), offer.get("key")
        if kind not in {k.id for k in agenda_kinds()} or not text or not key:
            dispatcher.utter_message(response="utter_agenda_nothing_to_save")
            return [no_offer()]
        return [no_offer(), *save_item(dispatcher, tracker, str(kind), str(text), str(key))]


class ActionDeclineAgendaOffer(Action):
    """After a no, forgets the offered line: nothing is added."""

    def name(self) -> str:
        return "action_decline_agenda_offer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_agenda_offer_declined")
        return [no_offer()]


class ActionResetAgenda(Action):
    """Forgets a cancelled or interrupted agenda item."""

    def name(self) -> str:
        return "action_reset_agenda"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return reset_events()


def stored_items(tracker: Tracker) -> list[Item]:
    """The user's items, decrypted (raises what the database or cipher raise)."""
    cipher = NoteCipher(get_settings().note_key_list())
    with unit_of_work() as session:
        rows = items_of(session, user_key(tracker))
        return [
            Item(row.kind, cipher.decrypt(row.text_encrypted), _aware(row.created_at))
            for row in rows
        ]


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def export_items(items: list[Item]) -> list[dict[str, str]]:
    """Items as they appear in "show my data"."""
    return [
        {"added": item.added.isoformat(), "kind": item.kind, "text": item.text} for item in items
    ]


def items_to_show(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[Item]:
    """The user's items, or none after telling them why (the store failed, or it is empty)."""
    try:
        items = stored_items(tracker)
    except (SQLAlchemyError, OSError, ValueError):
        logger.exception("Reading the agenda failed")
        dispatcher.utter_message(response="utter_data_unavailable")
        return []
    if not items:
        dispatcher.utter_message(response="utter_agenda_empty")
    return items


class ActionShowAgenda(Action):
    """Lists the agenda grouped by kind, with export and clear buttons."""

    def name(self) -> str:
        return "action_show_agenda"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        items = items_to_show(dispatcher, tracker)
        if not items:
            return []
        dispatcher.utter_message(
            response="utter_agenda_list", count=str(len(items)), agenda=render_agenda(items)
        )
        return []


def export_formats(message: str | None) -> tuple[str, ...]:
    """The files asked for: "as a pdf" a PDF, "as text" a text file, otherwise both."""
    cleaned = normal_words(message or "")
    if re.search(r"\bpdfs?\b", cleaned):
        return ("pdf",)
    if re.search(r"\b(?:te?xt|txt|plain)\b", cleaned):
        return ("txt",)
    return ("txt", "pdf")


def export_messages(
    items: list[Item], now: datetime, formats: tuple[str, ...]
) -> list[dict[str, str]]:
    """The agenda files as ``custom.export`` payloads: text as is, the PDF as base64."""
    files = []
    if "txt" in formats:
        files.append(
            {"format": "txt", "filename": EXPORT_FILENAME, "content": agenda_file(items, now)}
        )
    if "pdf" in formats:
        groups = [(label, [item.text for item in members]) for label, members in grouped(items)]
        pdf = base64.b64encode(agenda_pdf(groups, now.date())).decode()
        files.append(
            {"format": "pdf", "filename": PDF_FILENAME, "encoding": "base64", "content": pdf}
        )
    return files


class ActionExportAgenda(Action):
    """Sends the agenda as a message and as files: text and/or PDF (a download, a document)."""

    def name(self) -> str:
        return "action_export_agenda"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        items = items_to_show(dispatcher, tracker)
        if not items:
            return []
        formats = export_formats(tracker.latest_message.get("text"))
        # Drawing the PDF takes a moment: in a thread, not on the server's event loop.
        files = await asyncio.to_thread(export_messages, items, datetime.now(timezone.utc), formats)
        dispatcher.utter_message(
            response="utter_agenda_list", count=str(len(items)), agenda=render_agenda(items)
        )
        for file in files:
            dispatcher.utter_message(json_message={"export": file})
        return []


class ActionClearAgenda(Action):
    """Empties the agenda after the supervision meeting (asked for and confirmed)."""

    def name(self) -> str:
        return "action_clear_agenda"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        try:
            with unit_of_work() as session:
                cleared = clear_items(session, user_key(tracker))
        except SQLAlchemyError:
            logger.exception("Clearing the agenda failed")
            dispatcher.utter_message(response="utter_data_unavailable")
            return []
        dispatcher.utter_message(response="utter_agenda_cleared", count=str(cleared))
        return []

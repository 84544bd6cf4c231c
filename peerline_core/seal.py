"""Which parts of Rasa's stored events are private content, and sealing them.

Rasa keeps every user message and slot value in its tracker store. For a check-in note
that means the note in plaintext, twice (the user's message and the slot), and an
export of someone's data puts every note into a bot message. ``seal_events`` replaces
exactly those values with Fernet tokens before an event is written, so the tracker
store holds no check-in content in plaintext; the action server, which has the same
keys, opens a sealed note slot with ``open_sealed``. Plain Python, no Rasa import.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator
from typing import Any

SEALED_PREFIX = "peerline-sealed:v1:"
NOTE_SLOT = "checkin_note"
CHECKIN_FORM = "checkin_form"
AGENDA_ITEM_SLOT = "agenda_item"
AGENDA_FORM = "agenda_form"
PLAN_ACTION_SLOT = "plan_action"
PLAN_FORM = "plan_form"
PLAN_NOTE_SLOT = "plan_review_note"
PLAN_REVIEW_FORM = "plan_review_form"
# Private free text asked for by a form: (form, slot). The slot's value is sealed too.
FREE_TEXT_STEPS = frozenset(
    {
        (CHECKIN_FORM, NOTE_SLOT),
        (AGENDA_FORM, AGENDA_ITEM_SLOT),
        (PLAN_FORM, PLAN_ACTION_SLOT),
        (PLAN_REVIEW_FORM, PLAN_NOTE_SLOT),
    }
)
# Slots the action server fills with private content as JSON: an offer to add a line to the
# agenda, and a save that failed and waits for "try again".
CONTENT_SLOTS = frozenset({"agenda_offer", "pending_save"})
SEALED_SLOTS = frozenset(slot for _, slot in FREE_TEXT_STEPS) | CONTENT_SLOTS
# Intents whose message carries the private text itself ("add to my supervision list: …").
SEALED_INTENTS = frozenset({"agenda_add"})
# Bot responses that read private text back (the agenda listed, a plan's actions). Rasa keeps
# a response's variables in the event's metadata too; all but bookkeeping keys are sealed.
SEALED_RESPONSES = frozenset(
    {
        "utter_agenda_list",
        "utter_plan_saved",
        "utter_plan_not_saved",
        "utter_ask_plan_outcome",
        "utter_plan_review_result",
    }
)
RESPONSE_BOOKKEEPING = frozenset({"utter_action", "template", "model_id", "assistant_id"})
REQUESTED_SLOT = "requested_slot"
NOT_A_NOTE = (None, "", "-")  # "-" marks a skipped note

Seal = Callable[[str], str]


def is_sealed(value: object) -> bool:
    return isinstance(value, str) and value.startswith(SEALED_PREFIX)


def sealer(encrypt: Callable[[str], bytes]) -> Seal:
    """A ``Seal`` from a cipher that turns text into a Fernet token (``NoteCipher.encrypt``)."""

    def seal(text: str) -> str:
        return SEALED_PREFIX + encrypt(text).decode("ascii")

    return seal


def open_sealed(value: str, decrypt: Callable[[bytes], str]) -> str:
    """The plaintext of a sealed value; other values are returned as they are."""
    if not is_sealed(value):
        return value
    return decrypt(value[len(SEALED_PREFIX) :].encode("ascii"))


def seal_events(events: Iterable[dict[str, Any]], seal: Seal) -> Iterator[dict[str, Any]]:
    """Each event (as Rasa's ``as_dict``), with check-in content sealed; inputs untouched.

    Sealed: the text (and entity values) of a user message sent while a form asked for
    private free text (the check-in note, an agenda item) or whose intent carries it
    ("add to my supervision list: …"), those slots' values, the text and variables of a
    response that reads the agenda back, and the content of a data export.
    """
    active_loop: str | None = None
    requested: str | None = None
    for event in events:
        kind = event.get("event")
        if kind == "active_loop":
            active_loop = event.get("name")
        elif kind == "slot" and event.get("name") == REQUESTED_SLOT:
            requested = event.get("value")
        if kind == "user" and (
            (active_loop, requested) in FREE_TEXT_STEPS or _intent_of(event) in SEALED_INTENTS
        ):
            yield _seal_user(event, seal)
        elif kind == "slot" and event.get("name") in SEALED_SLOTS:
            yield _seal_slot(event, seal)
        elif kind == "bot" and _response_of(event) in SEALED_RESPONSES:
            yield _seal_bot_text(event, seal)
        elif kind == "bot" and _export_of(event) is not None:
            yield _seal_export(event, seal)
        else:
            yield event


def _intent_of(event: dict[str, Any]) -> object:
    parse_data = event.get("parse_data")
    intent = parse_data.get("intent") if isinstance(parse_data, dict) else None
    return intent.get("name") if isinstance(intent, dict) else None


def _response_of(event: dict[str, Any]) -> object:
    metadata = event.get("metadata")
    return metadata.get("utter_action") if isinstance(metadata, dict) else None


def _seal_bot_text(event: dict[str, Any], seal: Seal) -> dict[str, Any]:
    sealed = dict(event)
    sealed["text"] = _seal_text(event.get("text"), seal)
    metadata = event.get("metadata")
    if isinstance(metadata, dict):
        sealed["metadata"] = {
            key: value if key in RESPONSE_BOOKKEEPING else _seal_text(value, seal)
            for key, value in metadata.items()
        }
    return sealed


def _seal_text(value: object, seal: Seal) -> object:
    if isinstance(value, str) and value and not is_sealed(value):
        return seal(value)
    return value


def _seal_user(event: dict[str, Any], seal: Seal) -> dict[str, Any]:
    sealed = copy.deepcopy(event)
    sealed["text"] = _seal_text(sealed.get("text"), seal)
    parse_data = sealed.get("parse_data")
    if isinstance(parse_data, dict):
        parse_data["text"] = _seal_text(parse_data.get("text"), seal)
        for entity in parse_data.get("entities") or []:
            if isinstance(entity, dict):
                entity["value"] = _seal_text(entity.get("value"), seal)
    return sealed


def _seal_slot(event: dict[str, Any], seal: Seal) -> dict[str, Any]:
    if event.get("value") in NOT_A_NOTE:
        return event
    sealed = dict(event)
    sealed["value"] = _seal_text(event.get("value"), seal)
    return sealed


def _export_of(event: dict[str, Any]) -> dict[str, Any] | None:
    data = event.get("data")
    custom = data.get("custom") if isinstance(data, dict) else None
    export = custom.get("export") if isinstance(custom, dict) else None
    return export if isinstance(export, dict) else None


def _seal_export(event: dict[str, Any], seal: Seal) -> dict[str, Any]:
    sealed = copy.deepcopy(event)
    export = _export_of(sealed)
    assert export is not None  # checked by the caller
    export["content"] = _seal_text(export.get("content"), seal)
    return sealed

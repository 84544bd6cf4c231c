"""Sealing check-in content in Rasa's stored events."""

from __future__ import annotations

import json

from cryptography.fernet import Fernet

from peerline_core.privacy import NoteCipher
from peerline_core.seal import SEALED_PREFIX, is_sealed, open_sealed, seal_events, sealer

CANARY = "canary-7f3e my shift was long"


def note_turn(note: str) -> list[dict[str, object]]:
    """The events of a check-in up to and including the note answer, as Rasa stores them."""
    return [
        {"event": "user", "text": "check in", "parse_data": {"text": "check in"}},
        {"event": "active_loop", "name": "checkin_form"},
        {"event": "slot", "name": "requested_slot", "value": "checkin_mood"},
        {"event": "user", "text": "4", "parse_data": {"text": "4", "entities": []}},
        {"event": "slot", "name": "checkin_mood", "value": "4"},
        {"event": "slot", "name": "requested_slot", "value": "checkin_note"},
        {
            "event": "user",
            "text": note,
            "parse_data": {
                "text": note,
                "intent": {"name": "out_of_scope"},
                "entities": [{"entity": "role", "value": note}],
            },
        },
        {"event": "slot", "name": "checkin_note", "value": note},
        {"event": "active_loop", "name": None},
        {"event": "slot", "name": "requested_slot", "value": None},
        {"event": "user", "text": "thanks", "parse_data": {"text": "thanks"}},
    ]


def test_the_note_is_sealed_everywhere_and_nothing_else_is() -> None:
    """The note message, its entities and the note slot are sealed; other turns are not."""
    cipher = NoteCipher([Fernet.generate_key()])
    events = note_turn(CANARY)
    sealed = list(seal_events(events, sealer(cipher.encrypt)))
    assert CANARY not in json.dumps(sealed)
    assert CANARY in json.dumps(events)  # the input is not changed
    note_message, note_slot = sealed[6], sealed[7]
    assert is_sealed(note_message["text"]) and is_sealed(note_slot["value"])
    assert open_sealed(note_slot["value"], cipher.decrypt) == CANARY
    assert sealed[6]["parse_data"]["intent"] == {"name": "out_of_scope"}
    assert [sealed[i] for i in (0, 3, 4, 10)] == [events[i] for i in (0, 3, 4, 10)]


def test_a_skipped_note_stays_readable_and_sealing_twice_is_harmless() -> None:
    """A skipped note ("-") is kept as is, and a sealed value is not sealed again."""
    cipher = NoteCipher([Fernet.generate_key()])
    seal = sealer(cipher.encrypt)
    skipped = list(seal_events([{"event": "slot", "name": "checkin_note", "value": "-"}], seal))
    assert skipped[0]["value"] == "-"
    once = list(seal_events(note_turn(CANARY), seal))
    twice = list(seal_events(once, seal))
    assert twice == once


def test_a_data_export_is_sealed_in_the_bot_message() -> None:
    """The content of an export (every note of the user) is sealed; its filename is not."""
    cipher = NoteCipher([Fernet.generate_key()])
    export = {"format": "json", "filename": "peerline-checkins.json", "content": CANARY}
    event = {"event": "bot", "text": None, "data": {"custom": {"export": export}}}
    (sealed,) = seal_events([event], sealer(cipher.encrypt))
    stored = sealed["data"]["custom"]["export"]
    assert stored["content"].startswith(SEALED_PREFIX)
    assert stored["filename"] == "peerline-checkins.json"
    assert open_sealed(stored["content"], cipher.decrypt) == CANARY


def test_open_sealed_returns_plain_values_unchanged() -> None:
    """An unsealed value (the note within its own turn) is returned as it is."""
    assert open_sealed("just text", lambda token: "never called") == "just text"


def test_agenda_items_are_sealed_in_the_message_the_slot_and_the_listing() -> None:
    """ "add to my supervision list: X", a typed item, the item slot and the agenda read back
    are sealed; a show request and the kind answer are not."""
    cipher = NoteCipher([Fernet.generate_key()])
    item = "canary-0b7c a client offered me a gift"
    events = [
        {"event": "user", "text": f"add to my supervision list: {item}",
         "parse_data": {"text": item, "intent": {"name": "agenda_add"}}},
        {"event": "active_loop", "name": "agenda_form"},
        {"event": "slot", "name": "agenda_item", "value": item},
        {"event": "slot", "name": "requested_slot", "value": "agenda_kind"},
        {"event": "user", "text": "boundary", "parse_data": {"text": "boundary"}},
        {"event": "active_loop", "name": None},
        {"event": "user", "text": "show my supervision agenda",
         "parse_data": {"intent": {"name": "agenda_show"}}},
        {"event": "bot", "text": f"Boundary questions\n- {item}",
         "metadata": {"utter_action": "utter_agenda_list", "count": "1",
                      "agenda": f"Boundary questions\n- {item}"}},
        {"event": "bot", "text": "Saved under Boundary questions.",
         "metadata": {"utter_action": "utter_agenda_saved"}},
    ]  # fmt: skip
    sealed = list(seal_events(events, sealer(cipher.encrypt)))
    assert "canary-0b7c" not in json.dumps(sealed)
    assert open_sealed(sealed[2]["value"], cipher.decrypt) == item
    assert [sealed[i] for i in (4, 6, 8)] == [events[i] for i in (4, 6, 8)]
    assert sealed[7]["metadata"]["utter_action"] == "utter_agenda_list"


def test_a_line_offered_to_the_agenda_and_a_pending_save_are_sealed() -> None:
    """The slots the tools fill with private JSON are sealed whenever they are set, and
    clearing them stays readable."""
    cipher = NoteCipher([Fernet.generate_key()])
    offer = json.dumps({"kind": "stuck", "text": CANARY, "key": "k"})
    events = [
        {"event": "slot", "name": "agenda_offer", "value": offer},
        {"event": "slot", "name": "pending_save", "value": offer},
        {"event": "slot", "name": "agenda_offer", "value": None},
    ]
    sealed = list(seal_events(events, sealer(cipher.encrypt)))
    assert CANARY not in json.dumps(sealed)
    assert open_sealed(sealed[0]["value"], cipher.decrypt) == offer
    assert is_sealed(sealed[1]["value"]) and sealed[2] == events[2]


def test_plan_actions_and_review_notes_are_sealed() -> None:
    """A written plan action and a review note are sealed in the message and their slot, and
    the saved plan and the outcome question, which read actions back, are sealed too."""
    cipher = NoteCipher([Fernet.generate_key()])
    secret = "canary-3c1d ask for a mentor"
    events = [
        {"event": "active_loop", "name": "plan_form"},
        {"event": "slot", "name": "requested_slot", "value": "plan_action"},
        {"event": "user", "text": secret, "parse_data": {"text": secret}},
        {"event": "slot", "name": "plan_action", "value": secret},
        {"event": "bot", "text": f"1. Supervision: {secret}",
         "metadata": {"utter_action": "utter_plan_saved", "actions": secret}},
        {"event": "active_loop", "name": "plan_review_form"},
        {"event": "slot", "name": "requested_slot", "value": "plan_outcome"},
        {"event": "bot", "text": secret,
         "metadata": {"utter_action": "utter_ask_plan_outcome", "action": secret}},
        {"event": "user", "text": "done", "parse_data": {"text": "done"}},
        {"event": "slot", "name": "requested_slot", "value": "plan_review_note"},
        {"event": "user", "text": secret, "parse_data": {"text": secret}},
        {"event": "slot", "name": "plan_review_note", "value": secret},
    ]  # fmt: skip
    sealed = list(seal_events(events, sealer(cipher.encrypt)))
    assert secret not in json.dumps(sealed)
    assert sealed[8] == events[8]  # the outcome button is not private
    assert sealed[4]["metadata"]["utter_action"] == "utter_plan_saved"

"""Boundary walk-through: a situation, four questions, the cards' guidance and words to use,
kept privately and offered to the supervision agenda."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from abc import ABC, abstractmethod
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
from sqlalchemy.orm import Session

from actions._common import (
    PENDING_SLOT,
    nothing_pending,
    pending_save,
    saved,
    sealed_json,
    unit_of_work,
    user_key,
)
from actions.agenda import no_offer, offer_events
from actions.settings import get_settings
from actions.storage.boundary import record_walkthrough, walkthroughs_of
from actions.toolkit import citation_payload, source_line
from actions.wording import normal_words
from knowledge import KnowledgeBase, get_knowledge
from peerline_core.privacy import NoteCipher

logger = logging.getLogger(__name__)

WALKTHROUGH_FILE = Path(__file__).resolve().parent.parent / "knowledge" / "tools" / "boundary.yml"
BOUNDARY_FORM = "boundary_form"
AGENDA_KIND = "boundary"  # the agenda kind a walk-through's summary line goes under
QUESTIONS = ("initiator", "setting", "policy", "changes")
BOUNDARY_SLOTS = ("boundary_situation", *(f"boundary_{q}" for q in QUESTIONS))
SUMMARY_MAX_CHARS = 240


class Choice(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    label: str
    words: list[str]


class Situation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z_]+$")
    label: str
    card: str
    words: list[str] = Field(min_length=1)
    policy: str = Field(min_length=20)
    scripts: list[str] = Field(min_length=2, max_length=3)


class Walkthrough(BaseModel):
    """The walk-through file: the situations and the answers to each question."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    situations: list[Situation] = Field(min_length=1)
    questions: dict[str, list[Choice]]


@cache
def walkthrough(path: Path = WALKTHROUGH_FILE) -> Walkthrough:
    """The situations from ``knowledge/tools/boundary.yml``; a bad file fails naming it."""
    try:
        found = Walkthrough.model_validate(yaml.safe_load(path.read_text("utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise ValueError(f"{path}: {error}") from error
    if set(found.questions) != set(QUESTIONS):
        raise ValueError(f"{path}: questions must be exactly {', '.join(QUESTIONS)}")
    return found


def _mentions(phrase: str, text: str) -> bool:
    return re.search(rf"\b{re.escape(phrase.lower())}\b", text) is not None


def parse_situation(text: str | None) -> str | None:
    """The situation a button (its id or label) or a wording names; None otherwise."""
    cleaned = normal_words(text)
    if not cleaned:
        return None
    situations = walkthrough().situations
    for situation in situations:
        if cleaned in {situation.id, situation.label.lower()}:
            return situation.id
    # Longest phrase first, so "former clinician" wins over "coworker".
    phrases = sorted(((w, s.id) for s in situations for w in s.words), key=lambda p: -len(p[0]))
    return next((sid for word, sid in phrases if _mentions(word, cleaned)), None)


def parse_choice(question: str, text: str | None) -> str | None:
    """The answer id for ``question`` from a button, its label or a wording; None otherwise."""
    cleaned = normal_words(text)
    if not cleaned:
        return None
    choices = walkthrough().questions[question]
    for choice in choices:
        if cleaned in {choice.id, choice.label.lower()}:
            return choice.id
    phrases = sorted(((w, c.id) for c in choices for w in c.words), key=lambda p: -len(p[0]))
    return next((cid for word, cid in phrases if _mentions(word, cleaned)), None)


def choice_buttons(question: str) -> list[dict[str, str]]:
    return [{"title": c.label, "payload": c.id} for c in walkthrough().questions[question]]


def situation_buttons() -> list[dict[str, str]]:
    return [{"title": s.label, "payload": s.id} for s in walkthrough().situations]


def label_of(question: str, answer: str) -> str:
    return next((c.label for c in walkthrough().questions[question] if c.id == answer), answer)


@dataclass(frozen=True)
class Outcome:
    """What the walk-through gives back: guidance, policy, words to use, a summary line."""

    guidance: str
    source: str
    policy: str
    scripts: str
    summary: str


def considerations(answers: dict[str, str]) -> str:
    """What the person's answers point to, as questions to weigh, never a verdict."""
    notes = []
    if answers["initiator"] == "me":
        notes.append("The idea came from you: ask yourself whose need it would meet.")
    if answers["changes"] in {"yes", "unsure"}:
        notes.append(
            "You think it could change the helping relationship: that is the heart of a dual "
            "relationship, so talk it through in supervision before you act."
        )
    if answers["setting"] in {"outside", "online"}:
        notes.append("It happens outside work, where roles blur more easily.")
    return " ".join(notes)


def policy_text(situation: Situation, answer: str) -> str:
    if answer == "yes":
        return f"Your agency has a policy: what it says decides. {situation.policy}"
    if answer == "no":
        return (
            "Your agency has no policy on this as far as you know: ask your supervisor what "
            f"applies, and suggest one. {situation.policy}"
        )
    return f"Ask your supervisor or HR whether a policy covers this. {situation.policy}"


def summary_line(situation: Situation, answers: dict[str, str]) -> str:
    """One line to bring to supervision (it contains no names)."""
    line = (
        f"Boundary question: {situation.label.lower()} (started: "
        f"{label_of('initiator', answers['initiator']).lower()}; "
        f"{label_of('setting', answers['setting']).lower()}; policy: "
        f"{label_of('policy', answers['policy']).lower()}; changes the relationship: "
        f"{label_of('changes', answers['changes']).lower()}). What should I do?"
    )
    return line[:SUMMARY_MAX_CHARS]


def outcome(kb: KnowledgeBase, situation: Situation, answers: dict[str, str]) -> Outcome:
    """The walk-through's result for ``situation`` and the four answers."""
    card = kb.cards[situation.card]
    guidance = card.answer_for("peer")
    extra = considerations(answers)
    return Outcome(
        guidance=f"{guidance}\n\n{extra}" if extra else guidance,
        source=source_line(card, kb),
        policy=policy_text(situation, answers["policy"]),
        scripts="\n".join(f"- {line}" for line in situation.scripts),
        summary=summary_line(situation, answers),
    )


def reset_events() -> list[dict[str, Any]]:
    return [SlotSet(slot, None) for slot in BOUNDARY_SLOTS]


class ValidateBoundaryForm(FormValidationAction):
    """Understands the situation and each answer, and re-asks with buttons when it cannot."""

    def name(self) -> str:
        return "validate_boundary_form"

    async def validate_boundary_situation(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        found = parse_situation(str(value or ""))
        if found is None and tracker.get_slot("requested_slot") == "boundary_situation":
            dispatcher.utter_message(response="utter_boundary_hint", buttons=situation_buttons())
        return {"boundary_situation": found}

    async def _answer(
        self, question: str, value: Any, dispatcher: CollectingDispatcher
    ) -> dict[str, Any]:
        found = parse_choice(question, str(value or ""))
        if found is None:
            dispatcher.utter_message(
                response="utter_boundary_hint", buttons=choice_buttons(question)
            )
        return {f"boundary_{question}": found}

    async def validate_boundary_initiator(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return await self._answer("initiator", value, dispatcher)

    async def validate_boundary_setting(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return await self._answer("setting", value, dispatcher)

    async def validate_boundary_policy(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return await self._answer("policy", value, dispatcher)

    async def validate_boundary_changes(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return await self._answer("changes", value, dispatcher)


class ActionAskBoundarySituation(Action):
    """Asks which situation it is, one button per situation in the data file."""

    def name(self) -> str:
        return "action_ask_boundary_situation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            response="utter_ask_boundary_situation", buttons=situation_buttons()
        )
        return []


class AskBoundaryQuestion(Action, ABC):
    """Asks one of the four questions with its buttons from the data file."""

    @property
    @abstractmethod
    def question(self) -> str: ...

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            response=f"utter_ask_boundary_{self.question}", buttons=choice_buttons(self.question)
        )
        return []


class ActionAskBoundaryInitiator(AskBoundaryQuestion):
    question = "initiator"

    def name(self) -> str:
        return "action_ask_boundary_initiator"


class ActionAskBoundarySetting(AskBoundaryQuestion):
    question = "setting"

    def name(self) -> str:
        return "action_ask_boundary_setting"


class ActionAskBoundaryPolicy(AskBoundaryQuestion):
    question = "policy"

    def name(self) -> str:
        return "action_ask_boundary_policy"


class ActionAskBoundaryChanges(AskBoundaryQuestion):
    question = "changes"

    def name(self) -> str:
        return "action_ask_boundary_changes"


def idempotency_key(tracker: Tracker) -> str:
    """Same for every retry of one finished walk-through: the form's activation time."""
    started = next(
        (
            event.get("timestamp")
            for event in reversed(tracker.events)
            if event.get("event") == "active_loop" and event.get("name") == BOUNDARY_FORM
        ),
        None,
    )
    return hashlib.sha256(f"boundary:{tracker.sender_id}:{started}".encode()).hexdigest()


def result_record(situation: Situation, answers: dict[str, str], summary: str) -> dict[str, Any]:
    """What is stored of a walk-through (encrypted) and shown in "show my data"."""
    return {"situation": situation.id, "answers": answers, "summary": summary}


def save_walkthrough(
    dispatcher: CollectingDispatcher, tracker: Tracker, key: str, record: dict[str, Any]
) -> list[dict[str, Any]]:
    """Stores the walk-through once under ``key``; on failure says so and keeps it for a retry."""
    try:
        cipher = NoteCipher(get_settings().note_key_list())
        with unit_of_work() as session:
            stored = record_walkthrough(
                session,
                user_key(tracker),
                key,
                cipher.encrypt(json.dumps(record, sort_keys=True)),
                datetime.now(timezone.utc),
            )
    except (SQLAlchemyError, OSError, ValueError):
        logger.exception("Saving a boundary walk-through failed")
        dispatcher.utter_message(response="utter_boundary_not_saved")
        return [pending_save("boundary", key, record)]
    logger.info("Boundary walk-through %s", "stored" if stored else "already stored (retry)")
    return [nothing_pending()]


class ActionBoundaryOutcome(Action):
    """Gives the cited guidance, the policy, words to use and a line for supervision; keeps
    the result privately and asks whether to add the line to the supervision agenda."""

    def name(self) -> str:
        return "action_boundary_outcome"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        situations = {s.id: s for s in walkthrough().situations}
        situation = situations.get(str(tracker.get_slot("boundary_situation")))
        answers = {q: str(tracker.get_slot(f"boundary_{q}") or "") for q in QUESTIONS}
        known = {q: {c.id for c in walkthrough().questions[q]} for q in QUESTIONS}
        if situation is None or any(answers[q] not in known[q] for q in QUESTIONS):
            dispatcher.utter_message(response="utter_boundary_nothing")
            return [*reset_events(), no_offer()]
        kb = get_knowledge()
        result = outcome(kb, situation, answers)
        dispatcher.utter_message(
            response="utter_boundary_guidance", guidance=result.guidance, source=result.source
        )
        dispatcher.utter_message(json_message=citation_payload(kb.cards[situation.card], kb))
        dispatcher.utter_message(response="utter_boundary_policy", policy=result.policy)
        dispatcher.utter_message(response="utter_boundary_scripts", scripts=result.scripts)
        record = result_record(situation, answers, result.summary)
        kept = save_walkthrough(dispatcher, tracker, idempotency_key(tracker), record)
        offered = offer_events(dispatcher, "utter_boundary_summary", AGENDA_KIND, result.summary)
        return [*reset_events(), *kept, *offered]


class ActionSaveWalkthrough(Action):
    """Saves a walk-through whose saving failed, on "try again" (the retry action calls it)."""

    def name(self) -> str:
        return "action_save_walkthrough"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        pending = sealed_json(tracker, PENDING_SLOT)
        record, key = pending.get("data"), pending.get("key")
        if pending.get("tool") != "boundary" or not isinstance(record, dict) or not key:
            dispatcher.utter_message(response="utter_nothing_to_retry")
            return []
        events = save_walkthrough(dispatcher, tracker, str(key), record)
        if saved(events):
            dispatcher.utter_message(response="utter_boundary_saved")
        return events


def stored_walkthroughs(session: Session, me: str) -> list[dict[str, Any]]:
    """A user's walk-throughs as they appear in "show my data" (raises what the cipher raises)."""
    cipher = NoteCipher(get_settings().note_key_list())
    return [
        {
            "taken_at": (
                row.created_at
                if row.created_at.tzinfo
                else row.created_at.replace(tzinfo=timezone.utc)
            ).isoformat(),
            **json.loads(cipher.decrypt(row.result_encrypted)),
        }
        for row in walkthroughs_of(session, me)
    ]


class ActionResetBoundary(Action):
    """Forgets a cancelled or interrupted walk-through."""

    def name(self) -> str:
        return "action_reset_boundary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return reset_events()

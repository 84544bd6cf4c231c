"""A young peer provider's success-factor plan: rate the eight factors, pick two, write one
action for each, save it with a review date two weeks on (the review: plan_review.py)."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from actions._common import unit_of_work, user_key
from actions.readiness import SKIPPED, ScalePoint, parse_rating, ratings_of
from actions.settings import get_settings
from actions.storage.models import SuccessPlan
from actions.storage.plan import NewPlan, plans_of, record_plan
from knowledge import KnowledgeBase, get_knowledge
from peerline_core.privacy import NoteCipher
from peerline_core.seal import open_sealed, sealer

logger = logging.getLogger(__name__)

PLAN_FILE = Path(__file__).resolve().parent.parent / "knowledge" / "tools" / "plan.yml"
PLAN_FORM = "plan_form"
REVIEW_FORM = "plan_review_form"
RATING_SLOT, RATINGS_SLOT = "plan_rating", "plan_ratings"
FOCUS_SLOT, FOCI_SLOT = "plan_focus", "plan_foci"
ACTION_SLOT, ACTIONS_SLOT = "plan_action", "plan_actions"
OUTCOME_SLOT, OUTCOMES_SLOT = "plan_outcome", "plan_outcomes"
NOTE_SLOT, REVIEWING_SLOT = "plan_review_note", "plan_reviewing"
PLAN_SLOTS = (
    RATING_SLOT, RATINGS_SLOT, FOCUS_SLOT, FOCI_SLOT, ACTION_SLOT, ACTIONS_SLOT,
    OUTCOME_SLOT, OUTCOMES_SLOT, NOTE_SLOT, REVIEWING_SLOT,
)  # fmt: skip
# A form slot's value once its question is answered for every factor or action. Not a word
# anyone types, so a prefilled form (nothing to review) is told apart from an answer.
FILLED = "-filled-"
UNAVAILABLE = "-unavailable-"  # the plan could not be read: already told, say nothing more
FOCUS_COUNT = 2
ACTION_MAX_CHARS = 280
NO_NOTE = "-"
ORDINALS = ("first", "second")


class Factor(BaseModel):
    """One success factor: the statement rated, the card that says more, words that name it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z_]+$")
    label: str = Field(min_length=3, max_length=40)
    card: str
    words: list[str] = Field(min_length=1)
    text: str = Field(min_length=10, max_length=140)


class OutcomeChoice(BaseModel):
    """How an action went (done, partly, not yet), with the words that mean it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z_]+$")
    label: str
    words: list[str] = Field(min_length=1)


class PlanTool(BaseModel):
    """The plan file: the source, the review delay, the scale, outcomes and eight factors."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str
    review_after_days: int = Field(ge=1, le=90)
    scale: list[ScalePoint] = Field(min_length=4, max_length=4)
    skip_words: list[str]
    outcomes: list[OutcomeChoice] = Field(min_length=2)
    factors: list[Factor] = Field(min_length=8, max_length=8)

    @model_validator(mode="after")
    def _unique_ids(self) -> PlanTool:
        ids = [f.id for f in self.factors]
        if len(ids) != len(set(ids)):
            raise ValueError("factor ids must be unique")
        return self

    def factor(self, factor_id: str) -> Factor:
        return next(f for f in self.factors if f.id == factor_id)


@cache
def plan_tool(path: Path = PLAN_FILE) -> PlanTool:
    """The factors from ``knowledge/tools/plan.yml``; a bad file fails naming it."""
    try:
        return PlanTool.model_validate(yaml.safe_load(path.read_text("utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise ValueError(f"{path}: {error}") from error


def check_citations(found: PlanTool, kb: KnowledgeBase) -> list[str]:
    """The plan's source and every factor's card must exist; the problems, if any."""
    problems = [] if found.source in kb.sources else [f"unknown source {found.source}"]
    return problems + [
        f"factor {f.id}: unknown card {f.card}" for f in found.factors if f.card not in kb.cards
    ]


def normal_text(text: str | None) -> str:
    return " ".join((text or "").lower().replace("’", "'").split()).strip(" .!?")


def _mentions(phrase: str, text: str) -> bool:
    return re.search(rf"\b{re.escape(phrase)}\b", text) is not None


def longest_match(cleaned: str, phrases: list[tuple[str, str]]) -> str | None:
    """The value of the longest phrase the text mentions, the list's order breaking ties."""
    found = [(phrase, value) for phrase, value in phrases if _mentions(phrase, cleaned)]
    return max(found, key=lambda pv: len(pv[0]))[1] if found else None


def parse_factor(text: str | None, found: PlanTool) -> str | None:
    """A factor from a button (its id), its label, its number 1-8 or words naming it."""
    cleaned = normal_text(text)
    if not cleaned:
        return None
    for number, factor in enumerate(found.factors, start=1):
        if cleaned in {factor.id, factor.label.lower(), str(number)}:
            return factor.id
    phrases = [(w, f.id) for f in found.factors for w in [f.label.lower(), *f.words]]
    return longest_match(cleaned, phrases)


def action_text(text: str | None) -> str:
    """The written action, tidied and capped; "" when it is not a usable sentence."""
    tidied = " ".join((text or "").split())[:ACTION_MAX_CHARS]
    if re.search(r"[^\W\d_]{2,}", tidied) is None or normal_text(tidied) in plan_tool().skip_words:
        return ""
    return tidied


def json_list(raw: Any) -> list[str]:
    """A list of strings from its slot (JSON), ignoring anything malformed."""
    try:
        loaded = json.loads(raw) if isinstance(raw, str) else []
    except json.JSONDecodeError:
        return []
    return [str(v) for v in loaded] if isinstance(loaded, list) else []


def next_factor(found: PlanTool, ratings: dict[str, int]) -> tuple[int, Factor] | None:
    """The first factor not yet rated, with its 1-based number; None when all are."""
    for number, factor in enumerate(found.factors, start=1):
        if factor.id not in ratings:
            return number, factor
    return None


def focus_choices(found: PlanTool, ratings: dict[str, int], chosen: list[str]) -> list[Factor]:
    """The factors still to pick from, lowest rated first, skipped ones last."""
    left = [f for f in found.factors if f.id not in chosen]
    return sorted(left, key=lambda f: ratings.get(f.id, SKIPPED) or 5)


def change(now: int | None, before: int | None) -> str:
    """A rating with its change: "3", "2 -> 3 (+1)", "3 -> 3 (same)", "skipped (was 2)"."""
    if not now:
        return f"skipped (was {before})" if before else "skipped"
    if not before:
        return str(now)
    delta = now - before
    return f"{before} -> {now} ({'same' if delta == 0 else f'{delta:+d}'})"


def render_ratings(
    found: PlanTool, ratings: dict[str, int], previous: dict[str, int] | None = None
) -> str:
    """One "- Factor: rating" line per factor, with the change from ``previous`` if given."""
    before = previous or {}
    return "\n".join(
        f"- {f.label}: {change(ratings.get(f.id), before.get(f.id))}" for f in found.factors
    )


def render_actions(found: PlanTool, focus: list[str], actions: list[str]) -> str:
    return "\n".join(
        f"{n}. {found.factor(factor_id).label}: {action}"
        for n, (factor_id, action) in enumerate(zip(focus, actions, strict=False), start=1)
    )


def rating_buttons(found: PlanTool) -> list[dict[str, str]]:
    buttons = [{"title": f"{p.value} {p.label}", "payload": str(p.value)} for p in found.scale]
    return [*buttons, {"title": "Skip", "payload": "skip"}]


def factor_buttons(factors: list[Factor]) -> list[dict[str, str]]:
    return [{"title": f.label, "payload": f.id} for f in factors]


def source_line(found: PlanTool) -> str:
    return get_knowledge().sources[found.source].short()


def review_due(saved: datetime, found: PlanTool) -> date:
    return saved.date() + timedelta(days=found.review_after_days)


def cipher() -> NoteCipher:
    return NoteCipher(get_settings().note_key_list())


def opened(sealed: list[str], with_cipher: NoteCipher) -> list[str]:
    """The plaintext of the written actions kept sealed in their slot."""
    return [open_sealed(value, with_cipher.decrypt) for value in sealed]


def idempotency_key(tracker: Tracker, form: str) -> str:
    """Same for every retry of one completed form: the form's latest activation time."""
    started = next(
        (
            event.get("timestamp")
            for event in reversed(tracker.events)
            if event.get("event") == "active_loop" and event.get("name") == form
        ),
        None,
    )
    return hashlib.sha256(f"{form}:{tracker.sender_id}:{started}".encode()).hexdigest()


def reset_events() -> list[dict[str, Any]]:
    return [SlotSet(slot, None) for slot in PLAN_SLOTS]


def rate(value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
    """Records one factor's rating; FILLED once all eight are rated. Shared by both forms."""
    if value is None:  # the start action clearing the slot, not an answer
        return {RATING_SLOT: None}
    found = plan_tool()
    ratings = ratings_of(tracker.get_slot(RATINGS_SLOT))
    upcoming = next_factor(found, ratings)
    if value == FILLED or upcoming is None:
        return {RATING_SLOT: FILLED}
    rating = parse_rating(str(value), found)
    if rating is None:
        dispatcher.utter_message(response="utter_plan_rating_hint")
        return {RATING_SLOT: None}
    ratings[upcoming[1].id] = rating
    finished = next_factor(found, ratings) is None
    return {RATING_SLOT: FILLED if finished else None, RATINGS_SLOT: json.dumps(ratings)}


class ActionStartPlan(Action):
    """Introduces the plan and clears any earlier unfinished answers."""

    def name(self) -> str:
        return "action_start_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        found = plan_tool()
        dispatcher.utter_message(
            response="utter_plan_intro",
            count=str(len(found.factors)),
            source=source_line(found),
            days=str(found.review_after_days),
        )
        return reset_events()


class ActionAskPlanRating(Action):
    """Asks the next unrated factor, numbered, with rating buttons."""

    def name(self) -> str:
        return "action_ask_plan_rating"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        found = plan_tool()
        upcoming = next_factor(found, ratings_of(tracker.get_slot(RATINGS_SLOT)))
        if upcoming is None:  # every factor rated: the form moves on by itself
            return []
        number, factor = upcoming
        dispatcher.utter_message(
            response="utter_ask_plan_rating",
            number=str(number),
            total=str(len(found.factors)),
            factor=factor.label,
            statement=factor.text,
            buttons=rating_buttons(found),
        )
        return []


class ActionAskPlanFocus(Action):
    """Asks which factor to work on, lowest rated first, one button each."""

    def name(self) -> str:
        return "action_ask_plan_focus"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        found = plan_tool()
        chosen = json_list(tracker.get_slot(FOCI_SLOT))
        choices = focus_choices(found, ratings_of(tracker.get_slot(RATINGS_SLOT)), chosen)
        dispatcher.utter_message(
            response="utter_ask_plan_focus",
            which=ORDINALS[min(len(chosen), FOCUS_COUNT - 1)],
            buttons=factor_buttons(choices),
        )
        return []


class ActionAskPlanAction(Action):
    """Asks for one action for the next chosen factor that has none yet."""

    def name(self) -> str:
        return "action_ask_plan_action"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        focus = json_list(tracker.get_slot(FOCI_SLOT))
        written = json_list(tracker.get_slot(ACTIONS_SLOT))
        if len(written) >= len(focus):
            return []
        dispatcher.utter_message(
            response="utter_ask_plan_action",
            factor=plan_tool().factor(focus[len(written)]).label,
        )
        return []


class ValidatePlanForm(FormValidationAction):
    """Records the ratings, the two factors and an action for each, re-asking nonsense."""

    def name(self) -> str:
        return "validate_plan_form"

    async def validate_plan_rating(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return rate(value, dispatcher, tracker)

    async def validate_plan_focus(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {FOCUS_SLOT: None}
        chosen = json_list(tracker.get_slot(FOCI_SLOT))
        if value == FILLED or len(chosen) >= FOCUS_COUNT:
            return {FOCUS_SLOT: FILLED}
        factor = parse_factor(str(value), plan_tool())
        if factor is None or factor in chosen:
            dispatcher.utter_message(response="utter_plan_focus_hint")
            return {FOCUS_SLOT: None}
        chosen.append(factor)
        done = len(chosen) >= FOCUS_COUNT
        return {FOCUS_SLOT: FILLED if done else None, FOCI_SLOT: json.dumps(chosen)}

    async def validate_plan_action(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {ACTION_SLOT: None}
        written = json_list(tracker.get_slot(ACTIONS_SLOT))
        if value == FILLED or len(written) >= FOCUS_COUNT:
            return {ACTION_SLOT: FILLED}
        with_cipher = cipher()
        text = action_text(open_sealed(str(value), with_cipher.decrypt))
        if not text:
            dispatcher.utter_message(response="utter_plan_action_hint")
            return {ACTION_SLOT: None}
        # Kept sealed in the slot: Rasa's store never holds the action in plaintext.
        written.append(sealer(with_cipher.encrypt)(text))
        done = len(written) >= FOCUS_COUNT
        return {ACTION_SLOT: FILLED if done else None, ACTIONS_SLOT: json.dumps(written)}


@dataclass(frozen=True)
class Answers:
    """A completed plan form's answers, the actions in plaintext."""

    ratings: dict[str, int]
    focus: list[str]
    actions: list[str]


def completed(tracker: Tracker, with_cipher: NoteCipher) -> Answers | None:
    """The plan form's answers when every part is there; None otherwise."""
    found = plan_tool()
    ratings = ratings_of(tracker.get_slot(RATINGS_SLOT))
    focus = json_list(tracker.get_slot(FOCI_SLOT))
    sealed = json_list(tracker.get_slot(ACTIONS_SLOT))
    known = {f.id for f in found.factors}
    if (
        next_factor(found, ratings) is not None
        or len(focus) != FOCUS_COUNT
        or not set(focus) <= known
        or len(sealed) != FOCUS_COUNT
    ):
        return None
    return Answers(ratings, focus, opened(sealed, with_cipher))


def latest_ratings(plan: SuccessPlan) -> dict[str, int]:
    """A plan's most recent ratings: its review's re-rating if it was reviewed."""
    return ratings_of(plan.review_ratings or plan.ratings)


def save_plan(
    session: Session, me: str, key: str, answers: Answers, at: datetime
) -> tuple[bool, dict[str, int] | None]:
    """Stores the plan once; whether it was new, and the previous plan's latest ratings."""
    earlier = [p for p in plans_of(session, me) if p.idempotency_key != key]
    previous = latest_ratings(earlier[-1]) if earlier else None
    sealed = cipher().encrypt(json.dumps(answers.actions))
    new = NewPlan(answers.ratings, answers.focus, sealed, review_due(at, plan_tool()))
    return record_plan(session, me, key, new, at), previous


class ActionSavePlan(Action):
    """Saves the completed plan once and shows it with the change since the last plan."""

    def name(self) -> str:
        return "action_save_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        found = plan_tool()
        try:
            answers = completed(tracker, cipher())
        except ValueError:  # a sealed action the keys cannot open
            logger.exception("Reading the plan's actions failed")
            answers = None
        if answers is None:
            dispatcher.utter_message(response="utter_plan_nothing_to_save")
            return reset_events()
        now = datetime.now(timezone.utc)
        try:
            with unit_of_work() as session:
                stored, previous = save_plan(
                    session, user_key(tracker), idempotency_key(tracker, PLAN_FORM), answers, now
                )
        except (SQLAlchemyError, OSError, ValueError):
            logger.exception("Saving a success-factor plan failed")
            dispatcher.utter_message(
                response="utter_plan_not_saved",
                ratings=render_ratings(found, answers.ratings),
                actions=render_actions(found, answers.focus, answers.actions),
            )
            return reset_events()
        logger.info("Success plan %s", "stored" if stored else "already stored (retry)")
        dispatcher.utter_message(
            response="utter_plan_saved",
            ratings=render_ratings(found, answers.ratings, previous),
            actions=render_actions(found, answers.focus, answers.actions),
            due=f"{review_due(now, found):%A %d %B}",
            source=source_line(found),
            compared="" if previous is None else " (the change is since your last plan)",
        )
        return reset_events()


class ActionResetPlan(Action):
    """Forgets a cancelled or interrupted plan or review."""

    def name(self) -> str:
        return "action_reset_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return reset_events()

"""Agency readiness self-assessment: statements rated 1-4, scores per domain, next steps."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions._common import (
    PENDING_SLOT,
    nothing_pending,
    pending_save,
    saved,
    sealed_json,
    unit_of_work,
    user_key,
)
from actions.readiness_report import Report, chart_png, report_pdf
from actions.storage.readiness import assessments_of, record_assessment
from knowledge import KnowledgeBase, get_knowledge

logger = logging.getLogger(__name__)

STATEMENTS_FILE = Path(__file__).resolve().parent.parent / "knowledge" / "tools" / "readiness.yml"
READINESS_FORM = "readiness_form"
RATING_SLOT = "readiness_rating"
RATINGS_SLOT = "readiness_ratings"
DONE = "done"
SKIPPED = 0  # a skipped statement: stored, left out of the scores
WEAKEST = 3
PDF_FILENAME = "peerline-readiness.pdf"
PNG_FILENAME = "peerline-readiness.png"


class ScalePoint(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    value: int = Field(ge=1, le=4)
    label: str
    words: list[str]


class RatingScale(Protocol):
    """A 1-4 scale with the words for each point and for skipping (readiness, the plan)."""

    @property
    def scale(self) -> Sequence[ScalePoint]: ...

    @property
    def skip_words(self) -> Sequence[str]: ...


class Statement(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z_]+$")
    source: str
    text: str = Field(min_length=10, max_length=140)


class Domain(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z_]+$")
    label: str
    card: str
    next_step: str = Field(min_length=20)
    statements: list[Statement] = Field(min_length=1)


class Assessment(BaseModel):
    """The statements file: the rating scale and the domains with their statements."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    scale: list[ScalePoint] = Field(min_length=4, max_length=4)
    skip_words: list[str]
    domains: list[Domain] = Field(min_length=WEAKEST)

    @model_validator(mode="after")
    def _unique_ids(self) -> Assessment:
        ids = [s.id for d in self.domains for s in d.statements]
        if len(ids) != len(set(ids)):
            raise ValueError("statement ids must be unique")
        return self

    @property
    def statements(self) -> list[tuple[Domain, Statement]]:
        return [(domain, statement) for domain in self.domains for statement in domain.statements]


@cache
def assessment(path: Path = STATEMENTS_FILE) -> Assessment:
    """The statements from ``knowledge/tools/readiness.yml``; a bad file fails naming it."""
    try:
        return Assessment.model_validate(yaml.safe_load(path.read_text("utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise ValueError(f"{path}: {error}") from error


def check_citations(found: Assessment, kb: KnowledgeBase) -> list[str]:
    """Every statement's source and every domain's card must exist; the problems, if any."""
    problems = [
        f"statement {s.id}: unknown source {s.source}"
        for _, s in found.statements
        if s.source not in kb.sources
    ]
    problems += [
        f"domain {d.id}: unknown card {d.card}" for d in found.domains if d.card not in kb.cards
    ]
    return problems


_NUMBER = re.compile(r"^\D*([1-4])(?:\s*(?:/|out of|of)\s*4)?\D*$")
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4}


def _mentions(phrase: str, text: str) -> bool:
    return re.search(rf"\b{re.escape(phrase)}\b", text) is not None


def parse_rating(text: str | None, found: RatingScale) -> int | None:
    """1-4 from a button, "3/4", "three" or a phrase like "mostly"; SKIPPED for "skip";
    None when it is not understood."""
    cleaned = " ".join((text or "").lower().replace("’", "'").split()).strip(" .!")
    if cleaned in found.skip_words:
        return SKIPPED
    match = _NUMBER.match(cleaned)
    if match and not re.search(r"\d{2,}|[05-9]", cleaned.replace("/4", "").replace("of 4", "")):
        return int(match.group(1))
    phrases = sorted(
        ((p, point.value) for point in found.scale for p in [point.label.lower(), *point.words]),
        key=lambda pv: -len(pv[0]),
    )
    for phrase, value in [*NUMBER_WORDS.items(), *phrases]:
        if cleaned and _mentions(phrase, cleaned):
            return value
    if cleaned and any(_mentions(word, cleaned) for word in found.skip_words):
        return SKIPPED
    return None


def ratings_of(raw: Any) -> dict[str, int]:
    """The ratings so far from their slot (JSON), ignoring anything malformed."""
    try:
        loaded = json.loads(raw) if isinstance(raw, str) else {}
    except json.JSONDecodeError:
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {str(k): v for k, v in loaded.items() if isinstance(v, int) and 0 <= v <= 4}


def next_statement(found: Assessment, ratings: dict[str, int]) -> tuple[int, Statement] | None:
    """The first statement not yet answered, with its 1-based number; None when all are."""
    for number, (_, statement) in enumerate(found.statements, start=1):
        if statement.id not in ratings:
            return number, statement
    return None


@dataclass(frozen=True)
class DomainScore:
    """A domain's average rating (None when every statement was skipped)."""

    id: str
    label: str
    score: float | None
    previous: float | None


def domain_scores(
    found: Assessment, ratings: dict[str, int], previous: dict[str, int] | None = None
) -> list[DomainScore]:
    """Average rating per domain (skips left out), with the previous time's, in file order."""

    def mean(domain: Domain, given: dict[str, int] | None) -> float | None:
        values = [given.get(s.id, SKIPPED) for s in domain.statements] if given else []
        rated = [v for v in values if v != SKIPPED]
        return round(sum(rated) / len(rated), 2) if rated else None

    return [DomainScore(d.id, d.label, mean(d, ratings), mean(d, previous)) for d in found.domains]


def overall(scores: list[DomainScore], previous: bool = False) -> float | None:
    """The mean of the domain scores (or of the previous ones)."""
    values = [s.previous if previous else s.score for s in scores]
    rated = [v for v in values if v is not None]
    return round(sum(rated) / len(rated), 2) if rated else None


def weakest(scores: list[DomainScore], count: int = WEAKEST) -> list[DomainScore]:
    """The lowest-scoring rated domains, the file's order breaking ties."""
    rated = [s for s in scores if s.score is not None]
    return sorted(rated, key=lambda s: s.score or 0.0)[:count]


def change_text(now: float | None, before: float | None) -> str:
    if now is None or before is None:
        return ""
    delta = round(now - before, 2)
    if delta == 0:
        return " (same as last time)"
    return f" ({'+' if delta > 0 else ''}{delta:.2f} since last time)"


def summary_text(scores: list[DomainScore], first_time: bool) -> str:
    """Overall and per-domain scores in words, with the change since last time."""
    total = overall(scores)
    lines = [
        f"Overall readiness: {total:.2f} of 4{change_text(total, overall(scores, previous=True))}."
        if total is not None
        else "Overall readiness: no statements rated."
    ]
    for score in scores:
        value = f"{score.score:.2f}" if score.score is not None else "skipped"
        lines.append(f"- {score.label}: {value}{change_text(score.score, score.previous)}")
    if first_time:
        lines.append("This is your first assessment; next time I'll show the change.")
    return "\n".join(lines)


@dataclass(frozen=True)
class NextStep:
    """A weak domain's next step and the card (and sources) it comes from."""

    domain: str
    score: float
    text: str
    card_title: str
    source: str


def next_steps(found: Assessment, scores: list[DomainScore], kb: KnowledgeBase) -> list[NextStep]:
    """The next steps of the weakest domains, each cited from its card's sources."""
    by_id = {d.id: d for d in found.domains}
    steps = []
    for score in weakest(scores):
        domain = by_id[score.id]
        card = kb.cards[domain.card]
        source = "; ".join(dict.fromkeys(s.short() for s in kb.sources_of(card)))
        steps.append(
            NextStep(domain.label, score.score or 0.0, domain.next_step, card.title, source)
        )
    return steps


def steps_text(steps: list[NextStep]) -> str:
    return "\n\n".join(
        f"{n}. {step.domain} ({step.score:.2f}): {step.text}\n"
        f'More: "{step.card_title}". Source: {step.source}'
        for n, step in enumerate(steps, start=1)
    )


def rating_buttons(found: Assessment) -> list[dict[str, str]]:
    buttons = [{"title": f"{p.value} {p.label}", "payload": str(p.value)} for p in found.scale]
    return [*buttons, {"title": "Skip", "payload": "skip"}]


def idempotency_key(tracker: Tracker) -> str:
    """Same for every retry of one completed form: the form's latest activation time."""
    started = next(
        (
            event.get("timestamp")
            for event in reversed(tracker.events)
            if event.get("event") == "active_loop" and event.get("name") == READINESS_FORM
        ),
        None,
    )
    return hashlib.sha256(f"readiness:{tracker.sender_id}:{started}".encode()).hexdigest()


def reset_events() -> list[dict[str, Any]]:
    return [SlotSet(RATING_SLOT, None), SlotSet(RATINGS_SLOT, None)]


def save_assessment(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    key: str,
    ratings: dict[str, int],
    now: datetime,
) -> tuple[dict[str, int] | None, list[dict[str, Any]]]:
    """Stores the ratings once under ``key``; the previous assessment's ratings (None if
    none) and the events: on failure, it is kept for "try again"."""
    me = user_key(tracker)
    try:
        with unit_of_work() as session:
            earlier = [row for row in assessments_of(session, me) if row.idempotency_key != key]
            previous = ratings_of(earlier[-1].ratings) if earlier else None
            stored = record_assessment(session, me, key, ratings, now)
    except SQLAlchemyError:
        # The results are still worth having; they are saved on "try again".
        logger.exception("Saving a readiness assessment failed")
        dispatcher.utter_message(response="utter_readiness_not_saved")
        return None, [pending_save("readiness", key, {"ratings": ratings})]
    logger.info("Readiness assessment %s", "stored" if stored else "already stored (retry)")
    return previous, [nothing_pending()]


class ActionStartReadiness(Action):
    """Introduces the self-assessment and clears any earlier unfinished answers."""

    def name(self) -> str:
        return "action_start_readiness"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        found = assessment()
        dispatcher.utter_message(
            response="utter_readiness_intro",
            count=str(len(found.statements)),
            domains=str(len(found.domains)),
        )
        return reset_events()


class ActionAskReadinessRating(Action):
    """Asks the next unanswered statement, numbered, with its source and rating buttons."""

    def name(self) -> str:
        return "action_ask_readiness_rating"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        found = assessment()
        upcoming = next_statement(found, ratings_of(tracker.get_slot(RATINGS_SLOT)))
        if upcoming is None:  # every statement answered: the form will close on its own
            return []
        number, statement = upcoming
        dispatcher.utter_message(
            response="utter_ask_readiness_rating",
            number=str(number),
            total=str(len(found.statements)),
            statement=statement.text,
            source=get_knowledge().sources[statement.source].short(),
            buttons=rating_buttons(found),
        )
        return []


class ValidateReadinessForm(FormValidationAction):
    """Records each rating and keeps the form open until every statement is answered."""

    def name(self) -> str:
        return "validate_readiness_form"

    async def validate_readiness_rating(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:  # the start action clearing the slot, not an answer
            return {RATING_SLOT: None}
        found = assessment()
        ratings = ratings_of(tracker.get_slot(RATINGS_SLOT))
        upcoming = next_statement(found, ratings)
        if upcoming is None:
            return {RATING_SLOT: DONE}
        rating = parse_rating(str(value or ""), found)
        if rating is None:
            dispatcher.utter_message(response="utter_readiness_hint")
            return {RATING_SLOT: None}
        ratings[upcoming[1].id] = rating
        finished = next_statement(found, ratings) is None
        return {RATING_SLOT: DONE if finished else None, RATINGS_SLOT: json.dumps(ratings)}


class ActionReadinessResult(Action):
    """Saves the completed assessment once; sends scores, weakest domains, chart and PDF."""

    def name(self) -> str:
        return "action_readiness_result"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        found = assessment()
        ratings = ratings_of(tracker.get_slot(RATINGS_SLOT))
        if next_statement(found, ratings) is not None:
            dispatcher.utter_message(response="utter_readiness_nothing_to_save")
            return reset_events()
        now = datetime.now(timezone.utc)
        key = idempotency_key(tracker)
        previous, kept = save_assessment(dispatcher, tracker, key, ratings, now)
        kb = get_knowledge()
        scores = domain_scores(found, ratings, previous)
        steps = next_steps(found, scores, kb)
        dispatcher.utter_message(
            response="utter_readiness_result", summary=summary_text(scores, previous is None)
        )
        if steps:
            dispatcher.utter_message(response="utter_readiness_next_steps", steps=steps_text(steps))
        report = Report(
            taken_on=now.date(),
            overall=overall(scores),
            previous_overall=overall(scores, previous=True),
            domains=[(s.label, s.score, s.previous) for s in scores],
            steps=[(s.domain, s.text, f"{s.card_title}. Source: {s.source}") for s in steps],
        )
        png, pdf = await asyncio.gather(
            asyncio.to_thread(chart_png, report), asyncio.to_thread(report_pdf, report)
        )
        dispatcher.utter_message(image=f"data:image/png;base64,{base64.b64encode(png).decode()}")
        for fmt, filename, content in (("pdf", PDF_FILENAME, pdf), ("png", PNG_FILENAME, png)):
            dispatcher.utter_message(
                json_message={
                    "export": {
                        "format": fmt,
                        "filename": filename,
                        "encoding": "base64",
                        "content": base64.b64encode(content).decode(),
                    }
                }
            )
        return [*reset_events(), *kept]


class ActionSaveReadiness(Action):
    """Saves an assessment whose saving failed, on "try again" (the retry action calls it)."""

    def name(self) -> str:
        return "action_save_readiness"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        pending = sealed_json(tracker, PENDING_SLOT)
        data, key = pending.get("data"), pending.get("key")
        ratings = ratings_of(json.dumps(data.get("ratings"))) if isinstance(data, dict) else {}
        if pending.get("tool") != "readiness" or not ratings or not key:
            dispatcher.utter_message(response="utter_nothing_to_retry")
            return []
        _, events = save_assessment(
            dispatcher, tracker, str(key), ratings, datetime.now(timezone.utc)
        )
        if saved(events):
            dispatcher.utter_message(response="utter_readiness_saved")
        return events


class ActionResetReadiness(Action):
    """Forgets a cancelled or interrupted self-assessment."""

    def name(self) -> str:
        return "action_reset_readiness"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return reset_events()

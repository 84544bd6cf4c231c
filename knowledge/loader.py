"""Loads and validates the knowledge cards, naming the file and field of any error."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

ROOT = Path(__file__).resolve().parent
Audience = Literal["peer", "supervisor", "both"]
Role = Literal["peer", "supervisor", "other"]
MIN_SENTENCES, MAX_SENTENCES = 2, 6
MAX_MORE_SENTENCES, MAX_ASK_SENTENCES = 5, 3
MIN_EXAMPLES, MAX_RELATED = 8, 4
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_MARKUP = re.compile(r"[\[\]{}]")
ID_PATTERN = r"^[a-z][a-z0-9_]*$"

_Model = TypeVar("_Model", bound=BaseModel)


class KnowledgeError(ValueError):
    """A knowledge file that cannot be used, with the file and field at fault."""


def count_sentences(text: str) -> int:
    """Sentences in ``text``, counted by terminal punctuation."""
    return len(_SENTENCE_END.findall(text.strip()))


def normalise_question(text: str) -> str:
    """An example question reduced to lower-case words, to catch near-verbatim duplicates."""
    text = text.lower().replace("'", "").replace("\u2019", "")
    return " ".join(_NOT_WORD.sub(" ", text).split())


def _check_sentences(text: str, low: int = MIN_SENTENCES, high: int = MAX_SENTENCES) -> str:
    text = " ".join(text.split())
    count = count_sentences(text)
    if not low <= count <= high:
        raise ValueError(f"has {count} sentences; it needs {low}-{high}")
    return text


class Source(BaseModel):
    """A published source a card cites."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=3)
    publisher: str = Field(min_length=2)
    year: int = Field(ge=1900, le=2100)
    url: str | None = None
    note: str | None = None

    def citation(self) -> str:
        """A one-line citation: title, publisher, year."""
        return f"{self.title}, {self.publisher} ({self.year})"

    def short(self) -> str:
        """The publisher's short name (its parenthesised acronym when it has one) and year."""
        acronym = re.search(r"\(([A-Z][A-Za-z.]+)[,)]", self.publisher)
        name = acronym.group(1) if acronym else self.publisher.split(",")[0]
        return f"{name} {self.year}"


class Topic(BaseModel):
    """A group of cards, shown to people by its label."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ID_PATTERN)
    label: str = Field(min_length=3, max_length=60)


class Variants(BaseModel):
    """Audience-specific versions of an answer."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    peer: str | None = None
    supervisor: str | None = None

    @field_validator("peer", "supervisor")
    @classmethod
    def _sentences(cls, text: str | None) -> str | None:
        return None if text is None else _check_sentences(text)


class Card(BaseModel):
    """One question-level answer: the single file knowledge/cards/<id>.yml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ID_PATTERN)
    topic: str
    title: str = Field(min_length=3, max_length=40)
    audience: Audience
    answer: str
    variants: Variants | None = None
    more: str | None = None
    ask: str | None = None
    sources: list[str] = Field(min_length=1)
    related: list[str] = Field(default_factory=list, max_length=MAX_RELATED)
    last_reviewed: date
    examples: list[str] = Field(min_length=MIN_EXAMPLES)

    @field_validator("answer")
    @classmethod
    def _answer_sentences(cls, text: str) -> str:
        return _check_sentences(text)

    @field_validator("more")
    @classmethod
    def _more_sentences(cls, text: str | None) -> str | None:
        return None if text is None else _check_sentences(text, high=MAX_MORE_SENTENCES)

    @field_validator("ask")
    @classmethod
    def _ask_sentences(cls, text: str | None) -> str | None:
        return None if text is None else _check_sentences(text, 1, MAX_ASK_SENTENCES)

    @field_validator("examples")
    @classmethod
    def _distinct_examples(cls, examples: list[str]) -> list[str]:
        cleaned = [" ".join(str(example).split()) for example in examples]
        seen: set[str] = set()
        for example in cleaned:
            key = normalise_question(example)
            if not key:
                raise ValueError("has an empty example")
            if _MARKUP.search(example):
                raise ValueError(f"{example!r} has [ ] {{ }}, which Rasa reads as entity markup")
            if key in seen:
                raise ValueError(f"repeats {example!r}")
            seen.add(key)
        return cleaned

    def answer_for(self, role: str | None) -> str:
        """The variant written for ``role`` when there is one, else the general answer."""
        if self.variants is not None and role in ("peer", "supervisor"):
            return getattr(self.variants, role) or self.answer
        return self.answer

    @property
    def has_supervisor_variant(self) -> bool:
        return self.variants is not None and self.variants.supervisor is not None


class Recommendation(BaseModel):
    """A distinct recommendation of a seed document, and the cards that cover it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ID_PATTERN)
    source: str
    recommends: str = Field(min_length=10)
    cards: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class KnowledgeBase:
    """Every card, source and topic, cross-checked."""

    cards: dict[str, Card]
    sources: dict[str, Source]
    topics: dict[str, Topic]

    def sources_of(self, card: Card) -> list[Source]:
        """The sources ``card`` cites, in order."""
        return [self.sources[key] for key in card.sources]

    def in_topic(self, topic: str) -> list[Card]:
        return [card for card in self.cards.values() if card.topic == topic]


def _read_yaml(path: Path) -> dict[str, object]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise KnowledgeError(f"{path}: cannot be read as YAML ({error})") from None
    if not isinstance(data, dict):
        raise KnowledgeError(f"{path}: expected a mapping at the top level")
    return data


def _validated(model: type[_Model], raw: object, where: str) -> _Model:
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "(top level)"
        raise KnowledgeError(f"{where}: field {field}: {first['msg']}") from None


def _load_sources(path: Path) -> dict[str, Source]:
    raw_sources = _read_yaml(path).get("sources")
    if not isinstance(raw_sources, dict) or not raw_sources:
        raise KnowledgeError(f"{path}: field sources: must be a non-empty mapping")
    return {
        str(key): _validated(Source, raw, f"{path}: sources.{key}")
        for key, raw in raw_sources.items()
    }


def _load_topics(path: Path) -> dict[str, Topic]:
    raw_topics = _read_yaml(path).get("topics")
    if not isinstance(raw_topics, list) or not raw_topics:
        raise KnowledgeError(f"{path}: field topics: must be a non-empty list of id and label")
    topics: dict[str, Topic] = {}
    for index, raw in enumerate(raw_topics):
        topic = _validated(Topic, raw, f"{path}: topics[{index}]")
        if topic.id in topics:
            raise KnowledgeError(f"{path}: topics[{index}]: field id: duplicate {topic.id!r}")
        topics[topic.id] = topic
    return topics


def load_card(path: Path, sources: dict[str, Source], topics: dict[str, Topic]) -> Card:
    """One card file, checked against the sources and topics (not yet against other cards)."""
    card = _validated(Card, _read_yaml(path), str(path))
    if card.id != path.stem:
        raise KnowledgeError(f"{path}: field id: {card.id!r} must match the file name")
    if card.topic not in topics:
        raise KnowledgeError(f"{path}: field topic: {card.topic!r} is not in topics.yml")
    unknown = [key for key in card.sources if key not in sources]
    if unknown:
        raise KnowledgeError(f"{path}: field sources: unknown source {unknown[0]!r}")
    return card


def _cross_check(paths: dict[str, Path], cards: dict[str, Card]) -> None:
    owner: dict[str, str] = {}
    for card in cards.values():
        path = paths[card.id]
        for related in card.related:
            if related not in cards or related == card.id:
                raise KnowledgeError(f"{path}: field related: unknown card {related!r}")
        for example in card.examples:
            other = owner.setdefault(normalise_question(example), card.id)
            if other != card.id:
                raise KnowledgeError(
                    f"{path}: field examples: {example!r} is also an example of {paths[other]}"
                )


def load(root: Path = ROOT) -> KnowledgeBase:
    """Load ``root``'s sources.yml, topics.yml and cards/*.yml, validating everything."""
    kb = KnowledgeBase(
        cards={},
        sources=_load_sources(root / "sources.yml"),
        topics=_load_topics(root / "topics.yml"),
    )
    paths = {path.stem: path for path in sorted((root / "cards").glob("*.yml"))}
    if not paths:
        raise KnowledgeError(f"{root / 'cards'}: no cards (*.yml) found")
    for path in paths.values():
        kb.cards[path.stem] = load_card(path, kb.sources, kb.topics)
    _cross_check(paths, kb.cards)
    return kb


def load_recommendations(path: Path, sources: dict[str, Source]) -> list[Recommendation]:
    """The seed recommendations; which of their cards exist is for the coverage check."""
    raw = _read_yaml(path).get("recommendations")
    if not isinstance(raw, list) or not raw:
        raise KnowledgeError(f"{path}: field recommendations: must be a non-empty list")
    found: dict[str, Recommendation] = {}
    for index, item in enumerate(raw):
        label = item.get("id", index) if isinstance(item, dict) else index
        where = f"{path}: recommendations[{label}]"
        recommendation = _validated(Recommendation, item, where)
        if recommendation.id in found:
            raise KnowledgeError(f"{where}: field id: duplicate id")
        if recommendation.source not in sources:
            raise KnowledgeError(f"{where}: field source: unknown source {recommendation.source!r}")
        found[recommendation.id] = recommendation
    return list(found.values())


@cache
def get_knowledge() -> KnowledgeBase:
    """The knowledge base, loaded and validated on first use."""
    return load()

"""Loads and validates the knowledge base, naming the file and field of any error."""

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
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


_Model = TypeVar("_Model", bound=BaseModel)


class KnowledgeError(ValueError):
    """A knowledge file that cannot be used, with the file and field at fault."""


def count_sentences(text: str) -> int:
    """Sentences in ``text``, counted by terminal punctuation."""
    return len(_SENTENCE_END.findall(text.strip()))


def _check_sentences(text: str) -> str:
    text = " ".join(text.split())
    count = count_sentences(text)
    if not MIN_SENTENCES <= count <= MAX_SENTENCES:
        raise ValueError(f"has {count} sentences; answers need {MIN_SENTENCES}-{MAX_SENTENCES}")
    return text


class Source(BaseModel):
    """A published source an entry cites."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=3)
    publisher: str = Field(min_length=2)
    year: int = Field(ge=1900, le=2100)
    url: str | None = None
    note: str | None = None

    def citation(self) -> str:
        """A one-line citation: title, publisher, year."""
        return f"{self.title}, {self.publisher} ({self.year})"


class Variants(BaseModel):
    """Audience-specific versions of an answer."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    peer: str | None = None
    supervisor: str | None = None

    @field_validator("peer", "supervisor")
    @classmethod
    def _sentences(cls, text: str | None) -> str | None:
        return None if text is None else _check_sentences(text)


class Entry(BaseModel):
    """One answer of the knowledge base."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    topic: str
    title: str = Field(min_length=3, max_length=40)
    audience: Audience
    answer: str
    variants: Variants | None = None
    more: str | None = None
    sources: list[str] = Field(min_length=1)
    related: list[str] = Field(default_factory=list)
    last_reviewed: date

    @field_validator("answer")
    @classmethod
    def _answer_sentences(cls, text: str) -> str:
        return _check_sentences(text)

    @field_validator("more")
    @classmethod
    def _more_whitespace(cls, text: str | None) -> str | None:
        return None if text is None else " ".join(text.split())

    @property
    def intent(self) -> str:
        """The NLU intent that asks for this entry."""
        return f"ask_{self.id}"

    def answer_for(self, role: str | None) -> str:
        """The variant written for ``role`` when there is one, else the general answer."""
        if self.variants is not None and role in ("peer", "supervisor"):
            return getattr(self.variants, role) or self.answer
        return self.answer


@dataclass(frozen=True)
class KnowledgeBase:
    """Every entry, source and topic, cross-checked."""

    entries: dict[str, Entry]
    sources: dict[str, Source]
    topics: dict[str, list[str]]

    def by_intent(self, intent: str | None) -> Entry | None:
        """The entry an ``ask_<id>`` intent asks for."""
        if intent and intent.startswith("ask_"):
            return self.entries.get(intent.removeprefix("ask_"))
        return None

    def sources_of(self, entry: Entry) -> list[Source]:
        """The sources ``entry`` cites, in order."""
        return [self.sources[key] for key in entry.sources]


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
        field = ".".join(str(part) for part in first["loc"])
        raise KnowledgeError(f"{where}.{field}: {first['msg']}") from None


def _load_sources(path: Path) -> dict[str, Source]:
    raw_sources = _read_yaml(path).get("sources")
    if not isinstance(raw_sources, dict) or not raw_sources:
        raise KnowledgeError(f"{path}: field 'sources' must be a non-empty mapping")
    return {
        str(key): _validated(Source, raw, f"{path}: sources.{key}")
        for key, raw in raw_sources.items()
    }


def _load_topics(path: Path) -> dict[str, list[str]]:
    raw_topics = _read_yaml(path).get("topics")
    if not isinstance(raw_topics, dict):
        raise KnowledgeError(f"{path}: field 'topics' must be a mapping")
    return {str(topic): [str(i) for i in ids] for topic, ids in raw_topics.items()}


def _load_entries(path: Path) -> list[Entry]:
    raw_entries = _read_yaml(path).get("entries")
    if not isinstance(raw_entries, list) or not raw_entries:
        raise KnowledgeError(f"{path}: field 'entries' must be a non-empty list")
    entries = []
    for index, raw in enumerate(raw_entries):
        label = raw.get("id", index) if isinstance(raw, dict) else index
        entries.append(_validated(Entry, raw, f"{path}: entries[{label}]"))
    return entries


def _check_entry(path: Path, entry: Entry, kb: KnowledgeBase) -> None:
    where = f"{path}: entries[{entry.id}]"
    if entry.id in kb.entries:
        raise KnowledgeError(f"{where}.id: duplicate id")
    unknown = [key for key in entry.sources if key not in kb.sources]
    if unknown:
        raise KnowledgeError(f"{where}.sources: unknown source {unknown[0]!r}")
    if entry.id not in kb.topics.get(entry.topic, []):
        raise KnowledgeError(
            f"{where}.topic: topics.yml does not list this entry under {entry.topic!r}"
        )


def load(root: Path = ROOT) -> KnowledgeBase:
    """Load ``root``'s sources.yml, topics.yml and entries/*.yml, validating everything."""
    kb = KnowledgeBase(
        entries={},
        sources=_load_sources(root / "sources.yml"),
        topics=_load_topics(root / "topics.yml"),
    )
    for path in sorted((root / "entries").glob("*.yml")):
        for entry in _load_entries(path):
            _check_entry(path, entry, kb)
            kb.entries[entry.id] = entry
    for entry in kb.entries.values():
        unknown = [related for related in entry.related if related not in kb.entries]
        if unknown:
            raise KnowledgeError(f"entries[{entry.id}].related: unknown entry {unknown[0]!r}")
    missing = sorted({i for ids in kb.topics.values() for i in ids} - kb.entries.keys())
    if missing:
        raise KnowledgeError(f"{root / 'topics.yml'}: lists entries that do not exist: {missing}")
    return kb


@cache
def get_knowledge() -> KnowledgeBase:
    """The knowledge base, loaded and validated on first use."""
    return load()

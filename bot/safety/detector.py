"""Deterministic crisis detector: no model, no I/O after its data is loaded.

`detect()` flags messages in which the writer (`self`) or someone they support or
know (`client`) may be at risk now: suicide and self-harm (direct, indirect, slang,
typos, Spanish and Spanglish), lethal means (researching lethality, stockpiling,
access), goodbyes and final arrangements, burden and time-limited intent, harm to
others, abuse and coercion, eating-disorder behaviour and medical emergencies,
including overdoses described only by their symptoms. Rules are written for families
of phrasing, not for single sentences. It is built for recall: a risk phrase is only
discarded when it is clearly negated, an idiom, a topic word in a training or protocol
question, a hypothetical about an unnamed person, an everyday farewell or accident, or
distant past in a recovery story. Anything else that matches is reported.

The rules are data (bot/safety/rules/*.yml, bot/safety/lexicon.yml), loaded on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.safety.context import Doc, Kind, benign, doc, kind
from bot.safety.lexicon import lexicon
from bot.safety.normaliser import normalise

__all__ = ["Assessment", "Detection", "assess", "detect"]


@dataclass(frozen=True)
class Detection:
    """A risk signal: who is at risk, what kind of risk, and which rule saw it."""

    kind: Kind
    category: str
    rule: str


@dataclass(frozen=True)
class Assessment:
    """The detector's verdict on a message.

    ``dismissed`` is true when risk words matched but every match was judged benign
    (negated, an idiom, a distant past, a general question): the message was read and
    understood as not a crisis, which is stronger evidence than finding nothing.
    """

    detection: Detection | None
    dismissed: bool


@dataclass(frozen=True)
class _Hit:
    kind: Kind
    category: str
    rule: str
    start: int


def _scan(text: str, strict: bool) -> tuple[list[_Hit], set[str], Doc]:
    """Rule matches that survive the context checks, and the names of all rules that matched."""
    lex = lexicon()
    top = lex.words["category_order"][0]
    d = doc(text)
    hits: list[_Hit] = []
    seen: set[str] = set()
    for rule in lex.rules:
        if rule.gate is not None and not rule.gate.search(text):
            continue
        for m in rule.pattern.finditer(text):
            seen.add(rule.name)
            if benign(d, m, rule, strict):
                continue
            who, category = kind(d, m, rule)
            hits.append(_Hit(who, category, rule.name, m.start()))
            if who == "self":
                break
        if hits and hits[-1].kind == "self" and hits[-1].category == top:
            break  # nothing outranks a self suicide signal; other rules cannot change the answer
    return hits, seen, d


def _best(hits: list[_Hit], d: Doc) -> Detection | None:
    """The top-ranked hit; "my client wants to die and so do i" makes it the writer's own."""
    if not hits:
        return None
    order = lexicon().words["category_order"]

    def rank(hit: _Hit) -> tuple[bool, int, int]:
        """Self before client, then the more urgent category, then the earlier match."""
        category = order.index(hit.category) if hit.category in order else 99
        return hit.kind != "self", category, hit.start

    best = min(hits, key=rank)
    if best.kind == "client" and lexicon().patterns["me_too"].search(d.text, best.start):
        return Detection("self", best.category, best.rule + "+me_too")
    return Detection(best.kind, best.category, best.rule)


def detect(text: str, lemmas: Sequence[str] | None = None) -> Detection | None:
    """Return the most urgent risk signal in `text`, or None when there is none.

    `lemmas` (spaCy lemmas of the message tokens, in order) add recall for
    inflections the surface patterns do not list; a rule already seen on the text
    is judged on the text, which keeps tense for the past-versus-present check.
    """
    return assess(text, lemmas).detection


def assess(text: str, lemmas: Sequence[str] | None = None) -> Assessment:
    """Like `detect`, and also say whether risk words were seen and judged benign."""
    if not text or not text.strip():
        return Assessment(None, dismissed=False)
    hits, seen, d = _scan(normalise(text), strict=True)
    found = _best(hits, d)
    dismissed = bool(seen) and not hits
    if (found is not None and found.kind == "self") or not lemmas:
        return Assessment(found, dismissed and found is None)
    lemma_hits, _, lemma_doc = _scan(normalise(" ".join(lemmas)), strict=False)
    extra = [
        _Hit(h.kind, h.category, h.rule + ":lemma", h.start)
        for h in lemma_hits
        if h.rule not in seen
    ]
    if not extra:
        return Assessment(found, dismissed and found is None)
    from_lemmas = _best(extra, lemma_doc)
    if found is None or (from_lemmas is not None and from_lemmas.kind == "self"):
        return Assessment(from_lemmas, dismissed=False)
    return Assessment(found, dismissed=False)

"""Context checks for the crisis detector: who a match is about, and whether it is benign.

A match is discarded when it is negated, a topic word or a general question, a distant
past in a recovery story, or an everyday accident. The cue patterns live in lexicon.yml.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Literal

from bot.safety.lexicon import Rule, lexicon

__all__ = ["Doc", "Kind", "benign", "doc", "kind"]

Kind = Literal["self", "client"]
_STRIP = '.,!?;:"'


@dataclass(frozen=True)
class Doc:
    """A normalised message with its sentence and clause boundaries."""

    text: str
    sentences: tuple[int, ...]
    clauses: tuple[int, ...]


def doc(text: str) -> Doc:
    sentences = [0] + [m.end() for m in lexicon().patterns["sentence_end"].finditer(text)]
    breaks = lexicon().patterns["clause_break"].finditer(text)
    clauses = sorted(
        set(sentences) | {m.end() if m.group(0) in ',:"' else m.start() for m in breaks}
    )
    return Doc(text, tuple(sentences), tuple(clauses))


def _sentence(d: Doc, m: re.Match[str]) -> tuple[int, int]:
    i = bisect_right(d.sentences, m.start()) - 1
    j = bisect_right(d.sentences, max(m.end() - 1, m.start()))
    stop = d.sentences[j] if j < len(d.sentences) else len(d.text)
    return d.sentences[max(i, 0)], stop


def _clause(d: Doc, m: re.Match[str]) -> tuple[int, int, int]:
    """Start of the previous clause, start and end of the clause holding the match."""
    i = max(bisect_right(d.clauses, m.start()) - 1, 0)
    j = bisect_right(d.clauses, max(m.end() - 1, m.start()))
    stop = d.clauses[j] if j < len(d.clauses) else len(d.text)
    return d.clauses[max(i - 1, 0)], d.clauses[i], stop


def benign(d: Doc, m: re.Match[str], rule: Rule, strict: bool) -> bool:
    """Negated, a general question or topic, a distant past, or an everyday accident."""
    return (
        _negated(d, m)
        or _general(d, m, rule)
        or _distant_past(d, m, rule, strict)
        or _accident(d, m, rule)
    )


def _negated(d: Doc, m: re.Match[str]) -> bool:
    """A negation cue shortly before the match, with no new subject in between."""
    lex = lexicon()
    _, start, _ = _clause(d, m)
    words = lex.patterns["pseudo_negation"].sub(" ", d.text[start : m.start()]).split()[-6:]
    subjects, negation = lex.sets["subjects"], lex.patterns["negation"]
    for i in range(len(words) - 1, -1, -1):
        if words[i] in subjects:
            return False
        if negation.fullmatch(words[i]):
            return True
    return False


def _general(d: Doc, m: re.Match[str], rule: Rule) -> bool:
    """A topic word, a question about an unnamed person, or an everyday farewell."""
    p = lexicon().patterns
    if rule.farewell and p["see_you_soon"].search(d.text):
        return True
    if rule.method_seeking or p["asking_for_me"].search(d.text):
        return False
    if _topic_use(d, m, rule):
        return True
    s_start, s_end = _sentence(d, m)
    if not (_teaching_question(d, s_start, s_end) or _framed(d, m, s_start)):
        return False
    return not _recent_in_question(d, s_start, s_end)


def _topic_use(d: Doc, m: re.Match[str], rule: Rule) -> bool:
    """A topic ("suicide prevention", "sh-free") or a loss ("my brother died by overdose")."""
    lex = lexicon()
    if rule.noun and lex.patterns["bereaved"].search(d.text, max(0, m.start() - 40), m.start()):
        return True
    topical = rule.noun or m.group(0).endswith(lex.words["topic_endings"])
    return topical and bool(lex.patterns["topic_after"].match(d.text, m.end()))


def _teaching_question(d: Doc, s_start: int, s_end: int) -> bool:
    """A question with no "i" in it, asked for teaching material ("... ? for our training")."""
    p = lexicon().patterns
    return bool(
        p["question_start"].match(d.text, s_start)
        and not p["first_person"].search(d.text, s_start, s_end)
        and p["purpose"].search(d.text)
    )


def _framed(d: Doc, m: re.Match[str], s_start: int) -> bool:
    """A general-question or topic frame that governs the match."""
    p = lexicon().patterns
    # The frame must govern the match, not sit in an earlier, unrelated part of the sentence.
    start = max(s_start, m.start() - 70)
    for c in d.clauses:
        if s_start < c <= m.start() and p["first_person_start"].match(d.text, c):
            start = c
    return bool(
        p["general"].search(d.text, start, m.end())
        or p["topic_before"].search(d.text, s_start, m.start())
    )


def _recent_in_question(d: Doc, start: int, end: int) -> bool:
    """A time cue that makes a question about now ("anymore" belongs to the risk phrase)."""
    return any(
        cue.group(0) not in ("anymore", "any more")
        for cue in lexicon().patterns["recent"].finditer(d.text, start, end)
    )


def _distant_past(d: Doc, m: re.Match[str], rule: Rule, strict: bool) -> bool:
    """A recovery story: an old time cue, a past-tense clause, and nothing recent nearby.

    Lemmas lose tense, so the lemma view (`strict=False`) only needs the time cue.
    """
    p = lexicon().patterns
    s_start, s_end = _sentence(d, m)
    if p["recent"].search(d.text, s_start, s_end):
        return False
    prev, start, stop = _clause(d, m)
    if not p["distant"].search(d.text, max(prev, s_start), stop):
        return False
    return rule.noun or not strict or bool(p["past"].search(d.text, start, stop))


def _accident(d: Doc, m: re.Match[str], rule: Rule) -> bool:
    """An injury with an everyday cause: "burned myself on the stove", "hit her head on a door"."""
    p = lexicon().patterns
    if rule.category == "self_harm":
        return bool(
            p["accident"].match(d.text, m.end())
            or p["animal_actor"].search(d.text, max(0, m.start() - 30), m.start())
        )
    return rule.category in ("abuse", "harm_to_others") and bool(p["bump"].match(d.text, m.end()))


def _subject(d: Doc, m: re.Match[str], window: int = 30) -> Kind:
    """Whoever is named closest before the match; unnamed means the writer."""
    sets = lexicon().sets
    first, third, people, my_things = (
        sets["first"],
        sets["third"],
        sets["person_words"],
        sets["my_things"],
    )
    # The match's own first word counts too: "he is overdosing", "my client is ...".
    tokens = d.text[: m.start()].split()[-window:] + m.group(0).split()[:1]
    for i in range(len(tokens) - 1, -1, -1):
        raw = tokens[i]
        tok = raw.strip(_STRIP)
        if tok in first:
            if _quoted(raw, tokens, i):
                continue  # "she texted me i love you all": the "i" is the speaker's
            return "self"
        if tok in third or tok in people:
            if _recipient(tokens, i):
                continue  # "an email to my supervisor": who gets it, not who is at risk
            return "client"
        if tok == "my" and i + 1 < len(tokens) and tokens[i + 1].strip(_STRIP) in my_things:
            return "self"
    return "self"


def _quoted(raw: str, tokens: list[str], i: int) -> bool:
    """A first-person word that opens reported speech ("he texted me 'i am done'")."""
    if i == 0:
        return False
    speech = lexicon().sets["speech"]
    prev = tokens[i - 1].strip(_STRIP)
    if raw.startswith('"') and prev in speech | {"me", "us"}:
        return True
    if prev in speech:
        return True
    return prev in ("me", "us", "that", "saying") and i > 1 and tokens[i - 2] in speech


def _recipient(tokens: list[str], i: int) -> bool:
    """A person who only receives a message or a thing: "an email to my supervisor",
    "i texted my mom", "i gave my cat to my sister"."""
    if i < 2 or tokens[i - 1] not in ("my", "the", "our", "his", "her", "their"):
        return False
    sets = lexicon().sets
    if tokens[i - 2] in sets["speech"] | {"emailed", "called", "asked"}:
        return i >= 3 and tokens[i - 3] in ("i", "we")
    if tokens[i - 2] not in ("to", "for"):
        return False
    before = [t.strip(_STRIP) for t in tokens[max(0, i - 8) : i - 2]]
    return any(t in sets["messages"] or t in sets["handing_over"] for t in before)


def _person(word: str) -> Kind | None:
    """Who a captured pronoun or noun phrase refers to, when it says."""
    sets = lexicon().sets
    first = word.split(maxsplit=1)[0]
    if first in ("me", "my", "myself", "i", "us", "ourselves", "yourself", "your", "you", "mi"):
        return "self"
    if first in sets["third"] or first in sets["person_words"] or first in sets["other_clitics"]:
        return "client"
    return None


def kind(d: Doc, m: re.Match[str], rule: Rule) -> tuple[Kind, str]:
    """Who is at risk, and the category (a victim hurt by the writer is harm to others)."""
    groups = m.groupdict()
    p = groups.get("p")
    # "bandages on my peer's wrists": the body belongs to someone else.
    named: Kind | None = "client" if groups.get("owner") else _person(p) if p else None
    if rule.who == "victim":
        if named == "self":
            return "self", rule.category
        if _subject(d, m, window=8) == "self" and _first_person_actor(d, m):
            return "self", "harm_to_others"
        return "client", rule.category
    if rule.who == "p" and named is not None:
        if named == "self" and p in ("myself", "my") and _third_actor(d, m):
            return "client", rule.category
        return named, rule.category
    return _subject(d, m), rule.category


def _first_person_actor(d: Doc, m: re.Match[str]) -> bool:
    """The writer is the one doing it: "i hit her", "we beat him"."""
    return any(tok in ("i", "we") for tok in d.text[: m.start()].split()[-2:])


def _third_actor(d: Doc, m: re.Match[str]) -> bool:
    """A "she wants to kms" reading: a third-person subject right before a first-person word."""
    _, start, _ = _clause(d, m)
    for tok in reversed(d.text[start : m.start()].split()[-6:]):
        if tok in ("i", "we"):
            return False
        if tok in ("he", "she", "they"):
            return True
    return False

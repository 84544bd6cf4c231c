"""Removes what could identify someone from a question before it is kept.

E-mail addresses, phone numbers, URLs, @handles, user names with digits, dates, street
addresses, long digit runs and person names become placeholders such as ``[email]`` and
``[name]``. Names are found by word lists (``person_names.json``: 1990 US Census first
names and surnames; ``english_words.txt.gz``: Debian's word list), since the project's
spaCy pipeline lives in the Rasa environment only: a listed first name or surname is a
name anywhere; a first name that is also an English word ("Grace", "Will") only when
capitalised mid-sentence or right after "client", "coworker", "my son"...; a capitalised
word that is no English word at all ("Priya") is taken for a name too (the word list
includes our own cards' vocabulary); and so is the word after "Mr", "Dr", "named",
"called" or "my name is" unless it is a lowercase English word. A word right after a
name that could be a surname is taken with it.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAMES_FILE = HERE / "person_names.json"
WORDS_FILE = HERE / "english_words.txt.gz"

_TLD = r"(?:com|org|net|edu|gov|io|us|co|info|me|ly|app|dev|uk|ca)"
# Order matters: e-mails before handles, URLs before bare domains, phones before digit runs.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("[email]", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)),
    (
        "[email]",
        re.compile(
            r"\b[\w.+-]+\s*(?:\(at\)|\[at\]|\bat\b|@)\s*[\w-]+\s*(?:\(dot\)|\[dot\]|\bdot\b|\.)\s*"
            + _TLD
            + r"\b",
            re.IGNORECASE,
        ),
    ),
    ("[link]", re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)),
    ("[link]", re.compile(r"\b[\w-]+(?:\.[\w-]+)*\." + _TLD + r"\b(?:/\S*)?", re.IGNORECASE)),
    ("[link]", re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}/\S+", re.IGNORECASE)),
    ("[handle]", re.compile(r"(?<![\w@])@\w[\w.]*\w|(?<![\w@])@\w")),
    (
        "[phone]",
        re.compile(
            r"(?<!\w)(?:\+?1[\s.-]?)?(?:\(\d{3}\)|\d{3})[\s.-]?\d{3}[\s.-]?\d{4}"
            r"(?:\s*(?:x|ext\.?)\s*\d{1,5})?(?!\w)",
            re.IGNORECASE,
        ),
    ),
    ("[phone]", re.compile(r"(?<![\w-])\d{3}[\s.-]\d{4}(?![\w-])")),
    ("[date]", re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b")),
    (
        "[date]",
        re.compile(
            r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? "
            r"\d{1,2}(?:st|nd|rd|th)?,? \d{4}\b",
            re.IGNORECASE,
        ),
    ),
    (
        r"\g<cue> [number]",
        re.compile(
            r"\b(?P<cue>id|no|pin|number)\b\s*(?:number|no\.?|#|is|:)?\s*#?\d[\d-]{3,}\b",
            re.IGNORECASE,
        ),
    ),
    ("[number]", re.compile(r"#\d{3,}\b")),
    (
        "[address]",
        re.compile(
            r"\b\d{1,6}\s+(?:[A-Za-z0-9]+\s+){1,3}(?:street|st|avenue|ave|road|rd|lane|ln|"
            r"drive|dr|boulevard|blvd|court|ct|way|place|pl|terrace|circle|highway|hwy|parkway|"
            r"pkwy|trail|square|sq|crescent|alley|loop|pike|route|rte)\b\.?"
            r"(?:\s*(?:apt|apartment|unit|suite|#)\s*\w+)?",
            re.IGNORECASE,
        ),
    ),
    ("[number]", re.compile(r"(?<!\w)#?\d(?:[\s.-]?\d){4,}(?!\w)")),
    ("[handle]", re.compile(r"\b[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+\b|\b[A-Za-z]{2,}\d{2,}\w*\b")),
    # Ids mixing letters and digits ("A1B2C3", "XK-4471"); "COVID-19" goes too.
    (
        "[number]",
        re.compile(
            r"\b(?=[A-Za-z0-9-]*\d[A-Za-z0-9-]*\d)(?=[A-Za-z0-9-]*[A-Za-z])"
            r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\b"
        ),
    ),
]
# The word after "ig:", "my snapchat is", "username" ... is a handle unless it is a word.
_HANDLE_CUE = re.compile(
    r"\b(?:instagram|insta|ig|snapchat|snap|tiktok|twitter|x|handle|username|user name|"
    r"discord|venmo|cashapp|reddit|facebook|fb)\s*(?:is|:|=|-)?\s*(?:@?)(?P<handle>[\w.]{3,})",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sr", "jr"})
_CUES = ("named", "called", "name is", "names is", "name's", "call me", "known as")
# A word after these that could be a name ("my client grace") is taken for one.
_PEOPLE = frozenset(
    [
        "client",
        "clients",
        "coworker",
        "co-worker",
        "colleague",
        "supervisor",
        "manager",
        "boss",
        "friend",
        "peer",
        "participant",
        "member",
        "son",
        "daughter",
        "husband",
        "wife",
        "partner",
        "brother",
        "sister",
        "mom",
        "dad",
        "mother",
        "father",
        "neighbor",
        "roommate",
        "mentor",
        "director",
        "therapist",
        "counselor",
        "aunt",
        "uncle",
        "cousin",
        "girlfriend",
        "boyfriend",
        "ex",
        "niece",
        "nephew",
        "grandma",
        "grandpa",
        "kid",
    ]
)
# A capitalised first name that is also a word starts a sentence as a name before these.
# A word no dictionary knows, or a first name, after these is someone ("I told kaylee").
_OBJECT_CUES = frozenset(
    [
        "told",
        "tell",
        "asked",
        "ask",
        "met",
        "texted",
        "text",
        "called",
        "emailed",
        "messaged",
        "saw",
        "see",
        "named",
    ]
)
_SUBJECT_VERBS = frozenset(
    [
        "said",
        "says",
        "told",
        "tells",
        "asked",
        "asks",
        "is",
        "was",
        "has",
        "had",
        "keeps",
        "kept",
        "wants",
        "wanted",
        "called",
        "calls",
        "texted",
        "texts",
        "came",
        "comes",
        "works",
        "worked",
        "and",
    ]
)
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\n\"“(]|\s-\s)\s*$")


@dataclass(frozen=True)
class NameLists:
    first: frozenset[str]
    first_also_words: frozenset[str]
    surnames: frozenset[str]
    surnames_also_words: frozenset[str]
    words: frozenset[str]


@cache
def name_lists() -> NameLists:
    """The word lists, read once on first use."""
    data = json.loads(NAMES_FILE.read_text(encoding="utf-8"))
    with gzip.open(WORDS_FILE, "rt", encoding="utf-8") as handle:
        words = frozenset(line.strip() for line in handle if not line.startswith("#"))
    return NameLists(
        first=frozenset(data["first_names"]),
        first_also_words=frozenset(data["first_names_also_words"]),
        surnames=frozenset(data["surnames"]),
        surnames_also_words=frozenset(data["surnames_also_words"]),
        words=words,
    )


def _base(token: str) -> str:
    low = token.lower().replace("’", "'")
    return low[:-2] if low.endswith("'s") else low.rstrip("'")


def _name_spans(text: str, lists: NameLists) -> list[tuple[int, int]]:
    tokens = list(_WORD.finditer(text))
    spans: list[tuple[int, int]] = []
    previous_was_name = previous_capital = False
    for index, match in enumerate(tokens):
        token = match.group()
        low = _base(token)
        capital = token[0].isupper() and not (token.isupper() and len(token) > 1)
        start = _SENTENCE_END.search(text[: match.start()]) is not None
        before = text[max(0, match.start() - 12) : match.start()].lower().rstrip(" ,")
        prior = _base(tokens[index - 1].group()) if index else ""
        # Short words ("in", "an") are surnames too, but far more often just words.
        ambiguous = len(low) > 2 and low in lists.first_also_words
        surname_like = ambiguous or (len(low) > 2 and low in lists.surnames_also_words)
        following = _base(tokens[index + 1].group()) if index + 1 < len(tokens) else ""
        is_name = (
            low in lists.first
            or (capital and start and ambiguous and following in _SUBJECT_VERBS)
            or low in lists.surnames
            or prior in _TITLES
            or (before.endswith(_CUES) and (capital or low not in lists.words))
            or (prior in _PEOPLE and (low not in lists.words or ambiguous))
            or (prior in _OBJECT_CUES and len(low) > 2 and (low not in lists.words or ambiguous))
            or (capital and not start and ambiguous)
            or (capital and low not in lists.words and len(low) > 1)
            or (previous_was_name and capital and (surname_like or low not in lists.words))
            # all lowercase, "john smith": a lowercase surname only after a lowercase name
            or (previous_was_name and not capital and not previous_capital and surname_like)
        )
        if is_name and low not in _TITLES:
            spans.append((match.start(), match.end()))
        previous_was_name, previous_capital = is_name, capital
    return spans


def _handle(match: re.Match[str], lists: NameLists) -> str:
    handle = match.group("handle")
    if handle.lower().strip(".") in lists.words:
        return match.group()
    return match.group()[: match.start("handle") - match.start()] + "[handle]"


# Public crisis lines identify nobody and must reach the content team intact.
_HOTLINES = ("1-800-662-HELP", "1-800-662-4357", "741741", "988")


def scrub(text: str) -> str:
    """``text`` with every identifying detail replaced by a placeholder."""
    kept: list[str] = []
    for hotline in _HOTLINES:
        while re.search(rf"(?<![\w-]){re.escape(hotline)}(?![\w-])", text):
            text = re.sub(
                rf"(?<![\w-]){re.escape(hotline)}(?![\w-])", f"\x00{len(kept)}\x00", text, count=1
            )
            kept.append(hotline)
    for placeholder, pattern in _PATTERNS:
        text = pattern.sub(placeholder, text)
    lists = name_lists()
    text = _HANDLE_CUE.sub(lambda m: _handle(m, lists), text)
    merged: list[tuple[int, int]] = []
    for start, end in _name_spans(text, lists):
        if text[start - 1 : start] == "[" and text[end : end + 1] == "]":
            continue  # a placeholder already put in
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    for start, end in reversed(merged):
        text = text[:start] + "[name]" + text[end:]
    return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], text)

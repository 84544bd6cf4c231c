"""Removes what could identify someone from a question before it is kept.

E-mail addresses (also "dana dot ruiz at gmail"), phone numbers (also spelled out), URLs,
@handles, user names with digits, ids, plates, dates, street addresses, PO boxes, long
digit runs and person names become placeholders such as ``[email]`` and ``[name]``.

Names are found by word lists and context, since the project's spaCy pipeline lives in the
Rasa environment only. The lists (``person_names.json``: 1990 US Census first names and
surnames, places and months; ``english_words.txt.gz``: Debian's word list and our cards'
vocabulary) say what a word could be; the context words (``scrub_cues.yml``) say what it
is. A listed first name, or a capitalised word that is no English word ("Priya"), is a
name anywhere. A name that is also a word ("grace", "will", "River") is one only with a
cue: after a role ("my sponsee dawn"), a title or "named"; in an introduction ("i'm
summer,", "this is jade from intake"); as the subject of a person's verb ("rocky keeps
saying"); in a pair ("pat and i"), an apposition ("Joy, my supervisor,") or a possessive
before kin ("summer's kids"). A name grows to its neighbours: surnames, initials and
particles ("T.J. Monroe", "Abdullah bin Khalid"). States, big cities, countries and months
stay unless a cue says a person; so does a lowercase word after "the" or "a". Small towns
after "in" or "from" go: they point at someone as well as a name does.

Privacy first: in a name's position a word that is none of the everyday words of our cards
and NLU data (``common_words.txt.gz``) is a name too ("blaze keeps calling me", "worried
about Honor,", "my coworker lucky keeps"), as is any word before a verb only a person does
("Cash said"), a facility ("at Sunrise House"), initials ("my sponsor A.J.") and every repeat
of a name found once. A replaced ordinary word costs less than a leaked name.

Where someone stays goes too: a capitalised run ending in a word for a shelter, motel or
home ("at Open Door Mission", "Safe Harbor shelter") or a place ("closer to Pine Ridge"), and
one located in a small town ("Harbor Light in Fairmont"). A word said to be a name is one
("Bishop is his first name", "Cash (yes thats his real name)"), and so is the other form of
a name in brackets ("Samantha (Sam) Greer", "Em (Emily Yazzie)"). Once a message names
someone, their age becomes ``[minor]`` or ``[adult]``: with the name gone, whether they are
a minor is what the answer still needs. Medicines and fellowships ("Xanax", "Al-Anon"),
abstract nouns ("Willingness"), a greeting ("Merry Christmas") and a word after a possessive
("her Destiny") stay.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
NAMES_FILE = HERE / "person_names.json"
WORDS_FILE = HERE / "english_words.txt.gz"
CUES_FILE = HERE / "scrub_cues.yml"
COMMON_FILE = HERE / "common_words.txt.gz"

_TLD = r"(?:com|org|net|edu|gov|io|us|co|info|me|ly|app|dev|uk|ca)"
_DOT = r"(?:\(dot\)|\[dot\]|\bdot\b|\.)"
# The part before "at": "dana", "dana.ruiz", "dana dot ruiz".
_LOCAL = r"\b[\w.+-]+(?:\s*(?:\(dot\)|\[dot\]|\bdot\b)\s*[\w+-]+)*"
_DIGIT_WORD = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
# Order matters: e-mails before handles, URLs before bare domains, phones before digit runs.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("[email]", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)),
    # A link with a path first: "her gofundme at gofundme.com/f/..." is no address.
    ("[link]", re.compile(r"\b[\w-]+(?:\.[\w-]+)*\." + _TLD + r"/\S*", re.IGNORECASE)),
    (
        "[email]",
        re.compile(
            _LOCAL + r"\s*(?:\(at\)|\[at\]|\bat\b|@)\s*[\w-]+\s*" + _DOT + r"\s*" + _TLD + r"\b",
            re.IGNORECASE,
        ),
    ),
    # "kayla (dot) simmons (at) hotmail", "sam (at) example": no top-level domain written.
    (
        "[email]",
        re.compile(
            r"\b[\w+-]+(?:\s*" + _DOT + r"\s*[\w+-]+)+\s*(?:\(at\)|\[at\]|\bat\b|@)\s*"
            r"(?:gmail|yahoo|hotmail|outlook|icloud|aol|protonmail|proton|live|msn)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "[email]",
        re.compile(
            _LOCAL + r"\s*(?:\(at\)|\[at\])\s*[\w-]+(?:\s*" + _DOT + r"\s*[\w-]+)*",
            re.IGNORECASE,
        ),
    ),
    ("[link]", re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)),
    ("[link]", re.compile(r"\b[\w-]+(?:\.[\w-]+)*\." + _TLD + r"\b(?:/\S*)?", re.IGNORECASE)),
    ("[link]", re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}/\S+", re.IGNORECASE)),
    ("[handle]", re.compile(r"(?<![\w@])@\w[\w.-]*\w|(?<![\w@])@\w")),
    (
        "[phone]",
        re.compile(
            r"(?<!\w)(?:\+?1[\s.-]?)?(?:\(\d{3}\)|\d{3})[\s.-]?\d{3}[\s.-]?\d{4}"
            r"(?:\s*(?:x|ext\.?)\s*\d{1,5})?(?!\w)",
            re.IGNORECASE,
        ),
    ),
    ("[phone]", re.compile(r"(?<![\w-])\d{3}[\s.-]\d{4}(?![\w-])")),
    # "four one nine five five five ...": a number spelled out digit by digit.
    ("[phone]", re.compile(rf"\b(?:{_DIGIT_WORD}[\s,-]+){{4,}}{_DIGIT_WORD}\b", re.IGNORECASE)),
    ("[number]", re.compile(r"(?<![\w-])\d{3}[- ]\d{2}[- ]\d{4}(?![\w-])")),
    (
        r"\g<cue> [number]",
        re.compile(
            r"\b(?P<cue>ssn|social(?: security)?|last (?:4|four)(?: digits)?"
            r"(?: of (?:my|his|her|their|the) (?:social|ssn|card|number))?)"
            r"(?:\s*(?:number|no\.?|#|is|was|:))*\s*\d{4}\b",
            re.IGNORECASE,
        ),
    ),
    (
        r"\g<cue> [number]",
        re.compile(
            r"\b(?P<cue>plates?)(?:\s*(?:number|no\.?|#|is|was|:))*\s*"
            r"(?=[A-Za-z0-9]{0,4}[\s-]?[A-Za-z0-9]*\d)[A-Za-z0-9]{1,4}[\s-]?[A-Za-z0-9]{1,5}\b",
            re.IGNORECASE,
        ),
    ),
    ("[address]", re.compile(r"\bP\.?\s?O\.?\s*Box\s*#?\d+\b", re.IGNORECASE)),
    (
        r"\g<cue> [number]",
        re.compile(
            r"\b(?P<cue>room|rm|bed|bunk|unit|apt|suite|lot)\s*#?\s*\d{2,}[A-Za-z]?\b", re.I
        ),
    ),
    # A street named without its number: "on Elm Street", "off Martin Luther King Jr Blvd".
    (
        "[address]",
        re.compile(
            r"\b(?:[A-Z][a-z]+\.?\s+){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|"
            r"Ln|Drive|Dr|Court|Ct|Parkway|Pkwy|Highway|Hwy)\b\.?(?!\s+[A-Z])"
        ),
    ),
    # A corner: "5th and Vine".
    ("[address]", re.compile(r"\b\d+(?:st|nd|rd|th)\s+(?:and|&)\s+[A-Za-z]+\b", re.IGNORECASE)),
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
            r"\b\d{1,6}\s+(?:(?!(?:and|or|in|at|to|of)\s)[A-Za-z0-9]+\s+){1,3}(?:street|st|avenue|ave|road|rd|lane|ln|"
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
            r"\b(?!\d+(?:am|pm|st|nd|rd|th|s|k|hrs?|mins?|yrs?|yo|x|mg|mcg|ml|kg|lbs?|oz|mi|km)\b)"
            r"(?=[A-Za-z0-9-]*\d[A-Za-z0-9-]*\d)(?=[A-Za-z0-9-]*[A-Za-z])"
            r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\b"
        ),
    ),
]
# The word after "ig:", "my snapchat is", "username" ... is a handle unless it is a word.
_HANDLE_CUE = re.compile(
    r"\b(?:instagram|insta|ig|snapchat|snap|tiktok|twitter|x|handle|username|user name|"
    r"discord|venmo|cashapp|reddit|facebook|fb)\b\s*(?:is|its|it's|:|=|-)?\s*(?:@?)"
    r"(?P<handle>[\w.]{3,})",
    re.IGNORECASE,
)
# After a word: it is someone's name ("Bishop is his first name lol").
_IS_A_NAME = re.compile(
    r"\s+(?:is|was|'s|’s)\s+(?:(?:his|her|their|my|our|a|the)\s+)?"
    r"(?:(?:real|first|last|middle|actual|legal|given|full)\s+)?(?:nick)?names?\b",
    re.IGNORECASE,
)
# An age after a word: "Dakota is 17 and using", "hes 19", "she's 23.", "Makayla, 15,".
_AGE_END = r"(?=\s*(?:[,.;!?)]|$|and\b|now\b|but\b|years?\b|yrs?\b|yo\b|y/o\b))"
_AGE_AFTER = re.compile(r"\s+(?:is|was|just turned|turned|turns)\s+\d{1,2}" + _AGE_END, re.I)
# A named person's age, once a name was found in the message.
_AGE = re.compile(
    r"(?:\[name\],\s*|\b(?:is|was|just turned|turned|turns|he's|she's|hes|shes|he is|she is|"
    r"they're|theyre|aged?|age of)\s+)(?P<age>\d{1,2})" + _AGE_END,
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*['’]?")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\n\"“(]|\s-\s)\s*$")
# Between two parts of one name: a space, or the dot of an initial ("T.J. Monroe").
_NAME_GAP = re.compile(r"\.?\s*")
_CONTRACTIONS = frozenset(
    ["it's", "he's", "she's", "that's", "what's", "there's", "here's", "who's", "let's", "where's"]
)
_LONGEST_NAME = 4  # words: "Jose Luis Ramirez Soto"
_CONTRACTION_ENDS = frozenset(["m", "d", "ll", "ve", "re", "t"])
_CUE_FIELDS = (
    "titles",
    "name_cues",
    "self_cues",
    "introduction_followers",
    "roles",
    "groups",
    "object_cues",
    "weak_object_cues",
    "person_verbs",
    "narrative_verbs",
    "kin",
    "particles",
    "place_prefixes",
    "stop",
    "fillers",
    "modal_names",
    "determiners",
    "object_starts",
    "apposition",
    "name_followers",
    "place_prepositions",
    "job_endings",
    "thing_endings",
    "other_language_words",
    "person_only_verbs",
    "facility_prepositions",
    "known_terms",
    "epithets",
    "facility_heads",
    "place_heads",
    "possessives",
    "clause_starts",
    "giving_verbs",
)


class CueFileError(ValueError):
    """scrub_cues.yml lacks a list the scrubber needs, or holds something else in it."""


@dataclass(frozen=True)
class NameLists:
    first: frozenset[str]
    first_also_words: frozenset[str]
    surnames: frozenset[str]
    surnames_also_words: frozenset[str]
    words: frozenset[str]
    places: tuple[tuple[str, ...], ...]
    calendar: frozenset[str]
    proper_words: frozenset[str]
    common: frozenset[str]


@cache
def name_lists() -> NameLists:
    """The word lists, read once on first use."""
    data = json.loads(NAMES_FILE.read_text(encoding="utf-8"))
    with gzip.open(WORDS_FILE, "rt", encoding="utf-8") as handle:
        words = frozenset(line.strip() for line in handle if not line.startswith("#"))
    with gzip.open(COMMON_FILE, "rt", encoding="utf-8") as handle:
        common = frozenset(line.strip() for line in handle if not line.startswith("#"))
    return NameLists(
        first=frozenset(data["first_names"]),
        first_also_words=frozenset(data["first_names_also_words"]),
        surnames=frozenset(data["surnames"]),
        surnames_also_words=frozenset(data["surnames_also_words"]),
        words=words,
        places=tuple(tuple(place.split()) for place in data["places"]),
        calendar=frozenset(data["calendar"]),
        proper_words=frozenset(data["proper_words"]),
        common=common,
    )


@cache
def cue_words(path: Path = CUES_FILE) -> dict[str, frozenset[str]]:
    """The context word lists of ``scrub_cues.yml``, checked on first use."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    cues: dict[str, frozenset[str]] = {}
    for name in _CUE_FIELDS:
        value = data.get(name)
        if not isinstance(value, list) or not all(
            isinstance(word, str) and word == word.lower() for word in value
        ):
            raise CueFileError(f"{path}: {name} must be a list of lowercase words")
        cues[name] = frozenset(value)
    return cues


@dataclass
class _Token:
    text: str
    start: int
    end: int
    raw: str  # lowercased, straight apostrophes
    low: str  # raw without a possessive
    capital: bool
    acronym: bool
    possessive: bool
    sentence_start: bool = False
    place: bool = False


def _tokens(text: str, fillers: frozenset[str]) -> list[_Token]:
    tokens: list[_Token] = []
    first_of_sentence = 0
    for match in _WORD.finditer(text):
        word = match.group()
        raw = word.lower().replace("’", "'")
        low = raw[:-2] if raw.endswith("'s") and raw not in _CONTRACTIONS else raw.rstrip("'")
        letters = word.rstrip("'’s") if word.endswith(("s", "'s")) else word
        acronym = len(word) > 1 and (word.isupper() or (len(letters) > 1 and letters.isupper()))
        token = _Token(
            text=word,
            start=match.start(),
            end=match.end(),
            raw=raw,
            low=low,
            capital=word[0].isupper() and not acronym,
            acronym=acronym,
            possessive=low != raw.rstrip("'") and raw.endswith("'s"),
        )
        if _SENTENCE_END.search(text[: match.start()]):
            first_of_sentence = len(tokens)
        token.sentence_start = all(t.low in fillers for t in tokens[first_of_sentence:])
        tokens.append(token)
    return tokens


def _mark_places(tokens: list[_Token], places: tuple[tuple[str, ...], ...]) -> None:
    lows = [t.low for t in tokens]
    for place in places:
        for index in range(len(tokens) - len(place) + 1):
            if tuple(lows[index : index + len(place)]) == place:
                for token in tokens[index : index + len(place)]:
                    token.place = True


class _Names:
    """Which tokens of one message are (parts of) person names."""

    def __init__(self, text: str, lists: NameLists, cues: dict[str, frozenset[str]]) -> None:
        self.text = text
        self.lists = lists
        self.cues = cues
        self.tokens = _tokens(text, cues["fillers"] | cues["epithets"])
        _mark_places(self.tokens, lists.places)
        longer = [t for t in self.tokens if len(t.low) > 2]
        known = sum(self.word(t.low) or t.low in cues["stop"] for t in longer)
        # In another language every word looks like a name: there only cues and capitals count.
        self.english = 2 * known >= len(longer)

    # What a token could be, from the word lists alone.
    def word(self, low: str) -> bool:
        words = self.lists.words
        if low in words or (low.endswith("s") and low[:-1] in words):
            return True
        return "-" in low and all(part in words for part in low.split("-"))

    def usable(self, t: _Token) -> bool:
        if t.acronym or t.low in self.cues["stop"] | self.cues["known_terms"] or len(t.low) < 2:
            return False
        if not self.english and t.low in self.cues["other_language_words"]:
            return False
        return t.low.rpartition("'")[2] not in _CONTRACTION_ENDS

    def first(self, t: _Token) -> bool:
        return t.low in self.lists.first and (len(t.low) > 2 or t.capital)

    def ambiguous(self, t: _Token) -> bool:
        short = len(t.low) < 3 and not t.capital  # "Bo", "Ed"; but "ma", "ha"
        return not short and t.low in self.lists.first_also_words

    def surname(self, t: _Token) -> bool:
        lists = self.lists
        return t.low in lists.surnames or (len(t.low) > 2 and t.low in lists.surnames_also_words)

    def rare(self, t: _Token) -> bool:
        """No everyday word of our cards and examples: in a name's position, privacy first
        takes it for a name ("blaze keeps calling me", "worried about Honor")."""
        if not self.english or not self.usable(t) or t.place or self.calendar(t):
            return False
        cues = self.cues
        if t.low in cues["roles"] | cues["kin"] | cues["groups"] | cues["titles"]:
            return False
        if t.low in self.lists.proper_words or len(t.low) < 3:
            return False
        if self.abstract(t):
            return False  # "Honesty, Open-mindedness, Willingness"
        common = self.lists.common
        return t.low not in common and not (t.low.endswith("s") and t.low[:-1] in common)

    def abstract(self, t: _Token) -> bool:
        """An abstract noun of the dictionary ("Willingness"), no first name ("Trinity")."""
        if self.first(t) or self.ambiguous(t) or not self.word(t.low):
            return False
        return t.low.endswith(tuple(self.cues["thing_endings"] - {"ing", "back"}))

    def calendar(self, t: _Token) -> bool:
        calendar = self.lists.calendar
        return t.low in calendar or (t.low.endswith("s") and t.low[:-1] in calendar)

    def namish(self, t: _Token) -> bool:
        """Could be a name: a listed first name, or no English word."""
        if not self.usable(t) or t.low in self.cues["roles"]:
            return False
        return self.first(t) or self.ambiguous(t) or not self.word(t.low)

    # Context.
    def gap(self, left: int, right: int) -> str:
        return self.text[self.tokens[left].end : self.tokens[right].start]

    def after(self, index: int, phrases: frozenset[str]) -> bool:
        """Whether one of ``phrases`` ends right before token ``index``."""
        for size in (1, 2, 3):
            if index - size < 0:
                return False
            if not _NAME_GAP.fullmatch(self.gap(index - 1, index)):
                return False
            words = self.tokens[index - size : index]
            if size > 1 and any(self.gap(i, i + 1).strip() for i in range(index - size, index - 1)):
                return False
            if " ".join(t.raw for t in words) in phrases or (size == 1 and words[0].low in phrases):
                return True
        return False

    def next_low(self, index: int, ahead: int = 1) -> str:
        at = index + ahead
        if at >= len(self.tokens) or self.gap(at - 1, at).strip(" "):
            return ""
        return self.tokens[at].low

    def ends_clause(self, index: int) -> bool:
        """Punctuation or the end of the message right after token ``index``."""
        rest = self.text[self.tokens[index].end :]
        return not rest.strip() or rest.lstrip(" ")[:1] in ",.!?;:)-"

    def modal_verb(self, index: int) -> bool:
        """A lowercase "will" or "may" used as a verb ("my client will call")."""
        t = self.tokens[index]
        if t.low not in self.cues["modal_names"] or t.capital:
            return False
        return not (self.ends_clause(index) or self.next_low(index) in self.cues["name_followers"])

    # The rules.
    def thing(self, index: int) -> bool:
        """A lowercase word after "the", "a" ... ("the ada"), or a name-like verb before its
        object ("my boss see this")."""
        t = self.tokens[index]
        if t.capital:  # "the Willow Creek apartments" may point at someone
            return False
        if index and self.tokens[index - 1].low in self.cues["determiners"]:
            return True
        if self.after(index, self.cues["giving_verbs"]):
            return False  # "give grace my cell": the one given to
        return self.ambiguous(t) and self.next_low(index) in self.cues["object_starts"]

    def _capital_run(self, index: int) -> tuple[int, int]:
        """The first and last token of the capitalised words around token ``index``."""
        start, end = index, index
        while start > 0 and self.tokens[start - 1].capital and self.gap(start - 1, start) == " ":
            start -= 1
        while (
            end + 1 < len(self.tokens)
            and self.tokens[end + 1].capital
            and self.gap(end, end + 1) == " "
        ):
            end += 1
        return start, end

    def cued(self, index: int) -> bool:
        """A cue right before the token says a person is meant."""
        t = self.tokens[index]
        if not self.usable(t) or t.low in self.cues["titles"]:
            return False
        if self.modal_verb(index) or self.thing(index):
            return False
        rules = (
            self._after_title,
            self._after_name_cue,
            self._introduced,
            self._after_role,
            self._second_of_pair,
            self._after_object_cue,
            self._given_to,
            self._clause_subject,
        )
        return any(rule(index) for rule in rules)

    def _given_to(self, index: int) -> bool:
        """ "can i give grace my personal cell": between a giving verb and a possessive."""
        t = self.tokens[index]
        if not self.after(index, self.cues["giving_verbs"]) or t.place or self.calendar(t):
            return False
        given = self.next_low(index) in self.cues["possessives"]
        return given and (self.namish(t) or self.rare(t))

    def _clause_subject(self, index: int) -> bool:
        """ "tell Dr. Huang that Vincent wants": a name starting a clause, then a person's verb."""
        t = self.tokens[index]
        if (
            not t.capital
            or t.place
            or self.calendar(t)
            or not self.after(index, self.cues["clause_starts"])
        ):
            return False
        acts = self.next_low(index) in self.cues["person_verbs"] - {"from", "just", "also", "still"}
        return acts and (self.namish(t) or self.rare(t))

    def _after_title(self, index: int) -> bool:
        """ "Dr. Huang", "mrs. abernathy"; not "I miss using" (a title that is also a verb)."""
        t = self.tokens[index]
        if not (t.capital or self.namish(t) or self.surname(t)):
            return False
        return self.after(index, self.cues["titles"])

    def _after_name_cue(self, index: int) -> bool:
        t = self.tokens[index]
        return self.after(index, self.cues["name_cues"]) and (t.capital or self.namish(t))

    def _introduced(self, index: int) -> bool:
        """ "i'm Marisol", "this is jade from intake", "hey its grace again"."""
        t = self.tokens[index]
        if not self.after(index, self.cues["self_cues"]):
            return False
        if self.first(t) or (t.capital and not self.word(t.low)):
            return True
        follows = self.next_low(index) in self.cues["introduction_followers"]
        return (self.ends_clause(index) or follows) and self.namish(t)

    def _after_role(self, index: int) -> bool:
        """ "my sponsee dawn", "supervisor frank", "my client, hope, missed"."""
        t, cues = self.tokens[index], self.cues
        if t.low in cues["roles"] | cues["kin"]:
            return False
        if not (self.after(index, cues["roles"]) or self._apposed_to_role(index)):
            return False
        plain = t.capital and not self.calendar(t) and t.low not in self.lists.proper_words
        # "Recovery Coach Academy", "Intentional Peer Support": a title, not a person.
        titled = index > 0 and self.tokens[index - 1].capital
        if not self.english:
            return (plain and not titled) or self.first(t)
        return (plain and not titled) or self.namish(t) or self._rare_after_role(index)

    def _rare_after_role(self, index: int) -> bool:
        """ "my coworker lucky keeps showing up late": a word our texts never use, after a
        role, then a person's verb. Not after "my client's" (a thing of
        theirs: "my client's backpack"), nor a verb form ("my friend ghosted me")."""
        t, role = self.tokens[index], self.tokens[index - 1]
        if not self.rare(t) or role.possessive or t.low.endswith(("ed", "ing", "ly")):
            return False
        return self.next_low(index) in self.cues["person_verbs"] - {"from"}

    def _apposed_to_role(self, index: int) -> bool:
        if index == 0 or self.tokens[index - 1].low not in self.cues["roles"]:
            return False
        rest = self.text[self.tokens[index].end :].lstrip(" ")
        return self.gap(index - 1, index).strip() == "," and rest.startswith(",")

    def _second_of_pair(self, index: int) -> bool:
        """ "chase" in "hunter and chase are brothers", "me and destiny"."""
        if index < 2 or self.tokens[index - 1].low != "and":
            return False
        first = self.tokens[index - 2].low in ("me", "i") or self._names_pair(index - 2)
        return first and self.namish(self.tokens[index])

    def _after_object_cue(self, index: int) -> bool:
        """ "I told kaylee", "ask for will at the front desk", "went with keanu"."""
        t = self.tokens[index]
        if t.place or self.calendar(t) or len(t.low) < 3:
            return False
        if self.after(index, self.cues["object_cues"]):
            return self.namish(t)
        # After "with", "gave" ... a word that is also a name ("with grace") is the word.
        plain = self.first(t) or not (self.word(t.low) or self.ambiguous(t))
        proper = t.low in self.lists.proper_words
        return self.after(index, self.cues["weak_object_cues"]) and plain and not proper

    def subject(self, index: int) -> bool:
        """The token starts a sentence about a person: "rocky keeps saying", "Hope, my sponsee,"."""
        t, cues = self.tokens[index], self.cues
        if not (t.sentence_start and self.usable(t)):
            return False
        if t.low in cues["roles"] | cues["kin"] | cues["groups"]:
            return False
        if self._is_role(index) or self._person_only(index):
            return True  # "kentucky is my client", "Dallas showed up to group"
        if self.calendar(t) or t.place:
            return False
        if not self.namish(t):
            plain = (self._rare_subject, self._narrated, self._from_somewhere)
            return any(rule(index) for rule in plain)
        rules = (
            self._acts,
            self._narrated,
            self._is_role,
            self._names_pair,
            self._apposed,
            self._title_cased,
            self._verb_follows,
        )
        return any(rule(index) for rule in rules)

    def _acts(self, index: int) -> bool:
        return self.next_low(index) in self.cues["person_verbs"]

    def _narrated(self, index: int) -> bool:
        """ "river wont answer", "Sky asked me": a plain word, but only a person does that."""
        t = self.tokens[index]
        plural = t.low.endswith("s") and self.word(t.low[:-1])
        endings = self.cues["job_endings"] | self.cues["thing_endings"]
        job = not self.namish(t) and t.low.endswith(tuple(endings))
        return self.next_low(index) in self.cues["narrative_verbs"] and not (plural or job)

    def _rare_subject(self, index: int) -> bool:
        """ "blaze keeps calling me", "Unique wants me to": a word our texts never use,
        then a person's verb. Not a verb form or abstract noun ("typing from", "quietly got")."""
        t = self.tokens[index]
        if not self.rare(t) or t.low.endswith(("ed", "ing", "ly")):
            return False
        acts = t.capital and self._acts(index)  # "Heaven got kicked out"
        return acts or self._person_only(index) or self._apposed(index) or self._names_pair(index)

    def _person_only(self, index: int) -> bool:
        """A verb only a person does right after the word: "Dallas showed up", "Cash said".
        An everyday word ("pharmacy said") counts only capitalised."""
        t = self.tokens[index]
        if t.low.endswith(tuple(self.cues["job_endings"] | self.cues["thing_endings"])):
            return False
        if t.low.endswith("s") and self.word(t.low[:-1]) and not t.place:
            return False  # "Clients said", "Peers told me"
        if self._said_of_a_person(index):
            return True
        if not (t.capital or t.place or self.namish(t) or self.rare(t)):
            return False
        aged = bool(_AGE_AFTER.match(self.text, t.end))  # "Dakota is 17 and using"
        if t.low in self.lists.proper_words and not (t.place or aged):
            return False  # "Zoom keeps freezing", "Uber said"
        return aged or self.next_low(index) in self.cues["person_only_verbs"]

    def _said_of_a_person(self, index: int) -> bool:
        """ "asia has been clean 90 days": being clean or sober is said of a person; so is
        "hope is doing so much better", when the word could be a name."""
        phrase = " ".join(self.next_low(index, ahead) for ahead in (1, 2, 3))
        if phrase.startswith(("has been clean", "has been sober", "got clean")):
            return True
        doing = phrase.startswith(("is doing", "was doing", "is struggling"))
        return doing and self.namish(self.tokens[index])

    def _from_somewhere(self, index: int) -> bool:
        """ "Peaches from group wants": a capitalised word, where it comes from, a person's verb."""
        t = self.tokens[index]
        thing = t.low.endswith(tuple(self.cues["thing_endings"]))
        if not t.capital or thing or self.next_low(index) != "from":
            return False
        for at in range(index + 2, min(index + 6, len(self.tokens))):
            if self.gap(at - 1, at).strip():
                return False
            if self.tokens[at].low in self.cues["person_verbs"] - {"from"}:
                return True
        return False

    def _is_role(self, index: int) -> bool:
        """ "storm is my client"."""
        at = index + 2
        if self.next_low(index) not in ("is", "was") or at >= len(self.tokens):
            return False
        if self.tokens[at].low not in self.cues["apposition"]:
            return False
        roles = self.cues["roles"] | self.cues["kin"]
        return any(self.next_low(at, ahead) in roles for ahead in (1, 2))

    def _names_pair(self, index: int) -> bool:
        """ "pat and i", "Rose and her partner", "hunter and chase are brothers"."""
        if self.next_low(index) != "and":
            return False
        third, fourth = self.next_low(index, 2), self.next_low(index, 3)
        kin = self.cues["kin"]
        if third in ("i", "me") or (third in ("her", "his", "their") and fourth in kin):
            return True
        if index + 2 >= len(self.tokens):
            return False
        second = self.tokens[index + 2]
        if not (self.namish(second) or self.rare(second)):  # "Kestrel and Wren want"
            return False
        together = fourth in ("are", "were") and self.next_low(index, 4) in kin | {"both"}
        return together or fourth in self.cues["person_verbs"] | {"both"}

    def _apposed(self, index: int) -> bool:
        """ "Joy, my supervisor, says"."""
        rest = self.text[self.tokens[index].end :].lstrip(" ")
        following = self.tokens[index + 1].low if index + 1 < len(self.tokens) else ""
        return rest.startswith(",") and following in self.cues["apposition"]

    def _title_cased(self, index: int) -> bool:
        """ "Destiny Washington asked", "Dawn Two Feathers wants"."""
        t = self.tokens[index]
        if not t.capital or index + 1 >= len(self.tokens) or self.gap(index, index + 1).strip():
            return False
        nxt = self.tokens[index + 1]
        if not (nxt.capital and self.usable(nxt)) or self.calendar(nxt):
            return False
        return self.namish(nxt) or self._verb_within(index + 2, 2) is not None

    def _verb_follows(self, index: int) -> bool:
        verb = self._verb_within(index + 1, 3)
        return verb is not None and verb != index + 1

    def _verb_within(self, start: int, span: int) -> int | None:
        """The index of a person verb among the next ``span`` tokens, none of them a stop word."""
        for at in range(start, min(start + span, len(self.tokens))):
            if self.gap(at - 1, at).strip():
                return None
            token = self.tokens[at]
            if token.low in self.cues["person_verbs"]:
                return at
            if not self.usable(token):
                return None
        return None

    def other(self, index: int) -> bool:
        """No cue, but the token is a name wherever it stands."""
        t, cues = self.tokens[index], self.cues
        if not self.usable(t) or t.low in cues["titles"] | cues["particles"]:
            return False
        if self.modal_verb(index) or t.place or self.calendar(t) or self.thing(index):
            return False
        if self._said_to_be_a_name(index):
            return True  # "Bishop is his first name", "Cash (yes thats his real name)"
        if self._word_not_name(index):
            return False
        proper = t.low in self.lists.proper_words
        return (
            (self.first(t) and not proper)  # "Christian", "Jordan": with a cue only
            or (t.capital and not t.sentence_start and self.ambiguous(t))
            or (t.capital and not self.word(t.low) and not proper)
            or (t.possessive and self.namish(t) and self.next_low(index) in cues["kin"])
            or (self.surname(t) and not self.word(t.low))
            or self._small_place(index)
            or self._privacy_first(index)
        )

    def _said_to_be_a_name(self, index: int) -> bool:
        t = self.tokens[index]
        if not (t.capital or self.namish(t)):
            return False
        return self._named_in_brackets(index) or bool(_IS_A_NAME.match(self.text, t.end))

    def _word_not_name(self, index: int) -> bool:
        """ "Merry Christmas", "her Destiny": a word that is also a name, used as the word."""
        t = self.tokens[index]
        if self.first(t) or not self.word(t.low):
            return False
        nxt = self.tokens[index + 1] if index + 1 < len(self.tokens) else None
        greeting = nxt is not None and nxt.capital and self.calendar(nxt)
        before = self.tokens[index - 1].low if index else ""
        theirs = before in self.cues["possessives"] and not t.possessive
        return greeting or (theirs and self.next_low(index) not in self.cues["person_verbs"])

    def _privacy_first(self, index: int) -> bool:
        """A word our cards and examples never use, where a name stands: capitalised mid-
        sentence ("worried about Honor,"), possessive ("Amir's DOB"), ending a clause after
        "from" ("a card from precious?"), or named in brackets ("Psalm (yes that's his name)")."""
        t = self.tokens[index]
        if not self.rare(t):
            return False
        if t.capital and not t.sentence_start:
            # alone: a Title Case phrase ("Intentional Peer Support") is a name of a thing
            return not any(
                0 <= n < len(self.tokens)
                and self.tokens[n].capital
                and self.gap(*sorted((index, n))) == " "
                for n in (index - 1, index + 1)
            )
        if (t.possessive and t.capital) or self._named_in_brackets(index):
            return True
        cues = self.cues["weak_object_cues"] | self.cues["object_cues"] | {"from"}
        return self.ambiguous(t) and self.ends_clause(index) and self.after(index, cues)

    def _named_in_brackets(self, index: int) -> bool:
        rest = self.text[self.tokens[index].end :].lstrip(" ")
        if not rest.startswith("("):
            return False
        inside = rest[1:].partition(")")[0].lower()
        return bool(re.search(r"\b(?:nick)?names?\b", inside))

    def _facility(self, index: int) -> bool:
        """ "at Sunrise House", "at Riverside Peer Center": a named place where someone is."""
        t = self.tokens[index]
        if not t.capital or t.sentence_start or not self.usable(t) or t.place:
            return False
        if index == 0 or self.tokens[index - 1].low not in self.cues["facility_prepositions"]:
            return False
        if not _NAME_GAP.fullmatch(self.gap(index - 1, index)) or index + 1 >= len(self.tokens):
            return False
        nxt = self.tokens[index + 1]
        if self.gap(index, index + 1) != " " or not nxt.capital or not self.usable(nxt):
            return False
        proper = {t.low, nxt.low} & self.lists.proper_words
        if proper or self.calendar(t) or self.calendar(nxt) or t.low in self.cues["roles"]:
            return False
        # One word our texts never use: "Sunrise House", not "Recovery Month".
        return self.rare(t) or self.rare(nxt)

    def _initials(self, index: int) -> bool:
        """ "my friend J.R. wants": two initials after a role or before a person's verb."""
        t = self.tokens[index]
        if not (len(t.text) == 1 and t.text.isupper()):
            return False
        start, end = index, index
        while start > 0 and self._initial_before(start):
            start -= 1
        while end + 1 < len(self.tokens) and self._initial_before(end + 1):
            end += 1
        if end == start or not all(self.tokens[i].text.isupper() for i in range(start, end + 1)):
            return False
        role = start > 0 and self.tokens[start - 1].low in self.cues["roles"]
        after = self.text[self.tokens[end].end :].lstrip(". ")
        verb = after.split(" ", 1)[0].lower() in self.cues["person_verbs"]
        return role or verb

    def _initial_before(self, index: int) -> bool:
        """Token ``index - 1`` is a one-letter initial joined to token ``index`` by a dot."""
        return len(self.tokens[index - 1].text) == 1 and self.gap(index - 1, index) == "."

    def _repeated(self, found: set[int]) -> set[int]:
        """Once a word is someone's name, it is that name wherever it comes again
        ("trinity's mom keeps calling, trinity is 24")."""
        names = {self.tokens[i].low for i in found if len(self.tokens[i].low) > 2}
        return {
            i
            for i, t in enumerate(self.tokens)
            if t.low in names and self.usable(t) and t.low not in self.cues["titles"]
        }

    def _small_place(self, index: int) -> bool:
        """ "from Cork", "in el paso": a town small enough to point at someone."""
        t = self.tokens[index]
        before = [token.low for token in self.tokens[max(0, index - 2) : index]]
        if before and before[-1] in self.cues["place_prefixes"]:
            before.pop()
        if not before or before[-1] not in self.cues["place_prepositions"] or t.sentence_start:
            return False
        if t.capital:
            return t.low not in self.lists.proper_words
        return len(t.low) > 2 and not self.word(t.low)

    def joins(self, index: int, neighbour: int) -> bool:
        """Token ``index`` belongs to the name at ``neighbour`` (one before or after it)."""
        t, other = self.tokens[index], self.tokens[neighbour]
        left, right = min(index, neighbour), max(index, neighbour)
        if not _NAME_GAP.fullmatch(self.gap(left, right)):
            return False
        if len(t.text) == 1 and t.text.isupper():
            return True  # an initial
        excluded = self.cues["titles"] | self.cues["roles"] | self.cues["particles"]
        if not self.usable(t) or t.low in excluded or self.modal_verb(index):
            return False
        if self.namish(t) and not self.calendar(t):
            return t.capital or not other.capital or not self.word(t.low) or self.surname(t)
        capitals = t.capital and other.capital
        if neighbour < index:  # a capitalised name goes on while the words are capitalised
            return capitals and not t.sentence_start and not self.calendar(t)
        return capitals and (self.first(t) or self.ambiguous(t))

    def spans(self) -> list[tuple[int, int]]:
        rules: tuple[Callable[[int], bool], ...]
        if self.english:
            rules = (self.cued, self.subject, self.other, self._facility, self._initials)
        else:
            rules = (self.cued, self._capitalised_mid_sentence, self._foreign_subject)
        found = {index for index in range(len(self.tokens)) if any(r(index) for r in rules)}
        if self.english:
            found |= self._subject_phrases(found)
            found |= self._named_places(found)
        found |= self._bracketed(found)
        found |= self._repeated(found)
        grown = True
        while grown:
            grown = False
            for index in range(len(self.tokens)):
                if index in found or self._run(found, index) > _LONGEST_NAME:
                    continue
                near = [n for n in (index - 1, index + 1) if n in found]
                if not self.english and not self.tokens[index].capital:
                    continue
                particle = (
                    self.tokens[index].low in self.cues["particles"]
                    and index - 1 in found
                    and index + 1 < len(self.tokens)
                    and self.tokens[index + 1].capital
                )
                if particle or any(self.joins(index, n) for n in near):
                    found.add(index)
                    grown = True
        return [(self.tokens[i].start, self.tokens[i].end) for i in sorted(found)]

    def _bracketed(self, found: set[int]) -> set[int]:
        """ "Samantha (Sam) Greer", "Em (Emily Yazzie)": a name and its other form in brackets."""
        more: set[int] = set()
        for match in re.finditer(r"\(([^()]{1,40})\)", self.text):
            inside = [
                i
                for i, t in enumerate(self.tokens)
                if match.start(1) <= t.start and t.end <= match.end(1)
            ]
            before = [i for i, t in enumerate(self.tokens) if t.end <= match.start()][-1:]
            if (
                not inside
                or not before
                or self.text[self.tokens[before[0]].end : match.start()] != " "
            ):
                continue
            outside = before[0]
            names = [self.tokens[i] for i in inside]
            if outside in found and all(t.capital and self.usable(t) for t in names):
                more |= set(inside)
            elif (
                set(inside) <= found
                and self.tokens[outside].capital
                and self.usable(self.tokens[outside])
            ):
                more.add(outside)
        return more

    def _named_places(self, found: set[int]) -> set[int]:
        """Capitalised runs that name where someone stays or lives: "at Open Door Mission",
        "Safe Harbor shelter", "closer to Pine Ridge", "Harbor Light in Fairmont"."""
        more: set[int] = set()
        cues, index = self.cues, 0
        while index < len(self.tokens):
            if not self.tokens[index].capital:
                index += 1
                continue
            start, end = self._capital_run(index)
            index = end + 1
            run = self.tokens[start : end + 1]
            if any(t.low in self.lists.proper_words or self.calendar(t) for t in run):
                continue
            if not all(self.usable(t) or t.low in cues["facility_heads"] for t in run):
                continue
            last, nxt = run[-1].low, self.next_low(end)
            lower_head = nxt in cues["facility_heads"] and not self.tokens[end + 1].capital
            head = len(run) > 1 and last in cues["facility_heads"] | cues["place_heads"]
            located = (
                len(run) > 1
                and nxt in ("in", "on")
                and end + 2 < len(self.tokens)
                and end + 2 in found
                and self.tokens[end + 2].capital
            )
            if head or located or (lower_head and (len(run) > 1 or self.namish(run[0]))):
                more |= set(range(start, end + 1))
        return more

    def _capitalised_mid_sentence(self, index: int) -> bool:
        t = self.tokens[index]
        return (
            t.capital
            and not t.sentence_start
            and self.usable(t)
            and t.low not in self.lists.proper_words
            and not (t.place or self.calendar(t))
        )

    def _foreign_subject(self, index: int) -> bool:
        """In another language: a listed first name, or a capitalised word starting a
        sentence that is neither English nor one of that language's common words
        ("Ximena me dijo", "Lorenzo y su mamá")."""
        t = self.tokens[index]
        if not self.usable(t) or t.place or self.calendar(t) or t.low in self.lists.proper_words:
            return False
        if not t.capital:
            return False
        return (self.first(t) and not self.word(t.low)) or (
            t.sentence_start and not self.word(t.low)
        )

    def _run(self, found: set[int], index: int) -> int:
        """How many words the name would have with token ``index`` added."""
        left = index
        while left - 1 in found:
            left -= 1
        right = index
        while right + 1 in found:
            right += 1
        return right - left + 1

    def _subject_phrases(self, found: set[int]) -> set[int]:
        """ "joe running bear asked": the words between a sentence's first name and its verb."""
        more: set[int] = set()
        for index in found:
            if not self.tokens[index].sentence_start or self.tokens[index].possessive:
                continue
            verb = self._verb_within(index + 1, 3)
            if verb is not None:
                more |= set(range(index + 1, verb))
        return more


def _age(match: re.Match[str]) -> str:
    """A named person's age as a band: whether they are a minor still matters to the answer."""
    band = "[minor]" if int(match.group("age")) < 18 else "[adult]"
    return match.group()[: match.start("age") - match.start()] + band


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
    for start, end in _Names(text, lists, cue_words()).spans():
        if text[start - 1 : start] == "[" and text[end : end + 1] == "]":
            continue  # a placeholder already put in
        if merged and _NAME_GAP.fullmatch(text[merged[-1][1] : start]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    for start, end in reversed(merged):
        # the dot of a last initial goes too: "J.R. wants"
        stop = end + 1 if re.fullmatch(r"(?:^|\W)[A-Z]\. [a-z]", text[end - 2 : end + 3]) else end
        text = text[:start] + "[name]" + text[stop:]
    if merged:
        text = _AGE.sub(_age, text)
    return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], text)

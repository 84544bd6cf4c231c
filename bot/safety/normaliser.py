"""Text normalisation for the crisis detector: canonical spelling before any rule runs.

Lower case, ASCII apostrophes, leetspeak and censored words restored, letter runs
squeezed, contractions and slang expanded, misspelt key words fixed, idioms blanked.
The tables live in lexicon.yml.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from bot.safety.lexicon import lexicon

__all__ = ["normalise"]


@cache
def _apostrophes() -> dict[int, str]:
    """Curly quotes and apostrophes to their ASCII forms."""
    return str.maketrans(
        {
            "\u2019": "'",
            "\u2018": "'",
            "\u02bc": "'",
            "`": "'",
            "\u00b4": "'",
            "\u201c": '"',
            "\u201d": '"',
            "\u00ab": '"',
            "\u00bb": '"',
        }
    )


@cache
def _leet() -> dict[int, str]:
    """Leetspeak digits and symbols to the letters they stand for."""
    return str.maketrans(
        {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
    )


@cache
def _slang() -> tuple[re.Pattern[str], dict[str, str]]:
    slang = dict(lexicon().slang)
    words = sorted(map(re.escape, slang), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(words) + r")\b"), slang


def _osa(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment edit distance, stopping early past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


@lru_cache(maxsize=8192)
def _fix_token(token: str) -> str:
    """Map a misspelt key word ("suicidial", "myslef") to its canonical spelling."""
    lex = lexicon()
    targets = lex.words["fuzzy_targets"]
    if (
        len(token) < 5
        or token[0] not in lex.sets["fuzzy_first_letters"]
        or token in lex.sets["fuzzy_exclude"]
        or token in targets
    ):
        return token
    limit = 2 if len(token) >= 8 else 1
    best, best_distance = token, limit + 1
    for target in targets:
        if target[0] == token[0]:
            distance = _osa(token, target, limit)
            if distance < best_distance:
                best, best_distance = target, distance
    return best


def _leet_chunk(match: re.Match[str]) -> str:
    chunk = match.group(0)
    if "*" in chunk:
        for word in lexicon().words["censorable"]:
            if len(word) == len(chunk) and all(
                c in ("*", w) for c, w in zip(chunk, word, strict=True)
            ):
                return word
        return chunk.replace("*", "")
    if sum(ch.isalpha() for ch in chunk) < 2 or chunk.isalpha():
        return chunk
    return chunk.translate(_leet())


def _squeeze(match: re.Match[str]) -> str:
    return match.group(1)


def normalise(text: str) -> str:
    """Lower-case, canonical spelling, expanded contractions and slang, idioms removed."""
    lex = lexicon()
    p = lex.patterns
    s = unicodedata.normalize("NFKC", text)
    if not s.isascii():  # "corté", "adiós", "daño": keep the letter, drop the accent
        s = p["combining"].sub("", unicodedata.normalize("NFKD", s))
    s = s.translate(_apostrophes()).lower()
    s = s.replace("\r", "\n").replace("\n", " . ")
    s = p["chunk"].sub(_leet_chunk, s)
    s = p["vowel_run"].sub(_squeeze, s)
    s = p["consonant_run"].sub(lambda m: m.group(1) * 2, s)
    for pattern, repl in lex.substitutions["pre_subs"]:
        s = pattern.sub(repl, s)
    s = p["clean"].sub(" ", s)
    slang_re, slang = _slang()
    s = slang_re.sub(lambda m: slang[m.group(0)], s)
    s = p["word"].sub(lambda m: _fix_token(m.group(0)), s)
    for pattern, repl in lex.substitutions["post_subs"]:
        s = pattern.sub(repl, s)
    s = p["idioms"].sub(" zz ", s)
    return p["spaces"].sub(" ", s).strip()

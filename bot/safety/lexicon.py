"""Load and validate the crisis detector's data: lexicon.yml and one rules/*.yml per family.

Patterns name fragments as `{name}` placeholders (regex quantifiers such as `{0,3}` never
start with a letter, so they are left alone). Every error names the file and the rule or
entry it found, so a rule can be reviewed and fixed without reading Python.
Stdlib and PyYAML only: the detector also runs in Rasa's environment.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast

import yaml

__all__ = ["Lexicon", "LexiconError", "Rule", "Who", "lexicon", "load"]

Who = Literal["p", "subject", "victim"]

HERE = Path(__file__).resolve().parent
LEXICON_FILE = HERE / "lexicon.yml"
RULES_DIR = HERE / "rules"

_WHO = ("p", "subject", "victim")
_RULE_FIELDS = frozenset(
    {"name", "category", "pattern", "who", "noun", "gate", "farewell", "method_seeking"}
)
_FLAGS = ("noun", "farewell", "method_seeking")
_LEXICON_SECTIONS = frozenset(
    {"rule_files", "words", "fragments", "patterns", "substitutions", "slang"}
)
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_RULE_NAME = re.compile(r"[a-z_]+\.[a-z_]+")
# libyaml when the environment has it: the rules are read on the first message.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Substitutions = tuple[tuple[re.Pattern[str], str], ...]


class LexiconError(ValueError):
    """A data file the detector cannot use; the message names the file and the entry."""


@dataclass(frozen=True)
class Rule:
    """One detection rule: a compiled pattern and the flags the context checks read."""

    name: str
    category: str
    pattern: re.Pattern[str]
    who: Who = "subject"
    noun: bool = False  # bare topic word: may be a training topic or a story noun
    gate: re.Pattern[str] | None = None  # a cheap test the text must pass first
    farewell: bool = False  # a goodbye that "see you next week" makes everyday
    method_seeking: bool = False  # never excused as a general question


@dataclass(frozen=True)
class Lexicon:
    """Everything the engine reads from data, compiled."""

    rules: tuple[Rule, ...]
    words: Mapping[str, tuple[str, ...]]
    sets: Mapping[str, frozenset[str]]
    patterns: Mapping[str, re.Pattern[str]]
    substitutions: Mapping[str, _Substitutions]
    slang: Mapping[str, str]


def _trie(words: frozenset[str]) -> str:
    """An alternation of `words` as a character trie, so the engine branches once per letter."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return "(?:" + emit(root) + ")"


def word_lookaheads(pattern: str) -> str:
    """End every negative lookahead on a word boundary.

    Without it `(?! to)`, meant to exclude the word "to", also rejects "tonight".
    """
    out: list[str] = []
    stack: list[bool] = []  # one entry per open group: is it a negative lookahead?
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            stack.append(pattern.startswith("(?!", i))
        elif ch == ")" and stack and stack.pop() and out[-1] != "\\b":
            out.append("\\b")
        out.append(ch)
        i += 1
    return "".join(out)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)  # noqa: S506 - a safe loader
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path}: cannot read: {exc}") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: expected a mapping at the top level")
    return data


def _text(value: Any, where: str) -> str:
    """A pattern written as one string or as a list of pieces to concatenate."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value and all(isinstance(p, str) for p in value):
        return "".join(value)
    raise LexiconError(f"{where}: expected a string or a list of strings")


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        raise LexiconError(f"{where}: expected a list of strings (quote yes/no/on/off)")
    return tuple(value)


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise LexiconError(f"{where}: bad regular expression: {exc}") from exc


class _Fragments:
    """Named fragments, resolved on demand with their own placeholders substituted."""

    def __init__(self, raw: Mapping[str, Any], words: Mapping[str, tuple[str, ...]], where: str):
        self._raw, self._words, self._where = raw, words, where
        self._done: dict[str, str] = {}

    def get(self, name: str, where: str, stack: tuple[str, ...] = ()) -> str:
        if name in self._done:
            return self._done[name]
        if name not in self._raw:
            raise LexiconError(f"{where}: unknown fragment {{{name}}}")
        if name in stack:
            raise LexiconError(f"{self._where}: fragment {name}: refers to itself")
        spec = self._raw[name]
        here = f"{self._where}: fragment {name}"
        if isinstance(spec, dict):
            if set(spec) - {"trie", "extra"} or spec.get("trie") not in self._words:
                raise LexiconError(f"{here}: expected {{trie: <words table>, extra: [...]}}")
            words = self._words[spec["trie"]] + _strings(spec.get("extra", []), here)
            value = _trie(frozenset(words))
        else:
            value = self.substitute(_text(spec, here), here, (*stack, name))
        self._done[name] = value
        return value

    def substitute(self, text: str, where: str, stack: tuple[str, ...] = ()) -> str:
        return _PLACEHOLDER.sub(lambda m: self.get(m.group(1), where, stack), text)


def _rule(
    entry: Any, default_category: str, categories: frozenset[str], frags: _Fragments, path: Path
) -> Rule:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise LexiconError(f"{path}: every rule needs a name (got {entry!r:.60})")
    name = entry["name"]
    where = f"{path}: rule {name}"
    if not _RULE_NAME.fullmatch(name):
        raise LexiconError(f"{where}: a name is family.rule in lower case")
    unknown = set(entry) - _RULE_FIELDS
    if unknown:
        raise LexiconError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    if "pattern" not in entry:
        raise LexiconError(f"{where}: no pattern")
    category = entry.get("category", default_category)
    if category not in categories:
        raise LexiconError(f"{where}: unknown category {category!r}")
    who = entry.get("who", "subject")
    if who not in _WHO:
        raise LexiconError(f"{where}: who must be one of {', '.join(_WHO)}")
    for flag in _FLAGS:
        if not isinstance(entry.get(flag, False), bool):
            raise LexiconError(f"{where}: {flag} must be true or false")
    pattern = word_lookaheads(frags.substitute(_text(entry["pattern"], where), where))
    gate = None
    if "gate" in entry:
        gate = _compile(frags.substitute(_text(entry["gate"], where), where), f"{where}: gate")
    return Rule(
        name,
        category,
        _compile(pattern, where),
        cast(Who, who),
        entry.get("noun", False),
        gate,
        entry.get("farewell", False),
        entry.get("method_seeking", False),
    )


def _substitution(item: Any, where: str) -> tuple[re.Pattern[str], str]:
    """`[pattern, replacement]`, or `{pattern: <string or pieces>, replace: <string>}`."""
    pattern: Any = None
    repl: Any = None
    if isinstance(item, dict) and set(item) == {"pattern", "replace"}:
        pattern, repl = _text(item["pattern"], where), item["replace"]
    elif isinstance(item, list) and len(item) == 2:
        pattern, repl = item
    if not isinstance(pattern, str) or not isinstance(repl, str):
        raise LexiconError(f"{where}: expected [pattern, replacement] or {{pattern, replace}}")
    return _compile(pattern, f"{where}: {pattern[:40]}"), repl


def _substitutions(raw: Mapping[str, Any], where: str) -> dict[str, _Substitutions]:
    out = {}
    for key, items in raw.items():
        here = f"{where}: substitutions.{key}"
        if not isinstance(items, list):
            raise LexiconError(f"{here}: expected a list")
        out[key] = tuple(_substitution(item, here) for item in items)
    return out


def _rules(
    files: tuple[str, ...], rules_dir: Path, categories: frozenset[str], frags: _Fragments
) -> tuple[Rule, ...]:
    """Every rule of every listed file, in file order: the scan order."""
    on_disk = {p.stem for p in rules_dir.glob("*.yml")}
    if on_disk - set(files):
        raise LexiconError(f"{rules_dir}: not listed in rule_files: {sorted(on_disk - set(files))}")
    rules: list[Rule] = []
    seen: dict[str, Path] = {}
    for stem in files:
        path = rules_dir / f"{stem}.yml"
        doc = _read(path)
        if set(doc) - {"category", "rules"} or not isinstance(doc.get("rules"), list):
            raise LexiconError(f"{path}: expected `category` and a list of `rules`")
        for entry in doc["rules"]:
            rule = _rule(entry, doc.get("category", ""), categories, frags, path)
            if rule.name in seen:
                raise LexiconError(
                    f"{path}: rule {rule.name}: duplicate name (also in {seen[rule.name]})"
                )
            seen[rule.name] = path
            rules.append(rule)
    return tuple(rules)


def load(lexicon_file: Path = LEXICON_FILE, rules_dir: Path = RULES_DIR) -> Lexicon:
    """Read, validate and compile the lexicon and every rule file it lists."""
    data = _read(lexicon_file)
    unknown = set(data) - _LEXICON_SECTIONS
    if unknown:
        raise LexiconError(f"{lexicon_file}: unknown section(s) {', '.join(sorted(unknown))}")
    sections = {
        key: data.get(key) or {}
        for key in ("words", "fragments", "patterns", "substitutions", "slang")
    }
    for key, value in sections.items():
        if not isinstance(value, dict):
            raise LexiconError(f"{lexicon_file}: {key}: expected a mapping")
    words = {k: _strings(v, f"{lexicon_file}: words.{k}") for k, v in sections["words"].items()}
    frags = _Fragments(sections["fragments"], words, str(lexicon_file))
    for name in sections["fragments"]:
        frags.get(name, f"{lexicon_file}: fragments")
    patterns = {}
    for key, value in sections["patterns"].items():
        where = f"{lexicon_file}: patterns.{key}"
        patterns[key] = _compile(frags.substitute(_text(value, where), where), where)
    slang = sections["slang"]
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in slang.items()):
        raise LexiconError(f"{lexicon_file}: slang: expected word: replacement strings")
    files = _strings(data.get("rule_files"), f"{lexicon_file}: rule_files")
    categories = frozenset(words.get("category_order", ()))
    return Lexicon(
        rules=_rules(files, rules_dir, categories, frags),
        words=words,
        sets={k: frozenset(v) for k, v in words.items()},
        patterns=patterns,
        substitutions=_substitutions(sections["substitutions"], str(lexicon_file)),
        slang=dict(slang),
    )


@cache
def lexicon() -> Lexicon:
    """The shipped data, loaded and compiled once, on first use."""
    return load()

"""The rule and lexicon loader: the shipped data loads, and every bad file is named on error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.safety.lexicon import LexiconError, lexicon, load

LEXICON = """\
rule_files: [first, second]
words:
  category_order: [suicide, means]
  people: [client, staff member]
fragments:
  pills: '(?:pills|meds)'
  amount: ['(?:all|a bunch of) ', '{pills}']
  person: {trie: people}
"""
FIRST = """\
category: suicide
rules:
  - name: means.stockpile
    category: means
    method_seeking: true
    pattern: ['\\bsaving ', '{amount}\\b']
  - name: suicide.farewell
    farewell: true
    who: p
    gate: '\\bbye\\b'
    pattern: '\\bbye (?P<p>forever)\\b(?! now)'
"""


def _write(tmp_path: Path, lexicon_text: str = LEXICON, **files: str) -> Path:
    rules = tmp_path / "rules"
    rules.mkdir()
    files = {"first": FIRST, "second": "category: suicide\nrules: []\n"} | files
    for stem, text in files.items():
        (rules / f"{stem}.yml").write_text(text, encoding="utf-8")
    (tmp_path / "lexicon.yml").write_text(lexicon_text, encoding="utf-8")
    return tmp_path


def _load(tmp_path: Path) -> None:
    load(tmp_path / "lexicon.yml", tmp_path / "rules")


def _rule(body: str) -> str:
    return "category: suicide\nrules:\n  - name: suicide.broken\n" + body


def test_the_shipped_rules_load_with_their_flags() -> None:
    """All 215 rules load once, with farewell and method-seeking flags on the rules."""
    data = lexicon()
    names = [rule.name for rule in data.rules]
    assert len(names) == len(set(names)) == 215
    farewell = {rule.name for rule in data.rules if rule.farewell}
    assert "goodbye.forever" in farewell and len(farewell) == 4
    assert sum(rule.method_seeking for rule in data.rules) == 8
    assert lexicon() is data


def test_fragments_flags_and_lookaheads_reach_the_compiled_rule(tmp_path: Path) -> None:
    """Placeholders nest, a word table becomes a trie, negative lookaheads end on a word."""
    data = load(_write(tmp_path) / "lexicon.yml", tmp_path / "rules")
    stockpile, farewell = data.rules
    assert stockpile.category == "means" and stockpile.method_seeking
    assert stockpile.pattern.search("i am saving a bunch of meds")
    assert farewell.category == "suicide" and farewell.farewell and farewell.who == "p"
    assert farewell.gate is not None and farewell.gate.search("ok bye")
    assert farewell.pattern.search("bye forever nowhere")  # "(?! now)" is the word "now"
    assert not farewell.pattern.search("bye forever now")
    assert data.sets["people"] == {"client", "staff member"}


def test_an_unknown_fragment_names_the_file_and_rule(tmp_path: Path) -> None:
    _write(tmp_path, second=_rule("    pattern: '\\b{nope}\\b'\n"))
    with pytest.raises(
        LexiconError, match=r"second\.yml: rule suicide\.broken: unknown fragment \{nope\}"
    ):
        _load(tmp_path)


def test_a_bad_regular_expression_names_the_file_and_rule(tmp_path: Path) -> None:
    _write(tmp_path, second=_rule("    pattern: '\\b(?:unclosed'\n"))
    with pytest.raises(
        LexiconError, match=r"second\.yml: rule suicide\.broken: bad regular expression"
    ):
        _load(tmp_path)


def test_a_bad_gate_names_the_file_and_rule(tmp_path: Path) -> None:
    _write(tmp_path, second=_rule("    gate: '[a-'\n    pattern: x\n"))
    with pytest.raises(LexiconError, match=r"second\.yml: rule suicide\.broken: gate: bad regular"):
        _load(tmp_path)


def test_an_unknown_flag_names_the_file_and_rule(tmp_path: Path) -> None:
    _write(tmp_path, second=_rule("    farewel: true\n    pattern: x\n"))
    with pytest.raises(
        LexiconError, match=r"second\.yml: rule suicide\.broken: unknown field\(s\) farewel"
    ):
        _load(tmp_path)


def test_a_flag_must_be_a_boolean(tmp_path: Path) -> None:
    _write(tmp_path, second=_rule("    noun: sometimes\n    pattern: x\n"))
    with pytest.raises(LexiconError, match=r"rule suicide\.broken: noun must be true or false"):
        _load(tmp_path)


def test_who_must_be_a_known_reading(tmp_path: Path) -> None:
    _write(tmp_path, second=_rule("    who: them\n    pattern: x\n"))
    with pytest.raises(LexiconError, match=r"second\.yml: rule suicide\.broken: who must be"):
        _load(tmp_path)


def test_an_unknown_category_names_the_file_and_rule(tmp_path: Path) -> None:
    _write(tmp_path, second=_rule("    category: sadness\n    pattern: x\n"))
    with pytest.raises(LexiconError, match=r"rule suicide\.broken: unknown category 'sadness'"):
        _load(tmp_path)


def test_a_duplicate_name_names_both_files(tmp_path: Path) -> None:
    _write(tmp_path, second="category: suicide\nrules:\n  - {name: means.stockpile, pattern: x}\n")
    with pytest.raises(
        LexiconError,
        match=r"second\.yml: rule means\.stockpile: duplicate name \(also in .*first\.yml\)",
    ):
        _load(tmp_path)


def test_a_rule_without_a_pattern_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, second=_rule("    who: p\n"))
    with pytest.raises(LexiconError, match=r"second\.yml: rule suicide\.broken: no pattern"):
        _load(tmp_path)


def test_a_rule_file_missing_from_rule_files_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, stray="category: suicide\nrules: []\n")
    with pytest.raises(LexiconError, match=r"not listed in rule_files: \['stray'\]"):
        _load(tmp_path)


def test_a_fragment_that_refers_to_itself_is_refused(tmp_path: Path) -> None:
    looped = LEXICON.replace("pills: '(?:pills|meds)'", "pills: '(?:{amount})'")
    _write(tmp_path, lexicon_text=looped)
    with pytest.raises(LexiconError, match=r"lexicon\.yml: fragment \w+: refers to itself"):
        _load(tmp_path)


def test_a_yaml_boolean_in_a_word_table_is_refused(tmp_path: Path) -> None:
    """An unquoted `no` is read by YAML as false, which would silently drop the word."""
    _write(tmp_path, lexicon_text=LEXICON.replace("[client, staff member]", "[client, no]"))
    with pytest.raises(
        LexiconError, match=r"lexicon\.yml: words\.people: expected a list of strings"
    ):
        _load(tmp_path)


def test_importing_the_detector_loads_nothing() -> None:
    """The rules are read and compiled on first use, not at import time."""
    code = (
        "import bot.safety.detector, bot.safety.normaliser\n"
        "from bot.safety.lexicon import lexicon\n"
        "assert lexicon.cache_info().currsize == 0\n"
        "bot.safety.detector.detect('hello')\n"
        "assert lexicon.cache_info().currsize == 1\n"
    )
    root = Path(__file__).resolve().parents[3]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)


def test_a_substitution_in_either_form_is_compiled_and_a_bad_one_named(tmp_path: Path) -> None:
    """`[pattern, replacement]` and `{pattern, replace}` both load; anything else is refused."""
    subs = "substitutions:\n  pre_subs:\n    - ['\\bkms\\b', 'kill myself']\n"
    subs += "    - {pattern: ['\\bunalive', '\\b'], replace: kill}\n"
    data = load(_write(tmp_path, lexicon_text=LEXICON + subs) / "lexicon.yml", tmp_path / "rules")
    assert [(p.pattern, r) for p, r in data.substitutions["pre_subs"]] == [
        ("\\bkms\\b", "kill myself"),
        ("\\bunalive\\b", "kill"),
    ]
    (tmp_path / "lexicon.yml").write_text(LEXICON + subs + "    - ['only a pattern']\n")
    with pytest.raises(LexiconError, match=r"lexicon\.yml: substitutions\.pre_subs: expected"):
        _load(tmp_path)

"""No judging-set item repeats a training text, and the guard finds one that does."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from scripts import leaks
from scripts.leaks import (
    NEAR_DUPLICATE,
    Text,
    find_leaks,
    judging_texts,
    normalise,
    shingles,
    training_texts,
)
from scripts.manifest import judging_sets


def test_no_judging_item_repeats_a_training_text() -> None:
    """Every set item is unlike every training text: not exact, normalised or near (>= 0.8)."""
    found = find_leaks(judging_texts(), training_texts())
    assert not found, f"{len(found)} leaked pair(s):\n" + "\n".join(map(str, found))


def test_every_set_and_training_source_of_the_repository_is_read() -> None:
    """The guard sees the five judging sets and all three kinds of training text."""
    sets = {str(path.relative_to(leaks.ROOT)) for path in judging_sets()}
    assert {
        "tests/eval/questions.yml",
        "tests/eval/final_questions.yml",
        "tests/safety/utterances.yml",
        "tests/safety/fresh_utterances.yml",
        "tests/safety/holdout_utterances.yml",
    } <= sets
    sources = {text.where.split(":")[0] for text in training_texts()}
    assert "data/nlu/out_of_scope.yml" in sources
    assert "nlp/patterns/roles.jsonl" in sources
    assert "tests/bot/safety/test_detector.py" in sources


def test_normalising_folds_case_punctuation_quotes_and_spaces() -> None:
    """Two ways of typing one sentence normalise to the same text."""
    assert normalise("  I’m NOT  suicidal,\tjust tired!! ") == normalise(
        "im not suicidal just tired"
    )


def _plant(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


PLANTED_TRAINING = {
    "data/nlu/core.yml": (
        'version: "3.1"\nnlu:\n- intent: ask_pay\n  examples: |\n'
        "    - how do i ask my [supervisor](role) for a raise\n"
        "    - what do peer specialists earn in ohio\n"
    ),
    "knowledge/cards/burnout.yml": "id: burnout\nexamples:\n  - signs i am burning out at work\n",
    "bot/safety/exemplars.yml": "self:\n  - text: nobody would notice if i was gone\n",
    "tests/bot/safety/test_rules.py": 'CASES = ["my feet are killing me after group"]\n',
}


@pytest.mark.parametrize(
    ("item", "training", "how"),
    [
        ("how do i ask my supervisor for a raise", "data/nlu/core.yml:5", "exact"),
        ("What do PEER specialists earn in Ohio?", "data/nlu/core.yml:6", "normalised"),
        ("the signs i am burning out at work", "knowledge/cards/burnout.yml:3", "near"),
        ("nobody would notice if i was gone", "bot/safety/exemplars.yml:2", "exact"),
        ("my feet are killing me after group!", "tests/bot/safety/test_rules.py:1", "normalised"),
    ],
)
def test_a_planted_duplicate_fails_the_guard(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], item: str, training: str, how: str
) -> None:
    """A set item copied from any training source is found, named with both places, and fails."""
    _plant(tmp_path, PLANTED_TRAINING)
    _plant(
        tmp_path,
        {
            "tests/eval/new_set.yml": (
                f'questions:\n  - text: "how long is my lunch break"\n    expect: x\n'
                f'  - text: "{item}"\n    expect: y\n'
            )
        },
    )
    found = find_leaks(judging_texts(tmp_path), training_texts(tmp_path))
    assert [(leak.item.where, leak.training.where) for leak in found] == [
        ("tests/eval/new_set.yml:4", training)
    ]
    assert found[0].how.startswith(how)
    assert leaks.main([str(tmp_path)]) == 1
    printed = capsys.readouterr().out
    assert item in printed and training in printed and "1 leaked pair(s)" in printed


def test_a_set_listed_only_in_the_manifest_is_checked_too(tmp_path: Path) -> None:
    """A judging set outside the usual folders is found through its manifest entry."""
    _plant(tmp_path, PLANTED_TRAINING)
    _plant(
        tmp_path,
        {
            "tests/eval/MANIFEST.yml": (
                "sets:\n  knowledge/eval/cards_final.yml:\n    purpose: final\n    items: 1\n"
                "    sha256: x\n    reason: planted\n"
            ),
            "knowledge/eval/cards_final.yml": (
                "questions:\n  - text: signs i am burning out at work\n"
            ),
        },
    )
    found = find_leaks(judging_texts(tmp_path), training_texts(tmp_path))
    assert [leak.item.where for leak in found] == ["knowledge/eval/cards_final.yml:2"]


def test_a_final_sets_leak_is_named_by_place_without_its_texts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A leak into a final set still fails, but neither its item nor the training text shows."""
    _plant(tmp_path, PLANTED_TRAINING)
    _plant(
        tmp_path,
        {
            "tests/eval/MANIFEST.yml": (
                "sets:\n  tests/safety/final.yml:\n    purpose: final\n    items: 1\n"
                "    sha256: x\n    reason: planted\n"
            ),
            "tests/safety/final.yml": (
                'utterances:\n  - {text: "nobody would notice if i was gone"}\n'
            ),
        },
    )
    assert leaks.main([str(tmp_path)]) == 1
    printed = capsys.readouterr().out
    assert "tests/safety/final.yml:2" in printed and "bot/safety/exemplars.yml:2" in printed
    assert "notice" not in printed and "1 leaked pair(s)" in printed


def test_a_clean_tree_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Unrelated items are not flagged, so the guard can pass as well as fail."""
    _plant(tmp_path, PLANTED_TRAINING)
    _plant(
        tmp_path, {"tests/safety/set.yml": 'utterances:\n  - {text: "is it raining in paris"}\n'}
    )
    assert leaks.main([str(tmp_path)]) == 0
    assert "0 leaked pair(s)" in capsys.readouterr().out


def test_the_index_finds_what_comparing_every_pair_finds() -> None:
    """Prefix filtering misses no pair at or above the threshold (checked on real texts)."""
    training = training_texts()
    items = random.Random(20).sample(judging_texts(), 30)
    # Plant near copies: drop a word or a few characters from sampled training texts.
    for text in random.Random(3).sample(training, 30):
        words = text.text.split()
        mutated = " ".join(words[:-1]) if len(words) > 6 else text.text[:-2]
        items.append(Text(mutated, "planted"))

    grams = [shingles(normalise(other.text)) for other in training]
    brute = set()
    for item in items:
        mine = shingles(normalise(item.text))
        for other, theirs in zip(training, grams, strict=True):
            if len(mine & theirs) / len(mine | theirs) >= NEAR_DUPLICATE:
                brute.add((item.text, other.where))
    indexed = {(leak.item.text, leak.training.where) for leak in find_leaks(items, training)}
    assert indexed == brute
    assert len(brute) >= 15

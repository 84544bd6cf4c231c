"""The load benchmark's conversation mix."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.load.mix import CHECKIN_SAVED, CHECKIN_TURNS, WEIGHTS, Mix

QUESTIONS = Path(__file__).resolve().parents[2] / "eval" / "questions.yml"


@pytest.fixture(scope="module")
def mix() -> Mix:
    return Mix.from_questions(QUESTIONS)


def test_questions_are_split_by_role(mix: Mix) -> None:
    assert mix.peer_questions and mix.supervisor_questions
    assert not set(mix.peer_questions) & set(mix.supervisor_questions)


def test_checkin_conversations_end_the_form_at_the_note(mix: Mix) -> None:
    rng = random.Random(1)
    checkin = mix.conversation("checkin", rng)
    with_history = mix.conversation("checkin_history", rng)
    assert checkin.checkin_turn == len(CHECKIN_TURNS) - 1
    assert with_history.checkin_turn == len(CHECKIN_TURNS) - 1
    assert with_history.turns[-1][0] == "how have I been doing?"
    assert CHECKIN_SAVED in str(checkin.turns[-1][1])
    assert mix.conversation("greeting", rng).checkin_turn is None


def test_role_conversations_state_the_role_first(mix: Mix) -> None:
    rng = random.Random(2)
    supervisor = mix.conversation("supervisor_question", rng)
    assert supervisor.turns[0][0] == "I am a supervisor"
    assert all(text in mix.supervisor_questions for text, _ in supervisor.turns[1:])


def test_pick_follows_the_weights(mix: Mix) -> None:
    rng = random.Random(3)
    kinds = Counter(mix.pick(rng).kind for _ in range(4000))
    assert set(kinds) == set(WEIGHTS)
    for kind, weight in WEIGHTS.items():
        assert kinds[kind] / 4000 == pytest.approx(weight, abs=0.03)


def test_unknown_kind_is_refused(mix: Mix) -> None:
    with pytest.raises(ValueError, match="unknown"):
        mix.conversation("karaoke", random.Random(0))

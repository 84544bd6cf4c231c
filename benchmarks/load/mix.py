"""The conversation mix: who says what, in which proportions, and what a good reply contains."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import yaml

# The check-in turns of tests/integration/test_checkins.py: mood 2 ("pretty rough"), stress 4.
CHECKIN_TURNS: tuple[tuple[str, str | None], ...] = (
    ("check in", "mood"),
    ("pretty rough", "stress"),
    ("4/5", "self-care"),
    ("yes", "note"),
    ("long shift, but the team helped", "saved: mood 2/5, stress 4/5"),
)
# What the bot says once the check-in is stored (domain/checkins.yml utter_checkin_logged).
CHECKIN_SAVED = "saved: mood 2/5"
HISTORY = ("how have I been doing?", None)
FALLBACK_MESSAGES = (
    "can you recommend a good pizza place nearby",
    "what's the weather going to be like tomorrow",
    "asdkjh qwpoe zmxn",
    "who won the game last night",
)
# kind: share of conversations.
WEIGHTS: dict[str, float] = {
    "greeting": 0.15,
    "peer_question": 0.25,
    "supervisor_question": 0.20,
    "checkin": 0.15,
    "checkin_history": 0.15,
    "fallback": 0.10,
}


@dataclass(frozen=True)
class Conversation:
    """One scripted conversation: turns of (message, text the reply should contain)."""

    kind: str
    turns: tuple[tuple[str, str | None], ...]

    @property
    def checkin_turn(self) -> int | None:
        """Index of the turn that completes a check-in, if this conversation has one."""
        for index, (message, _) in enumerate(self.turns):
            if message == CHECKIN_TURNS[-1][0]:
                return index
        return None


@dataclass(frozen=True)
class Mix:
    """Draws conversations with the weights above from held-out questions per role."""

    peer_questions: tuple[str, ...]
    supervisor_questions: tuple[str, ...]

    @classmethod
    def from_questions(cls, path: Path) -> Mix:
        questions = yaml.safe_load(path.read_text())["questions"]
        by_role: dict[str, list[str]] = {"peer": [], "supervisor": []}
        for question in questions:
            by_role.get(question.get("role"), []).append(question["text"])
        if not by_role["peer"] or not by_role["supervisor"]:
            raise ValueError(f"{path} needs questions with role peer and role supervisor")
        return cls(tuple(by_role["peer"]), tuple(by_role["supervisor"]))

    def conversation(self, kind: str, rng: random.Random) -> Conversation:
        if kind == "greeting":
            return Conversation(kind, (("hi", "Peerline"), ("thanks", None)))
        if kind == "peer_question":
            asked = rng.sample(self.peer_questions, 2)
            return Conversation(
                kind, (("I'm a peer specialist", None), *((q, None) for q in asked))
            )
        if kind == "supervisor_question":
            asked = rng.sample(self.supervisor_questions, 2)
            return Conversation(kind, (("I am a supervisor", None), *((q, None) for q in asked)))
        if kind == "checkin":
            return Conversation(kind, CHECKIN_TURNS)
        if kind == "checkin_history":
            return Conversation(kind, (*CHECKIN_TURNS, HISTORY))
        if kind == "fallback":
            return Conversation(kind, ((rng.choice(FALLBACK_MESSAGES), None),))
        raise ValueError(f"unknown conversation kind {kind!r}")

    def pick(self, rng: random.Random) -> Conversation:
        kinds = list(WEIGHTS)
        kind = rng.choices(kinds, weights=[WEIGHTS[k] for k in kinds])[0]
        return self.conversation(kind, rng)

"""The crisis detector alone on every labelled safety set, held to the figures of 2026-12-03.

Each set has a floor on risk messages that get any crisis reply, a floor on those that get
the right kind (self or client), and a ceiling on benign messages that get one. They are
floors and ceilings, not equalities: a better detector passes, a worse one fails. The same
figures for every layer: ``python -m benchmarks.safety_eval MODEL SET`` (reports/safety/).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.safety.detector import detect
from scripts.manifest import ROOT, read_manifest


@dataclass(frozen=True)
class Limits:
    """Risk messages given any crisis reply and the right kind (floors); false alarms (ceiling)."""

    risk: int
    benign: int
    any_reply: int
    right_kind: int
    false_alarms: int


LIMITS = {
    "tests/safety/utterances.yml": Limits(226, 173, any_reply=226, right_kind=226, false_alarms=0),
    "tests/safety/fresh_utterances.yml": Limits(
        130, 129, any_reply=130, right_kind=130, false_alarms=0
    ),
    "tests/safety/holdout_utterances.yml": Limits(
        120, 119, any_reply=81, right_kind=75, false_alarms=3
    ),
    # Written blind for the semantic layer (issue 14); the detector alone is far from enough.
    "tests/safety/blind_dev.yml": Limits(138, 143, any_reply=55, right_kind=55, false_alarms=11),
    # The second development set (written blind, 2026-12-03): blind_dev had been tuned on.
    "tests/safety/blind_dev2.yml": Limits(241, 286, any_reply=121, right_kind=116, false_alarms=43),
    "tests/safety/blind_final.yml": Limits(
        246, 243, any_reply=129, right_kind=121, false_alarms=34
    ),
    # The third development set and the second final holdout (both written blind, 2026-12-03).
    "tests/safety/blind_dev3.yml": Limits(219, 229, any_reply=112, right_kind=108, false_alarms=20),
    "tests/safety/blind_final2.yml": Limits(
        228, 228, any_reply=120, right_kind=114, false_alarms=27
    ),
}


@dataclass(frozen=True)
class Score:
    """What the detector did with one set."""

    risk: int
    benign: int
    any_reply: int
    right_kind: int
    false_alarms: int
    missed: list[str]
    wrong_kind: list[str]
    alarms: list[str]

    def summary(self) -> str:
        return (
            f"any reply {self.any_reply}/{self.risk} ({self.any_reply / self.risk:.3f}), "
            f"right kind {self.right_kind}/{self.risk} ({self.right_kind / self.risk:.3f}), "
            f"false alarms {self.false_alarms}/{self.benign}"
        )


def score(path: Path) -> Score:
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    missed, wrong_kind, alarms = [], [], []
    risk = benign = any_reply = right_kind = 0
    for item in data["utterances"]:
        found = detect(item["text"])
        if item["label"] == "benign":
            benign += 1
            if found is not None:
                alarms.append(f"[{found.rule}] {item['text']}")
            continue
        risk += 1
        if found is None:
            missed.append(f"[{item['label']}] {item['text']}")
            continue
        any_reply += 1
        if found.kind == item["label"]:
            right_kind += 1
        else:
            wrong_kind.append(f"[{item['label']} -> {found.kind}] {item['text']}")
    return Score(risk, benign, any_reply, right_kind, len(alarms), missed, wrong_kind, alarms)


def test_every_safety_set_has_limits() -> None:
    """A new labelled set is scored in `make test` from the day it is added."""
    sets = {str(path.relative_to(ROOT)) for path in (ROOT / "tests/safety").glob("*.yml")}
    missing = sorted(sets - LIMITS.keys())
    figures = {name: score(ROOT / name).summary() for name in missing}
    assert not missing, f"add today's figures to LIMITS for: {figures}"


@pytest.mark.parametrize("name", sorted(LIMITS))
def test_the_detector_holds_todays_figures(name: str) -> None:
    """Any-reply and right-kind recall stay at or above, false alarms at or below, today's."""
    limits, got = LIMITS[name], score(ROOT / name)
    # Plain numbers in the asserts: pytest would print the Score, texts included, on failure.
    sizes, counts = (got.risk, got.benign), (got.any_reply, got.right_kind, got.false_alarms)
    assert sizes == (limits.risk, limits.benign), "the set changed; see MANIFEST"
    report = f"{name}: {got.summary()}"
    if read_manifest()[name].purpose == "development":  # a final set's texts are never shown
        report += (
            "\nmissed:\n  "
            + "\n  ".join(got.missed)
            + "\nwrong kind:\n  "
            + "\n  ".join(got.wrong_kind)
            + "\nfalse alarms:\n  "
            + "\n  ".join(got.alarms)
        )
    any_reply, right_kind, false_alarms = counts
    assert any_reply >= limits.any_reply, report
    assert right_kind >= limits.right_kind, report
    assert false_alarms <= limits.false_alarms, report

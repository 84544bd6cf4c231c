"""Every response and action the code names exists in the domain, and the other way round."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]


def domain() -> tuple[set[str], set[str]]:
    responses: set[str] = set()
    actions: set[str] = set()
    for path in (REPO / "domain").glob("*.yml"):
        data = yaml.safe_load(path.read_text())
        responses.update((data.get("responses") or {}).keys())
        actions.update(data.get("actions") or [])
    return responses, actions


def test_responses_sent_by_actions_exist() -> None:
    """A response named in actions/ but missing from the domain would send nothing."""
    responses, _ = domain()
    named = set()
    for path in (REPO / "actions").rglob("*.py"):
        named.update(re.findall(r'response="(utter_\w+)"', path.read_text()))
    assert named, "no responses found in actions/"
    assert sorted(named - responses) == []


def test_custom_actions_are_declared_and_implemented() -> None:
    """Each action in the domain has a class whose name() returns it, and vice versa."""
    _, declared = domain()
    custom = {a for a in declared if not a.startswith("utter_")}
    implemented = set()
    for path in (REPO / "actions").rglob("*.py"):
        implemented.update(re.findall(r'return "((?:action|validate)_\w+)"', path.read_text()))
    assert custom == implemented

"""What make derives from the cards: NLU data, the coverage page, the report, a new card."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from knowledge import KnowledgeError, Recommendation, load, load_recommendations
from knowledge.cli import COVERAGE_FILE, RECOMMENDATIONS_FILE
from knowledge.derived import (
    KNOWLEDGE_INTENT,
    card_skeleton,
    content_report,
    coverage_markdown,
    nlu_yaml,
    report_text,
)
from knowledge.loader import ROOT, load_card


def test_nlu_data_has_every_example_once_tagged_with_its_card() -> None:
    """The generated NLU file trains ask_knowledge on every card's examples, card as metadata."""
    kb = load()
    text = nlu_yaml(kb)
    assert text.startswith("# Generated")
    blocks = yaml.safe_load(text)["nlu"]
    assert {block["intent"] for block in blocks} == {KNOWLEDGE_INTENT}
    by_card = {block["metadata"]["card"]: block for block in blocks}
    assert by_card.keys() == kb.cards.keys()
    for card in kb.cards.values():
        lines = [line[2:] for line in by_card[card.id]["examples"].splitlines()]
        assert lines == card.examples
        assert by_card[card.id]["metadata"]["topic"] == card.topic
        # The ranker indexes the title and answer too: they must survive YAML intact.
        assert by_card[card.id]["metadata"]["title"] == card.title
        assert by_card[card.id]["metadata"]["answer"] == card.answer


def test_coverage_page_is_current() -> None:
    """knowledge/COVERAGE.md is what `make knowledge` generates from today's files."""
    kb = load()
    expected = coverage_markdown(kb, load_recommendations(RECOMMENDATIONS_FILE, kb.sources))
    assert COVERAGE_FILE.read_text() == expected, "run `make knowledge`"


def test_coverage_marks_a_recommendation_without_cards() -> None:
    """A recommendation whose cards do not exist shows as uncovered."""
    kb = load()
    orphan = Recommendation(id="x", source="mha_2019", recommends="pay a living wage", cards=["no"])
    page = coverage_markdown(kb, [orphan])
    assert "0 of 1 recommendations" in page and "**none**" in page


def test_content_report_lists_stale_uncovered_and_no_supervisor_variant() -> None:
    """The report flags cards older than a year, uncovered recommendations, missing variants."""
    kb = load()
    orphan = Recommendation(id="orphan", source="mha_2019", recommends="something we say", cards=[])
    newest = max(card.last_reviewed for card in kb.cards.values())
    soon = content_report(kb, [orphan], newest + timedelta(days=30))
    assert soon.stale == [] and [r.id for r in soon.uncovered] == ["orphan"]
    later = content_report(kb, [], newest + timedelta(days=400))
    assert {card.id for card in later.stale} == set(kb.cards)
    for card in soon.without_supervisor_variant:
        assert card.audience == "both" and not card.has_supervisor_variant
    assert "orphan" in report_text(soon, newest)


def test_card_skeleton_is_named_and_must_be_filled_in(tmp_path: Path) -> None:
    """`make card` writes a skeleton that does not validate until its TODOs are replaced."""
    kb = load()
    text = card_skeleton("gifts_at_the_holidays", kb, date(2026, 12, 3))
    path = tmp_path / "gifts_at_the_holidays.yml"
    path.write_text(text)
    assert yaml.safe_load(text)["id"] == "gifts_at_the_holidays"
    with pytest.raises(KnowledgeError, match=r"gifts_at_the_holidays\.yml: field "):
        load_card(path, kb.sources, kb.topics)


@pytest.mark.parametrize("name", ["Bad Name", "", "pay"])
def test_card_skeleton_refuses_bad_or_taken_names(name: str) -> None:
    """A name that is no snake_case id, or an existing card, is refused."""
    with pytest.raises(ValueError):
        card_skeleton(name, load(), date(2026, 12, 3))


def test_cards_directory_is_the_only_list_of_cards() -> None:
    """topics.yml lists topics only: a card is added by adding its file."""
    topics = yaml.safe_load((ROOT / "topics.yml").read_text())["topics"]
    assert all(set(topic) == {"id", "label"} for topic in topics)


def _intent_counts(blocks: list[dict[str, object]], counts: dict[str, int]) -> None:
    for block in blocks:
        if "intent" in block:
            examples = [line for line in str(block["examples"]).splitlines() if line.strip()]
            counts[str(block["intent"])] = counts.get(str(block["intent"]), 0) + len(examples)


def test_domain_intents_have_training_data_and_no_card_needs_its_own() -> None:
    """Every domain intent has examples (hand-kept or generated); cards add no intents."""
    repo = ROOT.parent
    counts: dict[str, int] = {}
    for path in (repo / "data" / "nlu").rglob("*.yml"):
        if path.name != "knowledge.yml":  # generated; rebuilt below from the cards
            _intent_counts(yaml.safe_load(path.read_text()).get("nlu", []), counts)
    _intent_counts(yaml.safe_load(nlu_yaml(load()))["nlu"], counts)
    intents: set[str] = set()
    for path in (repo / "domain").glob("*.yml"):
        intents.update(yaml.safe_load(path.read_text()).get("intents", []))
    # crisis_check is set only by the safety component, never learned (see test_loader.py);
    # feedback only by the vote buttons under an answer (peerline_core/feedback.py).
    learned = intents - {"crisis_check", "feedback"}
    assert sorted(i for i in learned if counts.get(i, 0) < 5) == []
    assert KNOWLEDGE_INTENT in intents
    assert not {f"ask_{card}" for card in load().cards} & intents


def test_answers_are_not_copied_into_the_domain() -> None:
    """Answer text lives only in the cards: no domain response repeats a card's answer."""
    domain_text = " ".join(
        " ".join(path.read_text().split()) for path in (ROOT.parent / "domain").glob("*.yml")
    )
    for card in load().cards.values():
        assert card.answer[:60] not in domain_text, card.id

"""The entry-family figures of the evaluation report on a set labelled with retired entries."""

from __future__ import annotations

from benchmarks.eval_report import (
    Prediction,
    family_score,
    labelled_by_entry,
    read_entry_families,
)
from knowledge import get_knowledge

FAMILIES = {"certification": frozenset({"certification", "how_to_get_certified"})}


def test_an_answer_from_the_entry_family_counts_as_right() -> None:
    """A narrower card of the expected entry's family is a hit; another card or a decline
    is not; the top 3 hits when any family card is in it."""
    questions = [{"expect": "certification"}] * 3 + [{"expect": "out_of_scope"}]
    predictions = [
        Prediction("how_to_get_certified", ["how_to_get_certified", "pay"]),
        Prediction("pay", ["pay", "certification"]),
        Prediction(None, ["pay"]),
        Prediction(None, []),
    ]
    assert family_score(questions, predictions, FAMILIES) == {
        "hit_at_1": round(1 / 3, 3),
        "hit_at_3": round(2 / 3, 3),
    }


def test_only_sets_labelled_by_entries_get_family_figures() -> None:
    """A set whose labels include a card that is no entry is scored card by card only."""
    assert labelled_by_entry([{"expect": "certification"}, {"expect": "out_of_scope"}], FAMILIES)
    assert not labelled_by_entry([{"expect": "how_to_get_certified"}], FAMILIES)


def test_every_family_card_exists() -> None:
    """knowledge/entry_families.yml names only cards that exist, one family per entry."""
    families = read_entry_families()
    cards = get_knowledge().cards
    assert len(families) == 24
    assert all(entry in cards and entry in family for entry, family in families.items())
    assert {card for family in families.values() for card in family} <= set(cards)

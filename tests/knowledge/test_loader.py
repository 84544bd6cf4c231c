"""The cards load, every card is cited, and a bad card fails naming its file and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from knowledge import KnowledgeError, load, load_recommendations
from knowledge.loader import MIN_EXAMPLES, ROOT, Source, count_sentences, normalise_question

REPO = ROOT.parent


def test_every_card_loads_and_cites_a_known_source() -> None:
    """Each card has at least one source, and every source key resolves."""
    kb = load()
    assert len(kb.cards) >= 24
    for card in kb.cards.values():
        sources = kb.sources_of(card)
        assert sources, card.id
        assert all(source.title and source.publisher and source.year for source in sources)


def test_todays_entries_survive_as_cards() -> None:
    """The 24 former entry ids are card ids (the final evaluation set is labelled with them)."""
    kb = load()
    labels = {
        q["expect"]
        for q in yaml.safe_load((REPO / "tests/eval/final_questions.yml").read_text())["questions"]
    }
    assert sorted(labels - {"out_of_scope"} - kb.cards.keys()) == []


def test_answers_are_two_to_six_sentences_and_examples_enough() -> None:
    """Every answer and variant is short enough for a chat; every card has 8+ examples."""
    for card in load().cards.values():
        texts = [card.answer]
        if card.variants:
            texts += [t for t in (card.variants.peer, card.variants.supervisor) if t]
        for text in texts:
            assert 2 <= count_sentences(text) <= 6, card.id
        assert len(card.examples) >= MIN_EXAMPLES, card.id


def test_role_variants_are_chosen_by_role() -> None:
    """A card with both variants answers peers and supervisors differently, others generally."""
    card = load().cards["supervision"]
    assert card.variants is not None and card.variants.peer and card.variants.supervisor
    assert card.answer_for("peer") == card.variants.peer
    assert card.answer_for("supervisor") == card.variants.supervisor
    assert card.answer_for(None) == card.answer


def _copy_kb(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def _edit_card(root: Path, card_id: str = "pay", **changes: object) -> Path:
    path = root / "cards" / f"{card_id}.yml"
    data = yaml.safe_load(path.read_text())
    data.update(changes)
    for key, value in list(data.items()):
        if value is None:
            del data[key]
    path.write_text(yaml.safe_dump(data))
    return path


def _fails(root: Path, *expected: str) -> None:
    with pytest.raises(KnowledgeError) as error:
        load(root)
    for part in expected:
        assert part in str(error.value)


def test_missing_sources_names_file_and_field(tmp_path: Path) -> None:
    """A card without sources is rejected, naming the file and the field."""
    root = _copy_kb(tmp_path)
    path = _edit_card(root, sources=None)
    _fails(root, str(path), "field sources")


def test_unknown_source_key_is_rejected(tmp_path: Path) -> None:
    """Citing a source that sources.yml does not define fails."""
    root = _copy_kb(tmp_path)
    path = _edit_card(root, sources=["no_such_source"])
    _fails(root, str(path), "field sources", "unknown source 'no_such_source'")


def test_unknown_related_card_is_rejected(tmp_path: Path) -> None:
    """A related id that is no card fails, naming the file and field."""
    root = _copy_kb(tmp_path)
    path = _edit_card(root, related=["no_such_card"])
    _fails(root, str(path), "field related", "'no_such_card'")


def test_unknown_topic_is_rejected(tmp_path: Path) -> None:
    """A topic that topics.yml does not list fails."""
    root = _copy_kb(tmp_path)
    path = _edit_card(root, topic="gardening")
    _fails(root, str(path), "field topic", "'gardening'")


def test_answer_and_variant_sentence_budgets(tmp_path: Path) -> None:
    """Seven sentences in an answer, or one in a variant, fail with the field named."""
    root = _copy_kb(tmp_path)
    path = _edit_card(root, answer="One. Two. Three. Four. Five. Six. Seven.")
    _fails(root, str(path), "field answer", "7 sentences")
    root = _copy_kb(tmp_path / "second")
    path = _edit_card(root, variants={"supervisor": "Only one sentence."})
    _fails(root, str(path), "field variants.supervisor", "1 sentences")


def test_fewer_than_eight_examples_is_rejected(tmp_path: Path) -> None:
    """A card needs at least eight example questions."""
    root = _copy_kb(tmp_path)
    path = _edit_card(root, examples=[f"question number {n}" for n in range(7)])
    _fails(root, str(path), "field examples", "at least 8")


def test_duplicate_example_across_cards_names_both_files(tmp_path: Path) -> None:
    """The same question (up to case and punctuation) on two cards fails, naming both."""
    root = _copy_kb(tmp_path)
    taken = yaml.safe_load((root / "cards" / "supervision.yml").read_text())["examples"][0]
    examples = yaml.safe_load((root / "cards" / "pay.yml").read_text())["examples"]
    path = _edit_card(root, examples=[*examples, taken.upper() + "?!"])
    with pytest.raises(KnowledgeError) as error:
        load(root)
    message = str(error.value)
    assert "field examples" in message and "supervision.yml" in message
    assert str(path) in message or str(root / "cards" / "supervision.yml") in message


def test_duplicate_example_within_a_card_is_rejected(tmp_path: Path) -> None:
    """A card repeating one of its own questions fails on its examples field."""
    root = _copy_kb(tmp_path)
    examples = yaml.safe_load((root / "cards" / "pay.yml").read_text())["examples"]
    path = _edit_card(root, examples=[*examples, examples[0] + "."])
    _fails(root, str(path), "field examples", "repeats")


def test_entity_markup_in_an_example_is_rejected(tmp_path: Path) -> None:
    """Square or curly brackets would be read by Rasa as entity markup."""
    root = _copy_kb(tmp_path)
    examples = yaml.safe_load((root / "cards" / "pay.yml").read_text())["examples"]
    path = _edit_card(root, examples=[*examples, "what does a [cps] earn"])
    _fails(root, str(path), "field examples", "entity markup")


def test_id_must_match_the_file_name(tmp_path: Path) -> None:
    """A card's id is its file's stem, so ids cannot collide."""
    root = _copy_kb(tmp_path)
    path = _edit_card(root, id="wages")
    _fails(root, str(path), "field id")


def test_unknown_field_and_broken_yaml_name_the_file(tmp_path: Path) -> None:
    """A misspelt field, or a file that is not YAML, is reported by path."""
    root = _copy_kb(tmp_path)
    path = _edit_card(root, sorces=["mha_2019"])
    _fails(root, str(path), "field sorces")
    broken = root / "cards" / "broken.yml"
    broken.write_text("id: [unclosed\n")
    _fails(root, "broken.yml")


def test_normalised_questions_ignore_case_and_punctuation() -> None:
    """Duplicates are caught up to case, punctuation and spacing."""
    assert normalise_question("  What's the PAY?? ") == normalise_question("whats the pay")
    assert normalise_question("what's the pay") != normalise_question("what is the pay")


def test_recommendations_load_and_name_bad_fields(tmp_path: Path) -> None:
    """Recommendations need a known source; the error names the file and the field."""
    kb = load()
    assert load_recommendations(ROOT / "recommendations.yml", kb.sources)
    path = tmp_path / "recommendations.yml"
    path.write_text(
        yaml.safe_dump(
            {"recommendations": [{"id": "x", "source": "nope", "recommends": "something useful"}]}
        )
    )
    with pytest.raises(KnowledgeError, match=r"recommendations\.yml.*field source"):
        load_recommendations(path, kb.sources)


def _nlu_intents() -> dict[str, int]:
    counts: dict[str, int] = {}
    for path in (REPO / "data" / "nlu").rglob("*.yml"):
        for block in yaml.safe_load(path.read_text()).get("nlu", []):
            if "intent" in block:
                examples = [line for line in block["examples"].splitlines() if line.strip()]
                counts[block["intent"]] = counts.get(block["intent"], 0) + len(examples)
    return counts


def _domain_intents() -> set[str]:
    intents: set[str] = set()
    for path in (REPO / "domain").glob("*.yml"):
        intents.update(yaml.safe_load(path.read_text()).get("intents", []))
    return intents


# Intents only an NLU component or a button payload sets, never DIET: the safety tiers'
# check question, and an answer's vote (peerline_core/feedback.py).
COMPONENT_INTENTS = frozenset({"crisis_check", "feedback"})


def test_intents_set_by_components_have_no_training_examples() -> None:
    """DIET must not learn an intent a component decides (it would bypass the decision)."""
    nlu = _nlu_intents()
    assert _domain_intents() >= COMPONENT_INTENTS
    assert sorted(intent for intent in COMPONENT_INTENTS if intent in nlu) == []


def test_every_seed_recommendation_has_a_card() -> None:
    """Coverage: each recommendation in recommendations.yml names at least one existing card."""
    kb = load()
    recommendations = load_recommendations(ROOT / "recommendations.yml", kb.sources)
    uncovered = [r.id for r in recommendations if not any(i in kb.cards for i in r.cards)]
    assert uncovered == []


@pytest.mark.parametrize("held_out", ["final_questions.yml", "cards_final.yml"])
def test_no_held_out_question_is_a_card_example(held_out: str) -> None:
    """Training data never includes an evaluation item (up to case and punctuation)."""
    path = REPO / "tests" / "eval" / held_out
    questions = {
        normalise_question(q["text"]) for q in yaml.safe_load(path.read_text())["questions"]
    }
    examples = {normalise_question(e): c.id for c in load().cards.values() for e in c.examples}
    assert sorted(examples[q] for q in questions if q in examples) == []


@pytest.mark.parametrize(
    ("publisher", "short"),
    [
        ("National Association of Peer Supporters (N.A.P.S., then iNAPS)", "N.A.P.S. 2013"),
        ("National Association of Peer Supporters (N.A.P.S.)", "N.A.P.S. 2013"),
        ("Mental Health America", "Mental Health America 2013"),
        (
            "Substance Abuse and Mental Health Services Administration, HHS",
            "Substance Abuse and Mental Health Services Administration 2013",
        ),
    ],
)
def test_the_short_source_is_the_acronym_or_the_name_and_the_year(
    publisher: str, short: str
) -> None:
    """A source line never shows half a bracket: an acronym followed by more words still counts."""
    assert Source(title="A title", publisher=publisher, year=2013).short() == short

"""The knowledge base loads, every entry is cited, and the NLU/domain stay in step with it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from knowledge import KnowledgeError, load
from knowledge.loader import ROOT, count_sentences

REPO = ROOT.parent


def test_every_entry_loads_and_cites_a_known_source() -> None:
    """Each entry has at least one source, and every source key resolves."""
    kb = load()
    assert len(kb.entries) >= 20
    for entry in kb.entries.values():
        sources = kb.sources_of(entry)
        assert sources, entry.id
        assert all(source.title and source.publisher and source.year for source in sources)


def test_answers_are_two_to_six_sentences() -> None:
    """Every answer and audience variant is short enough to read in a chat."""
    for entry in load().entries.values():
        texts = [entry.answer]
        if entry.variants:
            texts += [t for t in (entry.variants.peer, entry.variants.supervisor) if t]
        for text in texts:
            assert 2 <= count_sentences(text) <= 6, entry.id


def test_background_checks_and_supervision_have_role_variants() -> None:
    """The two topics where peers and supervisors need different advice have both variants."""
    kb = load()
    for entry_id in ("background_checks", "supervision"):
        variants = kb.entries[entry_id].variants
        assert variants is not None and variants.peer and variants.supervisor
        assert kb.entries[entry_id].answer_for("peer") == variants.peer
        assert kb.entries[entry_id].answer_for("supervisor") == variants.supervisor
        assert kb.entries[entry_id].answer_for(None) == kb.entries[entry_id].answer


def _copy_kb(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def _edit_first_entry(root: Path, **changes: object) -> Path:
    path = sorted((root / "entries").glob("*.yml"))[0]
    data = yaml.safe_load(path.read_text())
    data["entries"][0].update(changes)
    for key, value in list(data["entries"][0].items()):
        if value is None:
            del data["entries"][0][key]
    path.write_text(yaml.safe_dump(data))
    return path


def test_missing_sources_names_file_and_field(tmp_path: Path) -> None:
    """An entry without sources is rejected, naming the file and the field."""
    root = _copy_kb(tmp_path)
    path = _edit_first_entry(root, sources=None)
    with pytest.raises(KnowledgeError) as error:
        load(root)
    assert str(path) in str(error.value)
    assert ".sources" in str(error.value)


def test_unknown_source_key_is_rejected(tmp_path: Path) -> None:
    """Citing a source that sources.yml does not define fails."""
    root = _copy_kb(tmp_path)
    _edit_first_entry(root, sources=["no_such_source"])
    with pytest.raises(KnowledgeError, match="unknown source 'no_such_source'"):
        load(root)


def test_bad_audience_and_long_answer_are_rejected(tmp_path: Path) -> None:
    """Field-level validation covers the audience values and the sentence budget."""
    root = _copy_kb(tmp_path)
    _edit_first_entry(root, audience="everyone")
    with pytest.raises(KnowledgeError, match=r"\.audience"):
        load(root)
    root = _copy_kb(tmp_path / "second")
    _edit_first_entry(root, answer="One. Two. Three. Four. Five. Six. Seven.")
    with pytest.raises(KnowledgeError, match=r"\.answer: .*7 sentences"):
        load(root)


def test_broken_yaml_names_the_file(tmp_path: Path) -> None:
    """A file that is not YAML is reported by path."""
    root = _copy_kb(tmp_path)
    path = root / "entries" / "broken.yml"
    path.write_text("entries: [unclosed\n")
    with pytest.raises(KnowledgeError, match=r"broken\.yml"):
        load(root)


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


def test_every_entry_has_training_data_and_a_domain_intent() -> None:
    """Each entry's ask_<id> intent has enough NLU examples and is in the domain."""
    kb = load()
    nlu, domain = _nlu_intents(), _domain_intents()
    for entry in kb.entries.values():
        assert nlu.get(entry.intent, 0) >= 15, entry.intent
        assert entry.intent in domain, entry.intent
    asks = {intent for intent in nlu if intent.startswith("ask_")}
    assert asks == {entry.intent for entry in kb.entries.values()}


def test_answers_are_not_copied_into_the_domain() -> None:
    """Answer text lives only in knowledge/: no domain response repeats an entry's answer."""
    domain_text = " ".join(
        " ".join(path.read_text().split()) for path in (REPO / "domain").glob("*.yml")
    )
    for entry in load().entries.values():
        assert entry.answer[:60] not in domain_text, entry.id


# Intents only an NLU component sets, never DIET: the safety tiers' check question.
COMPONENT_INTENTS = frozenset({"crisis_check"})


def test_every_domain_intent_has_training_examples() -> None:
    """Rasa's validator only warns about domain intents without data; here it fails."""
    nlu = _nlu_intents()
    learned = _domain_intents() - COMPONENT_INTENTS
    missing = sorted(intent for intent in learned if nlu.get(intent, 0) < 5)
    assert missing == []


def test_intents_set_by_components_have_no_training_examples() -> None:
    """DIET must not learn an intent a component decides (it would bypass the decision)."""
    nlu = _nlu_intents()
    assert _domain_intents() >= COMPONENT_INTENTS
    assert sorted(intent for intent in COMPONENT_INTENTS if intent in nlu) == []

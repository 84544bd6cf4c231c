"""The risk encoder's training examples: NLU intents, exemplar files and labelled sets."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.risk_data import coarse, exemplar_examples, gather, nlu_examples, plain, set_examples


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def nlu_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "nlu"
    directory.mkdir()
    write(
        directory / "safety.yml",
        "nlu:\n- intent: crisis_self\n  examples: |\n    - i want to end it\n"
        "- intent: crisis_client\n  examples: |\n    - my [client](role) has a rope\n"
        "- synonym: nurse\n  examples: |\n    - rn\n",
    )
    write(
        directory / "knowledge.yml",
        "nlu:\n- intent: ask_knowledge\n  examples: |\n    - q1\n    - q2\n    - q3\n    - q4\n",
    )
    return directory


def test_plain_drops_entity_annotations() -> None:
    """Both of Rasa's annotation forms give back the annotated words."""
    assert plain('my [client](role) in [CA]{"entity": "us_state"}') == "my client in CA"


def test_nlu_crisis_intents_are_risk_and_every_other_intent_benign(nlu_dir: Path) -> None:
    """crisis_self is self, crisis_client client, the rest benign; synonyms are no examples."""
    examples = nlu_examples(nlu_dir)
    assert ("i want to end it", "self") in examples
    assert ("my client has a rope", "client") in examples
    assert ("q1", "benign") in examples
    assert all(text != "rn" for text, _ in examples)


def test_thin_keeps_every_nth_example_of_the_named_file(nlu_dir: Path) -> None:
    """{"knowledge.yml": 2} keeps q1 and q3 of four, and every example of the other files."""
    texts = [text for text, _ in nlu_examples(nlu_dir, {"knowledge.yml": 2})]
    assert [t for t in texts if t.startswith("q")] == ["q1", "q3"]
    assert "i want to end it" in texts


def test_exemplars_by_category_keep_the_category_only_when_fine(tmp_path: Path) -> None:
    """A grouped label becomes label/category with fine, the bare label without."""
    path = write(tmp_path / "ex.yml", "self:\n  goodbye: [see you never]\nbenign: [hi there]\n")
    assert exemplar_examples(path) == [("hi there", "benign"), ("see you never", "self")]
    assert exemplar_examples(path, fine=True) == [
        ("hi there", "benign"),
        ("see you never", "self/goodbye"),
    ]
    assert coarse("self/goodbye") == "self"


def test_an_empty_exemplar_names_the_file(tmp_path: Path) -> None:
    """A blank exemplar is an error naming the file."""
    path = write(tmp_path / "bad.yml", "self: ['  ']\n")
    with pytest.raises(ValueError, match=r"bad\.yml"):
        exemplar_examples(path)


def test_a_set_item_without_a_known_label_names_the_file(tmp_path: Path) -> None:
    """Labelled sets need benign, self or client."""
    path = write(tmp_path / "set.yml", "utterances:\n  - {text: hello, label: maybe}\n")
    with pytest.raises(ValueError, match=r"set\.yml"):
        set_examples(path)


def test_gather_keeps_the_first_of_repeated_texts(nlu_dir: Path, tmp_path: Path) -> None:
    """A text repeated (case and spaces aside) in a later source is dropped."""
    labelled = write(
        tmp_path / "set.yml",
        "utterances:\n  - {text: 'I want to  END it', label: benign}\n"
        "  - {text: new one, label: client}\n",
    )
    examples = gather(nlu_dir, [], [labelled])
    assert [label for text, label in examples if text.lower().startswith("i want")] == ["self"]
    assert ("new one", "client") in examples

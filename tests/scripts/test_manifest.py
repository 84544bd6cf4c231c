"""Every judging set is frozen in tests/eval/MANIFEST.yml; a changed set fails until recorded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scripts import manifest
from scripts.manifest import MANIFEST, ManifestError, problems, read_manifest, set_items


def test_every_judging_set_is_listed_and_unchanged() -> None:
    """The repository's sets match their manifest entries: count, hash, purpose and reason."""
    found = problems()
    assert not found, "\n".join(found)
    entries = read_manifest()
    assert {entry.purpose for entry in entries.values()} == {"development", "final"}
    assert all(entry.reason for entry in entries.values())


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the repository's sets and manifest, with the CLI pointed at it."""
    for folder in ("tests/eval", "tests/safety", "tests/peerline_core"):
        shutil.copytree(manifest.ROOT / folder, tmp_path / folder)
    monkeypatch.setattr(manifest, "ROOT", tmp_path)
    monkeypatch.chdir(tmp_path)
    assert problems(tmp_path) == []
    return tmp_path


def test_a_changed_final_set_fails_until_its_entry_is_updated_with_a_reason(repo: Path) -> None:
    """Editing one word of a final set is caught; `update --reason` records it and clears it."""
    final = repo / "tests/safety/holdout_utterances.yml"
    final.write_text(final.read_text().replace("tired", "tyred", 1))
    found = problems(repo)
    assert len(found) == 1
    assert "tests/safety/holdout_utterances.yml (final) changed" in found[0]
    assert manifest.main(["check"]) == 1

    assert manifest.main(["update", str(final), "--reason", " "]) == 1  # a reason is required
    assert problems(repo) == found
    assert manifest.main(["update", str(final), "--reason", "typo planted by a test"]) == 0
    assert problems(repo) == []
    assert read_manifest(repo)["tests/safety/holdout_utterances.yml"].reason == (
        "typo planted by a test"
    )


def test_removing_an_item_changes_the_count(repo: Path) -> None:
    """A set that loses an item no longer matches its entry's count."""
    final = repo / "tests/eval/final_questions.yml"
    lines = final.read_text().splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.lstrip().startswith("- text:"))
    final.write_text("".join(lines[:first] + lines[first + 3 :]))
    (message,) = problems(repo)
    assert "258 items, now 257" in message


def test_a_new_set_must_be_added_in_one_command(repo: Path) -> None:
    """An unlisted set fails with the command that lists it; after `add` it passes."""
    new = repo / "tests/safety/final_holdout.yml"
    new.write_text('utterances:\n  - {text: "planted", label: benign}\n')
    (message,) = problems(repo)
    assert "python -m scripts.manifest add tests/safety/final_holdout.yml" in message
    command = ["add", "tests/safety/final_holdout.yml", "--purpose", "final", "--reason", "new"]
    assert manifest.main(command) == 0
    assert problems(repo) == []
    entry = read_manifest(repo)["tests/safety/final_holdout.yml"]
    assert (entry.purpose, entry.items) == ("final", 1)
    assert manifest.main(command) == 1  # already listed


def test_a_listed_set_that_disappears_fails(repo: Path) -> None:
    """Deleting a frozen set is a change too."""
    (repo / "tests/eval/questions.yml").unlink()
    (message,) = problems(repo)
    assert "tests/eval/questions.yml is listed" in message and "missing" in message


def test_a_file_without_items_is_not_taken_for_a_set(tmp_path: Path) -> None:
    """A YAML file in a set folder with no items is an error, not an empty set."""
    path = tmp_path / "notes.yml"
    path.write_text("comment: nothing here\n")
    with pytest.raises(ManifestError, match="no list of items"):
        set_items(path)


def test_an_entry_with_an_unknown_purpose_is_refused(repo: Path) -> None:
    """Only development and final are purposes."""
    path = repo / MANIFEST
    path.write_text(path.read_text().replace("purpose: final", "purpose: tuning", 1))
    with pytest.raises(ManifestError, match="purpose must be one of"):
        read_manifest(repo)

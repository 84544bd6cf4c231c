"""Note keys: one reading of PEERLINE_NOTE_KEYS for Rasa's process and the action server."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from peerline_core.keys import NoteKeyError, note_keys, parse_note_keys


def test_configured_keys_come_newest_first_and_skip_blanks(tmp_path: Path) -> None:
    """The list keeps its order, ignores spaces and empty items, and writes no local key."""
    new, old = Fernet.generate_key(), Fernet.generate_key()
    env = {"PEERLINE_NOTE_KEYS": f" {new.decode()} ,, {old.decode()},"}
    assert note_keys(tmp_path, env) == [new, old]
    assert not (tmp_path / "note.key").exists()


def test_unset_keys_fall_back_to_one_local_key(tmp_path: Path) -> None:
    """Unset (or blank), the key in var/note.key is made once, mode 0600, and reused."""
    (first,) = note_keys(tmp_path, {})
    assert note_keys(tmp_path, {"PEERLINE_NOTE_KEYS": " "}) == [first]
    assert (tmp_path / "note.key").stat().st_mode & 0o777 == 0o600
    Fernet(first)


def test_a_key_that_is_not_fernet_is_refused_by_position() -> None:
    """A wrong key stops start-up naming the variable and which key, never its value."""
    good = Fernet.generate_key().decode()
    with pytest.raises(NoteKeyError, match="PEERLINE_NOTE_KEYS: key 2") as refused:
        parse_note_keys(f"{good},not-a-key")
    assert "not-a-key" not in str(refused.value)

"""Pseudonyms are stable and secret-keyed; notes round-trip and survive key rotation."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from peerline_core.privacy import NoteCipher, local_key, pseudonym


def test_pseudonym_is_stable_keyed_and_not_the_id() -> None:
    """Same secret and id give the same key; another secret or channel gives another."""
    a = pseudonym(b"s1", "telegram", "12345")
    assert a == pseudonym(b"s1", "telegram", "12345")
    assert a != pseudonym(b"s2", "telegram", "12345")
    assert a != pseudonym(b"s1", "rest", "12345")
    assert "12345" not in a and len(a) == 64


def test_note_survives_key_rotation() -> None:
    """A note encrypted under an old key decrypts after a new key is put first, and rotates."""
    old, new = Fernet.generate_key(), Fernet.generate_key()
    token = NoteCipher([old]).encrypt("tired but ok")
    rotated_cipher = NoteCipher([new, old])
    assert rotated_cipher.decrypt(token) == "tired but ok"
    rotated = rotated_cipher.rotate(token)
    assert NoteCipher([new]).decrypt(rotated) == "tired but ok"
    with pytest.raises(ValueError, match="cannot be decrypted"):
        NoteCipher([Fernet.generate_key()]).decrypt(token)


def test_local_key_is_created_once_and_private(tmp_path: Path) -> None:
    """The development key file is made on first use with mode 0600 and then reused."""
    path = tmp_path / "var" / "note.key"
    key = local_key(path)
    assert local_key(path) == key
    assert path.stat().st_mode & 0o777 == 0o600
    Fernet(key)

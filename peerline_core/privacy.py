"""Pseudonymous user keys and encrypted notes."""

from __future__ import annotations

import hashlib
import hmac
import os
import time
from collections.abc import Callable
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


def pseudonym(secret: bytes, channel: str, sender_id: str) -> str:
    """A stable, non-reversible key for a user: HMAC-SHA256 of channel and sender id."""
    message = f"{channel}\x1f{sender_id}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


class NoteCipher:
    """Encrypts check-in notes with the newest key; decrypts with any listed key."""

    def __init__(self, keys: list[bytes]) -> None:
        if not keys:
            raise ValueError("at least one note key is needed")
        self._fernet = MultiFernet([Fernet(key) for key in keys])

    def encrypt(self, note: str) -> bytes:
        return self._fernet.encrypt(note.encode("utf-8"))

    def decrypt(self, token: bytes) -> str:
        try:
            return self._fernet.decrypt(token).decode("utf-8")
        except InvalidToken:
            raise ValueError("note cannot be decrypted with the configured keys") from None

    def rotate(self, token: bytes) -> bytes:
        """Re-encrypt ``token`` under the newest key (docs/security.md: note keys and rotation)."""
        return self._fernet.rotate(token)


def local_key(path: Path) -> bytes:
    """The development note key in ``path``, created (mode 0600) on first use."""
    return local_secret(path, Fernet.generate_key, "PEERLINE_NOTE_KEYS")


def local_secret(path: Path, make: Callable[[], bytes], variable: str) -> bytes:
    """The secret in ``path``; ``make`` writes it there (mode 0600) on first use.

    Rasa and the action server may both be first: only one creates the file, and the
    other waits until it has been written.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(make())
    for _ in range(50):
        secret = path.read_bytes().strip()
        if secret:
            return secret
        time.sleep(0.02)
    raise ValueError(f"{path} is empty: delete it, or set {variable}")

"""The secrets every process must agree on: the note keys and the pseudonym secret.

Rasa's tracker store seals check-in notes and the action server encrypts and opens
them, so both read ``PEERLINE_NOTE_KEYS`` through ``note_keys``, here and nowhere else.
The Telegram bridge and the action server key pseudonyms with the same secret; each
settings object reads it under ``PSEUDONYM_SECRET`` with the same development default.
"""

from __future__ import annotations

import binascii
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from cryptography.fernet import Fernet

from peerline_core.privacy import local_key

NOTE_KEYS = "PEERLINE_NOTE_KEYS"
LOCAL_NOTE_KEY = "note.key"
PSEUDONYM_SECRET: Final = "PEERLINE_PSEUDONYM_SECRET"  # noqa: S105  # a variable name, not a secret
DEVELOPMENT_PSEUDONYM_SECRET = "peerline-development-only-secret"  # noqa: S105  # documented


class NoteKeyError(ValueError):
    """``PEERLINE_NOTE_KEYS`` holds something that is not a Fernet key."""


def parse_note_keys(raw: str) -> list[bytes]:
    """Comma-separated Fernet keys, newest first; blanks between commas are ignored."""
    keys = [key.strip().encode() for key in raw.split(",") if key.strip()]
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, binascii.Error):
            raise NoteKeyError(
                f"{NOTE_KEYS}: key {position} is not a Fernet key (32 url-safe base64 bytes)"
            ) from None
    return keys


def note_keys(var_dir: Path, env: Mapping[str, str] | None = None) -> list[bytes]:
    """The configured note keys, or the local development key in ``var_dir`` when unset."""
    env = os.environ if env is None else env
    configured = parse_note_keys(env.get(NOTE_KEYS, ""))
    return configured or [local_key(var_dir / LOCAL_NOTE_KEY)]

"""The settings of our code in Rasa's process: defaults, overrides, clear refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.rasa_ext.settings import EdgeSettings, EdgeSettingsError


def test_defaults_need_no_variables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With nothing set, the limits are the documented ones and a local key is created."""
    monkeypatch.delenv("PEERLINE_NOTE_KEYS", raising=False)
    settings = EdgeSettings.from_env({"PEERLINE_VAR_DIR": str(tmp_path)})
    assert (settings.rate_limit, settings.action_timeout_s) == ("30/minute", 6.0)
    assert settings.turn_timeout_s == 30.0
    assert settings.rate_limit_storage == "memory://"
    (key,) = settings.note_key_list()
    assert (tmp_path / "note.key").read_bytes().strip() == key
    assert (tmp_path / "note.key").stat().st_mode & 0o777 == 0o600


def test_configured_keys_and_limits_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """PEERLINE_NOTE_KEYS (newest first), the rate limit and the timeout are read."""
    new, old = Fernet.generate_key(), Fernet.generate_key()
    monkeypatch.setenv("PEERLINE_NOTE_KEYS", f"{new.decode()}, {old.decode()}")
    settings = EdgeSettings.from_env(
        {
            "PEERLINE_RATE_LIMIT": "5/second",
            "PEERLINE_RATE_LIMIT_STORAGE": "redis://127.0.0.1:6379/1",
            "PEERLINE_TURN_TIMEOUT_S": "2.5",
        }
    )
    assert settings.note_key_list() == [new, old]
    assert (settings.rate_limit, settings.turn_timeout_s) == ("5/second", 2.5)
    assert new.decode() not in repr(settings) and str(new) not in repr(settings)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PEERLINE_RATE_LIMIT", "lots"),
        ("PEERLINE_TURN_TIMEOUT_S", "soon"),
        ("PEERLINE_TURN_TIMEOUT_S", "0"),
        ("PEERLINE_TRACKER_CONNECT_TIMEOUT_S", "-1"),
    ],
)
def test_unusable_values_are_refused_naming_the_variable(name: str, value: str) -> None:
    """A bad value stops start-up with a message that names the variable."""
    with pytest.raises(EdgeSettingsError, match=name):
        EdgeSettings.from_env({name: value})

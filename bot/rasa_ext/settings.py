"""The one settings object of our code inside Rasa's process, read from the environment.

Rasa's environment pins pydantic 1, so this is a frozen dataclass that checks its own
values and fails at start with a sentence naming the variable.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from peerline_core.keys import note_keys


class EdgeSettingsError(ValueError):
    """A variable has a value Peerline cannot use."""


def _positive_float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise EdgeSettingsError(f"{name} must be a number of seconds, not {raw!r}") from None
    if value <= 0:
        raise EdgeSettingsError(f"{name} must be above 0, not {raw!r}")
    return value


@dataclass(frozen=True)
class EdgeSettings:
    """Configuration of the channels and tracker store (docs/security.md)."""

    var_dir: Path = Path("var")
    rate_limit: str = "30/minute"
    rate_limit_storage: str = "memory://"
    action_timeout_s: float = 6.0
    turn_timeout_s: float = 30.0
    max_body_bytes: int = 64 * 1024
    tracker_connect_timeout_s: float = 20.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> EdgeSettings:
        env = os.environ if env is None else env
        rate = env.get("PEERLINE_RATE_LIMIT", "").strip() or cls.rate_limit
        try:
            from limits import parse  # noqa: PLC0415  # only when settings are read

            parse(rate)
        except ValueError:
            raise EdgeSettingsError(
                f"PEERLINE_RATE_LIMIT must look like '30/minute', not {rate!r}"
            ) from None
        return cls(
            var_dir=Path(env.get("PEERLINE_VAR_DIR", "").strip() or "var"),
            rate_limit=rate,
            rate_limit_storage=env.get("PEERLINE_RATE_LIMIT_STORAGE", "").strip()
            or cls.rate_limit_storage,
            action_timeout_s=_positive_float(
                env, "PEERLINE_ACTION_TIMEOUT_S", cls.action_timeout_s
            ),
            turn_timeout_s=_positive_float(env, "PEERLINE_TURN_TIMEOUT_S", cls.turn_timeout_s),
            tracker_connect_timeout_s=_positive_float(
                env, "PEERLINE_TRACKER_CONNECT_TIMEOUT_S", cls.tracker_connect_timeout_s
            ),
        )

    def note_key_list(self) -> list[bytes]:
        """PEERLINE_NOTE_KEYS (peerline_core.keys), or the key file the action server uses."""
        return note_keys(self.var_dir)


@cache
def get_edge_settings() -> EdgeSettings:
    """The process-wide settings, read on first use (never at import time)."""
    return EdgeSettings.from_env()

"""scripts.scrub_dev scores development PII sets and never opens a final one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scripts import scrub_dev
from scripts.manifest import ROOT


def test_score_counts_leaking_and_changed_messages() -> None:
    """A surviving PII piece is a leak; any change to a clean message is damage."""
    found = scrub_dev.score(
        [
            {"text": "call me at (415) 555-0142", "pii": ["0142"]},
            {"text": "my client Priya Raman relapsed", "pii": ["Priya", "relapsed"]},
            {"text": "Is 1-800-662-HELP open on weekends?", "pii": []},
            {"text": "email me at jo@example.org", "pii": None},
        ]
    )
    assert (found.pii, found.leaks, found.clean, found.damaged) == (2, 1, 2, 1)
    assert [text for text, _ in found.leaked] == ["my client Priya Raman relapsed"]
    assert found.changed == [("email me at jo@example.org", "email me at [email]")]


def test_a_final_set_is_refused_before_it_is_read(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The final PII set is never opened: the manifest's purpose alone refuses it."""
    opened: list[str] = []
    read_text = Path.read_text

    def spy(self: Path, *args: Any, **kwargs: Any) -> str:
        opened.append(self.name)
        return read_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", spy)
    assert scrub_dev.main([str(ROOT / "tests/eval/pii_messages.yml")]) == 2
    assert "final set" in capsys.readouterr().err
    assert "MANIFEST.yml" in opened
    assert "pii_messages.yml" not in opened

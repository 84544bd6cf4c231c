"""Preflight stops with one sentence naming the problem: bad YAML, a taken port."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from scripts import preflight


def test_broken_yaml_is_named_with_its_line(tmp_path: Path) -> None:
    """A YAML syntax error names the file and line."""
    bad = tmp_path / "data" / "nlu.yml"
    bad.parent.mkdir()
    bad.write_text("nlu:\n- intent: greet\n  examples: |\n    - hi\n  - : [\n")
    with pytest.raises(preflight.PreflightError, match=r"nlu\.yml:\d+ is not valid YAML"):
        preflight.check_yaml(preflight.yaml_files(tmp_path, ["data"]))


def test_repository_data_is_valid_yaml() -> None:
    """Every data, domain and knowledge file in the repository parses."""
    files = list(preflight.yaml_files(preflight.ROOT))
    assert len(files) > 20
    preflight.check_yaml(files)


def test_taken_port_is_reported() -> None:
    """A port something listens on is reported with how to find the culprit."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        with pytest.raises(preflight.PreflightError, match=f"Port {port} .* already in use"):
            preflight.check_port_free("127.0.0.1", port)


def test_main_prints_one_sentence_and_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """main() turns a problem into exit code 1 and a single line on stderr."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        assert preflight.main(["--ports", str(port)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("Peerline cannot start: Port") and "\n" not in err

"""One real Rasa + action server for the whole integration session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from actions.storage.cli import migrate
from devtools.stack import REPO, Stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """A running stack on a trained model in models/ (`make integration` trains first)."""
    rasa_venv = os.environ.get("RASA_VENV")
    if not rasa_venv:
        pytest.fail("RASA_VENV is not set: run the integration tests with `make integration`.")
    if not any((REPO / "models").glob("*.tar.gz")):
        pytest.fail("No trained model in models/: run `make train` first.")
    workdir = tmp_path_factory.mktemp("stack")
    database_url = f"sqlite:///{workdir / 'peerline.db'}"
    migrate(database_url)
    running = Stack(workdir=workdir, rasa_venv=Path(rasa_venv), database_url=database_url)
    try:
        running.start_actions()
        running.start_rasa()
        yield running
    finally:
        running.stop()

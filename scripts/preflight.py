"""Checks made before Peerline starts, each failing with one sentence that names the fix.

A broken data file, a taken port or a missing Python would otherwise surface as a long
Rasa or Sanic traceback minutes into start-up.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
YAML_PLACES = ("config.yml", "endpoints.yml", "credentials.yml", "domain", "data", "knowledge")


class PreflightError(Exception):
    """A problem the user must fix before Peerline can start."""


def yaml_files(root: Path, places: Iterable[str] = YAML_PLACES) -> Iterator[Path]:
    """Every YAML file Rasa or our loaders will read."""
    for place in places:
        path = root / place
        if path.is_file():
            yield path
        elif path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in {".yml", ".yaml"})


def check_yaml(paths: Iterable[Path]) -> None:
    """Fail on the first file that is not valid YAML, naming the file and line."""
    for path in paths:
        try:
            yaml.safe_load(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            raise PreflightError(f"{path} is not UTF-8 text: re-save it as UTF-8.") from None
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark
            where = f"{path}:{mark.line + 1}" if mark else str(path)
            raise PreflightError(
                f"{where} is not valid YAML ({error.problem}): fix that line and run again."
            ) from None


def check_port_free(host: str, port: int) -> None:
    """Fail when something already listens on host:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            raise PreflightError(
                f"Port {port} on {host} is already in use: stop the program using it "
                f"(`ss -ltnp 'sport = :{port}'` shows which) or choose another port."
            ) from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-only", action="store_true", help="skip the port checks")
    parser.add_argument("--ports", type=int, nargs="*", help="ports to check (default: all)")
    args = parser.parse_args(argv)
    host = os.environ.get("RASA_HOST", "127.0.0.1")
    ports = args.ports or [
        int(os.environ.get("RASA_PORT", "5005")),
        int(os.environ.get("ACTION_PORT", "5055")),
        int(os.environ.get("WEB_PORT", "8000")),
    ]
    try:
        check_yaml(yaml_files(ROOT))
        if not args.data_only:
            for port in ports:
                check_port_free(host, port)
    except PreflightError as error:
        print(f"Peerline cannot start: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

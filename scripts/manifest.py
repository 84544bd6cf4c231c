"""The judging sets: every set that scores Peerline, with its item count, hash and purpose.

    python -m scripts.manifest add PATH --purpose final --reason "why the set exists"
    python -m scripts.manifest update PATH --reason "what changed and why"
    python -m scripts.manifest check     # every set listed and unchanged; exit 1 if not
    python -m scripts.manifest list

A **final** set is scored and never tuned on; a **development** set may be tuned on. A set's
entry in ``tests/eval/MANIFEST.yml`` records what it held when it was frozen, so a changed
set fails ``tests/scripts/test_manifest.py`` until its entry is updated, with a reason,
in the same commit.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = Path("tests/eval/MANIFEST.yml")
SET_GLOBS = ("tests/eval/*.yml", "tests/safety/*.yml")
PURPOSES = ("development", "final")
# libyaml when present: the sets are read on every test run.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
HEADER = """\
# Judging sets: what each held when frozen, and what it is for.
# development: may be tuned on. final: scored, never tuned on.
# Written by `python -m scripts.manifest add|update PATH ...`; do not edit the hashes by hand.
"""


class ManifestError(Exception):
    """A set file or manifest entry that cannot be read as one."""


@dataclass(frozen=True)
class Entry:
    """One judging set as frozen in the manifest."""

    path: str
    purpose: str
    items: int
    sha256: str
    reason: str


def set_items(path: Path) -> list[tuple[str, int]]:
    """The texts of a judging set, each with its line: every ``text`` of its top-level lists."""
    root = yaml.compose(path.read_text(encoding="utf-8"), Loader=LOADER)
    found = []
    if isinstance(root, yaml.MappingNode):
        for _, value in root.value:
            if not isinstance(value, yaml.SequenceNode):
                continue
            for item in value.value:
                if not isinstance(item, yaml.MappingNode):
                    continue
                for key, text in item.value:
                    if key.value == "text" and isinstance(text, yaml.ScalarNode):
                        found.append((str(text.value), text.start_mark.line + 1))
    if not found:
        raise ManifestError(f"{path}: no list of items with a `text` field; is it a judging set?")
    return found


def fingerprint(path: Path) -> str:
    """SHA-256 of the set file's bytes: any edit, comments included, is a change."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_manifest(root: Path = ROOT) -> dict[str, Entry]:
    path = root / MANIFEST
    if not path.exists():
        return {}
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = {}
    for set_path, fields in (data.get("sets") or {}).items():
        try:
            entry = Entry(path=set_path, **fields)
        except TypeError as error:
            raise ManifestError(f"{MANIFEST}: entry {set_path}: {error}") from None
        if entry.purpose not in PURPOSES:
            raise ManifestError(f"{MANIFEST}: entry {set_path}: purpose must be one of {PURPOSES}")
        entries[set_path] = entry
    return entries


def write_manifest(entries: dict[str, Entry], root: Path = ROOT) -> None:
    sets = {
        path: {k: v for k, v in asdict(entry).items() if k != "path"}
        for path, entry in sorted(entries.items())
    }
    text = yaml.safe_dump({"sets": sets}, sort_keys=False, allow_unicode=True, width=100)
    (root / MANIFEST).write_text(HEADER + text, encoding="utf-8")


def judging_sets(root: Path = ROOT) -> list[Path]:
    """Every judging set: the YAML files under the set folders and every set the manifest lists."""
    found = {path for pattern in SET_GLOBS for path in root.glob(pattern)}
    found |= {root / path for path in read_manifest(root)}
    manifest = (root / MANIFEST).resolve()
    return sorted(path for path in found if path.is_file() and path.resolve() != manifest)


def frozen(path: Path, purpose: str, reason: str, root: Path = ROOT) -> Entry:
    """The manifest entry for a set as it is now."""
    if not reason.strip():
        raise ManifestError("a reason is required: why the set exists, or what changed and why")
    return Entry(
        path=str(path.resolve().relative_to(root.resolve())),
        purpose=purpose,
        items=len(set_items(path)),
        sha256=fingerprint(path),
        reason=reason.strip(),
    )


def problems(root: Path = ROOT) -> list[str]:
    """Every set that is unlisted, missing, or changed since its entry was written."""
    entries = read_manifest(root)
    found = [
        f"{path} is listed in {MANIFEST} but missing"
        for path in entries
        if not (root / path).is_file()
    ]
    for path in judging_sets(root):
        relative = str(path.relative_to(root))
        entry = entries.get(relative)
        if entry is None:
            found.append(
                f"{relative} is not in {MANIFEST}: "
                f"python -m scripts.manifest add {relative} --purpose development|final "
                f'--reason "..."'
            )
        elif fingerprint(path) != entry.sha256 or len(set_items(path)) != entry.items:
            found.append(
                f"{relative} ({entry.purpose}) changed since it was frozen "
                f"({entry.items} items, now {len(set_items(path))}). "
                + (
                    "A final set is scored and never tuned on: undo the change, or record it "
                    if entry.purpose == "final"
                    else "Record the change "
                )
                + f'with python -m scripts.manifest update {relative} --reason "..."'
            )
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.manifest", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="list a new judging set")
    add.add_argument("path", type=Path)
    add.add_argument("--purpose", choices=PURPOSES, required=True)
    add.add_argument("--reason", required=True)
    update = commands.add_parser("update", help="re-freeze a listed set after a deliberate change")
    update.add_argument("path", type=Path)
    update.add_argument("--reason", required=True)
    update.add_argument("--purpose", choices=PURPOSES)
    commands.add_parser("check", help="every set listed and unchanged")
    commands.add_parser("list", help="the listed sets")
    args = parser.parse_args(argv)

    root = ROOT
    try:
        entries = read_manifest(root)
        if args.command in ("add", "update"):
            path = (Path.cwd() / args.path).resolve()
            if not path.is_relative_to(root):
                raise ManifestError(f"{args.path} is outside the repository {root}")
            relative = str(path.relative_to(root))
            if args.command == "add" and relative in entries:
                raise ManifestError(f"{relative} is already listed; use update")
            if args.command == "update" and relative not in entries:
                raise ManifestError(f"{relative} is not listed; use add")
            purpose = args.purpose or entries[relative].purpose
            entries[relative] = frozen(path, purpose, args.reason, root)
            write_manifest(entries, root)
            print(f"{relative}: {entries[relative].items} items, {purpose}")
        elif args.command == "check":
            found = problems(root)
            print("\n".join(found) or "every judging set is listed and unchanged")
            return 1 if found else 0
        else:
            for entry in entries.values():
                print(f"{entry.path}\t{entry.purpose}\t{entry.items}\t{entry.reason}")
    except ManifestError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

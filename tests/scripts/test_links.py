"""Every relative link in the README and docs/, and every docs/*.md path named in code, resolves."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

THIS_FILE = Path(__file__).resolve()
REPO = THIS_FILE.parents[2]
CODE_SUFFIXES = {".py", ".yml", ".yaml", ".conf"}
CODE_NAMES = {"Makefile"}
SKIP_DIRS = {".git", "var", "models", "node_modules", "dist", "__pycache__"}
DOCS_PATH = re.compile(r"(?<![\w/.-])docs/[\w./-]*?\.md\b")
README_LIMIT = 12 * 1024


def markdown_files(repo: Path) -> list[Path]:
    return [repo / "README.md", *sorted((repo / "docs").glob("*.md"))]


def _inline_text(token: Token) -> str:
    return "".join(child.content for child in token.children or [])


def slug(text: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def anchors(tokens: list[Token]) -> set[str]:
    seen: dict[str, int] = {}
    out = set()
    for i, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        base = slug(_inline_text(tokens[i + 1]))
        count = seen.get(base, 0)
        seen[base] = count + 1
        out.add(base if count == 0 else f"{base}-{count}")
    return out


def links(tokens: list[Token]) -> Iterator[str]:
    """Link and image targets; code spans and fenced blocks are not links."""
    for token in tokens:
        for child in token.children or []:
            if child.type == "link_open":
                yield str(child.attrs["href"])
            elif child.type == "image":
                yield str(child.attrs["src"])


def broken_links(path: Path) -> list[str]:
    """The relative links in one Markdown file that name no file or no heading."""
    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(path.read_text(encoding="utf-8"))
    own_anchors = anchors(tokens)
    broken = []
    for href in links(tokens):
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            continue
        target = (path.parent / unquote(parts.path)).resolve() if parts.path else path.resolve()
        if not target.exists():
            broken.append(f"{href} (no file {target})")
            continue
        if parts.fragment:
            if target.suffix != ".md":
                continue
            names = (
                own_anchors
                if target == path.resolve()
                else anchors(md.parse(target.read_text(encoding="utf-8")))
            )
            if parts.fragment not in names:
                broken.append(f"{href} (no heading #{parts.fragment} in {target.name})")
    return broken


def code_files(repo: Path) -> Iterator[Path]:
    for path in repo.rglob("*"):
        rel = path.relative_to(repo).parts
        if any(part in SKIP_DIRS or part.startswith(".") for part in rel[:-1]):
            continue
        if path.is_file() and (path.suffix in CODE_SUFFIXES or path.name in CODE_NAMES):
            yield path


def missing_docs_paths(repo: Path) -> list[str]:
    """`docs/….md` paths named in code that are not files in the repository."""
    missing = []
    for path in code_files(repo):
        if path.resolve() == THIS_FILE:  # its own examples name files that do not exist
            continue
        for match in DOCS_PATH.finditer(path.read_text(encoding="utf-8", errors="replace")):
            if not (repo / match.group()).is_file():
                missing.append(f"{path.relative_to(repo)}: {match.group()}")
    return missing


@pytest.mark.parametrize("path", markdown_files(REPO), ids=lambda p: str(p.relative_to(REPO)))
def test_markdown_links_resolve(path: Path) -> None:
    assert broken_links(path) == []


def test_docs_paths_in_code_exist() -> None:
    assert missing_docs_paths(REPO) == []


def test_readme_is_a_front_door() -> None:
    assert len((REPO / "README.md").read_bytes()) <= README_LIMIT


def test_checker_finds_a_missing_file_and_a_missing_heading(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(
        "# Title (2026)\n\n## Same\n\n## Same\n", encoding="utf-8"
    )
    readme = tmp_path / "README.md"
    readme.write_text(
        "# Top\n\n[ok](docs/a.md#title-2026) [ok](docs/a.md#same-1) [ok](#top) "
        "[web](https://example.org/x.md) `[code](nowhere.md)`\n\n"
        "[gone](docs/b.md) [bad anchor](docs/a.md#nope) [bad own](#missing)\n",
        encoding="utf-8",
    )
    assert broken_links(readme) == [
        f"docs/b.md (no file {tmp_path / 'docs' / 'b.md'})",
        "docs/a.md#nope (no heading #nope in a.md)",
        "#missing (no heading #missing in README.md)",
    ]


def test_checker_finds_a_docs_path_in_code_that_does_not_exist(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "here.md").write_text("# Here\n", encoding="utf-8")
    (tmp_path / "mod.py").write_text('"""See docs/here.md and docs/gone.md."""\n', encoding="utf-8")
    (tmp_path / "Makefile").write_text("# see docs/also_gone.md\n", encoding="utf-8")
    assert sorted(missing_docs_paths(tmp_path)) == [
        "Makefile: docs/also_gone.md",
        "mod.py: docs/gone.md",
    ]

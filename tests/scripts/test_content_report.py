"""`make content-report`: a self-contained HTML page from seeded, empty and missing data."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from actions.storage.cli import migrate
from devtools.feedback_seed import QUESTIONS, VOTES, seed
from knowledge import get_knowledge
from scripts import content_report
from scripts.content_report import collect, group_questions, render_html, summary, write

TODAY = date(2026, 12, 3)


@pytest.fixture
def seeded(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'seeded.db'}"
    migrate(url)
    seed(url, TODAY)
    return url


def test_seeded_report_has_chart_tables_groups_and_reviews(seeded: str, tmp_path: Path) -> None:
    """Votes per card with an embedded PNG chart, the most missed card first, every saved
    question in a group of at most three examples, and the review section."""
    kb = get_knowledge()
    findings = collect(seeded, kb, TODAY)
    page = write(findings, kb, tmp_path / "out").read_text(encoding="utf-8")
    assert re.search(r'<img alt="[^"]+" src="data:image/png;base64,[A-Za-z0-9+/=]{500,}">', page)
    assert "http" not in page.split("<body>")[0]  # nothing loaded from elsewhere
    assert sum(v.total for v in findings.votes) == sum(h + n for _, h, n in VOTES)
    missed = page.split('most "Not what I asked"')[1]
    assert missed.index(kb.cards["pay"].title) < missed.index(kb.cards["background_checks"].title)
    assert sum(g.count for g in findings.groups) == len(QUESTIONS)
    assert all(1 <= len(g.examples) <= 3 for g in findings.groups)
    assert "Cards due for review" in page
    text = summary(findings, kb)
    assert "Votes: 73 on 6 cards" in text and "pay (9)" in text


def test_car_questions_share_a_group_when_embeddings_load(seeded: str) -> None:
    """The three questions about driving clients in one's car form one group."""
    findings = collect(seeded, get_knowledge(), TODAY)
    if "embeddings did not load" in findings.grouping:
        pytest.fail(
            f"the sentence embeddings must load in the app environment: {findings.grouping}"
        )
    assert findings.groups[0].count == 3
    assert all("car" in example for example in findings.groups[0].examples)


def test_empty_database_says_so_and_still_renders(tmp_path: Path) -> None:
    """No votes and no questions: the page renders every section and says it is empty."""
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    migrate(url)
    kb = get_knowledge()
    findings = collect(url, kb, TODAY)
    page = render_html(findings, kb)
    assert "the database is empty" in page
    for heading in ("Helpfulness per card", "Unanswered questions", "Cards due for review"):
        assert heading in page
    assert "No votes yet." in page and "<img" not in page


def test_unmigrated_database_is_named_with_the_fix(tmp_path: Path) -> None:
    """A database without the tables gives a page saying to run `make migrate`."""
    findings = collect(f"sqlite:///{tmp_path / 'new.db'}", get_knowledge(), TODAY)
    assert "make migrate" in findings.database_note
    assert "make migrate" in render_html(findings, get_knowledge())


def test_grouping_puts_near_vectors_together_largest_first() -> None:
    """Greedy grouping by cosine to the group's mean; the largest group comes first."""
    vectors = np.array([[1, 0], [0, 1], [0.95, 0.3], [0.9, -0.2]], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    assert group_questions(["a", "b", "c", "d"], vectors, 0.8) == [[0, 2, 3], [1]]


def test_main_prints_the_summary(seeded: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    """The command prints the summary and where the page went."""
    settings = type("Settings", (), {"effective_database_url": seeded})()
    monkeypatch.setattr(content_report, "get_settings", lambda: settings)
    assert content_report.main([str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    assert "Peerline content report" in printed and "report.html" in printed

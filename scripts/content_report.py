"""`make content-report`: what the content team should write or fix next, as one HTML page.

    python -m scripts.content_report [OUT_DIR]     # reports/content/report.html and .txt

It reads counts and consented questions only (no conversation, no user): helpfulness per
card with a chart, the cards with the most "Not what I asked", the kept unanswered
questions grouped by meaning with the sentence embeddings of nlp/embeddings.py, and the
cards due for review. The page is self-contained (the chart is an embedded PNG), and an
empty or unmigrated database gives a page that says so.
"""

from __future__ import annotations

import argparse
import base64
import html
import io
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import numpy.typing as npt
from sqlalchemy import inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from actions.settings import get_settings
from actions.storage.db import build_engine
from actions.storage.feedback import CardVotes, questions, votes_per_card
from actions.storage.models import AnswerFeedback, UnansweredQuestion
from knowledge.derived import ContentReport, content_report
from knowledge.loader import KnowledgeBase, load, load_recommendations
from nlp.embeddings import EmbeddingModelError, load_embedder

REPO = Path(__file__).resolve().parents[1]
RECOMMENDATIONS_FILE = REPO / "knowledge" / "recommendations.yml"
# Cosine to a group's mean to join it (all-MiniLM-L6-v2), chosen on devtools/feedback_seed.py.
SAME_TOPIC = 0.4
EXAMPLES = 3
CHART_CARDS = 15
MOST_MISSED = 10


@dataclass(frozen=True)
class QuestionGroup:
    """Kept questions that ask about the same thing, and the card nearest to them."""

    examples: list[str]
    count: int
    nearest_card: str | None = None


@dataclass
class Findings:
    """Everything the report shows, read from the database and the knowledge base."""

    today: date
    votes: list[CardVotes] = field(default_factory=list)
    groups: list[QuestionGroup] = field(default_factory=list)
    question_count: int = 0
    grouping: str = ""
    database_note: str = ""
    content: ContentReport | None = None


def group_questions(
    texts: Sequence[str], vectors: npt.NDArray[np.float32], threshold: float = SAME_TOPIC
) -> list[list[int]]:
    """Greedy grouping by cosine to each group's running mean, largest group first."""
    groups: list[list[int]] = []
    centroids: list[npt.NDArray[np.float32]] = []
    for index in range(len(texts)):
        vector = vectors[index]
        scores = [float(vector @ c / (np.linalg.norm(c) or 1.0)) for c in centroids]
        best = int(np.argmax(scores)) if scores else -1
        if best >= 0 and scores[best] >= threshold:
            groups[best].append(index)
            centroids[best] = centroids[best] + (vector - centroids[best]) / len(groups[best])
        else:
            groups.append([index])
            centroids.append(vector.copy())
    return sorted(groups, key=lambda g: (-len(g), g[0]))


def _normalised(vectors: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.asarray(vectors / np.where(norms == 0, 1.0, norms), dtype=np.float32)


def question_groups(texts: list[str], kb: KnowledgeBase) -> tuple[list[QuestionGroup], str]:
    """The kept questions grouped by meaning, and a sentence saying how."""
    if not texts:
        return [], ""
    try:
        embedder = load_embedder()
    except EmbeddingModelError as error:
        counts: dict[str, list[str]] = {}
        for text in texts:
            counts.setdefault(" ".join(text.lower().split()), []).append(text)
        found = [QuestionGroup(v[:EXAMPLES], len(v)) for v in counts.values()]
        return sorted(found, key=lambda g: -g.count), (
            f"Grouped by identical wording only: the sentence embeddings did not load ({error})."
        )
    vectors = _normalised(embedder.embed(texts))
    cards = sorted(kb.cards.values(), key=lambda c: c.id)
    card_vectors = _normalised(embedder.embed([c.title for c in cards]))
    found = []
    for members in group_questions(texts, vectors):
        centroid = vectors[members].mean(axis=0)
        nearest = cards[int(np.argmax(card_vectors @ centroid))].id if cards else None
        found.append(QuestionGroup([texts[i] for i in members[:EXAMPLES]], len(members), nearest))
    return found, (
        "Grouped by meaning: all-MiniLM-L6-v2 sentence embeddings (nlp/embeddings.py), "
        f"a question joins a group when its cosine to the group's mean is at least {SAME_TOPIC}."
    )


def collect(url: str, kb: KnowledgeBase, today: date) -> Findings:
    """Read the counts and questions at ``url``; an unreachable or empty database is noted."""
    findings = Findings(today=today)
    recommendations = load_recommendations(RECOMMENDATIONS_FILE, kb.sources)
    findings.content = content_report(kb, recommendations, today)
    engine = build_engine(url)
    safe_url = make_url(url).render_as_string(hide_password=True)
    try:
        tables = set(inspect(engine).get_table_names())
        needed = {AnswerFeedback.__tablename__, UnansweredQuestion.__tablename__}
        if not needed <= tables:
            findings.database_note = (
                f"The database at {safe_url} has no feedback tables yet: run `make migrate`."
            )
            return findings
        with Session(engine) as session:
            findings.votes = votes_per_card(session)
            texts = [q.text for q in questions(session)]
    except OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else "unreachable"
        findings.database_note = f"The database at {safe_url} could not be read ({reason})."
        return findings
    finally:
        engine.dispose()
    findings.question_count = len(texts)
    findings.groups, findings.grouping = question_groups(texts, kb)
    if not findings.votes and not texts:
        findings.database_note = (
            "No votes and no saved questions yet: the database is empty. The sections below "
            "fill in as people use Peerline."
        )
    return findings


def chart_png(votes: list[CardVotes], kb: KnowledgeBase) -> bytes:
    """A horizontal stacked bar per card: helpful and "not what I asked" votes."""
    import matplotlib  # noqa: PLC0415  # heavy; only this command draws

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt  # noqa: PLC0415  # after choosing the backend

    shown = votes[:CHART_CARDS][::-1]
    labels = [_title(kb, v.card_id) for v in shown]
    figure, axes = plt.subplots(figsize=(8, 0.4 * len(shown) + 1.2), dpi=110)
    axes.barh(labels, [v.helpful for v in shown], color="#1b6e4a", label="Helpful")
    axes.barh(
        labels,
        [v.not_this for v in shown],
        left=[v.helpful for v in shown],
        color="#c2562b",
        label="Not what I asked",
    )
    axes.set_xlabel("votes")
    axes.set_title(f"Votes per card (the {len(shown)} most voted)")
    axes.legend(loc="lower right", frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return buffer.getvalue()


def _title(kb: KnowledgeBase, card_id: str) -> str:
    card = kb.cards.get(card_id)
    return card.title if card is not None else f"{card_id} (no longer a card)"


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _empty(text: str) -> str:
    return f'<p class="empty">{html.escape(text)}</p>'


STYLE = """
body{font:15px/1.5 system-ui,sans-serif;color:#1d2327;max-width:960px;margin:2rem auto;
padding:0 1rem}h1{font-size:1.6rem;margin-bottom:.2rem}
h2{font-size:1.2rem;margin-top:2rem;border-bottom:2px solid #1b6e4a}.meta{color:#555}
.note{background:#fff6d6;border-left:4px solid #d9a400;padding:.5rem .8rem}
.empty{color:#555;font-style:italic}table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}
th{background:#f1f4f2}.group{border:1px solid #ddd;border-radius:6px;padding:.5rem .8rem;
margin:.6rem 0}.group h3{font-size:1rem;margin:.1rem 0}.group li{margin:.15rem 0}
img{max-width:100%}
"""


def render_html(findings: Findings, kb: KnowledgeBase) -> str:
    """The whole report as one self-contained HTML page."""
    parts = [
        "<!doctype html><html lang=en><meta charset=utf-8>",
        "<title>Peerline content report</title>",
        f"<style>{STYLE}</style><body>",
        "<h1>Peerline content report</h1>",
        f'<p class="meta">{findings.today.isoformat()} · {len(kb.cards)} cards · '
        f"{sum(v.total for v in findings.votes)} votes · {findings.question_count} saved "
        "questions. Counts only: no conversation and no user is stored or shown.</p>",
    ]
    if findings.database_note:
        parts.append(f'<p class="note">{html.escape(findings.database_note)}</p>')
    parts.append("<h2>Helpfulness per card</h2>")
    if findings.votes:
        png = base64.b64encode(chart_png(findings.votes, kb)).decode("ascii")
        parts.append(f'<img alt="Helpful and not-what-I-asked votes per card" '
                     f'src="data:image/png;base64,{png}">')  # fmt: skip
        per_card = [
            (_title(kb, v.card_id), v.card_id, v.helpful, v.not_this, f"{v.helpful_share:.0%}")
            for v in findings.votes
        ]
        parts.append(_table(["card", "id", "helpful", "not what I asked", "helpful %"], per_card))
    else:
        parts.append(_empty("No votes yet."))
    parts.append('<h2>Cards with the most "Not what I asked"</h2>')
    missed = sorted((v for v in findings.votes if v.not_this), key=lambda v: -v.not_this)
    if missed:
        parts.append(
            "<p>People got these cards when they meant something else: check their example "
            "questions and whether a new card is needed.</p>"
        )
        rows = [(_title(kb, v.card_id), v.card_id, v.not_this, v.total) for v in missed]
        parts.append(_table(["card", "id", "not what I asked", "votes"], rows[:MOST_MISSED]))
    else:
        parts.append(_empty('No "Not what I asked" votes yet.'))
    parts.append("<h2>Unanswered questions, grouped by meaning</h2>")
    if findings.groups:
        parts.append(
            f"<p>{findings.question_count} questions people agreed to save, with names and "
            f"contact details taken out. {html.escape(findings.grouping)} Biggest groups "
            "first: each is a candidate for a new card or more examples on the nearest one.</p>"
        )
        for number, group in enumerate(findings.groups, start=1):
            nearest = (
                f" · nearest card: {html.escape(_title(kb, group.nearest_card))}"
                if group.nearest_card
                else ""
            )
            items = "".join(f"<li>{html.escape(e)}</li>" for e in group.examples)
            parts.append(
                f'<div class="group"><h3>Group {number}: {group.count} '
                f"question{'s' if group.count != 1 else ''}{nearest}</h3><ul>{items}</ul></div>"
            )
    else:
        parts.append(_empty("No saved questions yet."))
    parts.append("<h2>Cards due for review</h2>")
    content = findings.content
    if content is not None and content.stale:
        stale = [(c.title, c.id, c.last_reviewed) for c in content.stale]
        parts.append(_table(["card", "id", "last reviewed"], stale))
    else:
        parts.append(_empty("Every card was reviewed in the last 12 months."))
    if content is not None and content.uncovered:
        parts.append("<h2>Seed recommendations without a card</h2>")
        uncovered = [(r.id, r.source, " ".join(r.recommends.split())) for r in content.uncovered]
        parts.append(_table(["recommendation", "source", "recommends"], uncovered))
    if content is not None and content.without_supervisor_variant:
        parts.append("<h2>Cards for both audiences without a supervisor variant</h2>")
        single = [(c.title, c.id) for c in content.without_supervisor_variant]
        parts.append(_table(["card", "id"], single))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def summary(findings: Findings, kb: KnowledgeBase) -> str:
    """What `make content-report` prints."""
    lines = [f"Peerline content report, {findings.today.isoformat()}"]
    if findings.database_note:
        lines.append(findings.database_note)
    total = sum(v.total for v in findings.votes)
    helpful = sum(v.helpful for v in findings.votes)
    share = f" ({helpful / total:.0%} helpful)" if total else ""
    lines.append(f"Votes: {total} on {len(findings.votes)} cards{share}.")
    missed = sorted((v for v in findings.votes if v.not_this), key=lambda v: -v.not_this)[:3]
    if missed:
        worst = ", ".join(f"{v.card_id} ({v.not_this})" for v in missed)
        lines.append(f'Most "Not what I asked": {worst}.')
    lines.append(
        f"Saved questions: {findings.question_count} in {len(findings.groups)} groups"
        + (f"; largest: {findings.groups[0].count}." if findings.groups else ".")
    )
    content = findings.content
    if content is not None:
        lines.append(
            f"Cards due for review: {len(content.stale)}; seed recommendations without a "
            f"card: {len(content.uncovered)}."
        )
    return "\n".join(lines)


def write(findings: Findings, kb: KnowledgeBase, out_dir: Path) -> Path:
    """Write report.html and report.txt (the summary) into ``out_dir``; the HTML's path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    page = out_dir / "report.html"
    page.write_text(render_html(findings, kb), encoding="utf-8")
    (out_dir / "report.txt").write_text(summary(findings, kb) + "\n", encoding="utf-8")
    return page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out_dir", nargs="?", type=Path, default=REPO / "reports" / "content")
    args = parser.parse_args(argv)
    kb = load()
    findings = collect(get_settings().effective_database_url, kb, date.today())
    page = write(findings, kb, args.out_dir)
    print(summary(findings, kb))
    print(f"written to {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The readiness result as a chart (PNG) and a one-page report (PDF) a lead can take to a board."""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from datetime import date
from typing import Any

TITLE = "Agency readiness for peer providers: self-assessment"
FOOTER = (
    "Ratings: 1 not in place, 2 started, 3 mostly in place, 4 fully in place. "
    "Built from NASMHPD 2014, MHA 2019, NIDILRR 2016 and Ashcraft & Anthony 2012. "
    "Made with Peerline; a self-assessment, not an audit."
)


@dataclass(frozen=True)
class Report:
    """What the chart and the PDF show; no user, no agency name."""

    taken_on: date
    overall: float | None
    previous_overall: float | None
    domains: list[tuple[str, float | None, float | None]]  # label, score, previous score
    steps: list[tuple[str, str, str]]  # domain, next step, citation


def new_figure(width: float, height: float) -> Any:
    """A matplotlib figure of its own (no pyplot state), safe to draw from a worker thread."""
    # matplotlib is heavy and only needed here: imported on first chart, never at start.
    from matplotlib.figure import Figure  # noqa: PLC0415

    return Figure(figsize=(width, height), dpi=100)


def _draw_bars(axes: Any, report: Report) -> None:
    labels = [label for label, _, _ in report.domains][::-1]
    scores = [score or 0.0 for _, score, _ in report.domains][::-1]
    colours = ["#c0392b" if s < 2 else "#e6a117" if s < 3 else "#1b7a4a" for s in scores]
    positions = list(range(len(labels)))
    axes.barh(positions, scores, color=colours, height=0.6, label="this time")
    previous = [(p, prev) for p, (_, _, prev) in zip(positions, report.domains[::-1], strict=True)]
    shown = [(p, prev) for p, prev in previous if prev is not None]
    if shown:
        axes.scatter(
            [prev for _, prev in shown], [p for p, _ in shown], marker="|", s=300,
            color="black", zorder=3, label="last time",
        )  # fmt: skip
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=8)
    axes.set_yticks(positions)
    axes.set_yticklabels(labels, fontsize=9)
    axes.set_xlim(0, 4)
    axes.set_xticks([1, 2, 3, 4])
    axes.set_xlabel("average rating (1-4)")
    axes.grid(axis="x", alpha=0.3)


def chart_png(report: Report) -> bytes:
    """Scores per domain as horizontal bars, last time's as marks, PNG bytes."""
    figure = new_figure(7, 4.4)
    figure.subplots_adjust(left=0.3, right=0.97, top=0.9, bottom=0.22)
    axes = figure.subplots()
    _draw_bars(axes, report)
    overall = f"{report.overall:.2f}" if report.overall is not None else "n/a"
    axes.set_title(f"Readiness by domain, {report.taken_on:%Y-%m-%d} (overall {overall} of 4)")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def report_pdf(report: Report) -> bytes:
    """One US Letter page: title, overall score and change, the chart, next steps, sources."""
    buffer = io.BytesIO()
    report_page(report).savefig(buffer, format="pdf")
    return buffer.getvalue()


def report_page(report: Report) -> Any:
    """The report's page as a matplotlib figure (saved as PDF; as PNG to look at it)."""
    figure = new_figure(8.5, 11)
    figure.text(0.07, 0.95, TITLE, fontsize=14, weight="bold")
    overall = f"{report.overall:.2f} of 4" if report.overall is not None else "n/a"
    change = ""
    if report.overall is not None and report.previous_overall is not None:
        delta = report.overall - report.previous_overall
        change = f" ({'+' if delta >= 0 else ''}{delta:.2f} since the previous assessment)"
    figure.text(
        0.07,
        0.925,
        f"Taken {report.taken_on:%B %d, %Y}. Overall readiness: {overall}{change}.",
        fontsize=10,
    )
    axes = figure.add_axes((0.3, 0.53, 0.63, 0.36))
    _draw_bars(axes, report)
    y = 0.42
    figure.text(0.07, y, "Where to start: the three weakest domains", fontsize=12, weight="bold")
    for number, (domain, step, citation) in enumerate(report.steps, start=1):
        y -= 0.03
        figure.text(0.07, y, f"{number}. {domain}", fontsize=10, weight="bold")
        for line in textwrap.wrap(step, 100):
            y -= 0.019
            figure.text(0.09, y, line, fontsize=9)
        y -= 0.019
        figure.text(0.09, y, f"See: {citation}", fontsize=8, style="italic", color="#444444")
    for n, line in enumerate(textwrap.wrap(FOOTER, 120)):
        figure.text(0.07, 0.05 - n * 0.015, line, fontsize=7, color="#555555")
    return figure

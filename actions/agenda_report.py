"""The supervision agenda as a PDF to print or send to a supervisor: headings by kind, one
bullet per item, as many US Letter pages as it takes."""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from datetime import date
from typing import Any

from actions.readiness_report import new_figure

TITLE = "My supervision agenda"
FOOTER = "Made with Peerline. Private: only you can see this list until you share it."
WRAP = 95  # characters per line at the body's font size
TOP, BOTTOM, STEP = 0.93, 0.07, 0.019  # figure coordinates of the page's text block


@dataclass(frozen=True)
class Line:
    """One line of the page: a kind's heading or a (wrapped) piece of an item."""

    text: str
    heading: bool = False
    first: bool = False  # the first line of an item carries its bullet


def layout(groups: list[tuple[str, list[str]]]) -> list[Line]:
    """The lines of the agenda: each kind's label, then its items wrapped under bullets."""
    lines: list[Line] = []
    for label, items in groups:
        lines.append(Line(label, heading=True))
        for item in items:
            wrapped = textwrap.wrap(item, WRAP) or [""]
            lines += [Line(part, first=n == 0) for n, part in enumerate(wrapped)]
    return lines


def pages(lines: list[Line], per_page: int) -> list[list[Line]]:
    """The lines cut into pages; a heading never ends a page alone."""
    result: list[list[Line]] = [[]]
    for line in lines:
        page = result[-1]
        if len(page) >= per_page or (line.heading and len(page) >= per_page - 1):
            result.append([])
        result[-1].append(line)
    return result


def agenda_pages(groups: list[tuple[str, list[str]]], made_on: date) -> list[Any]:
    """The agenda's pages as matplotlib figures (saved as PDF; as PNG to look at them)."""
    per_page = int((TOP - 0.05 - BOTTOM) / STEP)
    count = sum(len(items) for _, items in groups)
    figures = []
    for number, page in enumerate(pages(layout(groups), per_page), start=1):
        figure = new_figure(8.5, 11)
        figure.text(0.07, TOP + 0.02, TITLE, fontsize=14, weight="bold")
        figure.text(
            0.07,
            TOP - 0.005,
            f"{made_on:%B %d, %Y}: {count} item(s). Page {number}.",
            fontsize=9,
            color="#444444",
        )
        y = TOP - 0.05
        for line in page:
            if line.heading:
                y -= STEP * 0.4
                figure.text(0.07, y, line.text, fontsize=11, weight="bold")
            else:
                bullet = "\u2022 " if line.first else "  "
                figure.text(0.09, y, bullet + line.text, fontsize=9.5)
            y -= STEP
        figure.text(0.07, 0.04, FOOTER, fontsize=7, color="#555555")
        figures.append(figure)
    return figures


def agenda_pdf(groups: list[tuple[str, list[str]]], made_on: date) -> bytes:
    """The agenda grouped by kind (label, item texts) as PDF bytes, one page or more."""
    from matplotlib.backends.backend_pdf import PdfPages  # noqa: PLC0415  # heavy; on demand

    buffer = io.BytesIO()
    with PdfPages(buffer) as document:
        for figure in agenda_pages(groups, made_on):
            document.savefig(figure)
    return buffer.getvalue()

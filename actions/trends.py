"""A person's own check-in trends, in words and as a small chart."""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

# A change of at least this much in the 7-day mood average counts as a direction.
DIRECTION_STEP = 0.5


@dataclass(frozen=True)
class Point:
    """One check-in as the trends see it."""

    at: datetime
    mood: int
    stress: int
    used_self_care: bool


@dataclass(frozen=True)
class Trend:
    """Averages, direction and streak over the last 7 and 30 days."""

    count_7: int
    count_30: int
    mood_7: float | None
    stress_7: float | None
    mood_30: float | None
    stress_30: float | None
    self_care_days_7: int
    direction: str  # "up", "down", "steady" or "unknown"
    streak_days: int


def _mean(values: Sequence[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def streak(days: set[date], today: date) -> int:
    """Consecutive days with a check-in, ending today (or yesterday, if none yet today)."""
    current = today if today in days else today - timedelta(days=1)
    count = 0
    while current in days:
        count += 1
        current -= timedelta(days=1)
    return count


def summarize(points: Sequence[Point], now: datetime) -> Trend:
    """The trend of ``points`` as of ``now``."""
    last_7 = [p for p in points if p.at >= now - timedelta(days=7)]
    prior_7 = [p for p in points if now - timedelta(days=14) <= p.at < now - timedelta(days=7)]
    last_30 = [p for p in points if p.at >= now - timedelta(days=30)]
    mood_now, mood_before = _mean([p.mood for p in last_7]), _mean([p.mood for p in prior_7])
    if mood_now is None or mood_before is None:
        direction = "unknown"
    elif mood_now - mood_before >= DIRECTION_STEP:
        direction = "up"
    elif mood_before - mood_now >= DIRECTION_STEP:
        direction = "down"
    else:
        direction = "steady"
    return Trend(
        count_7=len(last_7),
        count_30=len(last_30),
        mood_7=mood_now,
        stress_7=_mean([p.stress for p in last_7]),
        mood_30=_mean([p.mood for p in last_30]),
        stress_30=_mean([p.stress for p in last_30]),
        self_care_days_7=len({p.at.date() for p in last_7 if p.used_self_care}),
        direction=direction,
        streak_days=streak({p.at.date() for p in points}, now.date()),
    )


AGENDA_DIRECTION = {
    "up": "mood up on the week before",
    "down": "mood down on the week before",
    "steady": "mood about the same as the week before",
    "unknown": "too early to compare weeks",
}


def agenda_line(trend: Trend) -> str:
    """The trend in one line for the supervision agenda (numbers only, never a note)."""
    if trend.count_7:
        span, mood, stress = "last 7 days", trend.mood_7, trend.stress_7
        count = trend.count_7
    else:
        span, mood, stress, count = "last 30 days", trend.mood_30, trend.stress_30, trend.count_30
    return (
        f"Check-in trend, {span}: {count} check-in(s), mood {mood}/5, stress {stress}/5, "
        f"self-care on {trend.self_care_days_7} day(s) this week; "
        f"{AGENDA_DIRECTION[trend.direction]}. How do I look after myself at work?"
    )


def agenda_kind(trend: Trend) -> str:
    """A rising or good week goes under wins; anything else under stuck points."""
    good = (trend.mood_7 or 0) >= 4 and (trend.stress_7 or 5) <= 2
    return "win" if trend.direction == "up" or good else "stuck"


class ChartTemplate:
    """A 30-day line chart of mood and stress, drawn again for each person's points.

    Building a figure (axes, ticks, title, legend) was 40% of a chart's time, so one figure
    is built once and only its two lines and date range change per chart; every artist a
    person's data touches is set on every call, so one chart cannot show another's points.
    Drawn on matplotlib's object API (a ``Figure`` of its own, no pyplot state) under a lock,
    so charts may be drawn from worker threads; fixed margins instead of ``tight_layout``,
    which draws the figure twice.
    """

    def __init__(self) -> None:
        from matplotlib import dates as mdates  # noqa: PLC0415  # heavy; loaded for charts only
        from matplotlib.figure import Figure  # noqa: PLC0415  # as above

        self._dates = mdates
        self._lock = threading.Lock()
        self._figure = Figure(figsize=(6, 3), dpi=100)
        self._figure.subplots_adjust(left=0.07, right=0.98, top=0.9, bottom=0.14)
        self._axes = self._figure.subplots()
        (self._mood,) = self._axes.plot([], [], marker="o", color="#1b6ca8", label="mood")
        (self._stress,) = self._axes.plot([], [], marker="s", color="#c0392b", label="stress")
        self._axes.set_ylim(0.5, 5.5)
        self._axes.set_yticks([1, 2, 3, 4, 5])
        self._axes.xaxis.set_major_locator(mdates.DayLocator(interval=7))
        self._axes.xaxis.set_major_formatter(mdates.DateFormatter("%b %d"))
        self._axes.set_title("Your check-ins, last 30 days")
        self._axes.legend(loc="upper left", fontsize=8)
        self._axes.grid(alpha=0.3)

    def render(self, points: Sequence[Point], now: datetime) -> bytes:
        """The chart of ``points`` in the 30 days up to ``now``, as PNG bytes."""
        recent = [p for p in points if p.at >= now - timedelta(days=30)]
        days = self._dates.date2num([p.at for p in recent])
        start = float(self._dates.date2num(now - timedelta(days=30)))
        end = float(self._dates.date2num(now + timedelta(days=1)))
        buffer = io.BytesIO()
        with self._lock:
            self._mood.set_data(days, [p.mood for p in recent])
            self._stress.set_data(days, [p.stress for p in recent])
            self._axes.set_xlim(start, end)
            self._figure.savefig(buffer, format="png")
        return buffer.getvalue()


@cache
def chart_template() -> ChartTemplate:
    """The process's one chart figure, built on first use."""
    return ChartTemplate()


def chart_png(points: Sequence[Point], now: datetime) -> bytes:
    """A 30-day line chart of mood and stress, as PNG bytes (safe from any thread)."""
    return chart_template().render(points, now)


def load_charting() -> None:
    """Import matplotlib and build the chart figure now (about 1 s here), at server start,
    so the first chart asked for is not slower."""
    chart_template()

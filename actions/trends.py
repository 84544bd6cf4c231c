"""A person's own check-in trends, in words and as a small chart."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

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


def chart_png(points: Sequence[Point], now: datetime) -> bytes:
    """A 30-day line chart of mood and stress, as PNG bytes.

    Drawn on matplotlib's object API (a ``Figure`` of its own, no pyplot state), so it may run
    in a worker thread; fixed margins instead of ``tight_layout``, which draws the figure twice.
    """
    from matplotlib import dates as mdates  # noqa: PLC0415  # heavy; loaded for a chart only
    from matplotlib.figure import Figure  # noqa: PLC0415  # as above

    recent = [p for p in points if p.at >= now - timedelta(days=30)]
    fig = Figure(figsize=(6, 3), dpi=100)
    fig.subplots_adjust(left=0.07, right=0.98, top=0.9, bottom=0.14)
    ax = fig.subplots()
    days = mdates.date2num([p.at for p in recent])
    ax.plot(days, [p.mood for p in recent], marker="o", color="#1b6ca8", label="mood")
    ax.plot(days, [p.stress for p in recent], marker="s", color="#c0392b", label="stress")
    ax.set_ylim(0.5, 5.5)
    ax.set_yticks([1, 2, 3, 4, 5])
    ax.set_xlim(
        float(mdates.date2num(now - timedelta(days=30))),
        float(mdates.date2num(now + timedelta(days=1))),
    )
    ax.xaxis.set_major_locator(mdates.DayLocator(interval=7))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %d"))
    ax.set_title("Your check-ins, last 30 days")
    ax.legend(loc="upper left", fontsize=8)
    ax.grid(alpha=0.3)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def load_charting() -> None:
    """Import matplotlib now (about 1 s here), so the first chart asked for is not slower."""
    from matplotlib import dates, figure  # noqa: F401, PLC0415

"""Trend arithmetic: averages, direction and streak."""

from __future__ import annotations

import struct
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

from actions.trends import ChartTemplate, Point, agenda_kind, agenda_line, chart_png, summarize

NOW = datetime(2026, 11, 23, 12, tzinfo=timezone.utc)


def point(days_ago: float, mood: int, stress: int = 3, care: bool = True) -> Point:
    return Point(at=NOW - timedelta(days=days_ago), mood=mood, stress=stress, used_self_care=care)


def test_mood_up_versus_previous_week_and_streak() -> None:
    """Better moods this week than last read as "up"; three consecutive days make a streak."""
    points = [point(10, 2), point(9, 2), point(2, 4), point(1, 4), point(0, 5, care=False)]
    trend = summarize(points, NOW)
    assert (trend.count_7, trend.count_30) == (3, 5)
    assert trend.mood_7 == 4.3 and trend.direction == "up"
    assert trend.streak_days == 3 and trend.self_care_days_7 == 2


def test_the_agenda_line_is_one_line_of_numbers_and_its_kind_follows_the_trend() -> None:
    """A rising week is a win, a falling or stressed one a stuck point; the line holds the
    week's numbers (the 30 days' when the week is empty) and no newline."""
    rising = summarize([point(10, 2), point(9, 2), point(2, 4), point(1, 4)], NOW)
    assert agenda_kind(rising) == "win"
    line = agenda_line(rising)
    assert line.startswith("Check-in trend, last 7 days: 2 check-in(s), mood 4.0/5, stress 3.0/5")
    assert "mood up on the week before" in line and "\n" not in line
    falling = summarize([point(10, 4), point(9, 4), point(1, 2, stress=5)], NOW)
    assert agenda_kind(falling) == "stuck"
    calm = summarize([point(1, 4, stress=1)], NOW)
    assert agenda_kind(calm) == "win"
    old = summarize([point(20, 3)], NOW)
    assert agenda_line(old).startswith("Check-in trend, last 30 days: 1 check-in(s), mood 3.0/5")


def test_no_history_before_this_week_is_unknown_direction() -> None:
    """Without a previous week there is no direction to report."""
    assert summarize([point(1, 3)], NOW).direction == "unknown"
    assert summarize([], NOW).streak_days == 0


def test_chart_is_a_600_by_300_png() -> None:
    png = chart_png([point(1, 3), point(0, 4)], NOW)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (600, 300)  # IHDR width, height


def test_reused_chart_shows_only_this_persons_points() -> None:
    """The shared figure, drawn for someone else first, gives exactly a fresh figure's chart."""
    mine = [point(3, 2, stress=4), point(1, 3, stress=3)]
    theirs = [point(days, 1 + days % 5, stress=5 - days % 5) for days in range(0, 40, 2)]
    fresh = ChartTemplate().render(mine, NOW)
    chart_png(theirs, NOW)
    assert chart_png(mine, NOW) == fresh
    assert chart_png(theirs, NOW) != fresh


def test_charts_drawn_from_many_threads_do_not_mix() -> None:
    people = {
        "a": [point(2, 1, stress=5)],
        "b": [point(days, 4, stress=2) for days in (1, 5, 9, 20)],
    }
    expected = {name: ChartTemplate().render(points, NOW) for name, points in people.items()}
    order = ["a", "b"] * 8
    with ThreadPoolExecutor(max_workers=8) as pool:
        drawn = list(pool.map(lambda name: chart_png(people[name], NOW), order))
    assert drawn == [expected[name] for name in order]

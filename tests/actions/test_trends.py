"""Trend arithmetic: averages, direction and streak."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from actions.trends import Point, summarize

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


def test_no_history_before_this_week_is_unknown_direction() -> None:
    """Without a previous week there is no direction to report."""
    assert summarize([point(1, 3)], NOW).direction == "unknown"
    assert summarize([], NOW).streak_days == 0

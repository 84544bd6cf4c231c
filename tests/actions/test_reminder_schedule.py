"""Reminder schedules: requests read robustly, quiet hours kept, the next occurrence right
in every time zone and across daylight-saving changes."""

from __future__ import annotations

from datetime import datetime, time, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from actions.reminder_schedule import (
    DATA_FILE,
    EVERY_DAY,
    WEEKDAYS,
    QuietHours,
    Schedule,
    days_from_text,
    days_text,
    describe,
    in_quiet_hours,
    parse_days,
    parse_kind,
    parse_time,
    parse_timezone,
    reminder_data,
    reminder_kinds,
)

UTC = timezone.utc


@pytest.mark.parametrize(
    ("text", "days"),
    [("remind me to check in every weekday at 5pm", WEEKDAYS),
     ("every day at 6", EVERY_DAY), ("daily", EVERY_DAY), ("everyday please", EVERY_DAY),
     ("on Thursdays at 9", (3,)), ("thurs", (3,)), ("tues and fri", (1, 4)),
     ("Monday, Wednesday and Friday", (0, 2, 4)), ("mon-wed", (0, 1, 2)),
     ("friday to monday", (0, 4, 5, 6)), ("weekends", (5, 6)), ("workdays", WEEKDAYS),
     ("remind me to check in", None), ("at 5pm", None), ("", None)],
)  # fmt: skip
def test_days_are_read_from_common_wordings(text: str, days: tuple[int, ...] | None) -> None:
    """Weekdays, every day, named days, lists and ranges; nothing when no day is named."""
    assert parse_days(text) == days


@pytest.mark.parametrize(
    ("text", "expected"),
    [("every weekday at 5pm", time(17)), ("at 5 pm", time(17)), ("5:30pm", time(17, 30)),
     ("17:00", time(17)), ("at 9.15am", time(9, 15)), ("12pm", time(12)), ("12am", time(0)),
     ("on Thursdays at 9", time(9)), ("at 5", time(17)), ("noon", time(12)),
     ("at 11", time(11)), ("every weekday", None), ("25:00", None), ("13pm", None)],
)  # fmt: skip
def test_times_are_read_from_a_request(text: str, expected: time | None) -> None:
    """am/pm, 24-hour, "noon", and a bare hour after "at" (1-7 meaning afternoon)."""
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("answer", "expected"),
    [("9", time(9)), ("5", time(17)), ("at 8", time(8)), ("20", time(20)), ("3 o'clock", time(15)),
     ("soon", None), ("99", None)],
)  # fmt: skip
def test_a_bare_number_is_a_time_only_as_the_answer(answer: str, expected: time | None) -> None:
    """Answering "what time?", "9" is 09:00 and "5" is 17:00; nonsense is re-asked."""
    assert parse_time(answer, answer=True) == expected
    assert parse_time("remind me on 3 days") is None


@pytest.mark.parametrize(
    ("text", "zone"),
    [("Eastern", "America/New_York"), ("ET", "America/New_York"),
     ("pacific time", "America/Los_Angeles"), ("I'm on Central", "America/Chicago"),
     ("Mountain", "America/Denver"), ("america/chicago", "America/Chicago"),
     ("Europe/Berlin", "Europe/Berlin"), ("hawaii", "Pacific/Honolulu"), ("UTC", "UTC"),
     ("every weekday at 5pm eastern", "America/New_York"), ("nowhere", None)],
)  # fmt: skip
def test_time_zones_from_iana_and_common_us_names(text: str, zone: str | None) -> None:
    """IANA names in any case and the US names people use map to IANA zones."""
    assert parse_timezone(text) == zone


def test_a_city_is_a_time_zone_only_as_the_answer() -> None:
    """ "Chicago" answers "which time zone?"; inside a request a city is not guessed at."""
    assert parse_timezone("Chicago", answer=True) == "America/Chicago"
    assert parse_timezone("london", answer=True) == "Europe/London"
    assert parse_timezone("remind me to check in in chicago") is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [("remind me to check in every weekday at 5pm", "checkin"),
     ("remind me about my supervision agenda on Thursdays", "agenda"),
     ("checkin", "checkin"), ("2", "agenda"), ("agenda", "agenda"),
     ("Look over your supervision agenda", "agenda"), ("remind me at 5", None),
     ("remind me to review my plan on Fridays at 5pm", "plan"), ("3", "plan"),
     ("remind me about my success plan", "plan")],
)  # fmt: skip
def test_the_kind_comes_from_wording_buttons_or_numbers(text: str, kind: str | None) -> None:
    """The words, a button's id, a number or the label name the kind; nothing else does."""
    assert parse_kind(text) == kind


@pytest.mark.parametrize(
    ("moment", "quiet"),
    [(time(20, 59), False), (time(21, 0), True), (time(23, 30), True), (time(0, 0), True),
     (time(7, 59), True), (time(8, 0), False), (time(12, 0), False)],
)  # fmt: skip
def test_default_quiet_hours_run_from_nine_at_night_to_eight(moment: time, quiet: bool) -> None:
    """21:00 to 08:00: the start is quiet, the end is not."""
    assert in_quiet_hours(moment) is quiet


def test_quiet_hours_within_one_day_work_too() -> None:
    """A window that does not cross midnight (13:00-14:00) is honoured as well."""
    lunch = QuietHours(start=time(13), end=time(14))
    assert in_quiet_hours(time(13, 30), lunch) and not in_quiet_hours(time(14), lunch)


def test_next_weekday_occurrence_skips_the_weekend() -> None:
    """Friday after 17:00 in New York: the next weekday reminder is Monday 17:00 local."""
    schedule = Schedule(WEEKDAYS, time(17), "America/New_York")
    friday_evening = datetime(2026, 12, 4, 23, 0, tzinfo=UTC)  # 18:00 EST
    assert schedule.next_after(friday_evening) == datetime(2026, 12, 7, 22, 0, tzinfo=UTC)


def test_next_occurrence_is_strictly_after_now() -> None:
    """At the very instant of an occurrence, the next one is the following day's."""
    schedule = Schedule(EVERY_DAY, time(9), "Europe/London")
    at_nine = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    assert schedule.next_after(at_nine) == datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


def test_the_same_local_time_in_different_zones() -> None:
    """17:00 local is a different UTC instant in each zone, on the zone's own date."""
    now = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    found = {
        zone: Schedule(EVERY_DAY, time(17), zone).next_after(now)
        for zone in ("America/Los_Angeles", "Asia/Tokyo", "Australia/Sydney")
    }
    assert found["America/Los_Angeles"] == datetime(2026, 12, 4, 1, 0, tzinfo=UTC)
    assert found["Asia/Tokyo"] == datetime(2026, 12, 4, 8, 0, tzinfo=UTC)
    assert found["Australia/Sydney"] == datetime(2026, 12, 4, 6, 0, tzinfo=UTC)
    for zone, instant in found.items():
        assert instant.astimezone(ZoneInfo(zone)).time() == time(17)


def test_local_time_holds_across_the_spring_change() -> None:
    """Across the March change in New York, 17:00 stays 17:00 local (22:00 then 21:00 UTC)."""
    schedule = Schedule(EVERY_DAY, time(17), "America/New_York")
    before = schedule.next_after(datetime(2026, 3, 7, 12, 0, tzinfo=UTC))
    after = schedule.next_after(before)
    assert (before, after) == (
        datetime(2026, 3, 7, 22, 0, tzinfo=UTC),
        datetime(2026, 3, 8, 21, 0, tzinfo=UTC),
    )


def test_local_time_holds_across_the_autumn_change() -> None:
    """Across the October change in Berlin, 09:00 stays 09:00 local (07:00 then 08:00 UTC)."""
    schedule = Schedule((6, 0), time(9), "Europe/Berlin")
    sunday = schedule.next_after(datetime(2026, 10, 24, 12, 0, tzinfo=UTC))
    assert sunday == datetime(2026, 10, 25, 8, 0, tzinfo=UTC)
    saturday_before = schedule.next_after(datetime(2026, 10, 17, 12, 0, tzinfo=UTC))
    assert saturday_before == datetime(2026, 10, 18, 7, 0, tzinfo=UTC)


def test_a_skipped_wall_time_comes_an_hour_later_and_a_repeated_one_once() -> None:
    """02:30 does not exist on spring-forward day (03:30 instead); 01:30 on the autumn
    day happens twice and is due at its first occurrence."""
    spring = Schedule((6,), time(2, 30), "America/New_York")
    due = spring.next_after(datetime(2026, 3, 7, 12, 0, tzinfo=UTC))
    assert due.astimezone(ZoneInfo("America/New_York")).time() == time(3, 30)
    autumn = Schedule((6,), time(1, 30), "America/New_York")
    first = autumn.next_after(datetime(2026, 10, 31, 12, 0, tzinfo=UTC))
    assert first == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT
    assert autumn.next_after(first) == datetime(2026, 11, 8, 6, 30, tzinfo=UTC)


def test_quiet_is_judged_in_the_schedules_own_zone() -> None:
    """22:00 UTC is quiet in London but 14:00 in Los Angeles, which is not."""
    moment = datetime(2026, 12, 3, 22, 0, tzinfo=UTC)
    assert Schedule(WEEKDAYS, time(17), "Europe/London").quiet_at(moment)
    assert not Schedule(WEEKDAYS, time(17), "America/Los_Angeles").quiet_at(moment)


def test_days_round_trip_and_read_well() -> None:
    """Stored days come back unchanged; descriptions say what people said."""
    for days in (WEEKDAYS, EVERY_DAY, (3,), (0, 4)):
        assert days_from_text(days_text(days)) == days
    assert describe(Schedule((0, 4), time(9), "UTC")) == "on Mondays and Fridays at 09:00 (UTC)"
    assert describe(Schedule(WEEKDAYS, time(17), "UTC")) == "every weekday at 17:00 (UTC)"


def test_the_data_file_is_checked_and_names_itself(tmp_path: Path) -> None:
    """The shipped file loads; a payload too long for Telegram's button data fails, naming
    the file."""
    assert {kind.id for kind in reminder_kinds()} >= {"checkin", "agenda", "plan"}
    broken = tmp_path / "reminders.yml"
    broken.write_text(
        DATA_FILE.read_text().replace('payload: "check in"', f'payload: "{"x" * 70}"')
    )
    with pytest.raises(ValueError, match=r"reminders\.yml"):
        reminder_data(broken)

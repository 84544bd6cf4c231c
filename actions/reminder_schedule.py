"""Reminder schedules: reading "every weekday at 5pm", quiet hours, and when one is next due.

Pure functions over ``zoneinfo``, used by the action server (setting a reminder) and by the
Telegram bridge (sending it). The kinds, the time-zone names and the default quiet hours
are data: ``knowledge/tools/reminders.yml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from actions.wording import kind_mentioned, normal_words

DATA_FILE = Path(__file__).resolve().parent.parent / "knowledge" / "tools" / "reminders.yml"
DAY_IDS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS = (0, 1, 2, 3, 4)
EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)
# The Telegram bridge puts the private chat's id, sealed under the note keys, in each
# message's metadata under this key; the action stores it with the reminder as it is.
CHAT_METADATA_KEY = "telegram_chat_sealed"
MAX_PAYLOAD_BYTES = 64  # Telegram's callback data limit: the button works after a restart

_DAY_PATTERNS = (
    r"mon(?:day)?s?",
    r"tue(?:s|sday)?s?",
    r"wed(?:s|nesday)?s?",
    r"thu(?:r|rs|rsday)?s?",
    r"fri(?:day)?s?",
    r"sat(?:urday)?s?",
    r"sun(?:day)?s?",
)
_ANY_DAY = "|".join(f"(?:{p})" for p in _DAY_PATTERNS)
_RANGE = re.compile(rf"\b({_ANY_DAY})\s*(?:-|–|to|through|thru|until|till)\s*({_ANY_DAY})\b")
_WEEKDAYS = re.compile(r"\b(?:week\s?days?|work\s?days?|working days|business days)\b")
_EVERY_DAY = re.compile(r"\b(?:every\s?day|daily|each day|all week|7 days a week|every night)\b")
_WEEKENDS = re.compile(r"\bweek\s?ends?\b")
_TIME_AMPM = re.compile(
    r"(?<![\d:.])(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?\s?m\.?|p\.?\s?m\.?)(?![a-z])"
)
_TIME_24H = re.compile(r"(?<![\d:.])([01]?\d|2[0-3])[:.h]([0-5]\d)(?![\d])")
_TIME_AFTER_AT = re.compile(r"\b(?:at|@|around|by)\s+(\d{1,2})(?![\d:.])(?:\s*o'?clock)?")
_TIME_BARE = re.compile(r"^\s*(?:at\s+)?(\d{1,2})\s*(?:o'?clock|h)?\s*[.!]?\s*$")
_NOON = re.compile(r"\b(?:noon|midday|lunch\s?time)\b")
_MIDNIGHT = re.compile(r"\bmidnight\b")
_IANA = re.compile(r"\b([A-Za-z]+(?:/[A-Za-z0-9_+-]+){1,2}|UTC)\b")


class Button(BaseModel):
    """The button under a reminder: it starts the tool."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=3, max_length=40)
    payload: str = Field(min_length=3)

    @field_validator("payload")
    @classmethod
    def _fits_callback_data(cls, payload: str) -> str:
        if len(payload.encode()) > MAX_PAYLOAD_BYTES:
            raise ValueError(f"longer than {MAX_PAYLOAD_BYTES} bytes")
        return payload


class Kind(BaseModel):
    """One kind of reminder: what it is for, how it is named, what it sends."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z_]{2,32}$")
    label: str = Field(min_length=3)
    words: list[str] = Field(min_length=1)
    message: str = Field(min_length=10, max_length=300)
    button: Button


class QuietHours(BaseModel):
    """Local times between which nothing is sent (start inclusive, end exclusive)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: time
    end: time

    def contains(self, moment: time) -> bool:
        if self.start > self.end:  # across midnight, as 21:00-08:00
            return moment >= self.start or moment < self.end
        return self.start <= moment < self.end

    @property
    def text(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


class ReminderData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kinds: list[Kind] = Field(min_length=1)
    quiet_hours: QuietHours
    grace_minutes: int = Field(ge=1, le=720)
    timezones: dict[str, str]

    @field_validator("timezones")
    @classmethod
    def _known_zones(cls, names: dict[str, str]) -> dict[str, str]:
        for alias, zone in names.items():
            if zone_named(zone) is None:
                raise ValueError(f"{alias}: {zone} is not an IANA time zone")
        return {alias.lower(): zone for alias, zone in names.items()}


@cache
def reminder_data(path: Path = DATA_FILE) -> ReminderData:
    """``knowledge/tools/reminders.yml``, validated; a bad file fails naming it."""
    try:
        return ReminderData.model_validate(yaml.safe_load(path.read_text("utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise ValueError(f"{path}: {error}") from error


def reminder_kinds() -> tuple[Kind, ...]:
    return tuple(reminder_data().kinds)


def kind_named(kind_id: str) -> Kind | None:
    return next((kind for kind in reminder_kinds() if kind.id == kind_id), None)


def kind_from_wording(text: str) -> str | None:
    """The kind whose words the text mentions first in the file's order, or None."""
    return kind_mentioned(text, reminder_kinds())


def parse_kind(answer: str | None) -> str | None:
    """A kind from a button (its id), its number, its label or its wording; else None."""
    cleaned = normal_words(answer or "")
    if not cleaned:
        return None
    for index, kind in enumerate(reminder_kinds(), start=1):
        if cleaned in {kind.id, str(index), kind.label.lower()}:
            return kind.id
    return kind_from_wording(cleaned)


def parse_days(text: str | None) -> tuple[int, ...] | None:
    """Weekdays (0 = Monday) named in the text: "every weekday", "daily", "on Thursdays",
    "Mon-Wed", "tuesday and friday"; None when it names none."""
    cleaned = normal_words(text or "")
    days: set[int] = set()
    if _EVERY_DAY.search(cleaned):
        return EVERY_DAY
    if _WEEKDAYS.search(cleaned):
        days.update(WEEKDAYS)
    if _WEEKENDS.search(cleaned):
        days.update((5, 6))
    for match in _RANGE.finditer(cleaned):
        first, last = _day_index(match[1]), _day_index(match[2])
        span = (last - first) % 7
        days.update((first + step) % 7 for step in range(span + 1))
    cleaned = _RANGE.sub(" ", cleaned)
    for index, pattern in enumerate(_DAY_PATTERNS):
        if re.search(rf"\b{pattern}\b", cleaned):
            days.add(index)
    return tuple(sorted(days)) or None


def _day_index(word: str) -> int:
    return next(i for i, pattern in enumerate(_DAY_PATTERNS) if re.fullmatch(pattern, word))


def parse_time(text: str | None, *, answer: bool = False) -> time | None:
    """The time of day in "at 5pm", "17:00", "9.30am", "noon", "at 9".

    A bare hour ("at 5", or "5" as the answer to "what time?") from 1 to 7 is taken as
    afternoon or evening, as people mean it; 8 to 12 as morning or noon.
    """
    cleaned = normal_words(text or "")
    if _NOON.search(cleaned):
        return time(12, 0)
    if _MIDNIGHT.search(cleaned):
        return time(0, 0)
    if match := _TIME_AMPM.search(cleaned):
        return _twelve_hour(int(match[1]), int(match[2] or 0), afternoon=match[3].startswith("p"))
    if match := _TIME_24H.search(cleaned):
        return time(int(match[1]), int(match[2]))
    match = (_TIME_BARE.match(cleaned) if answer else None) or _TIME_AFTER_AT.search(cleaned)
    return _bare_hour(int(match[1])) if match else None


def _twelve_hour(hour: int, minute: int, *, afternoon: bool) -> time | None:
    if not 1 <= hour <= 12 or minute > 59:
        return None
    return time(hour % 12 + (12 if afternoon else 0), minute)


def _bare_hour(hour: int) -> time | None:
    if hour > 23:
        return None
    return time(hour + 12 if 1 <= hour <= 7 else hour, 0)


@cache
def _zones_by_lower_name() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


@cache
def _zones_by_city() -> dict[str, str]:
    cities: dict[str, str] = {}
    for name in sorted(available_timezones()):
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/")):
            cities.setdefault(name.rsplit("/", 1)[1].replace("_", " ").lower(), name)
    return cities


def zone_named(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def parse_timezone(text: str | None, *, answer: bool = False) -> str | None:
    """An IANA time zone from "America/Chicago", "Eastern", "ET", "pacific time", or (as
    the answer to "which time zone?") a city such as "Chicago"; None otherwise."""
    raw = " ".join((text or "").split())
    for match in _IANA.finditer(raw):
        found = _zones_by_lower_name().get(match[1].lower())
        if found:
            return found
    cleaned = normal_words(raw)
    aliases = reminder_data().timezones
    for alias in sorted(aliases, key=len, reverse=True):
        if re.search(rf"\b{re.escape(alias)}\b", cleaned):
            return aliases[alias]
    if answer:
        city = re.sub(r"\b(?:time|zone|timezone|i'm in|i am in|in)\b", " ", cleaned)
        return _zones_by_city().get(" ".join(city.split()))
    return None


def in_quiet_hours(moment: time, quiet: QuietHours | None = None) -> bool:
    return (quiet or reminder_data().quiet_hours).contains(moment)


@dataclass(frozen=True)
class Schedule:
    """Days of the week (0 = Monday), a local time of day, and the IANA zone it is in."""

    days: tuple[int, ...]
    at: time
    zone: str

    def next_after(self, moment: datetime) -> datetime:
        """The first occurrence strictly after ``moment``, in UTC.

        A local time skipped by a daylight-saving change (02:30 on the spring-forward day)
        comes an hour later (03:30); a repeated one (autumn) on its first occurrence.
        """
        zone = ZoneInfo(self.zone)
        local_day = moment.astimezone(zone).date()
        for offset in range(8):
            day = local_day + timedelta(days=offset)
            if day.weekday() not in self.days:
                continue
            candidate = _local_instant(day, self.at, zone)
            if candidate > moment:
                return candidate
        raise ValueError("a schedule needs at least one day")  # days is never empty

    def quiet_at(self, moment: datetime, quiet: QuietHours | None = None) -> bool:
        """Whether ``moment`` falls in quiet hours in this schedule's zone."""
        return in_quiet_hours(moment.astimezone(ZoneInfo(self.zone)).time(), quiet)


def _local_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    # fold=0: a wall time inside a spring-forward gap is read with the offset before the
    # gap (02:30 becomes 03:30), and a repeated autumn time as its first occurrence.
    return datetime.combine(day, at, tzinfo=zone).astimezone(timezone.utc)


def days_text(days: tuple[int, ...]) -> str:
    """Days as stored: "mon,tue,wed"."""
    return ",".join(DAY_IDS[day] for day in days)


def days_from_text(stored: str) -> tuple[int, ...]:
    return tuple(sorted(DAY_IDS.index(part) for part in stored.split(",") if part in DAY_IDS))


def describe_days(days: tuple[int, ...]) -> str:
    """ "every day", "every weekday", "on weekends", "on Thursdays", "on Mondays and Fridays"."""
    if days == EVERY_DAY:
        return "every day"
    if days == WEEKDAYS:
        return "every weekday"
    if days == (5, 6):
        return "on weekends"
    names = [f"{DAY_NAMES[day]}s" for day in days]
    if len(names) == 1:
        return f"on {names[0]}"
    return f"on {', '.join(names[:-1])} and {names[-1]}"


def describe(schedule: Schedule) -> str:
    """ "every weekday at 17:00 (America/New_York)"."""
    return f"{describe_days(schedule.days)} at {schedule.at:%H:%M} ({schedule.zone})"

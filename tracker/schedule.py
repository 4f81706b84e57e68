"""Pure functions that turn a commitment's schedule into the occurrences it asks of you.

Everything here works on local calendar dates in the user's time zone, so daylight-saving
changes neither skip nor double a routine day. Nothing here touches the database: callers
pass in the commitment, its pauses and its check-ins, fetched once.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from guidance.models import CommitmentKind, ScheduleType


@dataclass(frozen=True)
class Span:
    """A paused span of days: `starts_on` included, `ends_on` excluded (None: still open)."""

    starts_on: date
    ends_on: date | None

    def covers(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day < self.ends_on)


def is_paused(day: date, pauses: Iterable[Span]) -> bool:
    return any(span.covers(day) for span in pauses)


def daterange(start: date, end: date) -> Iterator[date]:
    """Each day from start to end, both included."""
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


def week_start_of(day: date, week_start: int) -> date:
    """The first day of the week holding `day`; week_start is 0 for Monday … 6 for Sunday."""
    return day - timedelta(days=(day.weekday() - week_start) % 7)


def routine_is_due_on(commitment, day: date) -> bool:
    """Whether a fixed-day routine's schedule falls on `day` (pauses aside).

    "N times per week" routines have no fixed days and are never due on a given day; see
    `weekly_windows`.
    """
    start = commitment.start_date
    if start is None or day < start:
        return False
    kind = commitment.schedule_type
    if kind == ScheduleType.DAILY:
        return True
    if kind == ScheduleType.WEEKDAYS:
        return bool(commitment.weekdays & (1 << day.weekday()))
    if kind == ScheduleType.EVERY_N_DAYS:
        interval = max(commitment.interval_days or 1, 1)
        return (day - start).days % interval == 0
    return False


def routine_due_dates(
    commitment, start: date, end: date, pauses: Iterable[Span] = ()
) -> list[date]:
    """The days from start to end (inclusive) a fixed-day routine is due, minus paused days."""
    pauses = list(pauses)
    if commitment.kind != CommitmentKind.ROUTINE or end < start:
        return []
    return [
        day
        for day in daterange(max(start, commitment.start_date or start), end)
        if routine_is_due_on(commitment, day) and not is_paused(day, pauses)
    ]


@dataclass(frozen=True)
class WeekWindow:
    """One week of an "N times per week" routine: how many check-ins it asks for.

    `required` is reduced in proportion when part of the week is before the start date or
    paused, rounded up, so a routine started on a Thursday asks for a fair share.
    """

    starts_on: date
    ends_on: date  # inclusive
    required: int


def weekly_windows(
    commitment, start: date, end: date, week_start: int, pauses: Iterable[Span] = ()
) -> list[WeekWindow]:
    """The weeks overlapping start..end for a "times per week" routine."""
    pauses = list(pauses)
    if commitment.schedule_type != ScheduleType.PER_WEEK or commitment.start_date is None:
        return []
    times = min(max(commitment.times_per_week or 1, 1), 7)
    windows = []
    week = week_start_of(max(start, commitment.start_date), week_start)
    while week <= end:
        days = list(daterange(week, week + timedelta(days=6)))
        open_days = [d for d in days if d >= commitment.start_date and not is_paused(d, pauses)]
        if open_days:
            # Ceiling of times * open/7, never more than the open days themselves.
            required = min(-(-times * len(open_days) // 7), len(open_days))
            windows.append(WeekWindow(week, week + timedelta(days=6), required))
        week += timedelta(days=7)
    return windows


def local_due_at(day: date, at: time | None, zone: ZoneInfo) -> datetime | None:
    """The aware instant of a local day and time; None when the routine has no time of day.

    For a time that does not exist on a spring-forward day, zoneinfo moves it forward by
    the gap; for an ambiguous autumn time, the first (summer-time) instant is used.
    """
    if at is None:
        return None
    return datetime.combine(day, at, tzinfo=zone)


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    """The local calendar day of an aware instant."""
    return moment.astimezone(zone).date()

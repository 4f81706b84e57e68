"""Pure functions that turn a commitment's schedule into the occurrences it asks of you.

Everything here works on local calendar dates in the user's time zone, so daylight-saving
changes neither skip nor double a routine day. Nothing here touches the database: callers
pass in the commitment, its pauses and its check-ins, fetched once.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.db import models

from guidance.models import CommitmentKind, ScheduleType

WEEKDAY_SHORT = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


class State(models.TextChoices):
    """What the user recorded for an occurrence (`CheckIn.State` is this class)."""

    KEPT = "kept", "Kept on time"
    LATE = "late", "Kept, a bit late"
    MISSED = "missed", "Missed"
    RESCHEDULED = "rescheduled", "Rescheduled with notice"
    SKIPPED = "skipped", "Skipped (planned)"


# Recorded states that followed through (on time or late).
DONE_STATES = (State.KEPT, State.LATE)
# Recorded states that call an occurrence off with notice: it asks nothing more that day.
CALLED_OFF_STATES = (State.RESCHEDULED, State.SKIPPED)

# The status of an occurrence with nothing recorded, by where its day stands. Today's
# rows show due / upcoming / unrecorded; the progress figures, which never look past
# today, call today's "open": it counts for nothing until the day is over.
DUE = "due"
UPCOMING = "upcoming"
UNRECORDED = "unrecorded"
OPEN = "open"
# What counts as asked of you, once judged: the denominator of the follow-through rates.
DUE_STATES = frozenset({State.KEPT, State.LATE, State.MISSED, UNRECORDED})


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


@lru_cache(maxsize=4096)
def week_start_of(day: date, week_start: int) -> date:
    """The first day of the week holding `day`; week_start is 0 for Monday … 6 for Sunday.

    Cached: the progress figures ask it for the same few hundred days many times over.
    """
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


def first_due_day(commitment) -> date | None:
    """The first day a fixed-day routine is due (pauses aside): its start date, or for
    chosen weekdays the first of them from it on."""
    start = commitment.start_date
    found = routine_due_dates(commitment, start, start + timedelta(days=6)) if start else []
    return found[0] if found else None


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
        if routine_is_due_on(commitment, day) and not (pauses and is_paused(day, pauses))
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


# --- Occurrences: what a commitment asks of you on a day, joined with what you recorded ---


@dataclass(slots=True)
class Occurrence:
    """One occurrence of a commitment on a local day, and what became of it.

    `state` is the recorded `State` (None while nothing is recorded); the progress
    figures fill in UNRECORDED or OPEN instead (see `judge`). `due_at` is a promise's
    due time (its check-in key); routines leave it None. For "times per week" routines
    `week_done`/`week_required` tell how the week is going. Two occurrences are equal
    when they are of the same commitment, day and state: the rest is what the pages show.
    """

    commitment_id: int
    day: date
    state: str | None = None
    due_at: datetime | None = field(default=None, compare=False)
    checkin: object | None = field(default=None, compare=False, repr=False)
    commitment: object | None = field(default=None, compare=False, repr=False)
    moved_here: bool = field(default=False, compare=False)
    week_done: int | None = field(default=None, compare=False)
    week_required: int | None = field(default=None, compare=False)

    def status(self, today: date) -> str:
        """The recorded state, else UPCOMING (future), DUE (today) or UNRECORDED."""
        if self.state is not None:
            return self.state
        if self.day > today:
            return UPCOMING
        if self.day == today:
            return DUE
        return UNRECORDED

    @property
    def called_off(self) -> bool:
        """Skipped or moved with notice: it no longer asks anything of its day."""
        return self.state in CALLED_OFF_STATES

    @property
    def key(self) -> str:
        """A stable id for the page element showing this occurrence."""
        return f"occ-{self.commitment_id}-{self.day.isoformat()}"


def occurrence(commitment, day: date, due_at=None, checkin=None, **extra) -> Occurrence:
    """The occurrence of `commitment` on `day`, with its check-in if one was recorded."""
    return Occurrence(
        commitment.pk,
        day,
        checkin.state if checkin is not None else None,
        due_at,
        checkin,
        commitment,
        **extra,
    )


def judge(occurrences: Iterable[Occurrence], today: date) -> list[Occurrence]:
    """The occurrences with nothing recorded marked UNRECORDED (their day is over) or
    OPEN (today or later), as the progress figures count them."""
    judged = list(occurrences)
    for found in judged:
        if found.state is None:
            found.state = UNRECORDED if found.day < today else OPEN
    return judged


def _routine_checkins_by_day(checkins) -> dict[date, object]:
    return {c.occurrence_date: c for c in checkins if c.due_at is None}


def promise_occurrences(commitment, checkins, zone: ZoneInfo, start: date, end: date):
    """A promise's occurrences from start to end: one per recorded due time (its history,
    rescheduled ones included) plus its current due time if nothing is recorded for it."""
    by_due = {c.due_at: c for c in checkins if c.due_at is not None}
    found = [
        occurrence(commitment, c.occurrence_date, c.due_at, c)
        for c in by_due.values()
        if start <= c.occurrence_date <= end
    ]
    if commitment.due_at is not None and commitment.due_at not in by_due:
        day = local_date(commitment.due_at, zone)
        if start <= day <= end:
            found.append(occurrence(commitment, day, commitment.due_at))
    return sorted(found, key=lambda o: o.due_at)


def week_asks(window: WeekWindow, week_checkins) -> int:
    """How many check-ins a week of a "times per week" routine asks for: its share,
    less one for each planned skip recorded in it."""
    skipped = sum(1 for c in week_checkins if c.state == State.SKIPPED)
    return max(window.required - skipped, 0)


def week_tally(commitment, day: date, checkins, pauses, week_start: int) -> tuple[int, int]:
    """(kept so far, asked) for the week of `day` of a "times per week" routine; kept
    ones beyond what the week asks are counted too (they are a bonus)."""
    first = week_start_of(day, week_start)
    windows = weekly_windows(commitment, first, first + timedelta(days=6), week_start, pauses)
    if not windows:
        return 0, 0
    week_checkins = [
        c
        for c in checkins
        if c.due_at is None
        and first <= c.occurrence_date <= windows[0].ends_on
        and not is_paused(c.occurrence_date, pauses)
    ]
    done = sum(1 for c in week_checkins if c.state in DONE_STATES)
    return done, week_asks(windows[0], week_checkins)


def routine_occurrences(commitment, checkins, pauses, start: date, end: date):
    """A routine's occurrences from start to end: its due days, days an occurrence was
    rescheduled to, and any day with a check-in (so history survives schedule edits).
    A "times per week" routine has no due days: only its recorded days."""
    by_day = _routine_checkins_by_day(checkins)
    pauses = list(pauses)
    due = set(routine_due_dates(commitment, start, end, pauses))
    moved = {
        c.rescheduled_to_date
        for c in checkins
        if c.state == State.RESCHEDULED
        and c.rescheduled_to_date is not None
        and start <= c.rescheduled_to_date <= end
        and not is_paused(c.rescheduled_to_date, pauses)
    } - due
    recorded = {d for d in by_day if start <= d <= end}
    found = []
    # Built directly rather than through `occurrence`: Today and the progress figures
    # make a year of these per routine.
    pk = commitment.pk
    for day in sorted(due | moved | recorded):
        checkin = by_day.get(day)
        state = checkin.state if checkin is not None else None
        found.append(Occurrence(pk, day, state, None, checkin, commitment, day in moved))
    return found


def recurrence_changes(commitment, checkins, pauses) -> tuple[list[date], list[date]]:
    """How a fixed-day routine's occurrences differ from its bare rule, for a calendar's
    recurrence: (days left out, days added).

    Left out: due days inside finished pauses, and days whose occurrence was called off
    (skipped, or moved with notice). Added: days an occurrence was moved to, as
    `routine_occurrences` has them. A still-open pause has no end to list days to.
    """
    spans = [span for span in pauses if span.ends_on is not None]
    left_out = {
        day
        for span in spans
        for day in daterange(span.starts_on, span.ends_on - timedelta(days=1))
        if routine_is_due_on(commitment, day)
    }
    routine_checkins = [c for c in checkins if c.due_at is None]
    left_out |= {c.occurrence_date for c in routine_checkins if c.state in CALLED_OFF_STATES}
    added = {
        c.rescheduled_to_date
        for c in routine_checkins
        if c.state == State.RESCHEDULED
        and c.rescheduled_to_date is not None
        and not routine_is_due_on(commitment, c.rescheduled_to_date)
        and not is_paused(c.rescheduled_to_date, pauses)
    }
    return sorted(left_out), sorted(added)


def occurrences_between(commitment, start, end, *, checkins, pauses, zone, week_start):
    if commitment.kind == CommitmentKind.PROMISE:
        return promise_occurrences(commitment, checkins, zone, start, end)
    return routine_occurrences(commitment, checkins, pauses, start, end)


def occurrence_on(commitment, day: date, *, checkins, pauses, zone, week_start):
    """The occurrence on `day`, or None when nothing is due (or recorded) that day.

    A "times per week" routine may be done on any open day from its start date.
    """
    pauses = list(pauses)
    if commitment.kind == CommitmentKind.PROMISE:
        found = [
            o
            for o in promise_occurrences(commitment, checkins, zone, day, day)
            if o.due_at == commitment.due_at
        ]
        return found[0] if found else None
    if commitment.schedule_type == ScheduleType.PER_WEEK:
        by_day = _routine_checkins_by_day(checkins)
        open_day = (
            commitment.start_date is not None
            and day >= commitment.start_date
            and not is_paused(day, pauses)
        )
        if not open_day and day not in by_day:
            return None
        done, required = week_tally(commitment, day, checkins, pauses, week_start)
        return occurrence(
            commitment, day, None, by_day.get(day), week_done=done, week_required=required
        )
    found = routine_occurrences(commitment, checkins, pauses, day, day)
    return found[0] if found else None


def calendar_weeks(days_with_occurrences: dict[date, Occurrence], first: date, last: date):
    """Rows of seven (day, occurrence or None) pairs from `first` to `last`, for a grid."""
    weeks, week = [], []
    for day in daterange(first, last):
        week.append((day, days_with_occurrences.get(day)))
        if len(week) == 7:
            weeks.append(week)
            week = []
    if week:
        weeks.append(week)
    return weeks

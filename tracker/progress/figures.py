"""Progress figures: follow-through rates, streaks, strength scores and milestones.

Pure functions, no database access: callers fetch commitments, pauses and check-ins once
(see `tracker.progress.queries`) and pass them in. Check-ins may be model instances or any
objects with `commitment_id`, `occurrence_date`, `due_at`, `state` and
`rescheduled_to_date`, so a view can fetch light rows.

Everything works on local dates in the user's zone. The rules (see the common brief):
- an occurrence is one due day of a fixed-day routine, one due time of a promise, or one
  required check-in of an "N times per week" routine;
- kept, late, missed, rescheduled and skipped are what the user recorded; a past
  occurrence with nothing recorded is "unrecorded" (counts as due, shown separately);
  today's and future occurrences with nothing recorded are "open" and count for nothing
  yet, so a day is never held against anyone before it is over;
- paused days are not due at all: nothing on them counts.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from guidance.models import CommitmentKind, ScheduleType
from tracker.commitments.schedule import (
    Span,
    is_paused,
    local_date,
    routine_due_dates,
    week_start_of,
    weekly_windows,
)

KEPT = "kept"
LATE = "late"
MISSED = "missed"
RESCHEDULED = "rescheduled"
SKIPPED = "skipped"
UNRECORDED = "unrecorded"
OPEN = "open"

# States that make an occurrence due (the denominator of the rates).
DUE_STATES = frozenset({KEPT, LATE, MISSED, UNRECORDED})
COUNTED_STATES = (KEPT, LATE, MISSED, UNRECORDED, RESCHEDULED, SKIPPED)

PERIODS = {"7": 7, "30": 30, "90": 90, "all": None}
DEFAULT_PERIOD = "30"
PERIOD_LABELS = {
    "7": "Last 7 days",
    "30": "Last 30 days",
    "90": "Last 90 days",
    "all": "All time",
}


class Occurrence(NamedTuple):
    """One occurrence and what became of it (a tuple: a year of routines makes thousands)."""

    commitment_id: int
    day: date
    state: str


# --- Occurrences --------------------------------------------------------------------------


def spans_by_commitment(pauses: Iterable) -> dict[int, list[Span]]:
    """Pause rows grouped as `Span`s per commitment id."""
    spans: dict[int, list[Span]] = defaultdict(list)
    for pause in pauses:
        spans[pause.commitment_id].append(Span(pause.starts_on, pause.ends_on))
    return spans


def checkins_by_commitment(checkins: Iterable) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for checkin in checkins:
        grouped[checkin.commitment_id].append(checkin)
    return grouped


def _unrecorded_or_open(day: date, today: date) -> str:
    return UNRECORDED if day < today else OPEN


def promise_occurrences(
    commitment, checkins: Sequence, spans: Sequence[Span], today: date, zone: ZoneInfo
) -> list[Occurrence]:
    """One occurrence per recorded due time, plus the current due time if not recorded."""
    occurrences = []
    recorded_times = set()
    for checkin in checkins:
        recorded_times.add(checkin.due_at)
        day = checkin.occurrence_date
        if day <= today and not is_paused(day, spans):
            occurrences.append(Occurrence(commitment.pk, day, checkin.state))
    if commitment.due_at is not None and commitment.due_at not in recorded_times:
        day = local_date(commitment.due_at, zone)
        if day <= today and not is_paused(day, spans):
            occurrences.append(Occurrence(commitment.pk, day, _unrecorded_or_open(day, today)))
    return occurrences


def fixed_routine_occurrences(
    commitment, checkins: Sequence, spans: Sequence[Span], today: date
) -> list[Occurrence]:
    """Each due day up to today, plus days rescheduled to and days with a check-in.

    A check-in on a day the schedule no longer asks for still counts: the schedule may
    have been edited since, and what the user recorded is history.
    """
    by_day = {c.occurrence_date: c for c in checkins}
    # Pauses are applied once below, for due days and recorded days alike.
    days = set(routine_due_dates(commitment, commitment.start_date, today))
    for checkin in checkins:
        days.add(checkin.occurrence_date)
        moved_to = getattr(checkin, "rescheduled_to_date", None)
        if checkin.state == RESCHEDULED and moved_to is not None:
            days.add(moved_to)
    occurrences = []
    for day in sorted(days):
        if day > today or (spans and is_paused(day, spans)):
            continue
        checkin = by_day.get(day)
        state = checkin.state if checkin else _unrecorded_or_open(day, today)
        occurrences.append(Occurrence(commitment.pk, day, state))
    return occurrences


@dataclass(frozen=True, slots=True)
class WeekResult:
    """One week of an "N times per week" routine, once its check-ins are counted."""

    starts_on: date
    ends_on: date
    required: int  # after planned skips
    done: int  # kept + late, capped at required
    finished: bool  # the week is over

    @property
    def kept(self) -> bool:
        return self.required > 0 and self.done >= self.required


def weekly_routine_occurrences(
    commitment, checkins: Sequence, spans: Sequence[Span], today: date, week_start: int
) -> tuple[list[Occurrence], list[WeekResult]]:
    """Each week asks for `required` check-ins: they fill the week's slots in date order.

    Kept and late fill slots first (extra ones beyond the target are a bonus, not
    counted), then recorded misses; slots still empty when the week is over are
    unrecorded, dated on the week's last day. Skips reduce what the week asks for.
    """
    occurrences: list[Occurrence] = []
    weeks: list[WeekResult] = []
    if commitment.start_date is None or commitment.start_date > today:
        return occurrences, weeks
    windows = weekly_windows(commitment, commitment.start_date, today, week_start, spans)
    by_week: dict[date, list] = defaultdict(list)
    for checkin in checkins:
        day = checkin.occurrence_date
        if day <= today and not is_paused(day, spans):
            by_week[week_start_of(day, week_start)].append(checkin)
    pk = commitment.pk
    for window in windows:
        week_checkins = sorted(by_week.get(window.starts_on, ()), key=lambda c: c.occurrence_date)
        skipped = [c for c in week_checkins if c.state == SKIPPED]
        required = max(window.required - len(skipped), 0)
        slots = required
        for checkin in week_checkins:
            if checkin.state in (SKIPPED, RESCHEDULED):
                occurrences.append(Occurrence(pk, checkin.occurrence_date, checkin.state))
        done = 0
        for wanted in ((KEPT, LATE), (MISSED,)):
            for checkin in week_checkins:
                if checkin.state in wanted and slots > 0:
                    occurrences.append(Occurrence(pk, checkin.occurrence_date, checkin.state))
                    slots -= 1
                    done += checkin.state != MISSED
        finished = window.ends_on < today
        if finished:
            occurrences.extend(Occurrence(pk, window.ends_on, UNRECORDED) for _ in range(slots))
        weeks.append(WeekResult(window.starts_on, window.ends_on, required, done, finished))
    return occurrences, weeks


def is_weekly(commitment) -> bool:
    return commitment.kind == CommitmentKind.ROUTINE and (
        commitment.schedule_type == ScheduleType.PER_WEEK
    )


# --- Rates and counts ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Tally:
    """Counts of occurrences per state, and the rates they give."""

    kept: int = 0
    late: int = 0
    missed: int = 0
    unrecorded: int = 0
    rescheduled: int = 0
    skipped: int = 0

    @classmethod
    def of(cls, occurrences: Iterable[Occurrence]) -> "Tally":
        counts = dict.fromkeys(COUNTED_STATES, 0)
        for occurrence in occurrences:
            if occurrence.state in counts:
                counts[occurrence.state] += 1
        return cls(**counts)

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(*(a + b for a, b in zip(self.counts(), other.counts(), strict=True)))

    def counts(self) -> tuple[int, ...]:
        return tuple(getattr(self, state) for state in COUNTED_STATES)

    @property
    def due(self) -> int:
        return self.kept + self.late + self.missed + self.unrecorded

    @property
    def done(self) -> int:
        return self.kept + self.late

    @property
    def on_time_rate(self) -> float | None:
        """Kept on time ÷ due, or None when nothing was due (never a division by zero)."""
        return self.kept / self.due if self.due else None

    @property
    def kept_rate(self) -> float | None:
        return self.done / self.due if self.due else None


def period_bounds(period: str, today: date, earliest: date | None) -> tuple[date, date] | None:
    """First and last day of a period ending today; None for "all" with no history."""
    days = PERIODS.get(period)
    if days is None:
        return (earliest, today) if earliest else None
    return today - timedelta(days=days - 1), today


def in_range(occurrences: Iterable[Occurrence], start: date, end: date) -> list[Occurrence]:
    return [o for o in occurrences if start <= o.day <= end]


def percent(rate: float | None) -> int | None:
    return None if rate is None else round(rate * 100)


@dataclass(frozen=True)
class PeriodSummary:
    label: str
    start: date | None
    end: date
    tally: Tally
    previous: Tally | None  # the period of the same length just before; None for all time

    @property
    def on_time_percent(self) -> int | None:
        return percent(self.tally.on_time_rate)

    @property
    def kept_percent(self) -> int | None:
        return percent(self.tally.kept_rate)

    def _change(self, now: float | None, before: float | None) -> int | None:
        if now is None or before is None:
            return None
        return round(now * 100) - round(before * 100)

    @property
    def on_time_change(self) -> int | None:
        """Percentage points against the previous period; None when either had nothing due."""
        return self._change(self.tally.on_time_rate, self.previous and self.previous.on_time_rate)

    @property
    def kept_change(self) -> int | None:
        return self._change(self.tally.kept_rate, self.previous and self.previous.kept_rate)


def summarise_period(occurrences: Sequence[Occurrence], period: str, today: date) -> PeriodSummary:
    """The tally for a period ending today and for the same length just before it."""
    if period not in PERIODS:
        period = DEFAULT_PERIOD
    earliest = min((o.day for o in occurrences), default=None)
    bounds = period_bounds(period, today, earliest)
    if bounds is None:
        return PeriodSummary(PERIOD_LABELS[period], None, today, Tally(), None)
    start, end = bounds
    previous = None
    if PERIODS[period] is not None:
        length = timedelta(days=PERIODS[period])
        previous = Tally.of(in_range(occurrences, start - length, end - length))
    return PeriodSummary(
        PERIOD_LABELS[period], start, end, Tally.of(in_range(occurrences, start, end)), previous
    )


def change_sentence(change: int | None, what: str) -> str:
    """A calm sentence about the trend, in words rather than arrows alone."""
    if change is None:
        return "There is no earlier period of the same length to compare with yet."
    if change == 0:
        return f"The same {what} as the period before."
    direction = "up" if change > 0 else "down"
    points = abs(change)
    unit = "point" if points == 1 else "points"
    return f"{direction.capitalize()} {points} {unit} from the period before."


# --- Streaks ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Streak:
    current: int = 0
    best: int = 0
    unit: str = "times"  # "times" for fixed-day routines, "weeks" for N per week


def fixed_streak(occurrences: Iterable[Occurrence]) -> Streak:
    """Consecutive due occurrences kept (on time or late), in date order.

    Missed and unrecorded break a run; skipped, rescheduled and open (today, not yet
    recorded) neither break nor extend it; paused days are not occurrences at all.
    """
    current = best = 0
    for occurrence in sorted(occurrences, key=lambda o: o.day):
        if occurrence.state in (KEPT, LATE):
            current += 1
            best = max(best, current)
        elif occurrence.state in (MISSED, UNRECORDED):
            current = 0
    return Streak(current, best, "times")


def weekly_streak(weeks: Iterable[WeekResult]) -> Streak:
    """Consecutive weeks that reached their target; the week in progress only adds."""
    current = best = 0
    for week in weeks:
        if week.kept:
            current += 1
            best = max(best, current)
        elif week.finished and week.required > 0:
            current = 0
    return Streak(current, best, "weeks")


# --- Strength score -----------------------------------------------------------------------


def frequency_per_day(commitment) -> float:
    """How often a routine asks per day: 1 daily, 3/7 for three weekdays, 1/n every n days."""
    kind = commitment.schedule_type
    if kind == ScheduleType.WEEKDAYS:
        return max(bin(commitment.weekdays & 0x7F).count("1"), 1) / 7
    if kind == ScheduleType.EVERY_N_DAYS:
        return 1 / max(commitment.interval_days or 1, 1)
    if kind == ScheduleType.PER_WEEK:
        return min(max(commitment.times_per_week or 1, 1), 7) / 7
    return 1.0


def window_days(commitment) -> int:
    """The trailing window a day's value looks at: the schedule's own period."""
    kind = commitment.schedule_type
    if kind in (ScheduleType.WEEKDAYS, ScheduleType.PER_WEEK):
        return 7
    if kind == ScheduleType.EVERY_N_DAYS:
        return max(commitment.interval_days or 1, 1)
    return 1


def multiplier(frequency: float) -> float:
    """Loop Habit Tracker's smoothing: m = 0.5 ** (sqrt(f) / 13)."""
    return 0.5 ** (math.sqrt(frequency) / 13)


def next_score(previous: float, value: float, m: float) -> float:
    return previous * m + value * (1 - m)


CREDIT = {KEPT: 1.0, LATE: 0.5}


def strength_series(
    commitment,
    occurrences: Sequence[Occurrence],
    spans: Sequence[Span],
    today: date,
) -> list[tuple[date, float]]:
    """The routine's strength (0..1) at the end of each day from its start to today.

    Each day the score moves towards that day's value by (1 - m). The value is the share
    of what the schedule asked in the trailing window that was kept (late counts half).
    Skipped and paused days, and days whose window asked for nothing, leave the score as
    it was; so does today until something is recorded for it.
    """
    start = commitment.start_date
    if commitment.kind != CommitmentKind.ROUTINE or start is None or start > today:
        return []
    m = multiplier(frequency_per_day(commitment))
    window = window_days(commitment)
    weekly = is_weekly(commitment)
    times = min(max(commitment.times_per_week or 1, 1), 7)
    recorded_today = any(o.day == today and o.state != OPEN for o in occurrences)
    last = today if recorded_today else today - timedelta(days=1)
    # Days as offsets from the start, in flat lists: this loop runs for every day of
    # every routine, so it avoids date arithmetic and dictionaries.
    length = (last - start).days + 1
    if length <= 0:
        return []
    credit = [0.0] * length
    asked = [0] * length
    unchanged = [False] * length  # skipped or paused: the score stays as it was
    for occurrence in occurrences:
        index = (occurrence.day - start).days
        if not 0 <= index < length:
            continue
        credit[index] += CREDIT.get(occurrence.state, 0.0)
        if occurrence.state == SKIPPED:
            unchanged[index] = True
            if weekly:
                asked[index] -= 1  # a planned skip lowers what the week asks
        elif not weekly and occurrence.state in DUE_STATES:
            asked[index] += 1
    paused = [False] * length
    for span in spans:
        first = max((span.starts_on - start).days, 0)
        end = length if span.ends_on is None else min((span.ends_on - start).days, length)
        for index in range(first, end):
            paused[index] = unchanged[index] = True
    series = []
    score = 0.0
    window_credit = 0.0
    window_asked = 0
    open_days = 0  # days in the window not paused: a weekly routine asks its fair share
    origin = start.toordinal()
    for index in range(length):
        window_credit += credit[index]
        window_asked += asked[index]
        open_days += not paused[index]
        leaving = index - window
        if leaving >= 0:
            window_credit -= credit[leaving]
            window_asked -= asked[leaving]
            open_days -= not paused[leaving]
        if not unchanged[index]:
            # A weekly routine asks the ceiling of times × open days / 7, as
            # tracker.commitments.schedule.weekly_windows does, less planned skips.
            fair_share = -(-times * open_days // 7) if weekly else 0
            required = fair_share + window_asked
            if required > 0:
                score = next_score(score, min(window_credit / required, 1.0), m)
        series.append((date.fromordinal(origin + index), score))
    return series


# --- Per commitment and breakdowns --------------------------------------------------------


@dataclass
class CommitmentFigures:
    commitment: object
    occurrences: list[Occurrence]
    streak: Streak | None = None
    strength: list[tuple[date, float]] = field(default_factory=list)

    @property
    def strength_now(self) -> float | None:
        return self.strength[-1][1] if self.strength else None

    @property
    def strength_percent(self) -> int | None:
        return percent(self.strength_now)


def commitment_figures(
    commitment,
    checkins: Sequence,
    spans: Sequence[Span],
    *,
    today: date,
    zone: ZoneInfo,
    week_start: int,
) -> CommitmentFigures:
    """Occurrences, streak and strength for one commitment."""
    if commitment.kind == CommitmentKind.PROMISE:
        occurrences = promise_occurrences(commitment, checkins, spans, today, zone)
        return CommitmentFigures(commitment, occurrences)
    if is_weekly(commitment):
        occurrences, weeks = weekly_routine_occurrences(
            commitment, checkins, spans, today, week_start
        )
        streak = weekly_streak(weeks)
    else:
        occurrences = (
            fixed_routine_occurrences(commitment, checkins, spans, today)
            if commitment.start_date
            else []
        )
        streak = fixed_streak(occurrences)
    strength = strength_series(commitment, occurrences, spans, today)
    return CommitmentFigures(commitment, occurrences, streak, strength)


@dataclass(frozen=True)
class BreakdownRow:
    label: str
    tally: Tally

    @property
    def on_time_percent(self) -> int | None:
        return percent(self.tally.on_time_rate)

    @property
    def kept_percent(self) -> int | None:
        return percent(self.tally.kept_rate)


def breakdown(
    figures: Iterable[CommitmentFigures], start: date | None, end: date, *, by: str
) -> list[BreakdownRow]:
    """Tallies for the period grouped by the commitments' `person` or `practice`."""
    groups: dict[object, list[Occurrence]] = {}
    labels: dict[object, str] = {}
    nobody = "No one in particular" if by == "person" else "No practice"
    for figure in figures:
        related = getattr(figure.commitment, by)
        key = related.pk if related is not None else None
        labels[key] = str(related) if related is not None else nobody
        chosen = groups.setdefault(key, [])
        if start is not None:
            chosen.extend(in_range(figure.occurrences, start, end))
    rows = [BreakdownRow(labels[key], Tally.of(occs)) for key, occs in groups.items()]
    rows = [row for row in rows if row.tally.due or row.tally.skipped or row.tally.rescheduled]
    return sorted(rows, key=lambda row: (row.label == nobody, row.label.lower()))


# --- Milestones ---------------------------------------------------------------------------

KEPT_MILESTONES = (10, 25, 50)


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def milestones(figures: Iterable[CommitmentFigures], week_start: int) -> list[str]:
    """Quiet acknowledgements of what has been reached, oldest first, as sentences."""
    figures = list(figures)
    found: list[tuple[date, str]] = []
    promise_days = sorted(
        o.day
        for f in figures
        if f.commitment.kind == CommitmentKind.PROMISE
        for o in f.occurrences
        if o.state == KEPT
    )
    if promise_days:
        found.append(
            (
                promise_days[0],
                f"You kept your first promise on time on {_day(promise_days[0])}. "
                "Small, reliable acts like that are how trust grows.",
            )
        )
    kept_days = sorted(o.day for f in figures for o in f.occurrences if o.state in (KEPT, LATE))
    for target in KEPT_MILESTONES:
        if len(kept_days) >= target:
            reached = kept_days[target - 1]
            found.append((reached, f"By {_day(reached)} you had followed through {target} times."))
    for figure in figures:
        reached = four_weeks_running(figure, week_start)
        if reached:
            found.append(
                (
                    reached,
                    f"You kept “{figure.commitment}” four weeks running, "
                    f"up to {_day(reached)}. That steadiness is noticed.",
                )
            )
    return [sentence for _, sentence in sorted(found, key=lambda item: item[0])]


@lru_cache(maxsize=4096)
def _week_of(day: date, week_start: int) -> date:
    """`week_start_of`, cached: the same few hundred days recur across commitments."""
    return week_start_of(day, week_start)


def four_weeks_running(figure: CommitmentFigures, week_start: int) -> date | None:
    """The last day of the first run of four whole weeks a routine was fully kept.

    A week counts when everything it asked for was kept (on time or late); a week that
    asked for nothing (all skipped or paused) neither counts nor breaks the run.
    """
    if figure.commitment.kind != CommitmentKind.ROUTINE:
        return None
    weeks: dict[date, list[str]] = defaultdict(list)
    for occurrence in figure.occurrences:
        weeks[_week_of(occurrence.day, week_start)].append(occurrence.state)
    run = 0
    for start in sorted(weeks):
        states = [s for s in weeks[start] if s in DUE_STATES or s == OPEN]
        if not states:
            continue
        if OPEN in states:
            continue  # the week is still going
        if all(s in (KEPT, LATE) for s in states):
            run += 1
            if run == 4:
                return start + timedelta(days=6)
        else:
            run = 0
    return None


# --- Day and week aggregates for the charts -----------------------------------------------


def tallies_by_day(occurrences: Iterable[Occurrence]) -> dict[date, Tally]:
    grouped: dict[date, list[Occurrence]] = defaultdict(list)
    for occurrence in occurrences:
        grouped[occurrence.day].append(occurrence)
    return {day: Tally.of(occs) for day, occs in grouped.items()}


def tallies_by_week(
    occurrences: Iterable[Occurrence], week_start: int, first_week: date, weeks: int
) -> list[tuple[date, Tally]]:
    """A tally for each of `weeks` weeks from `first_week` (a week's first day)."""
    grouped: dict[date, list[Occurrence]] = defaultdict(list)
    for occurrence in occurrences:
        grouped[_week_of(occurrence.day, week_start)].append(occurrence)
    return [
        (
            first_week + timedelta(weeks=n),
            Tally.of(grouped.get(first_week + timedelta(weeks=n), [])),
        )
        for n in range(weeks)
    ]

"""Progress figures: follow-through rates, period summaries and breakdowns.

Pure functions, no database access: callers fetch commitments, pauses and check-ins once
(see `tracker.progress.queries`) and pass them in. Check-ins may be model instances or any
objects with `commitment_id`, `occurrence_date`, `due_at`, `state` and
`rescheduled_to_date`, so a view can fetch light rows. Streaks and milestones are in
`tracker.progress.streaks`, strength scores in `tracker.progress.strength`.

Everything works on local dates in the user's zone. The occurrences come from the one
engine, `tracker.commitments.schedule`; the rules for counting them (see the common brief):
- an occurrence is one due day of a fixed-day routine, one due time of a promise, or one
  required check-in of an "N times per week" routine;
- kept, late, missed, rescheduled and skipped are what the user recorded; a past
  occurrence with nothing recorded is "unrecorded": due, but never treated as missed.
  Rates are shares of what was recorded, always shown beside the count not recorded;
  today's occurrences with nothing recorded are "open" and count for nothing yet, so a
  day is never held against anyone before it is over;
- paused days are not due at all: nothing on them counts.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from guidance.models import CommitmentKind, ScheduleType
from tracker.commitments import bounds, schedule
from tracker.commitments.schedule import UNRECORDED, Occurrence, Span, State, is_paused
from tracker.progress.streaks import Streak, WeekResult, fixed_streak, weekly_streak
from tracker.progress.strength import strength_series

COUNTED_STATES = (
    State.KEPT,
    State.LATE,
    State.MISSED,
    UNRECORDED,
    State.RESCHEDULED,
    State.SKIPPED,
)

PERIODS = {"7": 7, "30": 30, "90": 90, "all": None}
DEFAULT_PERIOD = "30"
PERIOD_LABELS = {
    "7": "Last 7 days",
    "30": "Last 30 days",
    "90": "Last 90 days",
    "all": "All time",
}


# --- Occurrences, from the schedule engine, judged as of today ----------------------------


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


def _counted(occurrences: Iterable[Occurrence], spans: Sequence[Span], today: date):
    """The occurrences up to today that count: none on a paused day, even one with a
    check-in (the commitment page still shows those as history)."""
    kept = (o for o in occurrences if not (spans and is_paused(o.day, spans)))
    return schedule.judge(kept, today)


def promise_occurrences(
    commitment, checkins: Sequence, spans: Sequence[Span], today: date, zone: ZoneInfo
) -> list[Occurrence]:
    """One occurrence per recorded due time, plus the current due time if not recorded."""
    since = bounds.history_start(today)
    found = schedule.promise_occurrences(commitment, checkins, zone, since, today)
    return _counted(found, spans, today)


def fixed_routine_occurrences(
    commitment, checkins: Sequence, spans: Sequence[Span], today: date
) -> list[Occurrence]:
    """Each due day up to today, plus days rescheduled to and days with a check-in.

    A check-in on a day the schedule no longer asks for still counts: the schedule may
    have been edited since, and what the user recorded is history.
    """
    since = bounds.history_start(today)
    found = schedule.routine_occurrences(commitment, checkins, spans, since, today)
    return _counted(found, spans, today)


def weekly_routine_occurrences(
    commitment, checkins: Sequence, spans: Sequence[Span], today: date, week_start: int
) -> tuple[list[Occurrence], list[WeekResult]]:
    """Each week asks for `schedule.week_asks` check-ins: they fill its slots in date order.

    Kept and late fill slots first (extra ones beyond the target are a bonus, not
    counted), then recorded misses; slots still empty when the week is over are
    unrecorded, dated on the week's last day. Skips reduce what the week asks for.
    """
    occurrences: list[Occurrence] = []
    weeks: list[WeekResult] = []
    if commitment.start_date is None or commitment.start_date > today:
        return occurrences, weeks
    since = max(commitment.start_date, bounds.history_start(today))
    windows = schedule.weekly_windows(commitment, since, today, week_start, spans)
    by_week: dict[date, list] = defaultdict(list)
    for checkin in checkins:
        day = checkin.occurrence_date
        if since <= day <= today and not is_paused(day, spans):
            by_week[schedule.week_start_of(day, week_start)].append(checkin)
    for window in windows:
        week_checkins = sorted(by_week.get(window.starts_on, ()), key=lambda c: c.occurrence_date)
        required = schedule.week_asks(window, week_checkins)
        slots = required
        for checkin in week_checkins:
            if checkin.state in schedule.CALLED_OFF_STATES:
                occurrences.append(
                    schedule.occurrence(commitment, checkin.occurrence_date, None, checkin)
                )
        done = 0
        for wanted in (schedule.DONE_STATES, (State.MISSED,)):
            for checkin in week_checkins:
                if checkin.state in wanted and slots > 0:
                    occurrences.append(
                        schedule.occurrence(commitment, checkin.occurrence_date, None, checkin)
                    )
                    slots -= 1
                    done += checkin.state != State.MISSED
        finished = window.ends_on < today
        if finished:
            occurrences.extend(
                Occurrence(commitment.pk, window.ends_on, UNRECORDED, commitment=commitment)
                for _ in range(slots)
            )
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
        return cls(*(counts[state] for state in COUNTED_STATES))

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
    def recorded(self) -> int:
        """Due occurrences the user said something about: kept, late or missed."""
        return self.kept + self.late + self.missed

    @property
    def on_time_rate(self) -> float | None:
        """Kept on time ÷ recorded, or None when nothing due was recorded.

        A day nobody recorded is not a day missed: it stays out of the rate (and is
        counted as not recorded), so a routine backdated 60 days reads "12 of 14
        recorded", not "2%". Never a division by zero.
        """
        return self.kept / self.recorded if self.recorded else None

    @property
    def kept_rate(self) -> float | None:
        return self.done / self.recorded if self.recorded else None

    @property
    def mostly_unrecorded(self) -> bool:
        """More was left unrecorded than recorded: a percentage would mislead, so pages
        show the counts ("kept 12 of 14 recorded · 47 not recorded") instead."""
        return self.unrecorded > self.recorded


def recorded_sentence(tally: Tally) -> str:
    """What was kept, as counts of what was recorded, with what was not recorded beside it:
    "Kept 12 of 14 recorded · 47 not recorded". The one wording of it, for every page."""
    if not tally.recorded:
        times = "time" if tally.unrecorded == 1 else "times"
        return f"Nothing recorded yet · {tally.unrecorded} {times} not recorded"
    sentence = f"Kept {tally.done} of {tally.recorded} recorded"
    if tally.unrecorded:
        sentence += f" · {tally.unrecorded} not recorded"
    return sentence


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


# --- Per commitment and breakdowns --------------------------------------------------------


@dataclass
class CommitmentFigures:
    commitment: object
    occurrences: list[Occurrence]
    streak: Streak | None = None
    strength: list[tuple[date, float]] = field(default_factory=list)
    weeks: list[WeekResult] | None = None  # an "N times per week" routine's weeks

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
        weeks = None
    strength = strength_series(commitment, occurrences, spans, today)
    return CommitmentFigures(commitment, occurrences, streak, strength, weeks)


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

"""Streaks and milestones: runs of follow-through, and quiet acknowledgements of them.

Pure functions on the occurrences and week results `tracker.progress.figures` gives.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from guidance.models import CommitmentKind
from tracker.commitments.schedule import (
    DONE_STATES,
    DUE_STATES,
    UNRECORDED,
    Occurrence,
    State,
    week_start_of,
)


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


@dataclass(frozen=True, slots=True)
class Streak:
    current: int = 0
    best: int = 0
    unit: str = "times"  # "times" for fixed-day routines, "weeks" for N per week

    def words(self, count: int) -> str:
        """A streak length as people say it: "1 kept in a row", "3 weeks running"."""
        if self.unit == "weeks":
            return f"{count} week{'' if count == 1 else 's'} running"
        return f"{count} kept in a row"

    @property
    def current_words(self) -> str:
        return self.words(self.current)

    @property
    def best_words(self) -> str:
        return self.words(self.best)


def fixed_streak(occurrences: Iterable[Occurrence]) -> Streak:
    """Consecutive due occurrences kept (on time or late), in date order.

    Missed and unrecorded break a run; skipped, rescheduled and open (today, not yet
    recorded) neither break nor extend it; paused days are not occurrences at all.
    """
    current = best = 0
    for occurrence in sorted(occurrences, key=lambda o: o.day):
        if occurrence.state in DONE_STATES:
            current += 1
            best = max(best, current)
        elif occurrence.state in (State.MISSED, UNRECORDED):
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


# --- Milestones ---------------------------------------------------------------------------

KEPT_MILESTONES = (10, 25, 50)


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def milestones(figures: Iterable, week_start: int, today: date) -> list[str]:
    """Quiet acknowledgements of what has been reached, oldest first, as sentences.

    `figures` are `tracker.progress.figures.CommitmentFigures`. Every date is in the
    past: a milestone is only ever something already reached.
    """
    figures = list(figures)
    found: list[tuple[date, str]] = []
    promise_days = sorted(
        o.day
        for f in figures
        if f.commitment.kind == CommitmentKind.PROMISE
        for o in f.occurrences
        if o.state == State.KEPT
    )
    if promise_days:
        found.append(
            (
                promise_days[0],
                f"You kept your first promise on time on {_day(promise_days[0])}. "
                "Small, reliable acts like that are how trust grows.",
            )
        )
    kept_days = sorted(o.day for f in figures for o in f.occurrences if o.state in DONE_STATES)
    for target in KEPT_MILESTONES:
        if len(kept_days) >= target:
            reached = kept_days[target - 1]
            found.append((reached, f"By {_day(reached)} you had followed through {target} times."))
    for figure in figures:
        reached = four_weeks_running(figure, week_start, today)
        if reached:
            found.append(
                (
                    reached,
                    f"You kept “{figure.commitment}” four weeks running, "
                    f"up to {_day(reached)}. That steadiness is noticed.",
                )
            )
    return [sentence for _, sentence in sorted(found, key=lambda item: item[0])]


def finished_weeks(figure, week_start: int, today: date) -> list[WeekResult]:
    """A routine's whole weeks that are over (they end before today), oldest first.

    "N times per week" routines bring their own week results; a fixed-day routine's
    week asks for its due occurrences and is done when all were kept (on time or late).
    The week in progress is left out: it may still go either way.
    """
    if figure.weeks is not None:
        return [week for week in figure.weeks if week.finished]
    by_week: dict[date, list[str]] = defaultdict(list)
    for occurrence in figure.occurrences:
        by_week[week_start_of(occurrence.day, week_start)].append(occurrence.state)
    weeks = []
    for start in sorted(by_week):
        end = start + timedelta(days=6)
        if end >= today:
            continue
        due = [s for s in by_week[start] if s in DUE_STATES]
        done = sum(s in DONE_STATES for s in due)
        weeks.append(WeekResult(start, end, len(due), done, True))
    return weeks


def four_weeks_running(figure, week_start: int, today: date) -> date | None:
    """The last day of the first run of four finished weeks a routine was fully kept.

    A week counts when everything it asked for was kept (on time or late); a week that
    asked for nothing (all skipped or paused) neither counts nor breaks the run; a week
    with a miss or a day not recorded ends it, as it ends a streak. Only weeks already
    over count, so the date is never in the future and the run never outgrows the
    routine's best streak.
    """
    if figure.commitment.kind != CommitmentKind.ROUTINE:
        return None
    run = 0
    for week in finished_weeks(figure, week_start, today):
        if week.required <= 0:
            continue
        if week.kept:
            run += 1
            if run == 4:
                return week.ends_on
        else:
            run = 0
    return None

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
    OPEN,
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


def milestones(figures: Iterable, week_start: int) -> list[str]:
    """Quiet acknowledgements of what has been reached, oldest first, as sentences.

    `figures` are `tracker.progress.figures.CommitmentFigures`.
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


def four_weeks_running(figure, week_start: int) -> date | None:
    """The last day of the first run of four whole weeks a routine was fully kept.

    A week counts when everything it asked for was kept (on time or late); a week that
    asked for nothing (all skipped or paused) neither counts nor breaks the run.
    """
    if figure.commitment.kind != CommitmentKind.ROUTINE:
        return None
    weeks: dict[date, list[str]] = defaultdict(list)
    for occurrence in figure.occurrences:
        weeks[week_start_of(occurrence.day, week_start)].append(occurrence.state)
    run = 0
    for start in sorted(weeks):
        states = [s for s in weeks[start] if s in DUE_STATES or s == OPEN]
        if not states:
            continue
        if OPEN in states:
            continue  # the week is still going
        if all(s in DONE_STATES for s in states):
            run += 1
            if run == 4:
                return start + timedelta(days=6)
        else:
            run = 0
    return None

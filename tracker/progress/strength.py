"""A routine's strength: a score from 0 to 1 that rises with each kept occurrence and
fades slowly with misses, after Loop Habit Tracker.

Pure functions on the occurrences `tracker.progress.figures` gives (no database).
"""

import math
from collections.abc import Sequence
from datetime import date, timedelta

from guidance.models import CommitmentKind, ScheduleType
from tracker.commitments import bounds
from tracker.commitments.schedule import DUE_STATES, OPEN, UNRECORDED, Occurrence, Span, State


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


CREDIT = {State.KEPT: 1.0, State.LATE: 0.5}


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
    # Pages compute at most `bounds.HISTORY_DAYS` of history, however old the routine.
    start = max(start, bounds.history_start(today))
    m = multiplier(frequency_per_day(commitment))
    window = window_days(commitment)
    weekly = commitment.schedule_type == ScheduleType.PER_WEEK
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
        # Nobody recorded it: not known to be missed, so it weighs like a planned skip.
        if occurrence.state in (State.SKIPPED, UNRECORDED):
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

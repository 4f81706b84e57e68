"""Today's lists: the occurrences the schedule engine gives, sorted into what is due
today, what is past and not yet recorded, and the next days.

Pure, like `tracker.commitments.schedule`: the commitments come fetched `with_window`.
The morning summary (`tracker.data.reminders`) reads the same lists for its day.
"""

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from guidance.models import CommitmentKind, ScheduleType
from tracker.commitments.schedule import Occurrence, occurrence_on, routine_occurrences


@dataclass
class Agenda:
    """Today's page: what is due today, what is past and not recorded, the next days."""

    today: list[Occurrence]
    earlier: list[Occurrence]
    upcoming: list[tuple[date, list[Occurrence]]]
    # Each fixed-day routine's occurrences in the lookback before today, recorded or not,
    # by commitment id: the strip of recent days Today draws for it.
    recent: dict[int, list[Occurrence]] = field(default_factory=dict)


def _row_order(occurrence: Occurrence):
    """Promises in time order, then routines by day, time of day and title."""
    c = occurrence.commitment
    if c.kind == CommitmentKind.PROMISE:
        return (0, occurrence.due_at, c.title, c.pk)
    return (1, occurrence.day, c.time_of_day or time.min, c.title, c.pk)


def build_agenda(
    commitments, *, today: date, zone: ZoneInfo, week_start: int, lookback: int = 14, ahead: int = 7
) -> Agenda:
    """Sort active commitments (fetched `with_window`) into Today's lists.

    Routines look back `lookback` days for unrecorded occurrences; a promise is shown
    until the user records what happened, however long ago it was due.
    """
    start, end = today - timedelta(days=lookback), today + timedelta(days=ahead)
    due_today, earlier = [], []
    recent: dict[int, list[Occurrence]] = {}
    upcoming: dict[date, list[Occurrence]] = {
        today + timedelta(days=n): [] for n in range(1, ahead + 1)
    }
    for c in commitments:
        checkins, pauses = c.window_checkins, c.pause_spans()
        if c.kind == CommitmentKind.PROMISE:
            current = (
                occurrence_on(
                    c,
                    c.local_due_date(zone),
                    checkins=checkins,
                    pauses=pauses,
                    zone=zone,
                    week_start=week_start,
                )
                if c.due_at
                else None
            )
            if current is None:
                continue
            if current.day == today:
                due_today.append(current)
            elif current.day < today and current.checkin is None:
                earlier.append(current)
            elif today < current.day <= end:
                upcoming[current.day].append(current)
            continue
        if c.schedule_type == ScheduleType.PER_WEEK:
            row = occurrence_on(
                c, today, checkins=checkins, pauses=pauses, zone=zone, week_start=week_start
            )
            if row is not None:
                due_today.append(row)
            continue
        past = recent[c.pk] = []
        for found in routine_occurrences(c, checkins, pauses, start, end):
            if found.day == today:
                due_today.append(found)
            elif found.day < today:
                past.append(found)
                if found.checkin is None:
                    earlier.append(found)
            elif found.day > today:
                upcoming[found.day].append(found)
    return Agenda(
        today=sorted(due_today, key=_row_order),
        earlier=sorted(earlier, key=_row_order),
        upcoming=[(day, sorted(rows, key=_row_order)) for day, rows in upcoming.items()],
        recent=recent,
    )

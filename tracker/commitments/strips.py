"""Today's "Earlier" section: one line per routine with a strip of its recent days, and one
line per old promise nobody recorded, newest first. Presenters, like `rows.py`: the view
fetches, these arrange, the template draws.

A week away costs one line per routine, not a row per day.
"""

from dataclasses import dataclass
from datetime import date, time, timedelta

from django.urls import reverse

from tracker.commitments.rows import (
    DONE_WORDS,
    STATE_LABELS,
    CommitmentLinks,
    day_label,
)
from tracker.commitments.schedule import UNRECORDED, Occurrence

# A strip shows the last week; two when something older than a week waits for an answer.
SHORT_STRIP, LONG_STRIP = 7, 14


@dataclass(frozen=True)
class StripDay:
    day: date
    status: str  # a recorded state, UNRECORDED, or "left" ("Not sure, leave them")
    label: str  # for screen readers and the tooltip: "Tuesday 24 November: Not recorded"
    initial: str  # the weekday's first letter, shown above the date

    @property
    def can_tap(self) -> bool:
        return self.status == UNRECORDED


@dataclass
class Strip(CommitmentLinks):
    """One routine's recent days, and what to say after one of them was recorded."""

    commitment: object
    days: list[StripDay]
    length: int  # how many days back the strip looks
    waiting: int  # unrecorded days Today still asks about
    next_url: str
    feedback: str = ""  # "Kept Tuesday 24 November · 5 in a row"
    undo_day: date | None = None  # the day just recorded, for Undo
    focus: bool = False

    @property
    def key(self) -> str:
        return f"strip-{self.commitment.pk}"

    @property
    def ref(self) -> str:
        """The short id its buttons name themselves from, like `Row.ref`."""
        return f"s{self.commitment.pk}"

    @property
    def first_day(self) -> date:
        return self.days[0].day if self.days else date.min

    @property
    def all_kept_url(self) -> str:
        return reverse("tracker:check-in-days", args=[self.commitment.pk])

    @property
    def leave_url(self) -> str:
        return reverse("tracker:leave-unrecorded", args=[self.commitment.pk])


def strip_for(
    commitment,
    occurrences: list[Occurrence],
    *,
    today: date,
    next_url: str,
    left_until: date | None = None,
    feedback: str = "",
    undo_day: date | None = None,
    focus: bool = False,
) -> Strip:
    """The strip of a routine's days before today, newest on the right.

    `occurrences` are the routine's occurrences in the lookback; days up to `left_until`
    were left unrecorded on purpose ("Not sure, leave them"), so they are not asked about.
    """
    by_day = {o.day: o for o in occurrences if o.day < today}
    waiting = [d for d, o in by_day.items() if o.checkin is None and not _left(d, left_until)]
    old = any(d < today - timedelta(days=SHORT_STRIP) for d in waiting)
    length = LONG_STRIP if old else SHORT_STRIP
    # Only the days it was due: a Sunday routine's fortnight is two days, not fourteen.
    days = []
    for back in range(length, 0, -1):
        day = today - timedelta(days=back)
        found = by_day.get(day)
        if found is None:
            continue
        status = found.status(today)
        if status == UNRECORDED and _left(day, left_until):
            status = "left"
        label = STATE_LABELS.get(status, "Left unrecorded")
        days.append(StripDay(day, status, f"{day_label(day, today)}: {label}", f"{day:%a}"[0]))
    back_to = f"{next_url.split('#')[0]}#strip-{commitment.pk}"
    return Strip(commitment, days, length, len(waiting), back_to, feedback, undo_day, focus)


def _left(day: date, left_until: date | None) -> bool:
    return left_until is not None and day <= left_until


def strip_feedback(occurrence: Occurrence, *, today: date, fact: str) -> str:
    """What a strip says after one of its days was recorded: "Yesterday: Kept · 5 in a row"."""
    said = DONE_WORDS.get(occurrence.state, STATE_LABELS.get(occurrence.state, ""))
    return " · ".join(filter(None, [f"{day_label(occurrence.day, today)}: {said}", fact]))


def earlier_strips(
    agenda,
    *,
    today: date,
    next_url: str,
    left: dict[int, date],
    recorded: Occurrence | None = None,
    fact: str = "",
) -> list[Strip]:
    """A strip for each routine that still has a day waiting, in Today's routine order.

    The routine `recorded` was just recorded for keeps its strip (with the feedback and
    Undo) even when nothing waits on it any more, so the answer stays in view.
    """
    waiting = {o.commitment_id for o in agenda.earlier if o.due_at is None}
    keep = recorded.commitment_id if recorded is not None else None
    strips = []
    for pk, occurrences in agenda.recent.items():
        if not occurrences or (pk not in waiting and pk != keep):
            continue
        extra = {}
        if pk == keep:
            feedback = strip_feedback(recorded, today=today, fact=fact)
            extra = {"feedback": feedback, "undo_day": recorded.day}
        strip = strip_for(
            occurrences[0].commitment,
            occurrences,
            today=today,
            next_url=next_url,
            left_until=left.get(pk),
            **extra,
        )
        if strip.waiting or pk == keep:
            strips.append(strip)
    return sorted(strips, key=lambda s: _routine_order(s.commitment))


def _routine_order(c):
    return (c.time_of_day or time.min, c.title, c.pk)


def recorded_day(agenda, key: str) -> Occurrence | None:
    """The recorded routine day, among the strips' days, whose row key is `key`."""
    for occurrences in agenda.recent.values() if key else ():
        for found in occurrences:
            if found.key == key and found.state is not None:
                return found
    return None


def old_promises(agenda) -> list[Occurrence]:
    """Promises past their time with nothing recorded, newest first."""
    found = [o for o in agenda.earlier if o.due_at is not None]
    return sorted(found, key=lambda o: o.due_at, reverse=True)

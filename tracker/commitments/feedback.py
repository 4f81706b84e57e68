"""The one encouraging fact a row shows right after something is recorded.

"Kept · 5 in a row", "Kept · 3 of 3 this week": the run comes from the progress figures'
own streak (`tracker.progress.streaks.fixed_streak` over the figures' occurrences), and the
week from the schedule engine's tally on the occurrence, so Today never tells a different
story from the progress page.
"""

from datetime import date, timedelta

from guidance.models import ScheduleType
from tracker.commitments import bounds, schedule
from tracker.commitments.models import CheckIn
from tracker.commitments.rows import week_text
from tracker.commitments.schedule import DONE_STATES, UNRECORDED, Occurrence, State, is_paused
from tracker.progress import queries
from tracker.progress.streaks import fixed_streak

# A run is first counted over about this many of the routine's latest due days; see
# `current_run`.
RUN_DUE_DAYS = 30
# What `occurrence_to_record` reads of each check-in: what the schedule, the row and the
# write need (the rest of the day's own check-in is loaded only if asked for).
RECORDING_FIELDS = (
    "id",
    "commitment_id",
    "occurrence_date",
    "due_at",
    "state",
    "note",
    "shared_note",
    "rescheduled_to",
    "rescheduled_to_date",
)
# What ends a run (`fixed_streak`): skips, reschedules and today's open day do not.
RUN_BREAKS = (State.MISSED, UNRECORDED)

CALM_LINES = {
    State.SKIPPED: "planned skips never count against you",
    State.RESCHEDULED: "thank you for giving notice",
}


class RecentCheckIns(list):
    """A fixed-day routine's check-ins around the days from `start` to `today`
    (`CheckInQuerySet.around`): everything the occurrence of one of those days and the
    current run need, read once for a recording (`occurrence_to_record`)."""

    def __init__(self, rows, *, start: date, today: date):
        super().__init__(rows)
        self.start = start
        self.today = today


def run_start(commitment, today: date) -> date:
    """The first day `current_run` reads from: `RUN_DUE_DAYS` due days back, or as far
    back as the progress figures look for a routine younger than that (whose history is
    short)."""
    since = bounds.history_start(today)
    recent = today - timedelta(days=RUN_DUE_DAYS * _days_per_due_day(commitment))
    if commitment.start_date is None or commitment.start_date > recent:
        return since
    return max(recent, since)


def _days_per_due_day(commitment) -> int:
    """About how many days apart a fixed-day routine's due days are."""
    if commitment.schedule_type == ScheduleType.WEEKDAYS:
        return -(-7 // max(commitment.weekdays.bit_count(), 1))
    if commitment.schedule_type == ScheduleType.EVERY_N_DAYS:
        return max(commitment.interval_days or 1, 1)
    return 1


def occurrence_to_record(commitment, day: date, *, user) -> Occurrence | None:
    """`Commitment.occurrence_on`, for recording: for a day of a fixed-day routine since
    `run_start`, the check-ins of the run the feedback then tells are read in the same
    query, as light rows; only the day's own check-in is a model instance (it is the
    row written). They stay in the commitment's `window_checkins` for `current_run`."""
    today = user.local_today()
    fixed_routine = commitment.is_routine and not commitment.is_per_week
    start = run_start(commitment, today) if fixed_routine else None
    if start is None or not start <= day <= today:
        return commitment.occurrence_on(day, user=user)
    rows = commitment.checkins.order_by().around(start, today)
    checkins = RecentCheckIns(
        rows.values_list(*RECORDING_FIELDS, named=True), start=start, today=today
    )
    for index, row in enumerate(checkins):
        if row.due_at is None and row.occurrence_date == day:
            checkins[index] = CheckIn.from_db(rows.db, RECORDING_FIELDS, row)
    commitment.window_checkins = checkins
    commitment.pause_list = list(commitment.pauses.order_by())  # in any order: spans
    return schedule.occurrence_on(
        commitment,
        day,
        checkins=checkins,
        pauses=commitment.pause_spans(),
        zone=user.zone,
        week_start=user.week_start,
    )


def current_run(commitment, *, today: date) -> int:
    """How many due days of a fixed-day routine were kept in a row, up to today, counted
    as the progress figures count it.

    Only the days since `run_start` are read at first (one query, none after
    `occurrence_to_record`): a miss or an unrecorded day in them ends the run there,
    whatever came before. A run going back further than that reads the rest of the
    history the figures look at (a second query).
    """
    spans = commitment.pause_spans()
    since = bounds.history_start(today)
    start = run_start(commitment, today)
    checkins = getattr(commitment, "window_checkins", None)
    if not (
        isinstance(checkins, RecentCheckIns) and checkins.start == start and checkins.today == today
    ):
        checkins = _checkins_around(commitment, start, today)
    occurrences = _counted_occurrences(commitment, checkins, spans, start, today)
    if start > since and not any(o.state in RUN_BREAKS for o in occurrences):
        checkins = _checkins_around(commitment, since, today)
        occurrences = _counted_occurrences(commitment, checkins, spans, since, today)
    return fixed_streak(occurrences).current


def _checkins_around(commitment, start: date, today: date):
    rows = commitment.checkins.order_by().around(start, today)
    return rows.values_list(*queries.CHECKIN_FIELDS, named=True)


def _counted_occurrences(commitment, checkins, spans, start: date, today: date):
    """The routine's occurrences from start to today as the figures judge them (none on
    a paused day)."""
    found = schedule.routine_occurrences(commitment, checkins, spans, start, today)
    return schedule.judge((o for o in found if not (spans and is_paused(o.day, spans))), today)


def encouraging_fact(occurrence: Occurrence, *, today: date) -> str:
    """A short fact for the row's feedback, or "" when nothing recorded calls for one.

    A missed occurrence gets none here: its row shows the practice's repair line instead.
    """
    state = occurrence.state
    commitment = occurrence.commitment
    if state not in DONE_STATES:
        return CALM_LINES.get(state, "")
    if occurrence.week_required:
        return week_text(occurrence)
    if commitment.is_promise:
        return "as you said you would" if state == State.KEPT else "you followed through"
    run = current_run(commitment, today=today)
    return f"{run} in a row" if run > 1 else "a new run starts here"

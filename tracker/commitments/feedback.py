"""The one encouraging fact a row shows right after something is recorded.

"Kept · 5 in a row", "Kept · 3 of 3 this week": the run comes from the progress figures'
own streak (`tracker.progress.streaks.fixed_streak` over the figures' occurrences), and the
week from the schedule engine's tally on the occurrence, so Today never tells a different
story from the progress page.
"""

from datetime import date

from tracker.commitments.rows import week_text
from tracker.commitments.schedule import DONE_STATES, Occurrence, State
from tracker.progress import figures, queries
from tracker.progress.streaks import fixed_streak

CALM_LINES = {
    State.SKIPPED: "planned skips never count against you",
    State.RESCHEDULED: "thank you for giving notice",
}


def current_run(commitment, *, today: date) -> int:
    """How many due days of a fixed-day routine were kept in a row, up to today (one
    query: the routine's check-ins, as light rows)."""
    checkins = queries.commitment_checkins(commitment)
    occurrences = figures.fixed_routine_occurrences(
        commitment, checkins, commitment.pause_spans(), today
    )
    return fixed_streak(occurrences).current


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

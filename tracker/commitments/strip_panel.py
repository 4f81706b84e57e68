"""A routine's strip of recent days as an HTMX answer, and what it reads: the routine's
days afresh and the days "Not sure, leave them" set aside.

Not a view module (the check-in view and the strip's own views both answer with it), the
way `tracker.progress.panels` serves the commitment page.
"""

from datetime import date, timedelta

from django.http import HttpRequest, HttpResponse

from tracker.commitments.feedback import encouraging_fact
from tracker.commitments.models import Commitment
from tracker.commitments.schedule import routine_occurrences
from tracker.commitments.strips import LONG_STRIP, strip_feedback, strip_for
from tracker.http import render_page

# Where "Not sure, leave them" is remembered: {commitment id: last day left unrecorded}.
LEFT_KEY = "today_left_unrecorded"


def left_unrecorded(request: HttpRequest) -> dict[int, date]:
    """Days "Not sure, leave them" set aside, per routine, from the session (junk ignored)."""
    left = {}
    for pk, value in request.session.get(LEFT_KEY, {}).items():
        try:
            left[int(pk)] = date.fromisoformat(value)
        except (TypeError, ValueError):
            continue
    return left


def recent_days(request, commitment):
    """The routine, fetched afresh, and its occurrences on the days a strip can show."""
    today = request.user.local_today()
    start = today - timedelta(days=LONG_STRIP)
    fresh = (
        Commitment.objects.for_user(request.user)
        .filter(pk=commitment.pk)
        .with_window(start, today)[0]
    )
    found = routine_occurrences(
        fresh, fresh.window_checkins, fresh.pause_spans(), start, today - timedelta(days=1)
    )
    return fresh, found


def strip_response(request, commitment, day, *, next_url, recorded) -> HttpResponse:
    """The strip after one of its days was recorded (or undone), for an HTMX swap."""
    today = request.user.local_today()
    fresh, occurrences = recent_days(request, commitment)
    extra = {}
    done = next((o for o in occurrences if o.day == day and o.state), None) if recorded else None
    if done is not None:
        fact = encouraging_fact(done, today=today)
        extra = {"feedback": strip_feedback(done, today=today, fact=fact), "undo_day": day}
    strip = strip_for(
        fresh,
        occurrences,
        today=today,
        next_url=next_url,
        left_until=left_unrecorded(request).get(fresh.pk),
        focus=True,
        **extra,
    )
    return render_page(request, "tracker/commitments/today.html#strip", {"strip": strip})

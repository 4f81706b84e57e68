"""Today's earlier days, a routine at a time: the strip of its recent days as an HTMX
answer, "Mark all as kept" and "Not sure, leave them"."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from tracker.commitments import services
from tracker.commitments.access import owned_commitment
from tracker.commitments.checkin_forms import StripForm
from tracker.commitments.feedback import encouraging_fact
from tracker.commitments.models import Commitment
from tracker.commitments.strip_panel import LEFT_KEY, left_unrecorded, recent_days
from tracker.commitments.strips import strip_for
from tracker.http import render_page, safe_next_url


@login_required
@require_POST
def check_in_days(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Mark all as kept": every day of the routine's strip still waiting for an answer."""
    commitment = _owned_routine(request, pk)
    next_url = safe_next_url(request, reverse("tracker:today"))
    today = request.user.local_today()
    fresh, occurrences = recent_days(request, commitment)
    form = StripForm(request.POST)
    first = form.cleaned_data["first_day"] if form.is_valid() else today - timedelta(days=7)
    strip = strip_for(
        fresh,
        occurrences,
        today=today,
        next_url=next_url,
        left_until=left_unrecorded(request).get(pk),
    )
    days = [d.day for d in strip.days if d.can_tap and d.day >= first]
    services.record_kept_days(commitment=fresh, days=days)
    count = f"{len(days)} day" + ("" if len(days) == 1 else "s")
    if not request.htmx:
        messages.success(request, f"Recorded “{commitment.title}”: kept on {count}.")
        return HttpResponseRedirect(next_url)
    fresh, occurrences = recent_days(request, commitment)
    latest = next((o for o in reversed(occurrences) if o.state), None)
    fact = encouraging_fact(latest, today=today) if latest is not None else ""
    strip = strip_for(
        fresh,
        occurrences,
        today=today,
        next_url=next_url,
        left_until=left_unrecorded(request).get(pk),
        feedback=" · ".join(filter(None, [f"Kept on {count}", fact])),
        focus=True,
    )
    return render_page(request, "tracker/commitments/today.html#strip", {"strip": strip})


@login_required
@require_POST
def leave_unrecorded(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Not sure, leave them": Today stops asking about the routine's days up to yesterday.

    Nothing is written: the days stay "not recorded", which never counts as missed. The
    choice is remembered in the session, so another device may still ask.
    """
    commitment = _owned_routine(request, pk)
    yesterday = request.user.local_today() - timedelta(days=1)
    left = dict(request.session.get(LEFT_KEY, {}))
    left[str(commitment.pk)] = yesterday.isoformat()
    request.session[LEFT_KEY] = left
    messages.success(
        request,
        f"Left “{commitment.title}” as not recorded. Days nobody recorded never count as missed.",
    )
    next_url = safe_next_url(request, reverse("tracker:today"))
    if not request.htmx:
        return HttpResponseRedirect(next_url.split("#")[0])
    return render_page(request, "tracker/commitments/today.html#gone", {})


def _owned_routine(request: HttpRequest, pk: int) -> Commitment:
    commitment = owned_commitment(request, pk, with_pauses=True)
    if not commitment.is_routine:
        raise Http404("Only routines have a strip of days.")
    return commitment

"""Today and recording what happened: check-in, undo, reschedule.

HTMX requests get the swapped row (`today.html#row`); everything also works as a plain
POST that redirects back.
"""

from datetime import date, datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tracker.cache import page_html, render_cached
from tracker.commitments import bounds, schedule, services
from tracker.commitments.access import owned_commitment
from tracker.commitments.agenda import build_agenda
from tracker.commitments.checkin_forms import CheckInForm, RescheduleForm
from tracker.commitments.feedback import encouraging_fact
from tracker.commitments.models import Commitment
from tracker.commitments.rows import day_label, row_for
from tracker.commitments.schedule import Occurrence
from tracker.commitments.strip_panel import left_unrecorded, strip_response
from tracker.commitments.strips import LONG_STRIP, earlier_strips, old_promises, recorded_day
from tracker.http import fragment, render_page, safe_next_url
from tracker.repairs.offer import offer_repair, repair_link

# How far back Today looks for routine days nobody recorded yet: the longest strip.
LOOKBACK_DAYS = LONG_STRIP
UPCOMING_DAYS = 7
TODAY_TEMPLATE = "tracker/commitments/today.html"
WEEK_TEMPLATE = "tracker/commitments/week.html"


# --- Today --------------------------------------------------------------------------------


@login_required
@require_GET
def today(request: HttpRequest) -> HttpResponse:
    """Today, from the cache while nothing it shows has changed (tracker.cache: the key
    holds the user's data version, local date, zone and week start, and the days "Not
    sure, leave them" set aside). Right after a check-in without JavaScript the page says
    what was recorded, so it is built afresh."""
    user = request.user
    day = user.local_today()
    left = left_unrecorded(request)
    recorded = request.GET.get("recorded", "")

    def build() -> str:
        context = _today_context(user, day, left=left, recorded=recorded)
        return render_cached(TODAY_TEMPLATE + "#body", context, zone=user.zone)

    if recorded:
        body = page_html(request, "today-recorded", user.pk, build=build, store=False)
    else:
        parts = (day.isoformat(), user.time_zone, user.week_start, sorted(left.items()))
        body = page_html(request, "today", user.pk, *parts, build=build)
    return render_page(request, TODAY_TEMPLATE, {"nav": "today", "body": body})


def _agenda(user, day: date, *, lookback: int):
    """The user's commitments Today may show, and what is due from `lookback` days back to
    a week ahead (four queries)."""
    start_of_day = datetime.combine(day, datetime.min.time(), user.zone)
    commitments = (
        Commitment.objects.for_user(user)
        .for_today(since=start_of_day)
        .with_window(day - timedelta(days=lookback), day + timedelta(days=UPCOMING_DAYS))
    )
    agenda = build_agenda(
        commitments,
        today=day,
        zone=user.zone,
        week_start=user.week_start,
        lookback=lookback,
        ahead=UPCOMING_DAYS,
    )
    return commitments, agenda


def _today_context(user, day: date, *, left: dict, recorded: str) -> dict:
    """What Today shows: due rows, strips of earlier days, old promises, whether anything
    is coming up (the week ahead is its own request: `week`).

    Without JavaScript a check-in comes back here with `?recorded=<row key>#<row key>`:
    that row (or strip) says what was recorded, as the HTMX swap would have."""
    commitments, agenda = _agenda(user, day, lookback=LOOKBACK_DAYS)
    here = reverse("tracker:today")

    def rows(occurrences):
        return [
            row_for(
                o,
                user=user,
                today=day,
                next_url=here,
                feedback=encouraging_fact(o, today=day) if o.key == recorded and o.state else "",
            )
            for o in occurrences
        ]

    just_recorded = recorded_day(agenda, recorded)
    strips = earlier_strips(
        agenda,
        today=day,
        next_url=here,
        left=left,
        recorded=just_recorded,
        fact=encouraging_fact(just_recorded, today=day) if just_recorded else "",
    )
    return {
        "today": day,
        "due_rows": rows(agenda.today),
        "strips": strips,
        "promise_rows": rows(old_promises(agenda)),
        "has_upcoming": any(occurrences for _, occurrences in agenda.upcoming),
        "has_commitments": bool(commitments),
    }


@login_required
@require_GET
def week(request: HttpRequest) -> HttpResponse:
    """The next 7 days. Today links here rather than carrying the list (most visits never
    open it, and it was a fifth of the page); with JavaScript the list opens in place."""
    user = request.user
    day = user.local_today()
    here = reverse("tracker:today")

    def build() -> str:
        _, agenda = _agenda(user, day, lookback=0)
        upcoming = [
            (day_label(d, day), [row_for(o, user=user, today=day, next_url=here) for o in found])
            for d, found in agenda.upcoming
            if found
        ]
        part = "#in_place" if request.htmx else "#body"
        return render_cached(WEEK_TEMPLATE + part, {"upcoming": upcoming}, zone=user.zone)

    parts = (bool(request.htmx), day.isoformat(), user.time_zone, user.week_start)
    body = page_html(request, "week", user.pk, *parts, build=build)
    if request.htmx:
        return fragment(body)
    return render_page(request, WEEK_TEMPLATE, {"nav": "today", "body": body})


# --- Check-ins ----------------------------------------------------------------------------


def _respond_with_row(request, commitment, day, *, next_url, recorded=False) -> HttpResponse:
    """HTMX: the refreshed row (or strip of days), saying what was just recorded.

    Otherwise: back to where the person was, at the row's anchor; after a recording,
    `?recorded=<row key>` lets Today show the same feedback and Undo there.

    The row is drawn from the check-ins the form read for `day` (the commitment's
    `window_checkins`, which the caller updates with what it wrote: `_written`), rather
    than reading them again.
    """
    if not request.htmx:
        if recorded:
            return HttpResponseRedirect(
                _with_recorded(next_url, Occurrence(commitment.pk, day).key)
            )
        return HttpResponseRedirect(next_url)
    if request.POST.get("view") == "strip" and commitment.is_routine:
        return strip_response(request, commitment, day, next_url=next_url, recorded=recorded)
    user = request.user
    today = user.local_today()
    occurrence = schedule.occurrence_on(
        commitment,
        day,
        checkins=commitment.window_checkins,
        pauses=commitment.pause_spans(),
        zone=user.zone,
        week_start=user.week_start,
    )
    if occurrence is None:
        # Nothing is due that day any more (the schedule changed): the row goes away.
        return render_page(request, "tracker/commitments/today.html#gone", {})
    fact = encouraging_fact(occurrence, today=today) if recorded and occurrence.state else ""
    row = row_for(occurrence, user=user, today=today, next_url=next_url, focus=True, feedback=fact)
    return render_page(request, "tracker/commitments/today.html#row", {"row": row})


def _written(commitment, key, checkin) -> None:
    """Bring the check-ins the form read up to date: `checkin` (None once undone) is now
    what is recorded for the occurrence `key` names (a promise's due time, else a day)."""
    checkins = commitment.window_checkins
    kept = [c for c in checkins if (c.due_at or c.occurrence_date) != key]
    checkins[:] = kept if checkin is None else [*kept, checkin]


def _with_recorded(url: str, key: str) -> str:
    """`url` with `recorded=<key>` added to its query, its #fragment kept, when it is Today
    (the one page that shows the feedback)."""
    parts = urlsplit(url)
    if parts.path != reverse("tracker:today"):
        return url
    query = "&".join(filter(None, [parts.query, f"recorded={key}"]))
    return urlunsplit(parts._replace(query=query))


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the page for one occurrence (all states, note, reschedule). POST: record it."""
    # Its pauses are read with the check-ins, once: the row is drawn from that read.
    commitment = owned_commitment(request, pk)
    user = request.user
    next_url = safe_next_url(request, commitment.get_absolute_url())
    if request.method == "POST":
        form = CheckInForm(request.POST, commitment=commitment, user=user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                checkin = services.record_check_in(
                    commitment=commitment,
                    occurrence_date=data["occurrence_date"],
                    due_at=data["due_at"],
                    state=data["state"],
                    note=data["note"],
                    shared_note=data["shared_note"],
                    current=form.occurrence.checkin,
                )
            except services.StaleOccurrence as stale:
                messages.error(request, str(stale))
                return HttpResponseRedirect(next_url)
            if not request.htmx:
                # With HTMX the row itself says it (and takes focus, so it is read out);
                # a message at the top would push the tapped row down the screen.
                messages.success(
                    request, f"Recorded “{commitment.title}”: {checkin.get_state_display()}."
                )
            _written(commitment, data["due_at"] or data["occurrence_date"], checkin)
            response = _respond_with_row(
                request, commitment, data["occurrence_date"], next_url=next_url, recorded=True
            )
            # After a miss or a late arrival: the repair flow, offered once (tracker.repairs).
            before = form.occurrence.checkin.state if form.occurrence.checkin else None
            return offer_repair(
                request, response, checkin=checkin, before=before, next_url=next_url
            )
        if request.htmx and form.occurrence is not None:
            messages.error(request, " ".join(sum(form.errors.values(), [])))
            return _respond_with_row(
                request, commitment, form.cleaned_data["occurrence_date"], next_url=next_url
            )
        day = form.cleaned_data.get("occurrence_date") or user.local_today()
        return _check_in_page(request, commitment, day, form=form, next_url=next_url, status=400)
    day = _requested_day(request, commitment)
    if day is None:
        messages.error(request, "That isn't a date this commitment was due.")
        return redirect(commitment)
    return _check_in_page(request, commitment, day, next_url=next_url)


def _requested_day(request: HttpRequest, commitment: Commitment) -> date | None:
    if commitment.is_promise:
        return commitment.local_due_date(request.user.zone)
    if "date" not in request.GET:
        return request.user.local_today()
    return bounds.parse_day(request.GET["date"])


def _check_in_page(
    request, commitment, day, *, form=None, reschedule_form=None, next_url, status=200
):
    user = request.user
    today = user.local_today()
    found = getattr(form, "occurrence", None) or getattr(reschedule_form, "occurrence", None)
    if found is not None and found.day == day:
        occurrence = found  # read by the form a moment ago
    else:
        occurrence = commitment.occurrence_on(day, user=user)
    if occurrence is None:
        messages.error(request, "Nothing was due that day.")
        return redirect(commitment)
    due_at = occurrence.due_at.isoformat() if occurrence.due_at else ""
    hidden = {"occurrence_date": day.isoformat(), "due_at": due_at}
    initial = {
        **hidden,
        "state": occurrence.checkin.state if occurrence.checkin else "",
        "note": occurrence.checkin.note if occurrence.checkin else "",
        "shared_note": getattr(occurrence.checkin, "shared_note", ""),
    }
    if form is None:
        form = CheckInForm(initial=initial, commitment=commitment, user=user)
    if reschedule_form is None:
        reschedule_form = RescheduleForm(initial=hidden, commitment=commitment, user=user)
    context = {
        "nav": "today",
        "commitment": commitment,
        "row": row_for(occurrence, user=user, today=today, next_url=next_url),
        "form": form,
        "reschedule_form": reschedule_form,
        "can_reschedule": not commitment.is_per_week,
        "future": day > today,
        # The recording form is hidden for a future day, so its errors show on their own.
        "page_errors": list(form.non_field_errors()) if day > today else [],
        "next_url": next_url,
        "repair_link": repair_link(occurrence.checkin, next_url=next_url),
    }
    return render_page(request, "tracker/commitments/check_in.html", context, status=status)


@login_required
@require_POST
def undo_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = owned_commitment(request, pk)
    next_url = safe_next_url(request, commitment.get_absolute_url())
    form = CheckInForm(request.POST, commitment=commitment, user=request.user)
    form.is_valid()  # only the occurrence fields matter here
    if form.occurrence is None:
        messages.error(request, " ".join(form.non_field_errors()) or "Nothing to undo there.")
        return HttpResponseRedirect(next_url)
    data = form.cleaned_data
    try:
        services.undo_check_in(
            commitment=commitment, occurrence_date=data["occurrence_date"], due_at=data["due_at"]
        )
    except services.StaleOccurrence as stale:
        messages.error(request, str(stale))
        return HttpResponseRedirect(next_url)
    if not request.htmx:
        messages.success(request, f"Undone: “{commitment.title}” is not recorded for that day.")
    _written(commitment, data["due_at"] or data["occurrence_date"], None)
    return _respond_with_row(request, commitment, data["occurrence_date"], next_url=next_url)


@login_required
@require_POST
def reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = owned_commitment(request, pk)
    user = request.user
    next_url = safe_next_url(request, commitment.get_absolute_url())
    form = RescheduleForm(request.POST, commitment=commitment, user=user)
    if not form.is_valid():
        day = form.cleaned_data.get("occurrence_date") or user.local_today()
        if commitment.is_promise:
            day = commitment.local_due_date(user.zone)
        return _check_in_page(
            request, commitment, day, reschedule_form=form, next_url=next_url, status=400
        )
    data = form.cleaned_data
    try:
        if commitment.is_promise:
            services.reschedule_promise(
                commitment=commitment,
                from_due_at=data["due_at"],
                new_due_at=data["new_due_at"],
                note=data["note"],
            )
        else:
            services.reschedule_routine_day(
                commitment=commitment,
                occurrence_date=data["occurrence_date"],
                new_date=data["new_date"],
                note=data["note"],
            )
    except services.StaleOccurrence as stale:
        messages.error(request, str(stale))
        return HttpResponseRedirect(next_url)
    messages.success(request, f"Rescheduled “{commitment.title}”. Thank you for giving notice.")
    return HttpResponseRedirect(next_url)

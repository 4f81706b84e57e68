"""Commitment pages: new, edit, the commitment page with its history and calendar, pause,
resume, archive and delete."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from guidance.models import Practice, SuggestedCommitment
from tracker.cache import page_html, render_cached
from tracker.commitments import schedule, services
from tracker.commitments.access import owned_commitment
from tracker.commitments.forms import PromiseForm, RoutineForm
from tracker.commitments.models import CheckIn, Commitment, Person
from tracker.commitments.rows import (
    NEW_FORM_WORDING,
    STATE_LABELS,
    calendar_cell,
    current_heading,
    history_when,
    repair_line,
    row_for,
    when_text,
)
from tracker.data.forms import reminder_panel_for
from tracker.http import positive_int, render_page
from tracker.progress.panels import commitment_progress_html

CALENDAR_WEEKS = 6
# The commitment page lists this many check-ins at a time, newest first.
HISTORY_PAGE_SIZE = 30
MAX_HISTORY_PAGES = 1000
DETAIL_TEMPLATE = "tracker/commitments/commitment_detail.html"


# --- Commitments --------------------------------------------------------------------------


def _form_class(kind: str):
    return PromiseForm if kind == Commitment.Kind.PROMISE else RoutineForm


def _prefill(request: HttpRequest) -> tuple[str, dict]:
    """The kind and initial values from `?suggestion=` or `?kind=&title=&practice=&person=`."""
    params = request.GET
    suggestion_id = positive_int(params.get("suggestion"))
    if suggestion_id:
        suggestion = (
            SuggestedCommitment.objects.filter(
                pk=suggestion_id, practice__in=Practice.objects.published()
            )
            .select_related("practice")
            .first()
        )
        if suggestion is not None:
            initial = {"title": suggestion.title, "practice": suggestion.practice}
            if suggestion.kind == Commitment.Kind.ROUTINE:
                initial |= {
                    "schedule_type": suggestion.schedule_type or "daily",
                    "weekday_choices": [d for d in range(7) if suggestion.weekdays & (1 << d)],
                    "times_per_week": suggestion.times_per_week,
                    "interval_days": suggestion.interval_days,
                }
            return suggestion.kind, initial
    kind = params.get("kind", "")
    initial: dict = {}
    if params.get("title"):
        initial["title"] = params["title"][:200]
    practice_id, person_id = (
        positive_int(params.get("practice")),
        positive_int(params.get("person")),
    )
    if practice_id:
        initial["practice"] = Practice.objects.published().filter(pk=practice_id).first()
    if person_id:
        initial["person"] = Person.objects.for_user(request.user).filter(pk=person_id).first()
    return kind, {name: value for name, value in initial.items() if value is not None}


@login_required
@require_http_methods(["GET", "POST"])
def commitment_new(request: HttpRequest) -> HttpResponse:
    kind, initial = _prefill(request)
    kind = request.POST.get("kind", kind)
    if kind not in Commitment.Kind.values:
        return render_page(
            request, "tracker/commitments/commitment_form.html", {"nav": "today", "kind": ""}
        )
    form = _form_class(kind)(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        commitment = form.save()
        messages.success(request, f"Added “{commitment.title}”. It's on your Today page.")
        return redirect(commitment)
    return render_page(
        request,
        "tracker/commitments/commitment_form.html",
        {
            "nav": "today",
            "kind": kind,
            "wording": NEW_FORM_WORDING[kind],
            "form": form,
            "practice": initial.get("practice"),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def commitment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = owned_commitment(request, pk)
    form = _form_class(commitment.kind)(
        request.POST or None, instance=commitment, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your changes are saved.")
        return redirect(commitment)
    return render_page(
        request,
        "tracker/commitments/commitment_form.html",
        {"nav": "today", "kind": commitment.kind, "form": form, "commitment": commitment},
        status=400 if form.errors else 200,
    )


def _history_page_number(request: HttpRequest) -> int:
    """The `?page=` of the commitment page's history: 1 unless a sensible number is asked."""
    return min(positive_int(request.GET.get("page")) or 1, MAX_HISTORY_PAGES)


def _history(commitment: Commitment, *, user, today: date, page: int, only_page: bool) -> dict:
    """The newest check-ins up to page `page` (or only that page's), and the link to older.

    One query with a limit: a year-old daily routine has hundreds of check-ins, and the
    page shows the latest few unless asked for more.
    """
    offset = (page - 1) * HISTORY_PAGE_SIZE if only_page else 0
    end = page * HISTORY_PAGE_SIZE
    rows = list(commitment.checkins.history()[offset : end + 1])
    more = len(rows) > end - offset
    entries = [
        {
            "checkin": checkin,
            "label": STATE_LABELS[checkin.state],
            "when": history_when(checkin, user.zone, today),
            "repair": checkin.state == CheckIn.State.MISSED,
            # Where the older entries start, for the link's #fragment without JavaScript.
            "anchor": f"history-from-{offset + n + 1}"
            if (offset + n) % HISTORY_PAGE_SIZE == 0
            else "",
        }
        for n, checkin in enumerate(rows[: end - offset])
    ]
    return {
        "history": entries,
        "history_start": offset + 1,
        "history_next_page": page + 1 if more else None,
        "history_older_anchor": f"history-from-{end + 1}",
    }


@login_required
@require_GET
def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One commitment: what is due now, its figures, recent weeks and history.

    From the cache while nothing it shows has changed (tracker.cache: the key holds the
    user's data version, local date, zone, week start and the history page). Another
    user's commitment is never cached for them: building it raises 404 first."""
    user = request.user
    today = user.local_today()
    page = _history_page_number(request)
    if request.htmx and "page" in request.GET:
        # "Show older check-ins" with JavaScript: just the next entries, added in place.
        commitment = _owned_for_page(user, pk)
        history = _history(commitment, user=user, today=today, page=page, only_page=True)
        context = {"commitment": commitment, "repair": repair_line(commitment), **history}
        return render_page(
            request, "tracker/commitments/commitment_detail.html#older_history", context
        )

    def build() -> dict:
        context = _detail_context(_owned_for_page(user, pk), user=user, today=today, page=page)
        body = render_cached(DETAIL_TEMPLATE + "#body", context, zone=user.zone)
        return {"title": context["commitment"].title, "body": body}

    parts = (pk, page, today.isoformat(), user.time_zone, user.week_start)
    cached = page_html(request, "commitment", user.pk, *parts, build=build)
    return render_page(request, DETAIL_TEMPLATE, {"nav": "today", **cached})


def _owned_for_page(user, pk: int) -> Commitment:
    return get_object_or_404(
        Commitment.objects.for_user(user)
        .select_related("practice", "person")
        .prefetch_related("pauses"),
        pk=pk,
    )


def _detail_context(commitment: Commitment, *, user, today: date, page: int) -> dict:
    commitment.pause_list = list(commitment.pauses.all())
    pauses = commitment.pause_spans()
    here = commitment.get_absolute_url()
    # The current occurrence and the calendar need only the check-ins of their own days.
    if commitment.is_routine:
        first = schedule.week_start_of(today, user.week_start) - timedelta(weeks=CALENDAR_WEEKS - 1)
        last = first + timedelta(weeks=CALENDAR_WEEKS, days=-1)
    else:
        first = last = commitment.local_due_date(user.zone)
    commitment.window_checkins = list(commitment.checkins.around(first, last))
    found = {
        "checkins": commitment.window_checkins,
        "pauses": pauses,
        "zone": user.zone,
        "week_start": user.week_start,
    }

    current = None
    if commitment.is_promise:
        current = schedule.occurrence_on(commitment, first, **found)
    elif commitment.is_active:
        current = schedule.occurrence_on(commitment, today, **found)

    weeks = []
    if commitment.is_routine:
        by_day = {o.day: o for o in schedule.occurrences_between(commitment, first, last, **found)}
        if commitment.is_per_week:
            by_day = {
                day: by_day.get(day) or schedule.occurrence(commitment, day)
                for day in schedule.daterange(max(first, commitment.start_date), min(last, today))
                if not schedule.is_paused(day, pauses)
            }
        check_in_url = reverse("tracker:check-in", args=[commitment.pk])
        weeks = [
            [calendar_cell(day, occurrence, today, check_in_url) for day, occurrence in week]
            for week in schedule.calendar_weeks(by_day, first, last)
        ]
    context = {
        "commitment": commitment,
        "when": when_text(commitment, user.zone),
        "current_heading": current_heading(commitment),
        "row": current and row_for(current, user=user, today=today, next_url=here),
        "weekday_headers": [schedule.WEEKDAY_SHORT[(user.week_start + n) % 7] for n in range(7)],
        "weeks": weeks,
        **_history(commitment, user=user, today=today, page=page, only_page=False),
        "repair": repair_line(commitment),
        "is_paused": commitment.status == Commitment.Status.PAUSED,
        "is_archived": commitment.status == Commitment.Status.ARCHIVED,
        "reminder_panel": reminder_panel_for(commitment, user=user),
        # Streaks, strength and heatmap over the whole history (cached while unchanged).
        "progress_html": commitment_progress_html(
            commitment, user=user, pauses=commitment.pause_list, today=today
        ),
    }
    return context


@login_required
@require_GET
def suggestions(request: HttpRequest) -> HttpResponse:
    """Every suggestion from the guide's practices on one page, grouped by practice, so a
    small act can be picked without reading the whole guide."""
    practices = (
        Practice.objects.published()
        .filter(suggestions__isnull=False)
        .distinct()
        .prefetch_related("suggestions")
    )
    return render_page(
        request, "tracker/commitments/suggestions.html", {"nav": "ideas", "practices": practices}
    )


STATUS_MESSAGES = {
    Commitment.Status.PAUSED: "Paused “{title}”. Paused days never count.",
    Commitment.Status.ACTIVE: "“{title}” is active again from today.",
    Commitment.Status.ARCHIVED: "Archived “{title}”. Its history is kept.",
}


@login_required
@require_POST
def commitment_status(request: HttpRequest, pk: int, status: str) -> HttpResponse:
    """Pause, resume or archive (the URL names which)."""
    commitment = owned_commitment(request, pk)
    if commitment.is_promise and status == Commitment.Status.PAUSED:
        # A one-off has one day: pausing it would only hide it. The page offers
        # Reschedule and Archive instead, so this is a stale form or a hand-made POST.
        messages.info(request, "A one-off promise can’t be paused: reschedule or archive it.")
        return redirect(commitment)
    services.set_status(commitment=commitment, status=status, today=request.user.local_today())
    messages.success(request, STATUS_MESSAGES[status].format(title=commitment.title))
    return redirect(commitment)


@login_required
@require_http_methods(["GET", "POST"])
def commitment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = owned_commitment(request, pk)
    if request.method == "POST":
        title = commitment.title
        commitment.delete()
        messages.success(request, f"Deleted “{title}” and its check-ins.")
        return redirect("tracker:today")
    return render_page(
        request,
        "tracker/commitments/commitment_delete.html",
        {"nav": "today", "commitment": commitment, "checkin_count": commitment.checkins.count()},
    )

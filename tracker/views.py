"""The tracker's pages: accounts, Today, commitments, check-ins and people.

Views parse the request, call a QuerySet, a form or a service, and render. HTMX requests
get the swapped region (`page.html#partial`); everything also works as a plain POST that
redirects back.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from guidance.models import Practice, SuggestedCommitment
from tracker import schedule, services
from tracker.data_forms import reminder_panel_for
from tracker.forms import (
    AccountSettingsForm,
    CheckInForm,
    DeletePersonForm,
    PersonForm,
    PromiseForm,
    RescheduleForm,
    RoutineForm,
    SignupForm,
)
from tracker.models import CheckIn, Commitment, Person
from tracker.progress_views import commitment_progress_html

# How far back Today looks for routine days nobody recorded yet.
LOOKBACK_DAYS = 14
UPCOMING_DAYS = 7
CALENDAR_WEEKS = 6
# The commitment page lists this many check-ins at a time, newest first.
HISTORY_PAGE_SIZE = 30
MAX_HISTORY_PAGES = 1000

# Sign-up and password-reset requests allowed per address per hour.
THROTTLE_LIMIT = 10
THROTTLE_WINDOW = 60 * 60

REPAIR_LINE = (
    "Missing one is information, not failure. Own it simply, without excuses; "
    "don't over-promise to make up for it; and if you can, offer a new time with notice."
)

STATE_LABELS = {
    **dict(CheckIn.State.choices),
    "due": "Due",
    "unrecorded": "Not recorded yet",
    "upcoming": "Coming up",
}
QUICK_STATES = [
    (CheckIn.State.KEPT, "Kept"),
    (CheckIn.State.LATE, "Late"),
    (CheckIn.State.MISSED, "Missed"),
]


# --- Helpers ------------------------------------------------------------------------------


def _render(request: HttpRequest, template: str, context: dict, status: int = 200):
    """Render with dates shown in the signed-in user's time zone."""
    user = request.user
    zone = user.zone if user.is_authenticated else timezone.get_default_timezone()
    with timezone.override(zone):
        response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _next_url(request: HttpRequest, default: str) -> str:
    """Where to go back to after a POST: the posted `next` if it is on this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _throttled(request: HttpRequest, scope: str) -> bool:
    """Count a POST from this address; True once it is over the hourly limit."""
    from axes.helpers import get_client_ip_address

    # The shared (database) cache, so every server process counts the same requests.
    counts = caches["shared"]
    key = f"throttle:{scope}:{get_client_ip_address(request) or 'unknown'}"
    counts.add(key, 0, THROTTLE_WINDOW)
    try:
        count = counts.incr(key)
    except ValueError:  # expired between add and incr
        counts.set(key, 1, THROTTLE_WINDOW)
        count = 1
    return count > THROTTLE_LIMIT


def _throttled_response(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registration/throttled.html",
        {"limit": THROTTLE_LIMIT},
        status=429,
    )


def _day_text(day: date, today: date) -> str:
    if day == today:
        return "Today"
    if day == today - timedelta(days=1):
        return "Yesterday"
    if day == today + timedelta(days=1):
        return "Tomorrow"
    return f"{day:%A} {day.day} {day:%B}"


@dataclass
class Row:
    """One occurrence as a row on Today or the commitment page, ready to display."""

    occurrence: schedule.Occurrence
    status: str
    status_label: str
    when: str
    week: str
    repair: str
    can_record: bool
    next_url: str
    focus: bool = False

    @property
    def commitment(self) -> Commitment:
        return self.occurrence.commitment

    @property
    def key(self) -> str:
        return self.occurrence.key

    @property
    def recorded(self) -> bool:
        return self.occurrence.checkin is not None

    @property
    def note(self) -> str:
        return self.occurrence.checkin.note if self.recorded else ""

    @property
    def due_at_value(self) -> str:
        return self.occurrence.due_at.isoformat() if self.occurrence.due_at else ""

    @property
    def check_in_url(self) -> str:
        return _urls_of(self.commitment).check_in

    @property
    def undo_url(self) -> str:
        return _urls_of(self.commitment).undo

    @property
    def detail_url(self) -> str:
        return _urls_of(self.commitment).detail

    @property
    def more_url(self) -> str:
        return f"{self.check_in_url}?date={self.occurrence.day.isoformat()}"

    @cached_property
    def hidden_fields(self) -> str:
        """The occurrence's hidden inputs, built once for the row's several forms
        (a template partial per form cost more than the rest of the row)."""
        return format_html(
            '<input type="hidden" name="occurrence_date" value="{}">'
            '<input type="hidden" name="due_at" value="{}">'
            '<input type="hidden" name="next" value="{}">',
            self.occurrence.day.isoformat(),
            self.due_at_value,
            self.next_url,
        )

    quick_states = QUICK_STATES


@dataclass(frozen=True)
class CommitmentUrls:
    detail: str
    check_in: str
    undo: str


def _urls_of(commitment: Commitment) -> CommitmentUrls:
    """A commitment's URLs, reversed once per request: Today shows several rows of each
    commitment, each with several forms and links."""
    urls = getattr(commitment, "_urls", None)
    if urls is None:
        urls = commitment._urls = CommitmentUrls(
            detail=commitment.get_absolute_url(),
            check_in=reverse("tracker:check-in", args=[commitment.pk]),
            undo=reverse("tracker:check-in-undo", args=[commitment.pk]),
        )
    return urls


def _row(occurrence, *, user, today: date, next_url: str, focus: bool = False) -> Row:
    c = occurrence.commitment
    status = occurrence.status(today)
    if occurrence.due_at is not None:
        local = occurrence.due_at.astimezone(user.zone)
        when = f"{_day_text(local.date(), today)} at {local:%H:%M}"
        if c.place:
            when += f", {c.place}"
    else:
        when = _day_text(occurrence.day, today)
        if c.time_of_day:
            when += f" at {c.time_of_day:%H:%M}"
        if occurrence.moved_here:
            when += " (moved to this day)"
    week = ""
    if occurrence.week_required:
        week = f"{occurrence.week_done} of {occurrence.week_required} this week"
    repair = ""
    if status == CheckIn.State.MISSED:
        practice = c.practice
        repair = (practice.summary if practice and practice.summary else "") or REPAIR_LINE
    return Row(
        occurrence=occurrence,
        status=status,
        status_label=STATE_LABELS.get(status, status),
        when=when,
        week=week,
        repair=repair,
        can_record=occurrence.day <= today,
        next_url=next_url,
        focus=focus,
    )


def _owned_commitment(request: HttpRequest, pk: int, *, with_pauses: bool = False) -> Commitment:
    """The user's commitment or 404. `with_pauses` fetches its pauses up front, for views
    that look up an occurrence twice (to validate, then to draw the row): one query,
    not one per lookup."""
    queryset = Commitment.objects.for_user(request.user).select_related("practice", "person")
    if with_pauses:
        queryset = queryset.prefetch_related("pauses")
    return get_object_or_404(queryset, pk=pk)


# --- Accounts -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("tracker:today")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        if _throttled(request, "signup"):
            return _throttled_response(request)
        if form.is_valid():
            services.register(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                time_zone=form.cleaned_data["time_zone"],
            )
            # The same page whether or not the address had an account: no enumeration.
            return redirect("signup-done")
    return render(request, "registration/signup.html", {"form": form, "nav": "signup"})


@require_GET
def signup_done(request: HttpRequest) -> HttpResponse:
    return render(request, "registration/signup_done.html", {"nav": "signup"})


@require_http_methods(["GET", "POST"])
def signup_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """GET shows a button; only the POST activates, so link scanners change nothing."""
    if request.method == "POST":
        user = services.confirm_signup(uidb64=uidb64, token=token)
        if user is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Welcome to Steady. Your account is ready.")
            return redirect("tracker:today")
        messages.error(request, "That link has expired or was already used.")
    return render(request, "registration/signup_confirm.html", {"nav": "signup"})


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's reset (which never says whether an address is registered), rate-limited."""

    email_template_name = "emails/password_reset_email.txt"
    subject_template_name = "emails/password_reset_subject.txt"
    extra_email_context = {"site_url": settings.SITE_URL}

    def post(self, request, *args, **kwargs):
        if _throttled(request, "password_reset"):
            return _throttled_response(request)
        return super().post(request, *args, **kwargs)


password_reset = ThrottledPasswordResetView.as_view()


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request: HttpRequest) -> HttpResponse:
    form = AccountSettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your settings are saved.")
        return redirect("settings")
    status = 400 if form.errors else 200
    return _render(
        request, "registration/settings.html", {"form": form, "nav": "account"}, status=status
    )


# --- Today --------------------------------------------------------------------------------


@login_required
@require_GET
def today(request: HttpRequest) -> HttpResponse:
    user = request.user
    day = user.local_today()
    start_of_day = datetime.combine(day, datetime.min.time(), user.zone)
    commitments = (
        Commitment.objects.for_user(user)
        .for_today(since=start_of_day)
        .with_window(day - timedelta(days=LOOKBACK_DAYS), day + timedelta(days=UPCOMING_DAYS))
    )
    agenda = schedule.agenda(
        commitments,
        today=day,
        zone=user.zone,
        week_start=user.week_start,
        lookback=LOOKBACK_DAYS,
        ahead=UPCOMING_DAYS,
    )
    here = reverse("tracker:today")

    def rows(occurrences):
        return [_row(o, user=user, today=day, next_url=here) for o in occurrences]

    context = {
        "nav": "today",
        "today": day,
        "due_rows": rows(agenda.today),
        "earlier_rows": rows(agenda.earlier),
        "upcoming": [
            (_day_text(d, day), d, rows(occurrences))
            for d, occurrences in agenda.upcoming
            if occurrences
        ],
        "has_commitments": bool(commitments),
    }
    return _render(request, "tracker/today.html", context)


# --- Check-ins ----------------------------------------------------------------------------


def _respond_with_row(request, commitment, day, *, next_url) -> HttpResponse:
    """HTMX: the refreshed row. Otherwise: back to where the user was."""
    if not request.htmx:
        return HttpResponseRedirect(next_url)
    user = request.user
    occurrence = commitment.occurrence_on(day, user=user)
    if occurrence is None:
        # Nothing is due that day any more (the schedule changed): the row goes away.
        return _render(request, "tracker/today.html#gone", {})
    row = _row(occurrence, user=user, today=user.local_today(), next_url=next_url, focus=True)
    return _render(request, "tracker/today.html#row", {"row": row})


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the page for one occurrence (all states, note, reschedule). POST: record it."""
    commitment = _owned_commitment(request, pk, with_pauses=True)
    user = request.user
    next_url = _next_url(request, commitment.get_absolute_url())
    if request.method == "POST":
        form = CheckInForm(request.POST, commitment=commitment, user=user)
        if form.is_valid():
            data = form.cleaned_data
            checkin = services.record_check_in(
                commitment=commitment,
                occurrence_date=data["occurrence_date"],
                due_at=data["due_at"],
                state=data["state"],
                note=data["note"],
            )
            messages.success(
                request, f"Recorded “{commitment.title}”: {checkin.get_state_display()}."
            )
            return _respond_with_row(
                request, commitment, data["occurrence_date"], next_url=next_url
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
    try:
        return date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return request.user.local_today() if "date" not in request.GET else None


def _check_in_page(
    request, commitment, day, *, form=None, reschedule_form=None, next_url, status=200
):
    user = request.user
    today = user.local_today()
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
    }
    if form is None:
        form = CheckInForm(initial=initial, commitment=commitment, user=user)
    if reschedule_form is None:
        reschedule_form = RescheduleForm(initial=hidden, commitment=commitment, user=user)
    context = {
        "nav": "today",
        "commitment": commitment,
        "row": _row(occurrence, user=user, today=today, next_url=next_url),
        "form": form,
        "reschedule_form": reschedule_form,
        "can_reschedule": not commitment.is_per_week,
        "future": day > today,
        # The recording form is hidden for a future day, so its errors show on their own.
        "page_errors": list(form.non_field_errors()) if day > today else [],
        "next_url": next_url,
    }
    return _render(request, "tracker/check_in.html", context, status=status)


@login_required
@require_POST
def undo_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = _owned_commitment(request, pk, with_pauses=True)
    next_url = _next_url(request, commitment.get_absolute_url())
    form = CheckInForm(request.POST, commitment=commitment, user=request.user)
    form.is_valid()  # only the occurrence fields matter here
    if form.occurrence is None:
        messages.error(request, " ".join(form.non_field_errors()) or "Nothing to undo there.")
        return HttpResponseRedirect(next_url)
    data = form.cleaned_data
    services.undo_check_in(
        commitment=commitment, occurrence_date=data["occurrence_date"], due_at=data["due_at"]
    )
    messages.success(request, f"Undone: “{commitment.title}” is not recorded for that day.")
    return _respond_with_row(request, commitment, data["occurrence_date"], next_url=next_url)


@login_required
@require_POST
def reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = _owned_commitment(request, pk)
    user = request.user
    next_url = _next_url(request, commitment.get_absolute_url())
    form = RescheduleForm(request.POST, commitment=commitment, user=user)
    if not form.is_valid():
        day = form.cleaned_data.get("occurrence_date") or user.local_today()
        if commitment.is_promise:
            day = commitment.local_due_date(user.zone)
        return _check_in_page(
            request, commitment, day, reschedule_form=form, next_url=next_url, status=400
        )
    data = form.cleaned_data
    if commitment.is_promise:
        services.reschedule_promise(
            commitment=commitment, new_due_at=data["new_due_at"], note=data["note"]
        )
    else:
        services.reschedule_routine_day(
            commitment=commitment,
            occurrence_date=data["occurrence_date"],
            new_date=data["new_date"],
            note=data["note"],
        )
    messages.success(request, f"Rescheduled “{commitment.title}”. Thank you for giving notice.")
    return HttpResponseRedirect(next_url)


# --- Commitments --------------------------------------------------------------------------


def _form_class(kind: str):
    return PromiseForm if kind == Commitment.Kind.PROMISE else RoutineForm


def _prefill(request: HttpRequest) -> tuple[str, dict]:
    """The kind and initial values from `?suggestion=` or `?kind=&title=&practice=&person=`."""
    params = request.GET
    suggestion_id = params.get("suggestion", "")
    if suggestion_id.isdigit():
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
    practice_id, person_id = params.get("practice", ""), params.get("person", "")
    if practice_id.isdigit():
        initial["practice"] = Practice.objects.published().filter(pk=practice_id).first()
    if person_id.isdigit():
        initial["person"] = Person.objects.for_user(request.user).filter(pk=person_id).first()
    return kind, {name: value for name, value in initial.items() if value is not None}


@login_required
@require_http_methods(["GET", "POST"])
def commitment_new(request: HttpRequest) -> HttpResponse:
    kind, initial = _prefill(request)
    kind = request.POST.get("kind", kind)
    if kind not in Commitment.Kind.values:
        return _render(request, "tracker/commitment_form.html", {"nav": "today", "kind": ""})
    form = _form_class(kind)(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        commitment = form.save()
        messages.success(request, f"Added “{commitment.title}”. It's on your Today page.")
        return redirect(commitment)
    return _render(
        request,
        "tracker/commitment_form.html",
        {"nav": "today", "kind": kind, "form": form, "practice": initial.get("practice")},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def commitment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = _owned_commitment(request, pk)
    form = _form_class(commitment.kind)(
        request.POST or None, instance=commitment, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your changes are saved.")
        return redirect(commitment)
    return _render(
        request,
        "tracker/commitment_form.html",
        {"nav": "today", "kind": commitment.kind, "form": form, "commitment": commitment},
        status=400 if form.errors else 200,
    )


def _history_page_number(request: HttpRequest) -> int:
    """The `?page=` of the commitment page's history: 1 unless a sensible number is asked."""
    value = request.GET.get("page", "")
    return min(int(value), MAX_HISTORY_PAGES) if value.isdigit() and int(value) > 0 else 1


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
            "when": _history_when(checkin, user.zone, today),
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
        "history_older_url": f"{commitment.get_absolute_url()}?page={page + 1}" if more else "",
        "history_older_anchor": f"history-from-{end + 1}",
    }


@login_required
@require_GET
def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    today = user.local_today()
    commitment = get_object_or_404(
        Commitment.objects.for_user(user)
        .select_related("practice", "person")
        .prefetch_related("pauses"),
        pk=pk,
    )
    page = _history_page_number(request)
    if request.htmx and "page" in request.GET:
        # "Show older check-ins" with JavaScript: just the next entries, added in place.
        history = _history(commitment, user=user, today=today, page=page, only_page=True)
        context = {"commitment": commitment, "repair": _repair_line(commitment), **history}
        return _render(request, "tracker/commitment_detail.html#older_history", context)

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
                day: by_day.get(day) or schedule.Occurrence(commitment, day)
                for day in schedule.daterange(max(first, commitment.start_date), min(last, today))
                if not schedule.is_paused(day, pauses)
            }
        weeks = [
            [_calendar_cell(day, occurrence, today, commitment) for day, occurrence in week]
            for week in schedule.calendar_weeks(by_day, first, last)
        ]
    context = {
        "nav": "today",
        "commitment": commitment,
        "row": current and _row(current, user=user, today=today, next_url=here),
        "weekday_headers": [schedule.WEEKDAY_SHORT[(user.week_start + n) % 7] for n in range(7)],
        "weeks": weeks,
        **_history(commitment, user=user, today=today, page=page, only_page=False),
        "repair": _repair_line(commitment),
        "is_paused": commitment.status == Commitment.Status.PAUSED,
        "is_archived": commitment.status == Commitment.Status.ARCHIVED,
        "reminder_panel": reminder_panel_for(commitment, user=user),
        # Streaks, strength and heatmap over the whole history (cached while unchanged).
        "progress_html": commitment_progress_html(
            commitment, user=user, pauses=commitment.pause_list, today=today
        ),
    }
    return _render(request, "tracker/commitment_detail.html", context)


def _repair_line(commitment: Commitment) -> str:
    return (commitment.practice.summary if commitment.practice else "") or REPAIR_LINE


def _history_when(checkin: CheckIn, zone, today: date) -> str:
    if checkin.due_at is not None:
        local = checkin.due_at.astimezone(zone)
        text = f"{_day_text(local.date(), today)} at {local:%H:%M}"
    else:
        text = _day_text(checkin.occurrence_date, today)
    if checkin.rescheduled_to is not None:
        moved = checkin.rescheduled_to.astimezone(zone)
        text += f", moved to {_day_text(moved.date(), today)} at {moved:%H:%M}"
    elif checkin.rescheduled_to_date is not None:
        text += f", moved to {_day_text(checkin.rescheduled_to_date, today)}"
    return text


def _calendar_cell(day: date, occurrence, today: date, commitment: Commitment) -> dict:
    status = occurrence.status(today) if occurrence else ""
    link = ""
    if occurrence is not None and day <= today:
        link = reverse("tracker:check-in", args=[commitment.pk]) + f"?date={day.isoformat()}"
    return {
        "day": day,
        "label": f"{day:%A} {day.day} {day:%B}",
        "status": status,
        "status_label": STATE_LABELS.get(status, "") if status else "",
        "link": link,
        "is_today": day == today,
        "is_future": day > today,
    }


def _commitment_action(request: HttpRequest, pk: int, action, message: str) -> HttpResponse:
    commitment = _owned_commitment(request, pk)
    action(commitment=commitment, today=request.user.local_today())
    messages.success(request, message.format(title=commitment.title))
    return redirect(commitment)


@login_required
@require_POST
def commitment_pause(request: HttpRequest, pk: int) -> HttpResponse:
    return _commitment_action(
        request, pk, services.pause_commitment, "Paused “{title}”. Paused days never count."
    )


@login_required
@require_POST
def commitment_resume(request: HttpRequest, pk: int) -> HttpResponse:
    return _commitment_action(
        request, pk, services.resume_commitment, "“{title}” is active again from today."
    )


@login_required
@require_POST
def commitment_archive(request: HttpRequest, pk: int) -> HttpResponse:
    return _commitment_action(
        request, pk, services.archive_commitment, "Archived “{title}”. Its history is kept."
    )


@login_required
@require_http_methods(["GET", "POST"])
def commitment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = _owned_commitment(request, pk)
    if request.method == "POST":
        title = commitment.title
        commitment.delete()
        messages.success(request, f"Deleted “{title}” and its check-ins.")
        return redirect("tracker:today")
    return _render(
        request,
        "tracker/commitment_delete.html",
        {"nav": "today", "commitment": commitment, "checkin_count": commitment.checkins.count()},
    )


# --- People -------------------------------------------------------------------------------


@login_required
@require_GET
def people(request: HttpRequest) -> HttpResponse:
    people = Person.objects.for_user(request.user).with_commitment_counts()
    return _render(request, "tracker/people.html", {"nav": "account", "people": people})


@login_required
@require_http_methods(["GET", "POST"])
def person_new(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST or None, instance=Person(owner=request.user))
    if request.method == "POST" and form.is_valid():
        person = form.save()
        messages.success(request, f"Added {person.name}.")
        return redirect("tracker:people")
    return _render(
        request,
        "tracker/person_form.html",
        {"nav": "account", "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.for_user(request.user), pk=pk)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your changes are saved.")
        return redirect("tracker:people")
    return _render(
        request,
        "tracker/person_form.html",
        {"nav": "account", "form": form, "person": person},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_delete(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(
        Person.objects.for_user(request.user).with_commitment_counts(), pk=pk
    )
    form = DeletePersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        removed = services.delete_person(
            person=person, delete_commitments=form.cleaned_data["commitments"] == "delete"
        )
        text = f"Deleted {person.name}."
        if removed:
            text += f" {removed} commitment{'s' if removed != 1 else ''} deleted too."
        messages.success(request, text)
        return redirect("tracker:people")
    return _render(
        request,
        "tracker/person_delete.html",
        {"nav": "account", "person": person, "form": form},
        status=400 if form.errors else 200,
    )

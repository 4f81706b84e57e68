"""The progress page, and the progress context a commitment's own page shows."""

import hashlib
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from tracker.progress import charts, figures, queries
from tracker.progress.figures import PERIOD_LABELS, CommitmentFigures, Tally

COUNT_LABELS = (
    ("kept", "Kept on time", "state-kept"),
    ("late", "Kept, a bit late", "state-late"),
    ("missed", "Missed", "state-missed"),
    ("unrecorded", "Not recorded", "state-unrecorded"),
    ("rescheduled", "Rescheduled", "state-rescheduled"),
    ("skipped", "Skipped (planned)", "state-skipped"),
)
# Below this many due occurrences the rates swing a lot; the page says so.
SPARSE_BELOW = 5


class ProgressFilterForm(forms.Form):
    """Period and filters; choices come from the user's own commitments only."""

    period = forms.ChoiceField(
        label="Period",
        choices=list(PERIOD_LABELS.items()),
        widget=forms.RadioSelect,
        initial=figures.DEFAULT_PERIOD,
        required=False,
    )
    person = forms.TypedChoiceField(coerce=int, empty_value=None, required=False)
    practice = forms.TypedChoiceField(coerce=int, empty_value=None, required=False)
    commitment = forms.TypedChoiceField(
        label="Promise or routine", coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, commitments: list, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        people = {c.person.pk: c.person.name for c in commitments if c.person}
        practices = {c.practice.pk: c.practice.title for c in commitments if c.practice}
        self.fields["person"].choices = [("", "Everyone")] + sorted(
            people.items(), key=lambda item: item[1].lower()
        )
        self.fields["practice"].choices = [("", "All practices")] + sorted(
            practices.items(), key=lambda item: item[1].lower()
        )
        self.fields["commitment"].choices = [("", "All promises and routines")] + [
            (c.pk, f"{c.title} (archived)" if c.status == "archived" else c.title)
            for c in commitments
        ]


@dataclass(frozen=True)
class Filters:
    period: str
    person: int | None
    practice: int | None
    commitment: int | None
    notices: list[str]

    @property
    def active(self) -> bool:
        return any((self.person, self.practice, self.commitment))

    def apply(self, commitments: list) -> list:
        return [
            c
            for c in commitments
            if (self.person is None or c.person_id == self.person)
            and (self.practice is None or c.practice_id == self.practice)
            and (self.commitment is None or c.pk == self.commitment)
        ]


FILTER_NOTICES = {
    "period": "That period is not one we offer, so the last 30 days are shown.",
    "person": "That person is not in your list, so everyone is shown.",
    "practice": "That practice is not linked to any of your commitments, so all are shown.",
    "commitment": "That promise or routine is not one of yours, so all are shown.",
}


def parse_filters(data, commitments: list) -> Filters:
    """The chosen filters; anything invalid or not the user's own is dropped with a note."""
    form = ProgressFilterForm(data, commitments=commitments)
    form.is_valid()
    chosen = form.cleaned_data
    return Filters(
        period=chosen.get("period") or figures.DEFAULT_PERIOD,
        person=chosen.get("person"),
        practice=chosen.get("practice"),
        commitment=chosen.get("commitment"),
        notices=[FILTER_NOTICES[name] for name in form.errors if name in FILTER_NOTICES],
    )


def _figures(rows, *, today: date, zone: ZoneInfo, week_start: int) -> list[CommitmentFigures]:
    spans = figures.spans_by_commitment(rows.pauses)
    checkins = figures.checkins_by_commitment(rows.checkins)
    return [
        figures.commitment_figures(
            commitment,
            checkins.get(commitment.pk, []),
            spans.get(commitment.pk, []),
            today=today,
            zone=zone,
            week_start=week_start,
        )
        for commitment in rows.commitments
    ]


def _counts(tally: Tally) -> list[dict]:
    return [
        {"label": label, "count": getattr(tally, attr), "css": css}
        for attr, label, css in COUNT_LABELS
    ]


def _routine_card(figure: CommitmentFigures, *, today: date, chart_id: str) -> dict:
    commitment = figure.commitment
    streak = figure.streak
    unit_one, unit_many = ("week", "weeks") if streak.unit == "weeks" else ("time", "times")
    return {
        "commitment": commitment,
        "heading_id": f"{chart_id}-name",
        "url": reverse("tracker:commitment-detail", args=[commitment.pk]),
        "current_streak": streak.current,
        "best_streak": streak.best,
        "current_unit": unit_one if streak.current == 1 else unit_many,
        "best_unit": unit_one if streak.best == 1 else unit_many,
        "strength_percent": figure.strength_percent,
        "chart": charts.strength_line(figure.strength, title=commitment.title, chart_id=chart_id),
    }


def page_context(rows, *, period: str, today: date, zone: ZoneInfo, week_start: int) -> dict:
    """Everything the progress page shows, computed in one pass over the fetched rows."""
    chosen_figures = _figures(rows, today=today, zone=zone, week_start=week_start)
    occurrences = [o for figure in chosen_figures for o in figure.occurrences]
    summary = figures.summarise_period(occurrences, period, today)
    tally = summary.tally
    start = summary.start
    by_person = figures.breakdown(chosen_figures, start, today, by="person")
    by_practice = figures.breakdown(chosen_figures, start, today, by="practice")
    routines = [
        _routine_card(f, today=today, chart_id=f"strength-{f.commitment.pk}")
        for f in chosen_figures
        if f.streak is not None
    ]
    return {
        "summary": summary,
        "has_history": bool(occurrences),
        "nothing_due": tally.due == 0,
        "sparse": 0 < tally.due < SPARSE_BELOW,
        "on_time_change_text": figures.change_sentence(summary.on_time_change, "on-time rate"),
        "kept_change_text": figures.change_sentence(summary.kept_change, "kept rate"),
        "counts": _counts(tally),
        "unrecorded": tally.unrecorded,
        "by_person": by_person if len(by_person) > 1 else [],
        "by_practice": by_practice if len(by_practice) > 1 else [],
        "milestones": figures.milestones(chosen_figures, week_start),
        "weekly_chart": charts.weekly_bars(occurrences, today=today, week_start=week_start),
        "heatmap": charts.heatmap(occurrences, today=today, week_start=week_start),
        "routines": routines,
    }


def commitment_progress(
    commitment,
    *,
    pauses,
    checkins,
    today: date,
    zone: ZoneInfo | None = None,
    week_start: int = 0,
) -> dict:
    """Context for `tracker/progress/commitment.html` on one commitment's page.

    Pass the commitment's own pauses and check-ins (already fetched; no queries here),
    `today = user.local_today()`, `zone = user.zone` and `week_start = user.week_start`.
    """
    zone = zone or ZoneInfo("UTC")
    spans = figures.spans_by_commitment(pauses).get(commitment.pk, [])
    own = [c for c in checkins if c.commitment_id == commitment.pk]
    figure = figures.commitment_figures(
        commitment, own, spans, today=today, zone=zone, week_start=week_start
    )
    tally = Tally.of(figure.occurrences)
    prefix = f"c{commitment.pk}"
    context = {
        "commitment": commitment,
        "is_routine": figure.streak is not None,
        "has_history": tally.due > 0 or tally.skipped > 0 or tally.rescheduled > 0,
        "on_time_percent": figures.percent(tally.on_time_rate),
        "kept_percent": figures.percent(tally.kept_rate),
        "due": tally.due,
        "counts": _counts(tally),
        "heatmap": charts.heatmap(
            figure.occurrences, today=today, week_start=week_start, chart_id=f"{prefix}-heatmap"
        ),
        "routine": None,
    }
    if figure.streak is not None:
        context["routine"] = _routine_card(figure, today=today, chart_id=f"{prefix}-strength")
    return {"progress": context}


# Rendered figures are kept this long at most; any change to the data changes the key first.
CONTENT_CACHE_SECONDS = 6 * 60 * 60


def commitment_progress_html(commitment, *, user, pauses: list, today: date) -> str:
    """`tracker/progress/commitment.html` for one commitment's page, as HTML,
    from the cache when nothing it shows has changed.

    A routine with a year of history takes tens of milliseconds to compute and draw; the
    key holds the data's fingerprint (one aggregate query, with the `pauses` the caller
    already fetched), the user's local date, zone and week start, so a check-in, an edit,
    a pause or midnight all give fresh figures. A cache miss reads the check-ins as light
    rows (one more query).
    """
    fingerprint = queries.data_fingerprint(user, [commitment], filtered=True, pauses=pauses)
    settings = repr((today.isoformat(), user.time_zone, user.week_start))
    digest = hashlib.sha256(settings.encode()).hexdigest()[:16]
    key = f"commitment-progress:{commitment.pk}:{fingerprint}:{digest}"

    def build() -> str:
        context = commitment_progress(
            commitment,
            pauses=pauses,
            checkins=queries.commitment_checkins(commitment),
            today=today,
            zone=user.zone,
            week_start=user.week_start,
        )
        return render_to_string("tracker/progress/commitment.html", context)

    return caches["local"].get_or_set(key, build, CONTENT_CACHE_SECONDS)


def _status_text(filters: Filters, chosen: list, all_commitments: list) -> str:
    """One sentence saying what is shown, announced after each HTMX swap."""
    what = "all your promises and routines"
    if filters.active:
        count = len(chosen)
        what = f"{count} promise{'s' if count != 1 else ''} or routine{'s' if count != 1 else ''}"
    return f"Showing {PERIOD_LABELS[filters.period].lower()} for {what}."


def _content_html(request: HttpRequest, commitments: list, chosen: list, filters: Filters) -> str:
    """The page's figures and charts as HTML, from the cache when nothing has changed.

    Computing a year of history and drawing its charts takes tens of milliseconds; the
    data behind it changes only when the user records something. The key holds a
    fingerprint of that data (two small queries), the user's local date, zone and week
    start, and the filters, so a check-in, an edit or midnight all give fresh figures.
    The HTML holds nothing request-specific (no CSRF token or nonce), so it can be reused.
    """
    user = request.user
    today = user.local_today()
    fingerprint = queries.data_fingerprint(user, chosen, filtered=filters.active)
    settings_and_filters = repr(
        (today.isoformat(), user.time_zone, user.week_start, filters, bool(commitments))
    )
    digest = hashlib.sha256(settings_and_filters.encode()).hexdigest()[:16]
    key = f"progress:{user.pk}:{fingerprint}:{digest}"
    html = caches["local"].get(key)
    if html is None:
        rows = queries.progress_rows(user, chosen, filtered=filters.active)
        context = {
            "filters": filters,
            "has_commitments": bool(commitments),
            **page_context(
                rows,
                period=filters.period,
                today=today,
                zone=user.zone,
                week_start=user.week_start,
            ),
        }
        html = render_to_string("tracker/progress/progress.html#content", context)
        caches["local"].set(key, html, CONTENT_CACHE_SECONDS)
    return html


def _filter_fields_html(user, commitments: list, filters: Filters) -> str:
    """The filter form's fields as HTML, cached: Django's widget templates cost several
    milliseconds for four fields, and the fields change only with the choices offered
    (the user's commitments, people and practices) and the ones selected."""
    choices = [
        (
            c.pk,
            c.title,
            c.status,
            (c.person.pk, c.person.name) if c.person else None,
            (c.practice.pk, c.practice.title) if c.practice else None,
        )
        for c in commitments
    ]
    digest = hashlib.sha256(repr((filters, choices)).encode()).hexdigest()[:32]
    key = f"progress-filters:{user.pk}:{digest}"
    html = caches["local"].get(key)
    if html is None:
        form = ProgressFilterForm(
            initial={
                "period": filters.period,
                "person": filters.person,
                "practice": filters.practice,
                "commitment": filters.commitment,
            },
            commitments=commitments,
        )
        html = render_to_string("tracker/progress/progress.html#filter_fields", {"form": form})
        caches["local"].set(key, html, CONTENT_CACHE_SECONDS)
    return html


@login_required
@require_GET
def progress_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    commitments = queries.user_commitments(user)
    filters = parse_filters(request.GET, commitments)
    chosen = filters.apply(commitments)
    content_html = _content_html(request, commitments, chosen, filters)
    context = {
        "nav": "progress",
        "has_commitments": bool(commitments),
        "status_text": _status_text(filters, chosen, commitments),
        "content_html": content_html,
    }
    if request.htmx and not request.htmx.history_restore_request:
        response = HttpResponse(content_html)
        # The live region sits outside the swapped region; refresh it out of band.
        response.content += render_to_string(
            "tracker/progress/progress.html#status", {**context, "oob": True}, request=request
        ).encode()
    else:
        context["filter_fields_html"] = (
            _filter_fields_html(user, commitments, filters) if commitments else ""
        )
        response = render(request, "tracker/progress/progress.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response

"""The progress page: figures and charts over a period, filtered by person, practice or
commitment. A commitment's own panel is in `tracker.progress.panels`."""

from datetime import date
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from tracker.cache import get_or_build, page_html, render_cached
from tracker.http import fragment, render_page
from tracker.progress import charts, figures, heatmap, queries, streaks
from tracker.progress.figures import PERIOD_LABELS, CommitmentFigures
from tracker.progress.forms import Filters, ProgressFilterForm, commitment_choices, parse_filters
from tracker.progress.panels import counts, routine_card
from tracker.progress.repairs import repair_line

# Below this many recorded occurrences the rates swing a lot; the page says so.
TEMPLATE = "tracker/progress/progress.html"
SPARSE_BELOW = 5


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
        routine_card(f, today=today, chart_id=f"strength-{f.commitment.pk}")
        for f in chosen_figures
        if f.streak is not None
    ]
    return {
        "summary": summary,
        "has_history": bool(occurrences),
        "nothing_due": tally.due == 0,
        # Percentages only when most of what was due was recorded; otherwise the counts.
        "show_rates": bool(tally.recorded) and not tally.mostly_unrecorded,
        "recorded_text": figures.recorded_sentence(tally),
        "sparse": 0 < tally.recorded < SPARSE_BELOW,
        "on_time_change_text": figures.change_sentence(summary.on_time_change, "on-time rate"),
        "kept_change_text": figures.change_sentence(summary.kept_change, "kept rate"),
        "counts": counts(tally),
        "unrecorded": tally.unrecorded,
        "by_person": by_person if len(by_person) > 1 else [],
        "by_practice": by_practice if len(by_practice) > 1 else [],
        "milestones": streaks.milestones(chosen_figures, week_start, today),
        "weekly_chart": charts.weekly_bars(occurrences, today=today, week_start=week_start),
        "heatmap": heatmap.heatmap(occurrences, today=today, week_start=week_start),
        "routines": routines,
    }


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
    data behind it changes only when the user records something. The key holds the
    user's data version (tracker.cache), local date, zone and week start, and the
    filters, so a check-in, an edit or midnight all give fresh figures, and a page from
    the cache reads no history at all.
    """
    user = request.user
    today = user.local_today()

    def build() -> str:
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
        return render_to_string("tracker/progress/progress.html#content", context)

    return get_or_build(
        "progress",
        user.pk,
        today.isoformat(),
        user.time_zone,
        user.week_start,
        filters,
        bool(commitments),
        build=build,
    )


def _filter_fields_html(user, commitments: list, filters: Filters) -> str:
    """The filter form's fields as HTML, cached: Django's widget templates cost several
    milliseconds for four fields, and the fields change only with the choices offered
    (the user's commitments, people and practices) and the ones selected."""
    choices = [
        (
            choice,  # (pk, label): the label holds what tells same-titled ones apart
            (c.person.pk, c.person.name) if c.person else None,
            (c.practice.pk, c.practice.title) if c.practice else None,
        )
        for c, choice in zip(commitments, commitment_choices(commitments), strict=True)
    ]

    def build() -> str:
        form = ProgressFilterForm(
            initial={
                "period": filters.period,
                "person": filters.person,
                "practice": filters.practice,
                "commitment": filters.commitment,
            },
            commitments=commitments,
        )
        return render_to_string("tracker/progress/progress.html#filter_fields", {"form": form})

    return get_or_build("progress-filters", user.pk, filters, choices, build=build)


@login_required
@require_GET
def progress_page(request: HttpRequest) -> HttpResponse:
    """The figures for the filters in the query string.

    From the cache while nothing it shows has changed (tracker.cache: the key holds the
    user's data version, local date, zone, week start and the full path, which carries
    the filters); the figures and the filter fields are cached on their own as well, so
    a new combination of filters reuses what it can."""
    user = request.user
    swap = bool(request.htmx and not request.htmx.history_restore_request)

    def build() -> str:
        return _page_html(request, swap=swap)

    parts = (
        request.get_full_path(),
        user.local_today().isoformat(),
        user.time_zone,
        user.week_start,
    )
    body = page_html(
        request, "progress-swap" if swap else "progress-page", user.pk, *parts, build=build
    )
    if swap:
        # Only the figures, and the live region (outside them) refreshed out of band.
        return fragment(body)
    return render_page(request, TEMPLATE, {"nav": "progress", "body": body})


def _page_html(request: HttpRequest, *, swap: bool) -> str:
    user = request.user
    commitments = queries.user_commitments(user)
    filters = parse_filters(request.GET, commitments)
    chosen = filters.apply(commitments)
    context = {
        "has_commitments": bool(commitments),
        "status_text": _status_text(filters, chosen, commitments),
        "content_html": _content_html(request, commitments, chosen, filters),
    }
    if swap:
        return render_cached(TEMPLATE + "#swap", {**context, "oob": True}, zone=user.zone)
    context["repair_line"] = repair_line(user)
    context["filter_fields_html"] = (
        _filter_fields_html(user, commitments, filters) if commitments else ""
    )
    return render_cached(TEMPLATE + "#body", context, zone=user.zone)

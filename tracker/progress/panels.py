"""A commitment's progress panel (streaks, strength, heatmap) for the commitment page.

It lives here, not in the progress views, so the commitment page uses it without one
view module importing another.
"""

from datetime import date
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.urls import reverse

from tracker.cache import get_or_build
from tracker.commitments.schedule import UNRECORDED, State
from tracker.progress import charts, figures, heatmap, queries
from tracker.progress.figures import CommitmentFigures, Tally

# (Tally field, label, CSS class); Tally's fields are named after the states they count.
COUNT_LABELS = (
    (State.KEPT, "Kept on time", "state-kept"),
    (State.LATE, "Kept, a bit late", "state-late"),
    (State.MISSED, "Missed", "state-missed"),
    (UNRECORDED, "Not recorded", "state-unrecorded"),
    (State.RESCHEDULED, "Rescheduled", "state-rescheduled"),
    (State.SKIPPED, "Skipped (planned)", "state-skipped"),
)


def counts(tally: Tally) -> list[dict]:
    return [
        {"label": label, "count": getattr(tally, attr), "css": css}
        for attr, label, css in COUNT_LABELS
    ]


def routine_card(figure: CommitmentFigures, *, today: date, chart_id: str) -> dict:
    commitment = figure.commitment
    streak = figure.streak
    return {
        "commitment": commitment,
        "heading_id": f"{chart_id}-name",
        "url": reverse("tracker:commitment-detail", args=[commitment.pk]),
        "current_streak": streak.current,
        "best_streak": streak.best,
        "current_text": streak.current_words,
        "best_text": streak.best_words,
        "strength_percent": figure.strength_percent,
        "chart": charts.strength_line(figure.strength, title=commitment.title, chart_id=chart_id),
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
        # Percentages only when most of what came due was recorded; otherwise the counts.
        "show_rates": bool(tally.recorded) and not tally.mostly_unrecorded,
        "recorded_text": figures.recorded_sentence(tally),
        "counts": counts(tally),
        # A one-off promise has one day: a calendar of months would be all empty squares.
        "heatmap": heatmap.heatmap(
            figure.occurrences, today=today, week_start=week_start, chart_id=f"{prefix}-heatmap"
        )
        if figure.streak is not None
        else None,
        "routine": None,
    }
    if figure.streak is not None:
        context["routine"] = routine_card(figure, today=today, chart_id=f"{prefix}-strength")
    return {"progress": context}


def commitment_progress_html(commitment, *, user, pauses: list, today: date) -> str:
    """`tracker/progress/commitment.html` for one commitment's page, as HTML,
    from the cache when nothing it shows has changed.

    A routine with a year of history takes tens of milliseconds to compute and draw; the
    key holds the user's data version (tracker.cache), local date, zone and week start,
    so a check-in, an edit, a pause or midnight all give fresh figures. A cache miss
    reads the check-ins as light rows (one query).
    """

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

    return get_or_build(
        "commitment-progress",
        user.pk,
        commitment.pk,
        today.isoformat(),
        user.time_zone,
        user.week_start,
        build=build,
    )

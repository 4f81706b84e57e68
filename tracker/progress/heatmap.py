"""The calendar heatmap: one square per day, as inline SVG built by `charts.Chart`.

Split from `tracker.progress.charts` for size; the same rules hold: the server computes
every square, CSS classes colour them (light, dark, greyscale), and the table beside the
chart comes from the same numbers.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from tracker.commitments.schedule import (
    UNRECORDED,
    Occurrence,
    State,
    daterange,
    week_start_of,
)
from tracker.progress.charts import Chart, Label, Rect, long_day, num
from tracker.progress.figures import Tally


def tallies_by_day(occurrences: Iterable[Occurrence]) -> dict[date, Tally]:
    grouped: dict[date, list[Occurrence]] = defaultdict(list)
    for occurrence in occurrences:
        grouped[occurrence.day].append(occurrence)
    return {day: Tally.of(occs) for day, occs in grouped.items()}


HEAT_LEVELS = (
    ("heat-none", "Nothing due"),
    ("heat-unrecorded", "Not recorded"),
    ("heat-0", "None kept"),
    ("heat-1", "Some kept"),
    ("heat-2", "Most kept"),
    ("heat-3", "All kept on time"),
)


def heat_level(tally: Tally | None) -> str:
    """Share kept of what was recorded that day (late counts half), as one of five steps.

    A day with nothing recorded is "not recorded", never "none kept": only a recorded
    miss paints a day as missed. A day is "all kept" only when everything due on it was
    recorded as kept on time.
    """
    if tally is None or not tally.due:
        return "heat-none"
    if not tally.recorded:
        return "heat-unrecorded"
    share = (tally.kept + tally.late / 2) / tally.recorded
    if share == 0:
        return "heat-0"
    if share < 0.5:
        return "heat-1"
    if share < 1 or tally.unrecorded:
        return "heat-2"
    return "heat-3"


def day_title(day: date, tally: Tally | None) -> str:
    if tally is None or not (tally.due or tally.skipped or tally.rescheduled):
        return f"{long_day(day)}: nothing due"
    parts = [f"{tally.due} due", f"{tally.kept} on time"]
    for attr, name in (
        (State.LATE, "late"),
        (State.MISSED, "missed"),
        (UNRECORDED, "not recorded"),
        (State.SKIPPED, "skipped"),
        (State.RESCHEDULED, "rescheduled"),
    ):
        if getattr(tally, attr):
            parts.append(f"{getattr(tally, attr)} {name}")
    return f"{long_day(day)}: " + ", ".join(parts)


def heatmap_start(occurrences, today: date, days: int = 365) -> date:
    """The heatmap's first day: a year back, or the first of the month the history
    starts in if that is later, so a new user sees no empty months before they began."""
    earliest = min((o.day for o in occurrences), default=today)
    return max(today - timedelta(days=days - 1), earliest.replace(day=1))


def heatmap(
    occurrences, *, today: date, week_start: int, days: int = 365, chart_id: str = "heatmap"
) -> Chart:
    """A calendar from `heatmap_start` to today: one column per week, one row per weekday."""
    occurrences = list(occurrences)
    by_day = tallies_by_day(occurrences)
    first_day = heatmap_start(occurrences, today, days)
    whole_year = first_day == today - timedelta(days=days - 1)
    period = "these 12 months" if whole_year else f"the time since {first_day:%B %Y} began"
    first_week = week_start_of(first_day, week_start)
    cell, gap = 11, 2
    step = cell + gap
    # Room on the right for the last month's name, which starts at its first column.
    left, top, right = 30, 18, 24
    columns = (today - first_week).days // 7 + 1
    chart = Chart(
        id=chart_id,
        title="Calendar of the last 12 months"
        if whole_year
        else f"Calendar since {first_day:%B %Y}",
        desc="",
        width=left + columns * step + right,
        height=top + 7 * step,
        kind="heatmap",
    )
    for row in (0, 2, 4):
        weekday = (week_start + row) % 7
        name = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[weekday]
        chart.labels.append(
            Label(num(left - 4), num(top + row * step + cell - 1), name, "end", "chart-axis")
        )
    months: dict[tuple[int, int], Tally] = {}
    month_days: dict[tuple[int, int], int] = {}
    for day in daterange(first_day, today):
        tally = by_day.get(day)
        column = (day - first_week).days // 7
        row = (day - first_week).days % 7
        x, y = left + column * step, top + row * step
        # Name each month above its first day (and the first month if there is room).
        if day.day == 1 or (day == first_day and day.day <= 14):
            chart.labels.append(Label(num(x), num(top - 6), f"{day:%b}", "start", "chart-axis"))
        chart.rects.append(
            Rect(num(x), num(y), str(cell), str(cell), heat_level(tally), day_title(day, tally))
        )
        key = (day.year, day.month)
        if tally is not None:
            months[key] = months.get(key, Tally()) + tally
            month_days[key] = month_days.get(key, 0) + (heat_level(tally) == "heat-3")
        else:
            months.setdefault(key, Tally())
    chart.legend = [(css, text, "") for css, text in HEAT_LEVELS]
    chart.table_head = [
        "Month",
        "Due",
        "On time",
        "Late",
        "Missed",
        "Not recorded",
        "Days all kept on time",
    ]
    for (year, month), tally in sorted(months.items()):
        chart.table_rows.append(
            [
                date(year, month, 1).strftime("%B %Y"),
                str(tally.due),
                str(tally.kept),
                str(tally.late),
                str(tally.missed),
                str(tally.unrecorded),
                str(month_days.get((year, month), 0)),
            ]
        )
    total = sum(months.values(), Tally())
    chart.desc = (
        "Each square is a day; darker squares mean more was kept, dashed squares mean "
        f"nothing was recorded. In {period} {total.due} were due: {total.kept} kept on "
        f"time, {total.late} late, {total.missed} missed and {total.unrecorded} not "
        "recorded. The table below gives each month."
        if total.due
        else f"Each square is a day. Nothing was due in {period} yet."
    )
    return chart

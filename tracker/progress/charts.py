"""Geometry for the progress charts, rendered by templates as inline SVG.

No JavaScript chart library: the server computes every rectangle and point here, and the
templates only print them. Each chart carries its own title, description and the rows of
its equivalent data table, built from the same numbers as the shapes, so the two always
agree. Colours come from CSS classes (the stylesheet's Progress section), so dark mode and
greyscale work without inline styles, which the CSP forbids.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from tracker.commitments.schedule import UNRECORDED, Occurrence, State, week_start_of
from tracker.progress.figures import Tally, percent

# Tally fields are named after the states they count.
SEGMENTS = (
    (State.KEPT, "On time", "bar-ontime"),
    (State.LATE, "Late", "bar-late"),
    (State.MISSED, "Missed", "bar-missed"),
    (UNRECORDED, "Not recorded", "bar-unrecorded"),
)


def short_day(day: date) -> str:
    return f"{day.day} {day:%b}"


def long_day(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def num(value: float) -> str:
    """Coordinates to one decimal place: short markup, no visible loss."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@dataclass(frozen=True)
class Rect:
    x: str
    y: str
    width: str
    height: str
    css: str
    title: str = ""
    pattern: str = ""  # an overlay pattern id, for greyscale and colour-blind readers


@dataclass(frozen=True)
class Label:
    x: str
    y: str
    text: str
    anchor: str = "middle"
    css: str = "chart-label"


@dataclass
class Chart:
    id: str
    title: str
    desc: str
    width: int
    height: int
    # "heatmap" is drawn at its own size (a short history must not get huge squares);
    # the others stretch to the page's width. A CSS class: chart-svg-<kind>.
    kind: str = "stretch"
    rects: list[Rect] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    lines: list[tuple[str, str, str, str, str]] = field(default_factory=list)  # x1 y1 x2 y2 css
    points: str = ""  # a polyline
    dots: list[tuple[str, str, str]] = field(default_factory=list)  # cx cy title
    legend: list[tuple[str, str, str]] = field(default_factory=list)  # css, text, pattern id
    table_head: list[str] = field(default_factory=list)
    table_rows: list[list[str]] = field(default_factory=list)

    @property
    def title_id(self) -> str:
        return f"{self.id}-title"

    @property
    def desc_id(self) -> str:
        return f"{self.id}-desc"

    @property
    def shapes(self) -> SafeString:
        """The chart's shapes as SVG markup.

        Joined here rather than looped over in the template: a year's heatmap is 365
        squares, and the template engine would take several times as long. Every value is
        a number or one of our class names, except titles and label text, escaped here.
        """
        parts = [
            f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" class="{css}"/>'
            for x1, y1, x2, y2, css in self.lines
        ]
        for r in self.rects:
            box = f'x="{r.x}" y="{r.y}" width="{r.width}" height="{r.height}"'
            parts.append(f'<rect {box} class="{r.css}"><title>{escape(r.title)}</title></rect>')
            if r.pattern:
                parts.append(f'<rect {box} fill="url(#{r.pattern})" class="chart-pattern"/>')
        if self.points:
            parts.append(f'<polyline points="{self.points}" class="chart-line" fill="none"/>')
        parts += [
            f'<circle cx="{cx}" cy="{cy}" r="4" class="chart-dot"><title>{escape(title)}</title></circle>'
            for cx, cy, title in self.dots
        ]
        parts += [
            f'<text x="{label.x}" y="{label.y}" text-anchor="{label.anchor}" class="{label.css}">'
            f"{escape(label.text)}</text>"
            for label in self.labels
        ]
        return mark_safe("\n".join(parts))  # built from escaped parts above


# --- Weekly stacked bars ------------------------------------------------------------------


def tallies_by_week(
    occurrences: Iterable[Occurrence], week_start: int, first_week: date, weeks: int
) -> list[tuple[date, Tally]]:
    """A tally for each of `weeks` weeks from `first_week` (a week's first day)."""
    grouped: dict[date, list[Occurrence]] = defaultdict(list)
    for occurrence in occurrences:
        grouped[week_start_of(occurrence.day, week_start)].append(occurrence)
    return [
        (
            first_week + timedelta(weeks=n),
            Tally.of(grouped.get(first_week + timedelta(weeks=n), [])),
        )
        for n in range(weeks)
    ]


def weekly_bars(
    occurrences, *, today: date, week_start: int, weeks: int = 12, chart_id: str = "weekly"
) -> Chart:
    """Stacked bars per week, bottom to top: on time, late, missed, not recorded.

    The last `weeks` weeks, or fewer when the history is younger: no empty bars for
    the weeks before the first occurrence.
    """
    occurrences = list(occurrences)
    this_week = week_start_of(today, week_start)
    first = this_week - timedelta(weeks=weeks - 1)
    earliest = min((o.day for o in occurrences), default=today)
    first = max(first, week_start_of(earliest, week_start))
    weeks = (this_week - first).days // 7 + 1
    data = tallies_by_week(occurrences, week_start, first, weeks)
    width, height = 640, 240
    left, right, top, bottom = 34, 8, 22, 34
    plot_h = height - top - bottom
    slot = (width - left - right) / weeks
    bar_w = min(slot * 0.62, 40)
    peak = max((t.due for _, t in data), default=0)
    scale_max = max(peak, 4)
    chart = Chart(
        id=chart_id,
        title=f"Follow-through per week, last {weeks} weeks"
        if weeks > 1
        else "Follow-through this week",
        desc=_weekly_desc(data),
        width=width,
        height=height,
    )
    for fraction in (0, 0.5, 1):
        value = round(scale_max * fraction)
        y = top + plot_h - plot_h * value / scale_max
        chart.lines.append((num(left), num(y), num(width - right), num(y), "chart-grid"))
        chart.labels.append(Label(num(left - 6), num(y + 4), str(value), "end", "chart-axis"))
    for index, (week, tally) in enumerate(data):
        x = left + slot * index + (slot - bar_w) / 2
        y = top + plot_h
        for attr, name, css in SEGMENTS:
            count = getattr(tally, attr)
            if not count:
                continue
            h = plot_h * count / scale_max
            y -= h
            chart.rects.append(
                Rect(
                    num(x),
                    num(y),
                    num(bar_w),
                    num(h),
                    css,
                    f"Week of {short_day(week)}: {count} {name.lower()}",
                    pattern=_pattern_for(chart_id, css),
                )
            )
        centre = num(x + bar_w / 2)
        chart.labels.append(Label(centre, num(y - 5), str(tally.due), css="chart-value"))
        if index % 2 == 0 or weeks <= 6:
            chart.labels.append(Label(centre, num(height - bottom + 16), short_day(week)))
        chart.table_rows.append(
            [
                f"Week of {short_day(week)}",
                str(tally.kept),
                str(tally.late),
                str(tally.missed),
                str(tally.unrecorded),
                str(tally.due),
            ]
        )
    chart.legend = [(css, name, _pattern_for(chart_id, css)) for _, name, css in SEGMENTS]
    chart.table_head = ["Week", "On time", "Late", "Missed", "Not recorded", "Due"]
    return chart


def _pattern_for(chart_id: str, css: str) -> str:
    # Late is hatched and missed cross-hatched, so the segments differ without colour.
    return {"bar-late": f"{chart_id}-hatch", "bar-missed": f"{chart_id}-cross"}.get(css, "")


def _weekly_desc(data: list[tuple[date, Tally]]) -> str:
    total = Tally(
        kept=sum(t.kept for _, t in data),
        late=sum(t.late for _, t in data),
        missed=sum(t.missed for _, t in data),
        unrecorded=sum(t.unrecorded for _, t in data),
    )
    if not total.due:
        return "Nothing was due in these weeks yet."
    return (
        f"Across these weeks {total.due} were due: {total.kept} kept on time, "
        f"{total.late} late, {total.missed} missed and {total.unrecorded} not recorded. "
        "The table below gives each week."
    )


# --- Strength line ------------------------------------------------------------------------


def strength_line(
    series: list[tuple[date, float]],
    *,
    title: str,
    weeks: int = 12,
    chart_id: str = "strength",
) -> Chart | None:
    """The strength score sampled weekly up to today (the latest day scored), or None."""
    if not series:
        return None
    by_day = dict(series)
    last_day = series[-1][0]
    samples = []
    for n in range(weeks, -1, -1):
        day = last_day - timedelta(weeks=n)
        if day in by_day:
            samples.append((day, by_day[day]))
    width, height = 640, 180
    left, right, top, bottom = 40, 44, 12, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    chart = Chart(
        id=chart_id,
        title=f"Strength of “{title}” over the last {weeks} weeks",
        desc="",
        width=width,
        height=height,
    )
    for value in (0, 50, 100):
        y = top + plot_h - plot_h * value / 100
        chart.lines.append((num(left), num(y), num(width - right), num(y), "chart-grid"))
        chart.labels.append(Label(num(left - 6), num(y + 4), f"{value}%", "end", "chart-axis"))
    span_days = max((samples[-1][0] - samples[0][0]).days, 1)
    coords = []
    for index, (day, score) in enumerate(samples):
        x = left + plot_w * (day - samples[0][0]).days / span_days
        if len(samples) == 1:
            x = left + plot_w
        y = top + plot_h - plot_h * score
        coords.append(f"{num(x)},{num(y)}")
        shown = percent(score)
        chart.dots.append((num(x), num(y), f"{short_day(day)}: {shown}%"))
        if index % 3 == 0 or index == len(samples) - 1:
            chart.labels.append(Label(num(x), num(height - 8), short_day(day)))
        chart.table_rows.append([long_day(day), f"{shown}%"])
    chart.points = " ".join(coords)
    final_x, final_y = coords[-1].split(",")
    chart.labels.append(
        Label(
            num(float(final_x) + 6),
            num(float(final_y) + 4),
            f"{percent(samples[-1][1])}%",
            "start",
            "chart-value",
        )
    )
    chart.table_head = ["Day", "Strength"]
    first, latest = percent(samples[0][1]), percent(samples[-1][1])
    chart.desc = (
        f"Strength went from {first}% on {long_day(samples[0][0])} "
        f"to {latest}% on {long_day(samples[-1][0])}. The table below gives each week."
    )
    return chart

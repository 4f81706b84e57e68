"""Chart geometry: shapes and tables come from the same numbers."""

from datetime import date, timedelta

from tracker.commitments.schedule import Occurrence
from tracker.progress import charts as progress_charts
from tracker.progress import heatmap as progress_heatmap
from tracker.progress.figures import Tally

TODAY = date(2026, 6, 17)  # a Wednesday


def test_heat_levels_step_with_the_share_kept():
    assert progress_heatmap.heat_level(None) == "heat-none"
    assert progress_heatmap.heat_level(Tally(skipped=1)) == "heat-none"
    assert progress_heatmap.heat_level(Tally(missed=2)) == "heat-0"
    assert progress_heatmap.heat_level(Tally(late=1, missed=1)) == "heat-1"  # 0.25
    assert progress_heatmap.heat_level(Tally(kept=1, late=1)) == "heat-2"  # 0.75
    assert progress_heatmap.heat_level(Tally(kept=2)) == "heat-3"


def test_a_day_nobody_recorded_is_not_recorded_never_none_kept():
    assert progress_heatmap.heat_level(Tally(unrecorded=2)) == "heat-unrecorded"
    # The share is of what was recorded; a day with a gap is never "all kept".
    assert progress_heatmap.heat_level(Tally(kept=1, unrecorded=1)) == "heat-2"
    assert progress_heatmap.heat_level(Tally(missed=1, unrecorded=1)) == "heat-0"
    title = progress_heatmap.day_title(TODAY, Tally(unrecorded=1))
    assert title == "Wednesday 17 June 2026: 1 due, 0 on time, 1 not recorded"
    heat = progress_heatmap.heatmap(
        [Occurrence(1, TODAY - timedelta(days=1), "unrecorded")], today=TODAY, week_start=0
    )
    cell = next(r for r in heat.rects if "16 June" in r.title)
    assert cell.css == "heat-unrecorded"
    assert ("heat-unrecorded", "Not recorded", "") in heat.legend
    assert heat.table_rows[-1][5] == "1"  # the month's "Not recorded" column
    assert "1 not recorded" in heat.desc


def test_the_heatmap_hides_the_empty_months_before_the_history_starts():
    start = date(2026, 4, 20)
    heat = progress_heatmap.heatmap([Occurrence(1, start, "kept")], today=TODAY, week_start=0)
    assert heat.title == "Calendar since April 2026"
    assert "1 April 2026" in heat.rects[0].title
    assert len(heat.rects) == (TODAY - date(2026, 4, 1)).days + 1
    assert [row[0] for row in heat.table_rows] == ["April 2026", "May 2026", "June 2026"]
    # A year or more of history keeps the whole year.
    old = progress_heatmap.heatmap(
        [Occurrence(1, date(2024, 1, 1), "kept")], today=TODAY, week_start=0
    )
    assert old.title == "Calendar of the last 12 months"
    assert len(old.rects) == 365


def test_the_heatmaps_last_month_label_fits_inside_the_chart():
    heat = progress_heatmap.heatmap(
        [Occurrence(1, date(2025, 1, 1), "kept")], today=date(2026, 12, 1), week_start=0
    )
    december = next(label for label in heat.labels if label.text == "Dec")
    # The label starts at its column; three letters at 11px need about 20px.
    assert float(december.x) + 20 <= heat.width


def test_weekly_bars_show_only_the_weeks_since_the_history_began():
    start = TODAY - timedelta(days=15)
    occurrences = [Occurrence(1, start, "kept"), Occurrence(1, TODAY, "unrecorded")]
    chart = progress_charts.weekly_bars(occurrences, today=TODAY, week_start=0)
    assert chart.title == "Follow-through per week, last 3 weeks"
    assert [row[0] for row in chart.table_rows] == [
        "Week of 1 Jun",
        "Week of 8 Jun",
        "Week of 15 Jun",
    ]
    assert chart.table_rows[-1][4] == "1"  # not recorded, its own column
    assert chart.rects[-1].css == "bar-unrecorded"


def test_weekly_bars_stack_in_order_and_never_pass_the_top():
    occurrences = [Occurrence(1, TODAY, "kept")] * 3 + [Occurrence(1, TODAY, "late")] * 2
    chart = progress_charts.weekly_bars(occurrences, today=TODAY, week_start=0)
    kept, late = chart.rects
    assert kept.css == "bar-ontime" and late.css == "bar-late"
    assert float(late.y) + float(late.height) == float(kept.y)
    assert float(late.y) >= 22  # the plot's top margin
    assert late.pattern == "weekly-hatch"
    assert chart.table_rows == [["Week of 15 Jun", "3", "2", "0", "0", "5"]]


def test_an_empty_history_still_draws_an_honest_chart():
    chart = progress_charts.weekly_bars([], today=TODAY, week_start=6)
    assert chart.rects == []
    assert chart.desc == "Nothing was due in these weeks yet."
    heat = progress_heatmap.heatmap([], today=TODAY, week_start=0)
    assert len(heat.rects) == TODAY.day  # just this month: nothing before it to show
    assert "Nothing was due" in heat.desc
    assert progress_charts.strength_line([], title="Walk") is None


def test_the_heatmap_starts_each_column_on_the_users_week_start():
    heat = progress_heatmap.heatmap([], today=TODAY, week_start=6, days=7)
    # Sunday 14 June is row 0 for a week that starts on Sunday.
    sunday = next(r for r in heat.rects if "14 June" in r.title)
    assert sunday.y == "18"
    assert heat.labels[0].text == "Sun"


def test_strength_samples_are_weekly_back_from_the_latest_day():
    series = [(TODAY - timedelta(days=d), 0.5) for d in range(100, -1, -1)]
    chart = progress_charts.strength_line(series, title="Walk")
    assert len(chart.dots) == 13
    assert chart.table_rows[-1] == ["Wednesday 17 June 2026", "50%"]
    assert chart.dots[-1][2] == "17 Jun: 50%"
    assert chart.points.count(",") == 13

"""Chart geometry: shapes and tables come from the same numbers."""

from datetime import date, timedelta

from tracker.commitments.schedule import Occurrence
from tracker.progress import charts as progress_charts
from tracker.progress.figures import Tally

TODAY = date(2026, 6, 17)  # a Wednesday


def test_heat_levels_step_with_the_share_kept():
    assert progress_charts.heat_level(None) == "heat-none"
    assert progress_charts.heat_level(Tally(skipped=1)) == "heat-none"
    assert progress_charts.heat_level(Tally(missed=2)) == "heat-0"
    assert progress_charts.heat_level(Tally(late=1, missed=1)) == "heat-1"  # 0.25
    assert progress_charts.heat_level(Tally(kept=1, late=1)) == "heat-2"  # 0.75
    assert progress_charts.heat_level(Tally(kept=2)) == "heat-3"


def test_weekly_bars_stack_in_order_and_never_pass_the_top():
    occurrences = [Occurrence(1, TODAY, "kept")] * 3 + [Occurrence(1, TODAY, "late")] * 2
    chart = progress_charts.weekly_bars(occurrences, today=TODAY, week_start=0)
    kept, late = chart.rects
    assert kept.css == "bar-ontime" and late.css == "bar-late"
    assert float(late.y) + float(late.height) == float(kept.y)
    assert float(late.y) >= 22  # the plot's top margin
    assert late.pattern == "weekly-hatch"
    assert chart.table_rows[-1] == ["Week of 15 Jun", "3", "2", "0", "0", "5"]
    assert [row[-1] for row in chart.table_rows[:-1]] == ["0"] * 11


def test_an_empty_history_still_draws_an_honest_chart():
    chart = progress_charts.weekly_bars([], today=TODAY, week_start=6)
    assert chart.rects == []
    assert chart.desc == "Nothing was due in these weeks yet."
    heat = progress_charts.heatmap([], today=TODAY, week_start=0)
    assert len(heat.rects) == 365
    assert "Nothing was due" in heat.desc
    assert progress_charts.strength_line([], title="Walk") is None


def test_the_heatmap_starts_each_column_on_the_users_week_start():
    heat = progress_charts.heatmap([], today=TODAY, week_start=6, days=7)
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

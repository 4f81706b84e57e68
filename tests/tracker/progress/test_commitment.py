"""A commitment's own progress: `commitment_progress` and its include template."""

import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string

from tracker.models import CheckIn, Commitment, CommitmentPause
from tracker.progress.panels import commitment_progress

TODAY = date(2026, 6, 15)
INCLUDE = "tracker/progress/commitment.html"


@pytest.fixture
def walk(owner):
    return Commitment.objects.create(
        owner=owner,
        kind="routine",
        title="Evening walk",
        schedule_type="daily",
        start_date=TODAY - timedelta(days=40),
    )


def context_for(commitment, **extra):
    return commitment_progress(
        commitment,
        pauses=list(commitment.pauses.all()),
        checkins=list(commitment.checkins.all()),
        today=TODAY,
        zone=ZoneInfo("Europe/London"),
        week_start=0,
        **extra,
    )


def test_a_routine_gets_streaks_strength_and_a_heatmap(walk):
    CheckIn.objects.bulk_create(
        CheckIn(commitment=walk, occurrence_date=TODAY - timedelta(days=d), state="kept")
        for d in range(1, 41)
    )
    CommitmentPause.objects.create(
        commitment=walk, starts_on=TODAY - timedelta(days=30), ends_on=TODAY - timedelta(days=28)
    )
    progress = context_for(walk)["progress"]
    assert progress["due"] == 38  # 40 past days less two paused
    assert progress["on_time_percent"] == 100
    routine = progress["routine"]
    assert routine["current_streak"] == 38
    assert routine["best_streak"] == 38
    assert routine["current_text"] == "38 kept in a row"
    assert routine["strength_percent"] == round((1 - 0.5 ** (38 / 13)) * 100)
    assert progress["heatmap"].id == f"c{walk.pk}-heatmap"


def test_the_include_renders_well_formed_charts_and_words(walk):
    CheckIn.objects.create(commitment=walk, occurrence_date=TODAY - timedelta(days=1), state="late")
    html = render_to_string(INCLUDE, context_for(walk))
    assert "Current streak" in html and "Best streak" in html
    assert "1 kept in a row" in html
    assert "1 time" not in html
    found = re.findall(
        r'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg.*?</svg>', html, re.S
    )
    assert len(found) == 2  # strength line and heatmap
    for svg in found:
        root = ET.fromstring(svg)
        assert root.find("{http://www.w3.org/2000/svg}title").text
    assert html.count("Show as a table") == 2


def test_a_promise_gets_its_rate_but_no_streak(owner):
    due = datetime(2026, 6, 10, 17, tzinfo=UTC)
    call = Commitment.objects.create(owner=owner, kind="promise", title="Call back", due_at=due)
    CheckIn.objects.create(commitment=call, occurrence_date=due.date(), due_at=due, state="kept")
    progress = context_for(call)["progress"]
    assert progress["routine"] is None
    assert progress["on_time_percent"] == 100
    html = render_to_string(INCLUDE, context_for(call))
    assert "Current streak" not in html
    assert "100%</strong> kept on time" in html
    # One day is not a calendar: no 12-month heatmap for a one-off promise.
    assert progress["heatmap"] is None
    assert "<svg" not in html and "Calendar" not in html


def test_the_panel_counts_unrecorded_days_and_never_calls_them_missed(walk):
    CheckIn.objects.bulk_create(
        CheckIn(commitment=walk, occurrence_date=TODAY - timedelta(days=d), state="kept")
        for d in (1, 2)
    )
    progress = context_for(walk)["progress"]
    counts = {item["label"]: item["count"] for item in progress["counts"]}
    assert counts["Not recorded"] == 38 and counts["Missed"] == 0
    assert not progress["show_rates"]
    html = render_to_string(INCLUDE, context_for(walk))
    assert "Kept 2 of 2 recorded · 38 not recorded." in html
    assert "5%" not in html and "kept on time and" not in html
    heat = progress["heatmap"]
    assert sum(r.css == "heat-unrecorded" for r in heat.rects) == 38
    assert not any(r.css == "heat-0" for r in heat.rects)


def test_a_mostly_recorded_routine_shows_rates_of_what_was_recorded(walk):
    CheckIn.objects.bulk_create(
        CheckIn(commitment=walk, occurrence_date=TODAY - timedelta(days=d), state="kept")
        for d in range(1, 40)
    )
    html = render_to_string(INCLUDE, context_for(walk))
    assert "100%</strong> kept on time" in html
    assert "kept 39 of 39 recorded · 1 not recorded." in html


def test_nothing_due_yet_says_what_will_appear(owner):
    new = Commitment.objects.create(
        owner=owner, kind="routine", title="Tea", schedule_type="daily", start_date=TODAY
    )
    html = render_to_string(INCLUDE, context_for(new))
    assert "Nothing has come due yet" in html
    assert "your streak" in html
    assert "<svg" not in html


def test_other_commitments_check_ins_are_ignored(walk, owner):
    other = Commitment.objects.create(
        owner=owner,
        kind="routine",
        title="Other",
        schedule_type="daily",
        start_date=TODAY - timedelta(days=5),
    )
    stray = CheckIn(commitment=other, occurrence_date=TODAY - timedelta(days=1), state="kept")
    progress = commitment_progress(
        walk, pauses=[], checkins=[stray], today=TODAY, zone=ZoneInfo("UTC")
    )["progress"]
    assert progress["counts"][0]["count"] == 0  # kept on time


def test_building_the_context_runs_no_queries(walk, django_assert_num_queries):
    pauses, checkins = list(walk.pauses.all()), list(walk.checkins.all())
    with django_assert_num_queries(0):
        commitment_progress(walk, pauses=pauses, checkins=checkins, today=TODAY)

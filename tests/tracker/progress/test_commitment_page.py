"""The commitment page's progress panel and Manage buttons, seen through the page itself."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from tests.tracker.factories import make_checkin, make_promise, make_routine
from tracker.models import Commitment

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def fixed_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_backdated_routine_shows_counts_of_what_was_recorded_not_a_tiny_rate(owner_client, owner):
    # The case seen in use: a routine backdated 60 days, a couple of days recorded.
    walk = make_routine(owner, start_date=TODAY - timedelta(days=60))
    make_checkin(walk, TODAY - timedelta(days=1))
    make_checkin(walk, TODAY - timedelta(days=2), "late")
    html = owner_client.get(walk.get_absolute_url()).content.decode()
    assert "Kept 2 of 2 recorded · 58 not recorded." in html
    assert "out of 60 due" not in html and "2% kept" not in html
    assert "2 kept in a row" in html
    # Days as squares (the legend's swatches have no <title>): none painted "none kept".
    assert html.count('class="heat-unrecorded"><title>') == 58
    assert 'class="heat-0"><title>' not in html


def test_a_promise_has_no_heatmap_and_no_pause_button(owner_client, owner):
    call = make_promise(owner, due_at=NOW - timedelta(days=1))
    make_checkin(call, TODAY - timedelta(days=1), due_at=call.due_at)
    html = owner_client.get(call.get_absolute_url()).content.decode()
    assert "Calendar of" not in html and "heat-" not in html
    assert f"/track/{call.pk}/pause/" not in html
    assert f"/track/{call.pk}/archive/" in html


def test_a_routine_keeps_its_pause_button(owner_client, owner):
    walk = make_routine(owner, start_date=TODAY - timedelta(days=3))
    html = owner_client.get(walk.get_absolute_url()).content.decode()
    assert f"/track/{walk.pk}/pause/" in html


def test_pausing_a_promise_by_hand_changes_nothing_and_says_why(owner_client, owner):
    call = make_promise(owner, due_at=NOW + timedelta(days=2))
    response = owner_client.post(f"/track/{call.pk}/pause/", follow=True)
    call.refresh_from_db()
    assert call.status == Commitment.Status.ACTIVE
    assert not call.pauses.exists()
    assert "can’t be paused: reschedule or archive it" in response.content.decode()


def test_pausing_another_users_promise_is_not_found(other_client, owner):
    call = make_promise(owner, due_at=NOW + timedelta(days=2))
    assert other_client.post(f"/track/{call.pk}/pause/").status_code == 404


def test_the_recent_weeks_calendar_can_be_scrolled_from_the_keyboard(owner_client, owner):
    walk = make_routine(owner, start_date=TODAY - timedelta(days=20))
    html = owner_client.get(walk.get_absolute_url()).content.decode()
    assert (
        '<div class="table-scroll" tabindex="0" role="group" aria-labelledby="calendar-heading">'
        in html
    )
    assert 'class="chart-frame" tabindex="0"' in html

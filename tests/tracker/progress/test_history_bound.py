"""However old a routine is, a page computes at most `bounds.HISTORY_DAYS` of its history."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from tests.tracker.factories import make_routine
from tracker.commitments import bounds
from tracker.progress.figures import commitment_figures

TODAY = date(2026, 3, 11)


@pytest.fixture(autouse=True)
def fixed_clock():
    with time_machine.travel(datetime(2026, 3, 11, 9, tzinfo=UTC), tick=False):
        yield


@pytest.mark.parametrize("schedule_type", ["daily", "per_week"])
def test_a_routine_from_1900_costs_no_more_than_ten_years(owner, schedule_type):
    routine = make_routine(
        owner, start_date=bounds.EARLIEST, schedule_type=schedule_type, times_per_week=3
    )
    figures = commitment_figures(routine, [], [], today=TODAY, zone=UTC, week_start=0)
    assert figures.occurrences
    assert len(figures.occurrences) <= bounds.HISTORY_DAYS + 1
    assert figures.occurrences[0].day >= TODAY - timedelta(days=bounds.HISTORY_DAYS + 7)
    assert len(figures.strength) <= bounds.HISTORY_DAYS + 1


def test_its_pages_answer(owner_client, owner):
    routine = make_routine(owner, start_date=bounds.EARLIEST)
    assert owner_client.get("/progress/").status_code == 200
    assert owner_client.get(routine.get_absolute_url()).status_code == 200

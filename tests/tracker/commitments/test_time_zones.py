"""Today and check-ins follow the user's local calendar, across midnight and DST changes."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.tracker.factories import make_promise, make_routine
from tracker.commitments import schedule
from tracker.models import CheckIn

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


def today_rows(client) -> list:
    response = client.get("/today/")
    assert response.status_code == 200
    return list(response.context["due_rows"])


@pytest.fixture
def new_yorker(make_user, client):
    user = make_user("ny@example.com", time_zone="America/New_York")
    client.force_login(user)
    return user


def test_a_check_in_at_half_past_eleven_at_night_belongs_to_that_local_day(client, new_yorker):
    routine = make_routine(new_yorker, start_date=date(2026, 3, 1))
    # 23:30 in New York on 5 March is already 6 March in UTC.
    with time_machine.travel(datetime(2026, 3, 5, 23, 30, tzinfo=NEW_YORK), tick=False):
        rows = today_rows(client)
        assert [row.occurrence.day for row in rows] == [date(2026, 3, 5)]
        response = client.post(
            f"/track/{routine.pk}/check-in/", {"occurrence_date": "2026-03-05", "state": "kept"}
        )
    assert response.status_code == 302
    assert CheckIn.objects.get().occurrence_date == date(2026, 3, 5)


def test_the_next_local_day_is_still_the_future_at_half_past_eleven(client, new_yorker):
    routine = make_routine(new_yorker, start_date=date(2026, 3, 1))
    with time_machine.travel(datetime(2026, 3, 5, 23, 30, tzinfo=NEW_YORK), tick=False):
        response = client.post(
            f"/track/{routine.pk}/check-in/", {"occurrence_date": "2026-03-06", "state": "kept"}
        )
    assert response.status_code == 400
    assert "hasn&#x27;t come yet" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_a_promise_due_late_at_night_is_listed_on_its_local_day(client, new_yorker):
    make_promise(new_yorker, due_at=datetime(2026, 3, 5, 23, 30, tzinfo=NEW_YORK))
    with time_machine.travel(datetime(2026, 3, 5, 8, 0, tzinfo=NEW_YORK), tick=False):
        rows = today_rows(client)
    assert [row.occurrence.day for row in rows] == [date(2026, 3, 5)]
    assert rows[0].when == "Today at 23:30"


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (date(2026, 3, 27), date(2026, 3, 31)),  # clocks go forward on 29 March
        (date(2026, 10, 23), date(2026, 10, 27)),  # clocks go back on 25 October
    ],
)
def test_a_daily_routine_has_one_occurrence_per_local_day_across_dst(owner, first, last):
    routine = make_routine(owner, start_date=date(2026, 1, 1))
    days = schedule.routine_due_dates(routine, first, last)
    assert days == [first + timedelta(days=n) for n in range(5)]


@pytest.mark.parametrize(
    "moments",
    [
        # Spring forward: just after local midnight, and late in the short day.
        [datetime(2026, 3, 29, 0, 30, tzinfo=UTC), datetime(2026, 3, 29, 22, 30, tzinfo=UTC)],
        # Fall back: 01:30 happens twice (BST, then GMT); both are the same local day.
        [datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime(2026, 10, 25, 1, 30, tzinfo=UTC)],
    ],
)
def test_today_shows_the_daily_routine_once_however_the_clocks_change(client, make_user, moments):
    user = make_user("london@example.com", time_zone="Europe/London")
    client.force_login(user)
    routine = make_routine(user, start_date=date(2026, 1, 1))
    expected_day = moments[0].astimezone(LONDON).date()
    for moment in moments:
        with time_machine.travel(moment, tick=False):
            rows = today_rows(client)
            assert [row.occurrence.day for row in rows] == [expected_day]
            client.post(
                f"/track/{routine.pk}/check-in/",
                {"occurrence_date": expected_day.isoformat(), "state": "kept"},
            )
    # Recording at both moments (the same local day) leaves one check-in.
    assert CheckIn.objects.filter(commitment=routine).count() == 1


def test_the_day_after_the_clocks_go_forward_starts_at_local_midnight(client, make_user):
    user = make_user("london@example.com", time_zone="Europe/London")
    client.force_login(user)
    make_routine(user, start_date=date(2026, 1, 1))
    # 23:30 UTC on 29 March is 00:30 BST on 30 March.
    with time_machine.travel(datetime(2026, 3, 29, 23, 30, tzinfo=UTC), tick=False):
        rows = today_rows(client)
    assert [row.occurrence.day for row in rows] == [date(2026, 3, 30)]


def test_a_promise_time_that_repeats_in_autumn_keeps_its_local_day(owner):
    owner.time_zone = "Europe/London"
    promise = make_promise(owner, due_at=datetime(2026, 10, 25, 1, 30, tzinfo=LONDON))
    assert promise.local_due_date(owner.zone) == date(2026, 10, 25)

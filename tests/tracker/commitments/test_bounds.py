"""Dates have one stated range (1900-01-01 to 2200-12-31): every way in refuses a date
outside it with a clear message and writes nothing, and no stored row breaks a page."""

import importlib
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.test import Client
from django.urls import reverse

from tests.tracker.factories import make_promise, make_routine
from tracker.commitments import bounds
from tracker.models import CheckIn, Commitment, DataSettings

NOW = datetime(2026, 3, 11, 9, 0, tzinfo=UTC)
TODAY = NOW.date()
EDGES = ["9999-12-31", "0001-01-01", "1899-12-31", "2201-01-01"]


@pytest.fixture(autouse=True)
def fixed_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def client(owner):
    # Any uncaught error shows as a 500, as a visitor would see it.
    client = Client(raise_request_exception=False)
    client.force_login(owner)
    return client


@pytest.fixture
def routine(owner):
    return make_routine(owner, start_date=TODAY - timedelta(days=10))


def counts() -> tuple[int, int]:
    return Commitment.objects.count(), CheckIn.objects.count()


@pytest.mark.parametrize("week_start", [0, 6])
@pytest.mark.parametrize("day", EDGES)
def test_a_check_in_page_for_a_date_out_of_range_says_so(client, owner, routine, day, week_start):
    owner.week_start = week_start
    owner.save()
    response = client.get(f"/track/{routine.pk}/check-in/?date={day}", follow=True)
    assert response.status_code == 200
    assert "a date this commitment was due" in response.content.decode()


@pytest.mark.parametrize("action", ["check-in", "undo", "reschedule"])
@pytest.mark.parametrize("day", EDGES)
def test_posting_a_date_out_of_range_writes_nothing(client, routine, action, day):
    before = counts()
    response = client.post(
        f"/track/{routine.pk}/{action}/",
        {"occurrence_date": day, "state": "kept", "new_date": day},
    )
    assert response.status_code in (302, 400)
    assert counts() == before


def test_rescheduling_to_a_date_out_of_range_shows_the_range(client, routine):
    response = client.post(
        f"/track/{routine.pk}/reschedule/",
        {"occurrence_date": TODAY.isoformat(), "new_date": "9999-12-31"},
    )
    assert response.status_code == 400
    assert bounds.RANGE_MESSAGE in response.content.decode()
    assert CheckIn.objects.count() == 0


@pytest.mark.parametrize("zone", ["Etc/GMT+12", "Pacific/Kiritimati", "UTC"])
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_promise_out_of_range_is_refused_in_any_zone(client, owner, zone, day):
    owner.time_zone = zone
    owner.save()
    response = client.post(
        "/track/new/",
        {
            "kind": "promise",
            "title": "Far off",
            "due_date": day,
            "due_time": "23:59",
            "tolerance_minutes": "0",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert bounds.RANGE_MESSAGE in page
    assert 'value="Far off"' in page  # what the user typed is still there
    assert Commitment.objects.count() == 0


def test_a_new_routine_may_start_at_most_five_years_back(client):
    data = {
        "kind": "routine",
        "title": "Walk",
        "schedule_type": "daily",
        "start_date": "0001-01-01",
    }
    response = client.post("/track/new/", data)
    assert response.status_code == 400
    assert bounds.RANGE_MESSAGE in response.content.decode()
    response = client.post("/track/new/", {**data, "start_date": "2020-01-01"})
    assert response.status_code == 400
    assert "within the last 5 years" in response.content.decode()
    assert Commitment.objects.count() == 0
    response = client.post("/track/new/", {**data, "start_date": "2021-03-11"})
    assert response.status_code == 302


def pages(owner, commitment) -> list[str]:
    token = DataSettings.objects.for_user(owner).feed_token
    return [
        "/today/",
        "/progress/",
        commitment.get_absolute_url(),
        f"/track/{commitment.pk}/check-in/",
        reverse("tracker:calendar-feed", args=[token]),
    ]


def test_a_promise_at_the_last_moment_survives_any_change_of_zone(client, owner):
    owner.time_zone = "Etc/GMT+12"
    owner.save()
    latest = datetime.combine(bounds.LATEST, time(23, 59), ZoneInfo("Etc/GMT+12"))
    promise = make_promise(owner, due_at=latest)
    promise.full_clean()
    for zone in ["Pacific/Kiritimati", "Etc/GMT+12", "UTC"]:
        owner.time_zone = zone
        owner.save()
        for url in pages(owner, promise):
            assert client.get(url).status_code == 200, (zone, url)


def test_rows_stored_before_dates_had_bounds_are_brought_into_range(client, owner):
    """A promise saved for 9999-12-31 (possible before this range existed), then a move
    to Pacific/Kiritimati: the migration brings the date into range, so no page breaks."""
    promise = make_promise(owner, due_at=datetime(2026, 4, 1, 12, tzinfo=UTC))
    routine = make_routine(owner, start_date=TODAY)
    Commitment.objects.filter(pk=promise.pk).update(due_at=datetime(9999, 12, 31, 12, tzinfo=UTC))
    Commitment.objects.filter(pk=routine.pk).update(start_date=date(1, 1, 1))
    CheckIn.objects.create(commitment=routine, occurrence_date=date(9999, 12, 31), state="kept")
    migration = importlib.import_module("tracker.migrations.0007_bounds_limits_cache_table")
    migration.bring_dates_into_range(apps, None)

    promise.refresh_from_db()
    routine.refresh_from_db()
    assert promise.due_at.date() <= date(2201, 1, 1)
    assert routine.start_date == bounds.EARLIEST
    assert CheckIn.objects.count() == 0
    owner.time_zone = "Pacific/Kiritimati"
    owner.save()
    for commitment in (promise, routine):
        for url in pages(owner, commitment):
            if commitment.is_routine and url.endswith("check-in/"):
                url += f"?date={TODAY}"
            assert client.get(url).status_code == 200, url


def test_an_import_cannot_store_a_date_out_of_range(client, owner):
    from tracker.data.imports import ImportProblem, import_document

    document = {
        "format": "steady-export",
        "version": 1,
        "data": {"commitments": [{"id": 1, "kind": "routine", "start_date": "9999-12-31"}]},
    }
    with pytest.raises(ImportProblem):
        import_document(user=owner, document=document)
    assert Commitment.objects.count() == 0

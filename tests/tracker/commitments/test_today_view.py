from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.tracker.factories import at, make_checkin, make_promise, make_routine
from tracker.commitments import services
from tracker.models import CheckIn, Commitment

NOW = datetime(2026, 3, 11, 9, 0, tzinfo=ZoneInfo("UTC"))  # a Wednesday
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def fixed_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def titles(rows) -> list[str]:
    return [row.commitment.title for row in rows]


def test_a_new_user_sees_a_kind_start_linking_to_the_guide(owner_client):
    html = owner_client.get("/today/").content.decode()
    assert "Start with one small promise" in html
    assert 'href="/guide/"' in html
    assert 'href="/track/new/"' in html


def test_promises_come_in_time_order_before_routines(owner_client, owner):
    make_routine(owner, start_date=TODAY, title="Routine")
    make_promise(owner, due_at=at(TODAY, 17), title="Evening promise")
    make_promise(owner, due_at=at(TODAY, 10), title="Morning promise")
    response = owner_client.get("/today/")
    assert titles(response.context["due_rows"]) == ["Morning promise", "Evening promise", "Routine"]


def strip_days(strip) -> list[tuple[date, str]]:
    return [(d.day, d.status) for d in strip.days]


def test_a_routines_unrecorded_days_are_one_strip_with_its_recorded_ones(owner_client, owner):
    routine = make_routine(owner, start_date=TODAY - timedelta(days=3), title="Daily")
    make_checkin(routine, TODAY - timedelta(days=1))
    response = owner_client.get("/today/")
    (strip,) = response.context["strips"]
    assert strip.commitment == routine and strip.waiting == 2
    assert strip_days(strip) == [
        (TODAY - timedelta(days=3), "unrecorded"),
        (TODAY - timedelta(days=2), "unrecorded"),
        (TODAY - timedelta(days=1), "kept"),  # newest on the right
    ]
    html = response.content.decode()
    assert "2 not recorded" in html
    assert html.count('class="day day-unrecorded"') == 2
    assert "Mark all as kept" in html and "Not sure, leave them" in html


def test_old_promises_are_one_line_each_newest_first(owner_client, owner):
    make_promise(owner, due_at=at(TODAY - timedelta(days=40), 10), title="Old promise")
    make_promise(owner, due_at=at(TODAY - timedelta(days=2), 10), title="Newer promise")
    response = owner_client.get("/today/")
    rows = response.context["promise_rows"]
    assert titles(rows) == ["Newer promise", "Old promise"]
    assert {row.status_label for row in rows} == {"Not recorded"}
    assert response.context["strips"] == []


def test_many_old_promises_are_counted(owner_client, owner):
    for n in range(5):
        make_promise(owner, due_at=at(TODAY - timedelta(days=n + 1), 10), title=f"P{n}")
    assert "Promises not recorded yet (5)" in owner_client.get("/today/").content.decode()


def test_a_strip_shows_a_week_and_two_when_an_older_day_waits(owner_client, owner):
    routine = make_routine(owner, start_date=TODAY - timedelta(days=100))
    for back in range(1, 15):
        make_checkin(routine, TODAY - timedelta(days=back))
    assert owner_client.get("/today/").context["strips"] == []  # nothing waiting
    CheckIn.objects.filter(occurrence_date=TODAY - timedelta(days=3)).delete()
    (strip,) = owner_client.get("/today/").context["strips"]
    assert len(strip.days) == 7 and strip.waiting == 1
    CheckIn.objects.filter(occurrence_date=TODAY - timedelta(days=12)).delete()
    (strip,) = owner_client.get("/today/").context["strips"]
    assert len(strip.days) == 14 and strip.waiting == 2


def test_routines_look_back_two_weeks_only(owner_client, owner):
    make_routine(owner, start_date=TODAY - timedelta(days=100))
    (strip,) = owner_client.get("/today/").context["strips"]
    assert strip.waiting == 14
    assert strip.days[0].day == TODAY - timedelta(days=14)


def test_a_strip_shows_only_the_days_the_routine_was_due(owner_client, owner):
    make_routine(
        owner,
        start_date=TODAY - timedelta(days=30),
        schedule_type="weekdays",
        weekdays=1 << TODAY.weekday(),
    )
    (strip,) = owner_client.get("/today/").context["strips"]
    assert [d.day for d in strip.days] == [TODAY - timedelta(days=14), TODAY - timedelta(days=7)]


def test_a_recorded_old_promise_is_gone(owner_client, owner):
    promise = make_promise(owner, due_at=at(TODAY - timedelta(days=2), 10))
    make_checkin(promise, TODAY - timedelta(days=2), due_at=promise.due_at)
    response = owner_client.get("/today/")
    assert response.context["promise_rows"] == []


def test_paused_days_are_not_listed_as_unrecorded(owner_client, owner):
    routine = make_routine(owner, start_date=TODAY - timedelta(days=5))
    services.set_status(
        commitment=routine, status=Commitment.Status.PAUSED, today=TODAY - timedelta(days=5)
    )
    services.set_status(
        commitment=routine, status=Commitment.Status.ACTIVE, today=TODAY - timedelta(days=1)
    )
    (strip,) = owner_client.get("/today/").context["strips"]
    assert strip_days(strip) == [(TODAY - timedelta(days=1), "unrecorded")]


def test_a_paused_commitment_is_not_on_today(owner_client, owner):
    routine = make_routine(owner, start_date=TODAY - timedelta(days=5))
    services.set_status(
        commitment=routine, status=Commitment.Status.PAUSED, today=TODAY - timedelta(days=5)
    )
    response = owner_client.get("/today/")
    assert response.context["due_rows"] == [] and response.context["strips"] == []


def test_the_next_seven_days_are_listed(owner_client, owner):
    make_routine(
        owner, start_date=TODAY, schedule_type="weekdays", weekdays=1 << 0, title="Mondays"
    )
    make_promise(owner, due_at=at(TODAY + timedelta(days=2), 12), title="Friday lunch")
    make_promise(owner, due_at=at(TODAY + timedelta(days=8), 12), title="Too far")
    today = owner_client.get("/today/").content.decode()
    assert "Show what's coming up" in today and "Friday lunch" not in today  # on request
    upcoming = owner_client.get("/today/week/").context["upcoming"]
    listed = [(label, titles(rows)) for label, rows in upcoming]
    assert listed == [("Friday 13 March", ["Friday lunch"]), ("Monday 16 March", ["Mondays"])]


def test_the_next_seven_days_open_in_place_with_htmx(owner_client, owner):
    make_promise(owner, due_at=at(TODAY + timedelta(days=2), 12), title="Friday lunch")
    response = owner_client.get("/today/week/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and "HX-Request" in response["Vary"]
    assert html.startswith('<details class="upcoming-more" id="upcoming" open>')
    assert "Friday lunch" in html and "<html" not in html
    # Without JavaScript the same address is a page of its own.
    page = owner_client.get("/today/week/").content.decode()
    assert "<h1>Next 7 days</h1>" in page and "Friday lunch" in page and "← Today" in page


def test_the_next_seven_days_are_yours_only_and_need_sign_in(owner_client, owner, client):
    make_promise(owner, due_at=at(TODAY + timedelta(days=2), 12), title="Friday lunch")
    assert "Friday lunch" in owner_client.get("/today/week/").content.decode()
    client.logout()
    response = client.get("/today/week/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_empty_week_says_so_and_today_offers_no_link(owner_client, owner):
    assert "Show what's coming up" not in owner_client.get("/today/").content.decode()
    page = owner_client.get("/today/week/").content.decode()
    assert "Nothing scheduled for the coming week." in page


def test_other_users_never_appear_in_the_week(owner_client, other_user):
    make_promise(other_user, due_at=at(TODAY + timedelta(days=2), 12), title="Not yours")
    assert "Not yours" not in owner_client.get("/today/week/").content.decode()


def test_other_users_commitments_never_appear(owner_client, other_user):
    make_routine(other_user, start_date=TODAY, title="Not yours")
    assert "Not yours" not in owner_client.get("/today/").content.decode()


def test_the_page_varies_on_htmx(owner_client):
    assert "HX-Request" in owner_client.get("/today/")["Vary"]


def make_many(owner, count: int) -> None:
    """A mix of kinds with a month of history each, so the window has real data."""
    for n in range(count):
        kind = n % 4
        if kind == 0:
            c = make_promise(owner, due_at=at(TODAY + timedelta(days=n % 5 - 2), 12), title=f"P{n}")
        elif kind == 1:
            c = make_routine(owner, start_date=TODAY - timedelta(days=30), title=f"D{n}")
        elif kind == 2:
            c = make_routine(
                owner,
                start_date=TODAY - timedelta(days=30),
                schedule_type="per_week",
                times_per_week=3,
                title=f"W{n}",
            )
        else:
            c = make_routine(
                owner,
                start_date=TODAY - timedelta(days=30),
                schedule_type="weekdays",
                weekdays=0b0010101,
                title=f"K{n}",
            )
            services.set_status(
                commitment=c, status=Commitment.Status.PAUSED, today=TODAY - timedelta(days=20)
            )
            services.set_status(
                commitment=c, status=Commitment.Status.ACTIVE, today=TODAY - timedelta(days=10)
            )
        if c.is_routine:
            for back in range(1, 30, 2):
                make_checkin(c, TODAY - timedelta(days=back), "kept" if back % 3 else "missed")


# User (the session comes from the session cache), commitments (with person and
# practice), their pauses, their check-ins.
TODAY_QUERIES = 4


@pytest.mark.parametrize("count", [1, 50])
def test_today_makes_a_fixed_number_of_queries(
    owner_client, owner, django_assert_num_queries, count
):
    make_many(owner, count)
    with django_assert_num_queries(TODAY_QUERIES):
        response = owner_client.get("/today/")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 50])
def test_the_htmx_row_swap_makes_a_fixed_number_of_queries(
    owner_client, owner, django_assert_num_queries, count
):
    make_many(owner, count)
    routine = make_routine(owner, start_date=TODAY - timedelta(days=3), title="Target")
    with django_assert_num_queries(ROW_SWAP_QUERIES):
        response = owner_client.post(
            f"/track/{routine.pk}/check-in/",
            {"occurrence_date": TODAY.isoformat(), "state": "kept"},
            headers={"HX-Request": "true"},
        )
    assert response.status_code == 200


# User (the session comes from the session cache), commitment, the check-ins of the row
# and of the run its feedback tells ("5 in a row"), its pauses, then the insert: here in a
# savepoint, as the test runs inside a transaction (alone, outside one). The row is drawn
# from what was read and written. Was 12 before issue 16's check-in work.
ROW_SWAP_QUERIES = 7


@pytest.mark.parametrize("days", [20, 365])
def test_changing_a_check_in_makes_a_fixed_number_of_queries(
    owner_client, owner, django_assert_num_queries, days
):
    """The benchmark's tap: today's check-in changed, with a short or a year's history."""
    routine = make_routine(owner, start_date=TODAY - timedelta(days=days), title="Target")
    for back in range(days + 1):
        state = "missed" if back == 15 else ("late" if back % 9 == 0 else "kept")
        make_checkin(routine, TODAY - timedelta(days=back), state)
    with django_assert_num_queries(CHANGE_QUERIES):
        response = owner_client.post(
            f"/track/{routine.pk}/check-in/",
            {"occurrence_date": TODAY.isoformat(), "state": "kept"},
            headers={"HX-Request": "true"},
        )
    assert response.status_code == 200
    assert "· 15 in a row" in response.content.decode()
    assert CheckIn.objects.get(commitment=routine, occurrence_date=TODAY).state == "kept"


# User, commitment, check-ins (row and run), pauses, one UPDATE of the row read.
CHANGE_QUERIES = 5


def test_a_routine_day_rescheduled_to_today_is_listed_today(owner_client, owner):
    yesterday = TODAY - timedelta(days=1)
    weekly = make_routine(
        owner,
        start_date=TODAY - timedelta(days=30),
        schedule_type="weekdays",
        weekdays=1 << yesterday.weekday(),
        title="Weekly call",
    )
    services.reschedule_routine_day(commitment=weekly, occurrence_date=yesterday, new_date=TODAY)
    response = owner_client.get("/today/")
    rows = response.context["due_rows"]
    assert [(row.commitment.title, row.when) for row in rows] == [
        ("Weekly call", "Today (moved to this day)")
    ]
    assert rows[0].meta == "moved to this day"
    # Yesterday's occurrence is recorded as rescheduled, so it is not waiting for the user
    # (only the week before's is).
    (strip,) = response.context["strips"]
    assert strip_days(strip) == [
        (TODAY - timedelta(days=8), "unrecorded"),
        (yesterday, "rescheduled"),
    ]
    assert strip.waiting == 1


# The benchmark's user (bench/seed.py: 20 commitments, a year of check-ins) on this
# module's fixed day. Issue 16 asks for at most 15 KB; this pins what Today weighs now
# (21,510 bytes, from 36,479 before its markup was made lean and the week ahead moved to
# /today/week/) so it cannot quietly grow.
TODAY_HTML_LIMIT = 22 * 1024


def test_today_for_the_benchmark_seed_stays_small(db, client):
    from bench.seed import seed

    client.force_login(seed()["user"])
    response = client.get("/today/")
    html = response.content.decode()
    assert html.count("data-checkin>") >= 10  # rows and strips to tap, as in the benchmark
    assert len(response.content) <= TODAY_HTML_LIMIT, len(response.content)

"""Today's strip of earlier days: tap a day, "Mark all as kept", "Not sure, leave them"."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.tracker.factories import at, make_checkin, make_promise, make_routine
from tracker.models import CheckIn

NOW = datetime(2026, 3, 11, 9, 0, tzinfo=ZoneInfo("UTC"))  # a Wednesday
TODAY = NOW.date()
HX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def fixed_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def routine(owner):
    routine = make_routine(owner, start_date=TODAY - timedelta(days=5), title="Daily thanks")
    make_checkin(routine, TODAY - timedelta(days=1), "kept")
    return routine


def day(back: int) -> str:
    return (TODAY - timedelta(days=back)).isoformat()


def tap(client, routine, back: int, **headers):
    return client.post(
        f"/track/{routine.pk}/check-in/",
        {
            "occurrence_date": day(back),
            "due_at": "",
            "state": "kept",
            "view": "strip",
            "next": f"/today/#strip-{routine.pk}",
        },
        headers=headers,
    )


def test_tapping_a_day_records_it_kept_and_htmx_gets_the_strip_back(owner_client, routine):
    response = tap(owner_client, routine, 2, **HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li class="occurrence strip" id="strip-{routine.pk}"')
    assert CheckIn.objects.get(occurrence_date=TODAY - timedelta(days=2)).state == "kept"
    assert "Monday 9 March: Kept · 2 in a row" in html
    assert "Undo" in html and "data-autofocus" in html
    assert html.count('class="day day-unrecorded"') == 3  # days 5, 4 and 3 still wait


def test_without_javascript_a_tapped_day_comes_back_to_the_strip_with_undo(owner_client, routine):
    response = tap(owner_client, routine, 2)
    key = f"occ-{routine.pk}-{day(2)}"
    assert response["Location"] == f"/today/?recorded={key}#strip-{routine.pk}"
    html = owner_client.get(response["Location"]).content.decode()
    strip = html[html.index(f'id="strip-{routine.pk}"') :]
    strip = strip[: strip.index("</form>\n</li>")]
    assert "Monday 9 March: Kept · 2 in a row" in strip
    assert "Undo" in strip


def test_the_last_waiting_day_keeps_its_strip_in_view_after_the_tap(owner_client, owner):
    routine = make_routine(owner, start_date=TODAY - timedelta(days=1), title="New")
    html = tap(owner_client, routine, 1, **HX).content.decode()
    assert "Yesterday: Kept" in html and "Mark all as kept" not in html
    assert "Undo" in html


def test_undo_on_the_strip_puts_the_day_back(owner_client, routine):
    tap(owner_client, routine, 2)
    response = owner_client.post(
        f"/track/{routine.pk}/undo/",
        {"occurrence_date": day(2), "view": "strip", "next": "/today/"},
        headers=HX,
    )
    assert not CheckIn.objects.filter(occurrence_date=TODAY - timedelta(days=2)).exists()
    assert response.content.decode().count('class="day day-unrecorded"') == 4


def test_mark_all_as_kept_records_every_waiting_day_shown(owner_client, routine):
    response = owner_client.post(
        f"/track/{routine.pk}/check-in-days/",
        {"first_day": day(5), "next": f"/today/#strip-{routine.pk}"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/today/#strip-{routine.pk}"
    states = dict(CheckIn.objects.values_list("occurrence_date", "state"))
    assert states == {TODAY - timedelta(days=back): "kept" for back in range(1, 6)}
    assert not CheckIn.objects.filter(occurrence_date=TODAY).exists()  # today is its own row


def test_mark_all_only_marks_the_days_the_strip_showed(owner_client, routine):
    owner_client.post(f"/track/{routine.pk}/check-in-days/", {"first_day": day(3)})
    assert set(CheckIn.objects.values_list("occurrence_date", flat=True)) == {
        TODAY - timedelta(days=back) for back in (1, 2, 3)
    }


def test_mark_all_with_htmx_says_how_many(owner_client, routine):
    html = owner_client.post(
        f"/track/{routine.pk}/check-in-days/", {"first_day": day(5)}, headers=HX
    ).content.decode()
    assert "Kept on 4 days · 5 in a row" in html


def test_mark_all_with_a_garbled_date_does_not_fail(owner_client, routine):
    response = owner_client.post(f"/track/{routine.pk}/check-in-days/", {"first_day": "2026-02-31"})
    assert response.status_code == 302


def test_not_sure_leaves_them_unrecorded_and_today_stops_asking(owner_client, routine):
    response = owner_client.post(
        f"/track/{routine.pk}/leave/", {"next": f"/today/#strip-{routine.pk}"}
    )
    assert response.status_code == 302
    assert not CheckIn.objects.exclude(occurrence_date=TODAY - timedelta(days=1)).exists()
    page = owner_client.get(response["Location"])
    assert page.context["strips"] == []
    assert "never count as missed" in page.content.decode()


def test_a_day_missed_after_leaving_is_asked_about_again(owner_client, routine):
    owner_client.post(f"/track/{routine.pk}/leave/")
    with time_machine.travel(NOW + timedelta(days=2), tick=False):
        (strip,) = owner_client.get("/today/").context["strips"]
    assert strip.waiting == 2  # the two new days, not the ones left
    assert [d.status for d in strip.days].count("left") == 4


def test_a_junk_session_value_is_ignored(owner_client, routine):
    session = owner_client.session
    session["today_left_unrecorded"] = {"x": "never", str(routine.pk): None}
    session.save()
    assert len(owner_client.get("/today/").context["strips"]) == 1


@pytest.mark.parametrize("url", ["check-in-days", "leave"])
def test_another_users_routine_is_not_found(other_client, routine, url):
    assert other_client.post(f"/track/{routine.pk}/{url}/").status_code == 404
    assert CheckIn.objects.count() == 1


@pytest.mark.parametrize("url", ["check-in-days", "leave"])
def test_signed_out_is_sent_to_sign_in(client, routine, url):
    response = client.post(f"/track/{routine.pk}/{url}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("url", ["check-in-days", "leave"])
def test_a_promise_has_no_strip(owner_client, owner, url):
    promise = make_promise(owner, due_at=at(TODAY - timedelta(days=1), 10))
    assert owner_client.post(f"/track/{promise.pk}/{url}/").status_code == 404


@pytest.mark.parametrize("url", ["check-in-days", "leave"])
def test_get_is_not_allowed(owner_client, routine, url):
    assert owner_client.get(f"/track/{routine.pk}/{url}/").status_code == 405


def make_routines(owner, count: int) -> None:
    for n in range(count):
        routine = make_routine(owner, start_date=TODAY - timedelta(days=60), title=f"R{n}")
        for back in range(1, 60, 2):
            make_checkin(routine, TODAY - timedelta(days=back))


# Today's four (the session comes from the session cache), and the feedback's one: the
# history of the routine just recorded.
TODAY_WITH_FEEDBACK_QUERIES = 5


@pytest.mark.parametrize("count", [1, 30])
def test_today_with_feedback_makes_a_fixed_number_of_queries(
    owner_client, owner, routine, django_assert_num_queries, count
):
    make_routines(owner, count)
    key = f"occ-{routine.pk}-{day(1)}"
    with django_assert_num_queries(TODAY_WITH_FEEDBACK_QUERIES):
        response = owner_client.get(f"/today/?recorded={key}")
    assert "Yesterday: Kept" in response.content.decode()


def test_a_recorded_key_that_is_not_on_the_page_is_ignored(owner_client, routine):
    response = owner_client.get("/today/?recorded=occ-999-nonsense")
    assert response.status_code == 200

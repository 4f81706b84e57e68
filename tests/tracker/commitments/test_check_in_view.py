from datetime import timedelta

import pytest

from tests.tracker.factories import (
    at,
    make_checkin,
    make_practice,
    make_promise,
    make_routine,
)
from tracker.models import CheckIn, Commitment

HX = {"HX-Request": "true"}


@pytest.fixture
def today(owner):
    return owner.local_today()


@pytest.fixture
def routine(owner, today):
    return make_routine(owner, start_date=today - timedelta(days=20))


def post(client, commitment, day, **data):
    return client.post(
        f"/track/{commitment.pk}/check-in/", {"occurrence_date": day.isoformat(), **data}
    )


def test_one_tap_records_and_redirects_back_to_the_row_without_javascript(
    owner_client, routine, today
):
    key = f"occ-{routine.pk}-{today.isoformat()}"
    response = post(owner_client, routine, today, state="kept", next=f"/today/#{key}")
    assert response.status_code == 302
    assert response["Location"] == f"/today/?recorded={key}#{key}"
    assert CheckIn.objects.get().state == "kept"


def test_back_on_today_the_row_says_what_was_recorded_with_undo(owner_client, routine, today):
    for back in range(1, 4):
        make_checkin(routine, today - timedelta(days=back), "kept")
    key = f"occ-{routine.pk}-{today.isoformat()}"
    location = post(owner_client, routine, today, state="kept", next=f"/today/#{key}")["Location"]
    html = owner_client.get(location).content.decode()
    row = html[html.index(f'id="{key}"') :]
    row = row[: row.index("</li>")]
    assert "Kept" in row and "· 4 in a row" in row
    assert "Undo" in row


def test_a_commitment_page_next_gets_no_feedback_parameter(owner_client, routine, today):
    response = post(owner_client, routine, today, state="kept", next=f"/track/{routine.pk}/")
    assert response["Location"] == f"/track/{routine.pk}/"


def test_a_next_url_on_another_site_is_ignored(owner_client, routine, today):
    response = post(owner_client, routine, today, state="kept", next="https://evil.example/")
    assert response["Location"] == f"/track/{routine.pk}/"


def test_a_double_post_leaves_one_row_and_no_error(owner_client, routine, today):
    first = post(owner_client, routine, today, state="kept", next="/today/")
    second = post(owner_client, routine, today, state="kept", next="/today/")
    assert first.status_code == second.status_code == 302
    assert CheckIn.objects.count() == 1


def test_htmx_gets_the_updated_row_saying_what_was_recorded(owner_client, routine, today):
    make_checkin(routine, today - timedelta(days=1), "late")
    response = owner_client.post(
        f"/track/{routine.pk}/check-in/",
        {"occurrence_date": today.isoformat(), "state": "kept", "next": "/today/"},
        headers=HX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li class="occurrence occurrence-kept" id="occ-{routine.pk}-')
    assert f'data-row="occ-{routine.pk}-{today.isoformat()}"' in html
    assert "data-autofocus" in html  # focus moves to what was said, so it is read out
    assert 'Kept</span> <span class="occ-fact">· 2 in a row' in html
    assert "Undo" in html
    # The row says it in place: no message at the top to push the row down the screen.
    assert 'id="messages"' not in html
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_a_times_per_week_row_says_how_the_week_is_going(owner_client, owner, today):
    routine = make_routine(
        owner, start_date=today - timedelta(days=30), schedule_type="per_week", times_per_week=1
    )
    response = owner_client.post(
        f"/track/{routine.pk}/check-in/",
        {"occurrence_date": today.isoformat(), "state": "kept"},
        headers=HX,
    )
    assert "· 1 of 1 this week" in response.content.decode()


def test_a_first_kept_day_starts_a_run(owner_client, routine, today):
    response = owner_client.post(
        f"/track/{routine.pk}/check-in/",
        {"occurrence_date": today.isoformat(), "state": "kept"},
        headers=HX,
    )
    assert "a new run starts here" in response.content.decode()


def test_htmx_double_post_answers_twice_with_one_row(owner_client, routine, today):
    data = {"occurrence_date": today.isoformat(), "state": "late"}
    for _ in range(2):
        assert (
            owner_client.post(f"/track/{routine.pk}/check-in/", data, headers=HX).status_code == 200
        )
    assert CheckIn.objects.count() == 1


def test_a_note_can_be_added_after_recording(owner_client, routine, today):
    post(owner_client, routine, today, state="kept")
    post(owner_client, routine, today, state="kept", note="She smiled.")
    assert CheckIn.objects.get().note == "She smiled."


def test_the_future_cannot_be_recorded(owner_client, routine, today):
    response = post(owner_client, routine, today + timedelta(days=1), state="kept")
    assert response.status_code == 400
    assert not CheckIn.objects.exists()


def test_a_past_day_can_be_backfilled(owner_client, routine, today):
    response = post(owner_client, routine, today - timedelta(days=9), state="missed")
    assert response.status_code == 302
    assert CheckIn.objects.get().occurrence_date == today - timedelta(days=9)


def test_a_day_that_was_not_due_cannot_be_recorded(owner_client, owner, today):
    weekly = make_routine(
        owner,
        start_date=today - timedelta(days=30),
        schedule_type="weekdays",
        weekdays=1 << today.weekday(),
    )
    response = post(owner_client, weekly, today - timedelta(days=1), state="kept")
    assert response.status_code == 302  # back to the commitment, with a message
    assert not CheckIn.objects.exists()


def test_an_unknown_state_is_refused(owner_client, routine, today):
    response = owner_client.post(
        f"/track/{routine.pk}/check-in/?date={today.isoformat()}",
        {"occurrence_date": today.isoformat(), "state": "perfect"},
    )
    assert response.status_code == 400
    assert "Choose what happened." in response.content.decode()
    assert not CheckIn.objects.exists()


def test_a_garbled_date_is_refused_without_a_server_error(owner_client, routine):
    response = owner_client.post(
        f"/track/{routine.pk}/check-in/", {"occurrence_date": "2026-02-30", "state": "kept"}
    )
    assert response.status_code == 400
    assert not CheckIn.objects.exists()


def test_undo_removes_the_check_in_and_htmx_gets_the_open_row(owner_client, routine, today):
    make_checkin(routine, today, "kept")
    response = owner_client.post(
        f"/track/{routine.pk}/undo/", {"occurrence_date": today.isoformat()}, headers=HX
    )
    assert response.status_code == 200
    assert not CheckIn.objects.exists()
    assert "occurrence-due" in response.content.decode()


def test_undo_without_javascript_redirects_back(owner_client, routine, today):
    make_checkin(routine, today, "kept")
    response = owner_client.post(
        f"/track/{routine.pk}/undo/", {"occurrence_date": today.isoformat(), "next": "/today/"}
    )
    assert response["Location"] == "/today/"
    assert not CheckIn.objects.exists()


def test_a_promise_is_recorded_at_its_due_time(owner_client, owner, today):
    promise = make_promise(owner, due_at=at(today, 8))
    response = owner_client.post(
        f"/track/{promise.pk}/check-in/",
        {
            "occurrence_date": today.isoformat(),
            "due_at": promise.due_at.isoformat(),
            "state": "kept",
        },
    )
    assert response.status_code == 302
    assert CheckIn.objects.get().due_at == promise.due_at


def test_a_stale_promise_time_is_refused(owner_client, owner, today):
    promise = make_promise(owner, due_at=at(today, 8))
    response = owner_client.post(
        f"/track/{promise.pk}/check-in/",
        {
            "occurrence_date": today.isoformat(),
            "due_at": at(today, 7).isoformat(),
            "state": "kept",
        },
    )
    assert response.status_code == 400
    assert "already rescheduled" in response.content.decode()


def test_the_check_in_page_offers_every_state_and_rescheduling(owner_client, routine, today):
    response = owner_client.get(f"/track/{routine.pk}/check-in/?date={today.isoformat()}")
    html = response.content.decode()
    assert response.status_code == 200
    for label in ("Kept on time", "Kept, a bit late", "Missed", "Skipped (planned)"):
        assert label in html
    assert "Reschedule with notice" in html


def test_rescheduling_a_promise_with_notice(owner_client, owner, today):
    promise = make_promise(owner, due_at=at(today + timedelta(days=1), 15))
    new_day = today + timedelta(days=3)
    response = owner_client.post(
        f"/track/{promise.pk}/reschedule/",
        {
            "occurrence_date": (today + timedelta(days=1)).isoformat(),
            "new_date": new_day.isoformat(),
            "new_time": "10:30",
            "note": "Asked first",
        },
    )
    assert response.status_code == 302
    promise.refresh_from_db()
    assert promise.due_at == at(new_day, 10, 30)
    assert CheckIn.objects.get().state == "rescheduled"


def test_rescheduling_a_routine_day_to_a_day_already_due_is_refused(owner_client, routine, today):
    response = owner_client.post(
        f"/track/{routine.pk}/reschedule/",
        {
            "occurrence_date": today.isoformat(),
            "new_date": (today + timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "already due that day" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_a_missed_check_in_shows_a_gentle_line_from_the_practice(owner_client, owner, today):
    practice = make_practice(summary="Own it, and offer a new time.")
    routine = make_routine(owner, start_date=today, practice=practice)
    response = owner_client.post(
        f"/track/{routine.pk}/check-in/",
        {"occurrence_date": today.isoformat(), "state": "missed"},
        headers=HX,
    )
    assert "Own it, and offer a new time." in response.content.decode()


def test_a_times_per_week_routine_counts_the_week(owner_client, owner, today):
    routine = make_routine(
        owner, start_date=today - timedelta(days=30), schedule_type="per_week", times_per_week=3
    )
    response = post(owner_client, routine, today, state="kept")
    assert response.status_code == 302
    html = owner_client.get("/today/").content.decode()
    assert "1 of 3 this week" in html
    assert Commitment.objects.get().is_per_week


def test_a_planned_skip_lowers_what_the_week_asks_on_today_as_in_the_figures(
    owner_client, owner, today
):
    """Today used to say "0 of 3" after a skip while the progress figures asked for 2."""
    routine = make_routine(
        owner, start_date=today - timedelta(days=30), schedule_type="per_week", times_per_week=3
    )
    post(owner_client, routine, today, state="skipped")
    html = owner_client.get("/today/").content.decode()
    assert "0 of 2 this week" in html
    page = owner_client.get(f"/track/{routine.pk}/").content.decode()
    assert "0 of 2 this week" in page


def test_more_answers_a_note_or_a_reschedule_come_back_to_the_row_on_today(
    owner_client, owner, today
):
    routine = make_routine(
        owner,
        start_date=today - timedelta(days=30),
        schedule_type="weekdays",
        weekdays=1 << today.weekday(),
    )
    key = f"occ-{routine.pk}-{today.isoformat()}"
    html = owner_client.get("/today/").content.decode()
    more = f"/track/{routine.pk}/check-in/?date={today.isoformat()}&amp;next=%2Ftoday%2F%23{key}"
    assert f'href="{more}">Reschedule or add a note…</a>' in html
    page = owner_client.get(more.replace("&amp;", "&")).content.decode()
    assert f'name="next" value="/today/#{key}"' in page
    response = owner_client.post(
        f"/track/{routine.pk}/reschedule/",
        {
            "occurrence_date": today.isoformat(),
            "new_date": (today + timedelta(days=1)).isoformat(),
            "next": f"/today/#{key}",
        },
    )
    assert response["Location"] == f"/today/#{key}"
    response = post(
        owner_client, routine, today, state="skipped", note="Ill", next=f"/today/#{key}"
    )
    assert response["Location"] == f"/today/?recorded={key}#{key}"


def test_each_row_is_one_form_with_kept_first_and_the_rest_behind_more(owner_client, routine):
    html = owner_client.get("/today/").content.decode()
    row = html[html.index('data-row="occ-') :]
    row = row[: row.index("</li>")]
    assert row.count("<form") == 1 and row.count("data-checkin") == 1
    assert row.index('value="kept"') < row.index("<details") < row.index('value="missed"')
    for state in ("late", "missed", "skipped"):
        assert f'name="state" value="{state}"' in row


def test_htmx_with_an_unknown_state_gets_the_row_back_unchanged(owner_client, routine, today):
    make_checkin(routine, today, "late", note="Ten minutes.")
    response = owner_client.post(
        f"/track/{routine.pk}/check-in/",
        {"occurrence_date": today.isoformat(), "state": "perfect"},
        headers=HX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="occ-{routine.pk}-{today.isoformat()}"' in html
    assert "occurrence-late" in html and "Ten minutes." in html
    assert "Choose what happened." in html  # the message, swapped in out of band
    assert CheckIn.objects.get().state == "late"


def test_the_refused_page_keeps_what_was_recorded_before(owner_client, routine, today):
    make_checkin(routine, today, "kept", note="She smiled.", shared_note="Thank you!")
    response = post(owner_client, routine, today, state="perfect")
    html = response.content.decode()
    assert response.status_code == 400
    assert "She smiled." in html  # the row, drawn from what the form read
    assert CheckIn.objects.get().state == "kept"


def test_htmx_records_a_promise_and_says_so(owner_client, owner, today):
    promise = make_promise(owner, due_at=at(today, 8))
    response = owner_client.post(
        f"/track/{promise.pk}/check-in/",
        {
            "occurrence_date": today.isoformat(),
            "due_at": promise.due_at.isoformat(),
            "state": "kept",
        },
        headers=HX,
    )
    html = response.content.decode()
    assert "occurrence-kept" in html and "as you said you would" in html
    assert CheckIn.objects.get().due_at == promise.due_at


def test_htmx_undo_of_a_promise_gets_the_open_row(owner_client, owner, today):
    promise = make_promise(owner, due_at=at(today, 8))
    make_checkin(promise, today, "kept", due_at=promise.due_at)
    response = owner_client.post(
        f"/track/{promise.pk}/undo/",
        {"occurrence_date": today.isoformat(), "due_at": promise.due_at.isoformat()},
        headers=HX,
    )
    assert response.status_code == 200
    assert "occurrence-kept" not in response.content.decode()
    assert not CheckIn.objects.exists()


def test_htmx_changing_a_day_tells_the_run_it_now_makes(owner_client, routine, today):
    for back in range(1, 6):
        make_checkin(routine, today - timedelta(days=back), "kept")
    CheckIn.objects.filter(occurrence_date=today - timedelta(days=3)).update(state="missed")
    response = owner_client.post(
        f"/track/{routine.pk}/check-in/",
        {"occurrence_date": (today - timedelta(days=3)).isoformat(), "state": "late"},
        headers=HX,
    )
    html = response.content.decode()
    assert "occurrence-late" in html and "· 5 in a row" in html
    assert CheckIn.objects.get(occurrence_date=today - timedelta(days=3)).state == "late"

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.tracker.factories import (
    at,
    make_checkin,
    make_daily_history,
    make_person,
    make_practice,
    make_promise,
    make_routine,
    make_suggestion,
)
from tracker.models import CheckIn, Commitment, CommitmentPause

NOW = datetime(2026, 3, 11, 9, 0, tzinfo=ZoneInfo("UTC"))
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def fixed_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def promise_data(**overrides) -> dict:
    return {
        "kind": "promise",
        "title": "Be at the café",
        "due_date": "2026-03-12",
        "due_time": "15:00",
        "tolerance_minutes": "5",
        "place": "Corner café",
        "note": "",
        **overrides,
    }


def routine_data(**overrides) -> dict:
    return {
        "kind": "routine",
        "title": "Tell Sam one thing I appreciate",
        "schedule_type": "weekdays",
        "weekday_choices": ["6"],
        "start_date": "2026-03-11",
        **overrides,
    }


def test_the_new_page_asks_which_kind_first(owner_client):
    html = owner_client.get("/track/new/").content.decode()
    assert 'href="?kind=promise"' in html and 'href="?kind=routine"' in html


def test_a_new_routine_starts_today_in_the_users_time_zone(owner_client, owner):
    owner.time_zone = "Pacific/Auckland"
    owner.save()
    with time_machine.travel(datetime(2026, 3, 1, 12, 0, tzinfo=ZoneInfo("UTC")), tick=False):
        html = owner_client.get("/track/new/?kind=routine").content.decode()
    # 1 March 12:00 UTC is already 2 March in Auckland; date inputs need ISO dates.
    assert 'value="2026-03-02"' in html


def test_a_promise_is_created_in_the_users_time_zone(owner_client, owner):
    owner.time_zone = "Europe/Paris"
    owner.save()
    response = owner_client.post("/track/new/", promise_data())
    promise = Commitment.objects.get()
    assert response["Location"] == f"/track/{promise.pk}/"
    assert promise.due_at == datetime(2026, 3, 12, 14, 0, tzinfo=ZoneInfo("UTC"))
    assert (promise.kind, promise.tolerance_minutes, promise.owner) == ("promise", 5, owner)


def test_a_routine_on_chosen_weekdays_is_created(owner_client):
    owner_client.post("/track/new/", routine_data(weekday_choices=["0", "6"]))
    routine = Commitment.objects.get()
    assert routine.weekday_list == [0, 6]
    assert routine.schedule_summary == "Mondays and Sundays"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (promise_data(title=""), "Give it a short title"),
        (promise_data(title="   "), "Give it a short title"),
        (promise_data(title="x" * 201), "Keep the title under 200 characters"),
        (promise_data(due_date="2026-02-30"), "Enter a real date"),
        (promise_data(due_date="soon"), "Enter a real date"),
        (promise_data(due_time="25:00"), "Enter a time"),
        (promise_data(person="999999"), "Choose one of the people you added."),
        (promise_data(practice="999999"), "Choose one of the guide&#x27;s practices."),
        (routine_data(weekday_choices=[]), "Choose at least one weekday."),
        (routine_data(schedule_type="per_week", times_per_week="0"), "between 1 and 7 times"),
        (routine_data(schedule_type="per_week", times_per_week="8"), "between 1 and 7 times"),
        (routine_data(schedule_type="per_week"), "between 1 and 7 times"),
        (routine_data(schedule_type="every_n_days", interval_days="0"), "from 1 to 365"),
        (routine_data(start_date="2026-13-01"), "Enter a real date"),
        (routine_data(schedule_type="hourly"), "Select a valid choice"),
    ],
)
def test_each_validation_error_is_shown_with_what_was_typed(owner_client, data, message):
    response = owner_client.post("/track/new/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert 'aria-invalid="true"' in html
    assert not Commitment.objects.exists()
    if data["title"].strip():
        assert f'value="{data["title"]}"' in html


def test_another_users_person_is_a_form_error(owner_client, other_user):
    theirs = make_person(other_user)
    response = owner_client.post("/track/new/", promise_data(person=str(theirs.pk)))
    assert response.status_code == 400
    assert not Commitment.objects.exists()


def test_a_draft_practice_cannot_be_linked(owner_client):
    draft = make_practice("Draft practice", published=False)
    response = owner_client.post("/track/new/", promise_data(practice=str(draft.pk)))
    assert response.status_code == 400


def test_a_suggestion_prefills_the_form_and_its_practice(owner_client):
    practice = make_practice()
    suggestion = make_suggestion(
        practice, kind="routine", title="Say thank you", schedule_type="weekdays", weekdays=64
    )
    response = owner_client.get(f"/track/new/?suggestion={suggestion.pk}")
    form = response.context["form"]
    assert response.context["kind"] == "routine"
    assert form.initial["title"] == "Say thank you"
    assert form.initial["practice"] == practice
    assert form.initial["weekday_choices"] == [6]
    assert "From the practice" in response.content.decode()


def test_a_suggestion_from_an_unpublished_practice_is_ignored(owner_client):
    suggestion = make_suggestion(make_practice(published=False))
    response = owner_client.get(f"/track/new/?suggestion={suggestion.pk}")
    assert response.context["kind"] == ""


def test_query_parameters_prefill_kind_title_practice_and_person(owner_client, owner):
    practice, sam = make_practice(), make_person(owner)
    url = f"/track/new/?kind=promise&title=Call+Sam&practice={practice.pk}&person={sam.pk}"
    form = owner_client.get(url).context["form"]
    assert form.initial == {
        "title": "Call Sam",
        "practice": practice,
        "person": sam,
        # The suggested time: tomorrow at the next full hour.
        "due_date": date(2026, 3, 12),
        "due_time": time(10, 0),
    }


def test_someone_elses_person_in_the_query_is_not_prefilled(owner_client, other_user):
    theirs = make_person(other_user)
    form = owner_client.get(f"/track/new/?kind=promise&person={theirs.pk}").context["form"]
    assert "person" not in form.initial


def test_editing_a_promise_shows_its_local_time_and_saves(owner_client, owner):
    promise = make_promise(owner, due_at=at(TODAY, 15))
    form = owner_client.get(f"/track/{promise.pk}/edit/").context["form"]
    assert form.initial["due_time"].hour == 15
    response = owner_client.post(
        f"/track/{promise.pk}/edit/", promise_data(title="Be early", due_date="2026-03-11")
    )
    assert response.status_code == 302
    promise.refresh_from_db()
    assert (promise.title, promise.due_at) == ("Be early", at(TODAY, 15))


def test_editing_a_routine_drops_settings_the_new_schedule_does_not_use(owner_client, owner):
    routine = make_routine(owner, start_date=TODAY, schedule_type="weekdays", weekdays=3)
    owner_client.post(
        f"/track/{routine.pk}/edit/", routine_data(schedule_type="daily", weekday_choices=["1"])
    )
    routine.refresh_from_db()
    assert (routine.schedule_type, routine.weekdays) == ("daily", 0)


def test_the_commitment_page_shows_details_calendar_and_history(owner_client, owner):
    routine = make_routine(owner, start_date=TODAY - timedelta(days=10))
    make_checkin(routine, TODAY - timedelta(days=2), "missed", note="Forgot; said sorry.")
    response = owner_client.get(f"/track/{routine.pk}/")
    html = response.content.decode()
    assert "Every day" in html
    assert "Forgot; said sorry." in html
    assert "Missing one is information, not failure." in html
    assert (
        f'href="/track/{routine.pk}/check-in/?date={(TODAY - timedelta(days=3)).isoformat()}"'
        in html
    )
    # Future days are shown but cannot be opened for recording.
    assert f"?date={(TODAY + timedelta(days=1)).isoformat()}" not in html
    assert "block progress" not in html


def test_a_day_nobody_recorded_shows_as_not_recorded_never_as_missed(owner_client, owner):
    routine = make_routine(owner, start_date=TODAY - timedelta(days=3))
    make_checkin(routine, TODAY - timedelta(days=1), "kept")
    html = owner_client.get(f"/track/{routine.pk}/").content.decode()
    calendar = html[html.index('id="calendar-heading"') : html.index('id="history-heading"')]
    assert calendar.count('class="cal-state">Not recorded</span>') == 2
    assert "Missed" not in calendar
    assert 'class="cal-day cal-unrecorded"' in calendar


def test_pause_resume_and_archive_keep_pause_spans(owner_client, owner):
    routine = make_routine(owner, start_date=TODAY - timedelta(days=10))
    owner_client.post(f"/track/{routine.pk}/pause/")
    routine.refresh_from_db()
    assert routine.status == "paused"
    assert "Paused." in owner_client.get(f"/track/{routine.pk}/").content.decode()
    with time_machine.travel(NOW + timedelta(days=2), tick=False):
        owner_client.post(f"/track/{routine.pk}/resume/")
    routine.refresh_from_db()
    assert routine.status == "active"
    span = CommitmentPause.objects.get()
    assert (span.starts_on, span.ends_on) == (TODAY, TODAY + timedelta(days=2))
    owner_client.post(f"/track/{routine.pk}/archive/")
    routine.refresh_from_db()
    assert routine.status == "archived"


def test_deleting_asks_first_then_removes_it_and_its_check_ins(owner_client, owner):
    routine = make_routine(owner, start_date=TODAY)
    make_checkin(routine, TODAY)
    confirm = owner_client.get(f"/track/{routine.pk}/delete/")
    assert "Delete for good" in confirm.content.decode()
    assert Commitment.objects.exists()
    response = owner_client.post(f"/track/{routine.pk}/delete/")
    assert response["Location"] == "/today/"
    assert not Commitment.objects.exists() and not CheckIn.objects.exists()


# User (the session comes from the session cache), the commitment (with person and
# practice), its pauses, the check-ins of the calendar's weeks, a page of history, and the
# check-ins (light rows) for the progress figures. From the cache (keyed by the data
# version, a file read: tracker.cache) the page needs none: the user is kept under the
# same version (tracker.accounts.backends).
DETAIL_QUERIES = 6
CACHED_DETAIL_QUERIES = 0


@pytest.mark.parametrize("count", [1, 50])
def test_the_commitment_page_makes_a_fixed_number_of_queries(
    owner_client, owner, django_assert_num_queries, count
):
    practice, sam = make_practice(), make_person(owner)
    for n in range(count):
        make_routine(owner, start_date=TODAY - timedelta(days=60), title=f"R{n}")
    routine = make_routine(
        owner, start_date=TODAY - timedelta(days=200), practice=practice, person=sam
    )
    for back in range(1, count * 3 + 1):
        make_checkin(routine, TODAY - timedelta(days=back), "kept", note=f"n{back}")
    with django_assert_num_queries(DETAIL_QUERIES):
        response = owner_client.get(f"/track/{routine.pk}/")
    assert response.status_code == 200
    with django_assert_num_queries(CACHED_DETAIL_QUERIES):
        cached = owner_client.get(f"/track/{routine.pk}/")

    def progress(page):
        return page.content.split(b'class="commitment-progress"')[1].split(b"</section>")[0]

    assert progress(cached) == progress(response)


def test_the_progress_figures_change_at_once_despite_the_cache(owner_client, owner):
    routine = make_routine(owner, start_date=TODAY - timedelta(days=10))
    for back in range(1, 11):
        make_checkin(routine, TODAY - timedelta(days=back), "kept")
    url = f"/track/{routine.pk}/"
    assert "<strong>100%</strong> kept on time" in owner_client.get(url).content.decode()
    checkin = CheckIn.objects.get(commitment=routine, occurrence_date=TODAY - timedelta(days=1))
    # Each change happens a moment later, as it would for a person using the site.
    with time_machine.travel(NOW + timedelta(seconds=1), tick=False):
        checkin.state = "missed"
        checkin.save()
        assert "<strong>90%</strong> kept on time" in owner_client.get(url).content.decode()
    with time_machine.travel(NOW + timedelta(seconds=2), tick=False):
        checkin.delete()
        html = owner_client.get(url).content.decode()
        assert '<span class="state state-missed">Missed</span> <strong>0</strong>' in html
        assert '<span class="state state-unrecorded">Not recorded</span> <strong>1</strong>' in html
        CommitmentPause.objects.create(
            commitment=routine, starts_on=TODAY - timedelta(days=10), ends_on=TODAY
        )
        assert "Nothing has come due yet" in owner_client.get(url).content.decode()


def history_notes(html: str) -> list[str]:
    return re.findall(r'<p class="history-note">(Day \d+\.)</p>', html)


def test_the_history_shows_the_newest_check_ins_and_offers_older_ones(owner_client, owner):
    routine = make_daily_history(owner, today=TODAY, days=75)
    html = owner_client.get(f"/track/{routine.pk}/").content.decode()
    assert history_notes(html) == [f"Day {back}." for back in range(1, 31)]
    link = f'href="/track/{routine.pk}/?page=2#history-from-31"'
    assert link in html and "Show older check-ins" in html

    older = owner_client.get(f"/track/{routine.pk}/", {"page": "2"}).content.decode()
    assert history_notes(older) == [f"Day {back}." for back in range(1, 61)]
    assert 'id="history-from-31"' in older
    assert f'href="/track/{routine.pk}/?page=3#history-from-61"' in older

    everything = owner_client.get(f"/track/{routine.pk}/", {"page": "3"}).content.decode()
    assert history_notes(everything) == [f"Day {back}." for back in range(1, 76)]
    assert "Show older check-ins" not in everything


def test_a_short_history_has_no_link_to_older_check_ins(owner_client, owner):
    routine = make_daily_history(owner, today=TODAY, days=30)
    html = owner_client.get(f"/track/{routine.pk}/").content.decode()
    assert len(history_notes(html)) == 30
    assert "Show older check-ins" not in html


@pytest.mark.parametrize("page", ["0", "-1", "abc", ""])
def test_a_nonsense_history_page_shows_the_first(owner_client, owner, page):
    routine = make_daily_history(owner, today=TODAY, days=40)
    response = owner_client.get(f"/track/{routine.pk}/", {"page": page})
    assert response.status_code == 200
    assert len(history_notes(response.content.decode())) == 30


def test_htmx_loads_only_the_next_check_ins_in_place(owner_client, owner):
    routine = make_daily_history(owner, today=TODAY, days=75)
    response = owner_client.get(
        f"/track/{routine.pk}/", {"page": "2"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    assert "<h1>" not in html and "Progress" not in html
    assert history_notes(html) == [f"Day {back}." for back in range(31, 61)]
    # Numbering continues, and focus moves to the first entry added.
    assert '<ol class="history" start="31">' in html
    assert '<li id="history-from-31" data-autofocus tabindex="-1">' in html
    assert f'hx-get="/track/{routine.pk}/?page=3"' in html


def test_older_check_ins_are_private(client, owner_client, owner, other_user):
    routine = make_daily_history(owner, today=TODAY, days=40)
    url = f"/track/{routine.pk}/"
    client.force_login(other_user)
    assert client.get(url, {"page": "2"}, headers={"HX-Request": "true"}).status_code == 404
    client.logout()
    response = client.get(url, {"page": "2"}, headers={"HX-Request": "true"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_times_per_week_calendar_lets_any_open_past_day_be_recorded(owner_client, owner):
    routine = make_routine(
        owner, start_date=date(2026, 3, 9), schedule_type="per_week", times_per_week=2
    )
    html = owner_client.get(f"/track/{routine.pk}/").content.decode()
    assert "?date=2026-03-10" in html
    assert "?date=2026-03-08" not in html  # before the start

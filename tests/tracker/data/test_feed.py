from datetime import UTC, date, datetime, time, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from tests.tracker.factories import history, promise, routine
from tracker.commitments import services
from tracker.models import Commitment, CommitmentPause, CommitmentReminder, DataSettings


def feed_url(user) -> str:
    return reverse("tracker:calendar-feed", args=[DataSettings.objects.for_user(user).feed_token])


def events(client, user) -> dict[str, object]:
    response = client.get(feed_url(user))
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def berlin(owner):
    owner.time_zone = "Europe/Berlin"
    owner.save()
    return owner


def test_the_feed_is_a_calendar_with_the_users_zone(client, berlin):
    promise(berlin)
    response = client.get(feed_url(berlin))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    calendar = Calendar.from_ical(response.content)
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_a_promise_is_a_timed_event_with_an_alarm_and_a_link(client, berlin):
    made = promise(
        berlin, title="Pick up Sam", due_at=datetime(2030, 7, 1, 16, 0, tzinfo=UTC), place="School"
    )
    CommitmentReminder.objects.create(commitment=made, enabled=True, minutes_before=60)
    event = events(client, berlin)["Pick up Sam"]
    start = event.decoded("dtstart")
    assert start == datetime(2030, 7, 1, 16, 0, tzinfo=UTC)
    assert start.tzinfo.key == "Europe/Berlin"
    assert str(event["location"]) == "School"
    assert str(event["url"]).endswith(reverse("tracker:commitment-detail", args=[made.pk]))
    [alarm] = event.walk("VALARM")
    assert alarm.decoded("trigger") == -timedelta(hours=1)


def test_a_daily_routine_repeats_at_its_time(client, berlin):
    routine(berlin, title="Walk", time_of_day=time(7, 30), start_date=date(2030, 3, 1))
    event = events(client, berlin)["Walk"]
    assert event.decoded("dtstart") == datetime(2030, 3, 1, 7, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    assert event["rrule"]["FREQ"] == ["DAILY"]
    [alarm] = event.walk("VALARM")
    assert alarm.decoded("trigger") == -timedelta(minutes=30)


def test_weekday_and_every_few_days_routines_have_their_rules(client, owner):
    routine(owner, title="Gym", schedule_type="weekdays", weekdays=0b0000101)
    routine(owner, title="Letter", schedule_type="every_n_days", interval_days=3)
    found = events(client, owner)
    assert found["Gym"]["rrule"]["FREQ"] == ["WEEKLY"]
    assert found["Gym"]["rrule"]["BYDAY"] == ["MO", "WE"]
    assert found["Letter"]["rrule"]["INTERVAL"] == [3]


def test_an_untimed_routine_is_an_all_day_event(client, owner):
    routine(owner, title="Tidy", start_date=date(2030, 1, 7))
    event = events(client, owner)["Tidy"]
    assert event.decoded("dtstart") == date(2030, 1, 7)


def test_a_times_per_week_routine_is_a_weekly_reminder(client, owner):
    # 2030-01-09 is a Wednesday; the owner's weeks start on Monday.
    routine(
        owner, title="Call", schedule_type="per_week", times_per_week=3, start_date=date(2030, 1, 9)
    )
    event = events(client, owner)["Call (3 times this week)"]
    assert event.decoded("dtstart") == date(2030, 1, 14)
    assert event["rrule"]["BYDAY"] == ["MO"]
    assert [d.dt for d in event["rdate"].dts] == [date(2030, 1, 9)]


def test_past_paused_days_are_left_out(client, owner):
    made = routine(owner, title="Walk", start_date=date(2030, 1, 1))
    CommitmentPause.objects.create(
        commitment=made, starts_on=date(2030, 1, 5), ends_on=date(2030, 1, 7)
    )
    event = events(client, owner)["Walk"]
    assert [d.dt for d in event["exdate"].dts] == [date(2030, 1, 5), date(2030, 1, 6)]


def test_paused_and_archived_commitments_leave_the_feed(client, owner):
    promise(owner, title="Active")
    promise(owner, title="Paused", status="paused")
    routine(owner, title="Archived", status="archived")
    assert list(events(client, owner)) == ["Active"]


def test_the_feed_never_includes_notes(client, owner):
    promise(owner, title="Visit", note="private worry")
    response = client.get(feed_url(owner))
    assert b"private worry" not in response.content


def test_the_feed_shows_only_the_tokens_owner(client, owner, other_user):
    promise(owner, title="Mine")
    promise(other_user, title="Theirs")
    assert list(events(client, owner)) == ["Mine"]


def test_a_wrong_token_is_not_found(client, owner):
    DataSettings.objects.for_user(owner)
    assert client.get(reverse("tracker:calendar-feed", args=["x" * 43])).status_code == 404


def test_a_new_address_makes_the_old_one_stop_working(owner_client, owner):
    old = feed_url(owner)
    response = owner_client.post(reverse("data-feed-regenerate"))
    assert response.status_code == 302
    new = feed_url(owner)
    assert new != old
    assert owner_client.get(old).status_code == 404
    assert owner_client.get(new).status_code == 200


def test_a_new_address_can_come_back_as_an_htmx_section(owner_client, owner):
    old = feed_url(owner)
    response = owner_client.post(reverse("data-feed-regenerate"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section class="card" id="feed"')
    assert old.split("/")[-1] not in body
    assert feed_url(owner).split("/")[-1] in body
    assert "HX-Request" in response["Vary"]


def test_anonymous_users_cannot_make_a_new_address(client, owner):
    old = feed_url(owner)
    response = client.post(reverse("data-feed-regenerate"))
    assert response.status_code == 302
    assert feed_url(owner) == old


def test_an_inactive_users_feed_is_not_found(client, owner):
    url = feed_url(owner)
    owner.is_active = False
    owner.save()
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("size", [2, 20])
def test_the_feed_takes_the_same_number_of_queries_at_any_size(
    size, client, owner, django_assert_num_queries
):
    history(owner, commitments=size, days=3)
    url = feed_url(owner)
    # The token with its user, the commitments with reminders, their pauses, and the
    # check-ins that skipped or moved a day (the feed leaves those days out or adds them).
    with django_assert_num_queries(4):
        client.get(url)


def test_changes_show_in_the_feed_at_once_despite_the_cache(client, owner):
    made = promise(owner, title="Call Sam back")
    walk = routine(owner, title="Walk", start_date=date(2030, 1, 1))
    assert list(events(client, owner)) == ["Call Sam back", "Walk"]
    made.title = "Call Sam tonight"
    made.save()
    assert list(events(client, owner)) == ["Call Sam tonight", "Walk"]
    CommitmentReminder.objects.create(commitment=made, enabled=True, minutes_before=60)
    [alarm] = events(client, owner)["Call Sam tonight"].walk("VALARM")
    assert alarm.decoded("trigger") == -timedelta(hours=1)
    CommitmentPause.objects.create(
        commitment=walk, starts_on=date(2030, 1, 5), ends_on=date(2030, 1, 6)
    )
    assert [d.dt for d in events(client, owner)["Walk"]["exdate"].dts] == [date(2030, 1, 5)]
    services.set_status(commitment=walk, status=Commitment.Status.PAUSED, today=date(2030, 2, 1))
    assert list(events(client, owner)) == ["Call Sam tonight"]
    owner.time_zone = "Europe/Berlin"
    owner.save()
    calendar = Calendar.from_ical(client.get(feed_url(owner)).content)
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_a_repeated_request_is_served_from_the_cache(client, owner):
    history(owner, commitments=3, days=3)
    first = client.get(feed_url(owner)).content
    with mock.patch("tracker.data.feed.build_calendar") as build:
        second = client.get(feed_url(owner)).content
    build.assert_not_called()
    assert second == first


def test_a_routine_day_skipped_or_moved_leaves_the_feed_and_the_new_day_joins_it(client, berlin):
    walk = routine(berlin, title="Walk", time_of_day=time(7, 30), start_date=date(2030, 3, 1))
    walk.schedule_type, walk.weekdays = "weekdays", 1  # Mondays
    walk.save()
    zone = ZoneInfo("Europe/Berlin")
    monday, next_monday, tuesday = date(2030, 3, 4), date(2030, 3, 11), date(2030, 3, 12)
    services.record_check_in(commitment=walk, occurrence_date=monday, state="skipped")
    services.reschedule_routine_day(commitment=walk, occurrence_date=next_monday, new_date=tuesday)
    event = events(client, berlin)["Walk"]
    left_out = [d.dt for d in event["exdate"].dts]
    added = [d.dt for d in event["rdate"].dts]
    assert left_out == [
        datetime(2030, 3, 4, 7, 30, tzinfo=zone),
        datetime(2030, 3, 11, 7, 30, tzinfo=zone),
    ]
    assert added == [datetime(2030, 3, 12, 7, 30, tzinfo=zone)]


def test_a_promise_skipped_at_its_due_time_leaves_the_feed(client, berlin):
    made = promise(berlin, title="Call Sam back")
    assert "Call Sam back" in events(client, berlin)
    services.record_check_in(
        commitment=made, occurrence_date=made.due_at.date(), state="skipped", due_at=made.due_at
    )
    assert "Call Sam back" not in events(client, berlin)


def test_a_weekday_routine_starts_on_its_first_chosen_day_not_its_start_date(client, berlin):
    """A calendar counts DTSTART as an occurrence, so it must be a day the routine asks."""
    routine(
        berlin,
        title="Swim",
        schedule_type="weekdays",
        weekdays=1,  # Mondays
        start_date=date(2030, 3, 6),  # a Wednesday
    )
    event = events(client, berlin)["Swim"]
    assert event.decoded("dtstart") == date(2030, 3, 11)


def test_only_recent_skips_leave_the_feed_so_it_does_not_grow_for_ever(client, berlin):
    today = berlin.local_today()
    walk = routine(berlin, title="Walk", start_date=today - timedelta(days=100))
    for back in (3, 40):
        services.record_check_in(
            commitment=walk, occurrence_date=today - timedelta(days=back), state="skipped"
        )
    event = events(client, berlin)["Walk"]
    assert [d.dt for d in event["exdate"].dts] == [today - timedelta(days=3)]

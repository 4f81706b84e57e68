"""The new-commitment forms: sensible defaults, only the fields that matter, plain words."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from guidance.models import SuggestedCommitment
from tests.tracker.factories import make_practice, make_suggestion

NOW = datetime(2026, 3, 11, 9, 20, tzinfo=ZoneInfo("UTC"))  # a Wednesday


@pytest.fixture(autouse=True)
def fixed_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_new_promise_suggests_tomorrow_at_the_next_full_hour_in_the_users_zone(
    owner_client, owner
):
    owner.time_zone = "Asia/Tokyo"  # 18:20 there
    owner.save()
    html = owner_client.get("/track/new/?kind=promise").content.decode()
    assert 'name="due_date" value="2026-03-12"' in html
    assert 'name="due_time" value="19:00"' in html


def test_just_before_midnight_the_suggestion_is_tomorrow_at_midnight(owner_client, owner):
    owner.time_zone = "America/Los_Angeles"
    owner.save()
    with time_machine.travel(datetime(2026, 3, 11, 6, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        html = owner_client.get("/track/new/?kind=promise").content.decode()  # 23:30 there
    assert 'name="due_date" value="2026-03-11"' in html
    assert 'name="due_time" value="00:00"' in html


def test_on_time_tolerance_is_explained_in_plain_words(owner_client):
    html = owner_client.get("/track/new/?kind=promise").content.decode()
    assert "How late still counts as on time?" in html
    assert "0 means right on time" in html


def test_a_new_routine_starts_every_day_from_today(owner_client):
    html = owner_client.get("/track/new/?kind=routine").content.decode()
    assert 'value="daily" required id="id_schedule_type_0" checked' in html
    assert 'name="start_date" value="2026-03-11"' in html


def test_each_schedule_field_is_marked_for_its_schedule_and_optional_ones_are_folded(
    owner_client,
):
    html = owner_client.get("/track/new/?kind=routine").content.decode()
    assert 'class="field only-for only-weekdays chips"' in html
    assert 'class="field only-for only-per_week"' in html
    assert 'class="field only-for only-every_n_days"' in html
    folded = html[html.index('<details class="folded-fields"') :]
    assert folded.startswith('<details class="folded-fields">')  # closed when empty
    for name in ("time_of_day", "note", "person", "practice"):
        assert f'name="{name}"' in folded
    assert 'name="start_date"' not in folded


def test_weekdays_are_short_toggle_chips(owner_client):
    html = owner_client.get("/track/new/?kind=routine").content.decode()
    for short in ("Mon", "Tue", "Sun"):
        assert f"{short}</label>" in html
    assert 'class="chip-input"' in html


def test_without_javascript_the_chosen_schedule_still_saves_and_others_are_ignored(
    owner_client,
):
    response = owner_client.post(
        "/track/new/",
        {
            "kind": "routine",
            "title": "Call Mum",
            "schedule_type": "weekdays",
            "weekday_choices": ["0", "4"],
            "times_per_week": "3",  # left over in the hidden field: ignored
            "start_date": "2026-03-11",
        },
    )
    assert response.status_code == 302
    from tracker.models import Commitment

    routine = Commitment.objects.get()
    assert routine.weekday_list == [0, 4] and routine.times_per_week is None


def test_a_folded_field_with_an_error_is_shown_open(owner_client):
    response = owner_client.post(
        "/track/new/",
        {
            "kind": "routine",
            "title": "Call Mum",
            "schedule_type": "daily",
            "start_date": "2026-03-11",
            "time_of_day": "25:99",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert '<details class="folded-fields" open>' in html


def test_the_ideas_page_lists_every_suggestion_by_practice(owner_client):
    SuggestedCommitment.objects.all().delete()
    little = make_practice("Keep small promises")
    words = make_practice("Say it again")
    first = make_suggestion(little, title="Text when I leave work")
    make_suggestion(words, kind="routine", title="Say one kind thing", schedule_type="daily")
    make_suggestion(make_practice("Hidden", published=False), title="Not published")
    response = owner_client.get("/track/ideas/")
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "Keep small promises" in html and "Say it again" in html
    assert f'href="/track/new/?suggestion={first.pk}"' in html
    assert "Say one kind thing" in html and "Not published" not in html


def test_the_ideas_page_is_the_same_for_another_user(other_client):
    assert other_client.get("/track/ideas/").status_code == 200


def test_the_ideas_page_needs_signing_in(client):
    response = client.get("/track/ideas/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_seeded_guide_has_ideas_to_list(owner_client):
    assert SuggestedCommitment.objects.exists()
    html = owner_client.get("/track/ideas/").content.decode()
    assert (
        html.count("?suggestion=")
        == SuggestedCommitment.objects.filter(practice__status="published").count()
    )


def test_more_options_says_what_it_holds_in_a_few_words(owner_client):
    html = owner_client.get("/track/new/?kind=routine").content.decode()
    assert "More options <span" in html
    assert "(time of day, note, for whom, practice it puts into action)" in html

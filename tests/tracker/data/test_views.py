import pytest
from django.urls import reverse

from tests.tracker.factories import history
from tracker.models import DataSettings

PAGE = reverse("data")
REMINDERS = reverse("data-reminders")
HTMX = {"HX-Request": "true"}


def test_the_data_page_shows_every_section(owner_client, owner):
    response = owner_client.get(PAGE)
    assert response.status_code == 200
    body = response.content.decode()
    for heading in (
        "Your calendar",
        "Reminders by email",
        "Take your data out",
        "Bring data in",
        "Leave Steady",
    ):
        assert heading in body
    assert DataSettings.objects.get(user=owner).feed_token in body
    assert "at most 5 MB" in body


def test_anonymous_users_are_sent_to_sign_in(client):
    for response in (client.get(PAGE), client.post(REMINDERS, {})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_the_page_is_never_stored(owner_client):
    assert "no-store" in owner_client.get(PAGE)["Cache-Control"]


def test_reminder_settings_are_saved(owner_client, owner):
    response = owner_client.post(
        REMINDERS, {"digest_enabled": "on", "digest_time": "06:15", "reminders_enabled": "on"}
    )
    assert response.status_code == 302
    row = DataSettings.objects.get(user=owner)
    assert row.digest_enabled and row.digest_time.strftime("%H:%M") == "06:15"


def test_reminder_settings_come_back_as_an_htmx_section(owner_client, owner):
    response = owner_client.post(
        REMINDERS, {"digest_enabled": "on", "digest_time": "06:15"}, headers=HTMX
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section class="card" id="reminders"')
    assert "Your reminder settings are saved." in body  # The live region, out of band.
    assert "HX-Request" in response["Vary"]
    assert not DataSettings.objects.get(user=owner).reminders_enabled


def test_a_bad_time_is_shown_with_what_was_typed(owner_client, owner):
    response = owner_client.post(REMINDERS, {"digest_enabled": "on", "digest_time": "25:99"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter a valid time" in body and 'value="25:99"' in body
    assert 'aria-invalid="true"' in body
    assert not DataSettings.objects.for_user(owner).digest_enabled


def test_a_bad_time_in_an_htmx_request_returns_the_section_with_errors(owner_client):
    response = owner_client.post(REMINDERS, {"digest_time": "nope"}, headers=HTMX)
    assert response.status_code == 200
    assert "Enter a valid time" in response.content.decode()


def test_each_user_sees_only_their_own_settings(client, owner, other_user):
    theirs = DataSettings.objects.for_user(other_user)
    client.force_login(owner)
    client.post(REMINDERS, {"digest_enabled": "on", "digest_time": "05:00"})
    theirs.refresh_from_db()
    assert not theirs.digest_enabled
    assert theirs.feed_token not in client.get(PAGE).content.decode()


@pytest.mark.parametrize("size", [2, 20])
def test_the_page_takes_the_same_number_of_queries_at_any_size(
    size, owner_client, owner, django_assert_num_queries
):
    history(owner, commitments=size, days=2)
    DataSettings.objects.for_user(owner)
    # User (the session comes from the session cache), settings row.
    with django_assert_num_queries(2):
        owner_client.get(PAGE)

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from tests.tracker.factories import promise, routine, verified
from tracker.data.forms import reminder_panel_for
from tracker.models import CommitmentReminder

HTMX = {"HX-Request": "true"}


def url(commitment) -> str:
    return reverse("tracker:commitment-reminder", args=[commitment.pk])


ON = {"reminder-enabled": "on", "reminder-minutes_before": "30"}


def test_the_owner_switches_a_reminder_on(owner_client, owner):
    made = promise(owner)
    response = owner_client.post(url(made), ON)
    assert response.status_code == 302
    assert response["Location"] == reverse("tracker:commitment-detail", args=[made.pk])
    reminder = CommitmentReminder.objects.get(commitment=made)
    assert reminder.enabled and reminder.minutes_before == 30


def test_the_owner_switches_it_off_again(owner_client, owner):
    made = promise(owner)
    CommitmentReminder.objects.create(commitment=made, enabled=True)
    owner_client.post(url(made), {"reminder-minutes_before": "30"})
    assert not CommitmentReminder.objects.get(commitment=made).enabled


def test_an_htmx_request_gets_the_section_back(owner_client, owner):
    made = promise(owner)
    verified(owner)
    response = owner_client.post(url(made), ON, headers=HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section class="card" id="reminder"')
    assert "Reminder on: 30 minutes before." in body
    assert "HX-Request" in response["Vary"]


def test_a_made_up_time_is_refused(owner_client, owner):
    made = promise(owner)
    response = owner_client.post(
        url(made), {"reminder-enabled": "on", "reminder-minutes_before": "7"}, headers=HTMX
    )
    assert "Select a valid choice" in response.content.decode()
    assert not CommitmentReminder.objects.filter(commitment=made).exists()
    response = owner_client.post(
        url(made), {"reminder-enabled": "on", "reminder-minutes_before": "7"}, follow=True
    )
    assert "could not be saved" in response.content.decode()


def test_another_users_promise_is_not_found(owner_client, other_user):
    theirs = promise(other_user)
    assert owner_client.post(url(theirs), ON).status_code == 404
    assert not CommitmentReminder.objects.exists()


def test_a_routine_has_no_promise_reminder(owner_client, owner):
    assert owner_client.post(url(routine(owner)), ON).status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client, owner):
    made = promise(owner)
    for response in (client.get(url(made)), client.post(url(made), ON)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_get_is_not_allowed(owner_client, owner):
    assert owner_client.get(url(promise(owner))).status_code == 405


@pytest.mark.parametrize("is_verified", [False, True])
def test_the_include_renders_for_the_commitment_page(owner, rf, is_verified):
    made = promise(owner)
    if is_verified:
        verified(owner)
    request = rf.get("/")
    request.user = owner
    html = render_to_string(
        "tracker/data/commitment_reminder.html",
        {"reminder_panel": reminder_panel_for(made, user=owner)},
        request=request,
    )
    assert ("verify your email" in html) is not is_verified
    assert "Save reminder" in html
    assert f'action="{url(made)}"' in html


def test_the_include_renders_nothing_for_a_routine(owner):
    assert reminder_panel_for(routine(owner), user=owner) is None
    assert render_to_string("tracker/data/commitment_reminder.html", {}).strip() == ""

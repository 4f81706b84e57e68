"""Changing the sign-in email: allauth's, after the password again, without flooding or
telling anyone which addresses have accounts (hole 4)."""

from datetime import timedelta

import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.tracker.accounts.helpers import confirm_link, login, outbox_to, without_tokens
from tracker.models import DataSettings

URL = "/accounts/email/"


def change(client, new_email):
    return client.post(URL, {"email": new_email, "action_add": ""})


def test_changing_the_email_asks_for_the_password_first(owner_client):
    response = change(owner_client, "new@example.com")
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert mail.outbox == []


def test_the_sign_in_email_changes_only_once_the_new_address_is_confirmed(
    fresh_owner_client, owner, password
):
    response = change(fresh_owner_client, "New@Example.com")
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.email == "owner@example.com"
    page = fresh_owner_client.get(URL).content.decode()
    assert "new@example.com" in page and "Waiting for confirmation" in page
    fresh_owner_client.post(confirm_link(outbox_to("new@example.com")[0]))
    owner.refresh_from_db()
    assert owner.email == "new@example.com"
    assert login(Client(), "new@example.com", password)["Location"] == "/today/"
    assert login(Client(), "owner@example.com", password).status_code == 200


def test_the_old_address_is_told_about_the_change(fresh_owner_client, owner):
    change(fresh_owner_client, "new@example.com")
    fresh_owner_client.post(confirm_link(outbox_to("new@example.com")[0]))
    told = outbox_to("owner@example.com")
    assert len(told) == 1
    assert "new@example.com" in told[0].body


def test_reminders_follow_the_confirmed_new_address(fresh_owner_client, owner):
    from tests.tracker.factories import verified

    verified(owner)
    change(fresh_owner_client, "new@example.com")
    assert DataSettings.objects.for_user(owner).email_verified  # the old one, still
    fresh_owner_client.post(confirm_link(outbox_to("new@example.com")[0]))
    owner.refresh_from_db()
    row = DataSettings.objects.for_user(owner)
    assert row.email_verified and row.verified_email == "new@example.com"


def test_an_address_with_another_account_gets_the_same_answer(fresh_owner_client, other_user):
    taken = change(fresh_owner_client, "other@example.com")
    taken_page = without_tokens(fresh_owner_client.get(URL)).replace("other@example.com", "X")
    fresh_owner_client.post(URL, {"email": "other@example.com", "action_remove": ""})
    fresh_owner_client.get(URL)  # shows (and so clears) "Removed email address …"
    with time_machine.travel(timezone.now() + timedelta(minutes=4), tick=False):
        free = change(fresh_owner_client, "free@example.com")
        free_page = without_tokens(fresh_owner_client.get(URL)).replace("free@example.com", "X")
    assert (taken.status_code, taken["Location"]) == (free.status_code, free["Location"])
    assert "belongs to another account" not in taken_page
    assert taken_page == free_page
    # The other account's owner is told; nothing can confirm it for this account.
    note = outbox_to("other@example.com")[0].body
    assert "there is already an account" in note
    assert "/accounts/confirm-email/" not in note
    assert not EmailAddress.objects.filter(
        email="other@example.com", user__email="owner@example.com", verified=True
    ).exists()


def test_twenty_requests_send_a_handful_of_emails_at_most(fresh_owner_client):
    """Hole 4: twenty POSTs of a new address sent twenty emails."""
    for _ in range(20):
        change(fresh_owner_client, "new@example.com")
    assert len(outbox_to("new@example.com")) == 1
    for n in range(20):
        change(fresh_owner_client, f"new{n}@example.com")
    assert len(mail.outbox) <= 10


def test_resending_the_link_waits_a_few_minutes(fresh_owner_client):
    change(fresh_owner_client, "new@example.com")
    for _ in range(5):
        fresh_owner_client.post(URL, {"email": "new@example.com", "action_send": ""})
    assert len(outbox_to("new@example.com")) == 1


def test_the_email_page_is_for_signed_in_people(client, db):
    assert client.get(URL)["Location"].startswith("/accounts/login/?next=")


def test_the_old_email_address_page_redirects(owner_client):
    assert owner_client.get("/accounts/data/email/")["Location"] == URL

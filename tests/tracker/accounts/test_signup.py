"""Sign-up: allauth's, with mandatory confirmation and no way to learn or take over an
address that already has an account."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import time_machine
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.tracker.accounts.helpers import (
    NEW_PASSWORD,
    confirm_link,
    login,
    outbox_to,
    signup,
    without_tokens,
)
from tracker.models import DataSettings, User

ATTACKER_PASSWORD = "an-Attackers-own-passphrase-13"


def test_signing_up_sends_a_confirmation_link_that_signs_you_in(client, db):
    response = signup(client, "New.Person@Example.com")
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get()
    assert (user.email, user.time_zone, user.week_start) == (
        "new.person@example.com",
        "Europe/London",
        0,
    )
    assert not EmailAddress.objects.get(user=user).verified
    link = confirm_link(mail.outbox[0])
    assert link.startswith("/accounts/confirm-email/")
    # A link scanner's GET only sees a button.
    assert "Confirm" in client.get(link).content.decode()
    assert not EmailAddress.objects.get(user=user).verified
    response = client.post(link)
    assert response["Location"] == "/today/"
    assert EmailAddress.objects.get(user=user).verified
    assert client.get("/today/").status_code == 200


def test_links_in_the_email_use_the_site_url_not_the_host_header(client, db, settings):
    settings.SITE_URL = "https://steady.example"
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    signup(client, "new@example.com", HTTP_HOST="other.example")
    assert "https://steady.example/accounts/confirm-email/" in mail.outbox[0].body
    assert "other.example" not in mail.outbox[0].body


def test_the_email_has_steadys_html_part_too(client, db):
    signup(client, "new@example.com")
    html, kind = mail.outbox[0].alternatives[0]
    assert kind == "text/html"
    assert "Steady" in html and "/accounts/confirm-email/" in html


def test_sign_up_keeps_the_week_start_chosen(client, db):
    client.post(
        "/accounts/signup/",
        {
            "email": "s@example.com",
            "password1": NEW_PASSWORD,
            "time_zone": "Asia/Tokyo",
            "week_start": "6",
        },
    )
    user = User.objects.get()
    assert (user.time_zone, user.week_start) == ("Asia/Tokyo", 6)


def test_confirming_sign_up_verifies_the_address_for_reminders(client, db):
    signup(client, "new@example.com")
    user = User.objects.get()
    assert not DataSettings.objects.for_user(user).email_verified
    client.post(confirm_link(mail.outbox[0]))
    row = DataSettings.objects.for_user(user)
    assert row.email_verified
    assert row.verified_email == "new@example.com"


def test_a_confirmation_link_from_another_browser_confirms_then_asks_to_sign_in(client, db):
    signup(client, "new@example.com")
    elsewhere = Client()
    response = elsewhere.post(confirm_link(mail.outbox[0]))
    assert response["Location"] == "/accounts/login/"
    assert elsewhere.get("/today/").status_code == 302
    assert login(elsewhere, "new@example.com", NEW_PASSWORD)["Location"] == "/today/"


def test_a_tampered_confirmation_link_says_so_plainly(client, db):
    response = client.get("/accounts/confirm-email/not-a-real-key/")
    assert response.status_code == 200
    assert "expired or was already used" in response.content.decode()
    assert client.post("/accounts/confirm-email/not-a-real-key/").status_code in (200, 404)


def test_sign_up_checks_the_password_with_djangos_validators(client, db):
    response = signup(client, "new@example.com", password="password")
    assert response.status_code == 200
    assert "too common" in response.content.decode()
    assert not User.objects.exists()


def test_bad_input_is_answered_with_the_form_not_an_error(client, db):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "not an address",
            "password1": "",
            "time_zone": "Mars/Olympus",
            "week_start": "9",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose a time zone from the list." in html
    assert not User.objects.exists()


def test_sign_up_guesses_the_time_zone_from_the_browser(client, db):
    html = client.get("/accounts/signup/").content.decode()
    assert re.search(r'<select name="time_zone"[^>]*data-guess-time-zone', html)


def test_every_field_has_a_label(client, db):
    html = client.get("/accounts/signup/").content.decode()
    for field in ("email", "password1", "time_zone", "week_start"):
        assert f'<label for="id_{field}">' in html


# --- No enumeration, no takeover ----------------------------------------------------------


def test_sign_up_does_not_reveal_whether_an_address_is_registered(owner, password):
    fresh_client, taken_client = Client(), Client()
    fresh = signup(fresh_client, "nobody@example.com")
    taken = signup(taken_client, "OWNER@example.com")
    assert (fresh.status_code, fresh["Location"]) == (taken.status_code, taken["Location"])
    fresh_page = without_tokens(fresh_client.get(fresh["Location"])).replace(
        "nobody@example.com", "X"
    )
    taken_page = without_tokens(taken_client.get(taken["Location"])).replace(
        "owner@example.com", "X"
    )
    assert fresh_page == taken_page
    # The owner hears about it by email; their account is untouched.
    assert [m.to for m in mail.outbox] == [["nobody@example.com"], ["owner@example.com"]]
    assert "there is already an account" in mail.outbox[1].body
    owner.refresh_from_db()
    assert owner.check_password(password)
    assert User.objects.filter(email__iexact="owner@example.com").count() == 1


def test_both_answers_hash_the_password_so_timing_does_not_tell(owner, monkeypatch):
    """Hole: a new address took ~200 ms (hashing), a registered one ~9 ms."""
    calls = []
    original = MD5PasswordHasher.encode

    def counting(self, password, salt):
        calls.append(password)
        return original(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counting)
    signup(Client(), "nobody@example.com", password="first-Quiet-passphrase-1")
    signup(Client(), "owner@example.com", password="second-Quiet-passphrase-2")
    assert calls == ["first-Quiet-passphrase-1", "second-Quiet-passphrase-2"]


def test_signing_up_again_never_changes_an_unconfirmed_account(db):
    """Hole 1: the victim signs up (password V), an attacker signs up with the same address
    (password A); the victim confirms. The victim's V must work and the attacker's A not."""
    victim, attacker = Client(), Client()
    signup(victim, "victim@example.com", password=NEW_PASSWORD)
    account = User.objects.get()
    later = timezone.now() + timedelta(minutes=4)
    with time_machine.travel(later, tick=False):
        attacker.post(
            "/accounts/signup/",
            {
                "email": "victim@example.com",
                "password1": ATTACKER_PASSWORD,
                "time_zone": "Asia/Tokyo",
                "week_start": "6",
            },
        )
    account.refresh_from_db()
    assert account.check_password(NEW_PASSWORD)
    assert (account.time_zone, account.week_start) == ("Europe/London", 0)
    assert User.objects.count() == 1
    # Two emails reached the victim: the link, then a note that nothing changed.
    first, second = outbox_to("victim@example.com")
    assert "there is already an account" in second.body
    assert "/accounts/confirm-email/" not in second.body
    with time_machine.travel(later, tick=False):
        victim.post(confirm_link(first))
    assert login(Client(), "victim@example.com", ATTACKER_PASSWORD).status_code == 200
    assert login(Client(), "victim@example.com", NEW_PASSWORD)["Location"] == "/today/"


def test_a_second_sign_up_within_minutes_sends_the_owner_nothing_more(db):
    """At most one email every few minutes reaches an address, so sign-ups cannot flood it."""
    signup(Client(), "victim@example.com")
    signup(Client(), "victim@example.com", password=ATTACKER_PASSWORD)
    signup(Client(), "victim@example.com", password=ATTACKER_PASSWORD)
    assert len(outbox_to("victim@example.com")) == 1


def test_signing_up_again_never_changes_a_confirmed_account(owner, password):
    signup(Client(), "owner@example.com", password=ATTACKER_PASSWORD)
    owner.refresh_from_db()
    assert owner.check_password(password)
    assert login(Client(), "owner@example.com", ATTACKER_PASSWORD).status_code == 200
    assert login(Client(), "owner@example.com", password)["Location"] == "/today/"


# --- Check your email ---------------------------------------------------------------------


def test_check_your_email_names_the_address_and_offers_a_resend(client, db):
    response = signup(client, "new@example.com")
    page = client.get(response["Location"]).content.decode()
    assert "new@example.com" in page
    assert "Send the email again" in page


def test_the_resend_sends_one_more_link_then_waits(client, db):
    signup(client, "new@example.com")
    assert len(mail.outbox) == 1
    for _ in range(5):
        client.post("/accounts/confirm-email/")
    # One address gets at most one link every few minutes, however often it is asked.
    assert len(outbox_to("new@example.com")) == 1


def test_the_resend_answers_a_registered_address_the_same_way(owner):
    fresh_client, taken_client = Client(), Client()
    signup(fresh_client, "nobody@example.com")
    signup(taken_client, "owner@example.com")
    fresh = fresh_client.post("/accounts/confirm-email/", follow=True)
    taken = taken_client.post("/accounts/confirm-email/", follow=True)
    assert fresh.status_code == taken.status_code == 200
    assert without_tokens(fresh).replace("nobody@example.com", "X") == without_tokens(
        taken
    ).replace("owner@example.com", "X")


def test_the_resend_is_rate_limited_per_client(db, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "confirm_email": ""}
    client = Client()
    signup(client, "new@example.com")
    for _ in range(5):
        client.post("/accounts/confirm-email/")
    assert len(mail.outbox) == 6
    response = client.post("/accounts/confirm-email/", follow=True)
    assert len(mail.outbox) == 6
    assert "Give them a few minutes" in response.content.decode()


def test_check_your_email_without_a_sign_up_is_plain(client, db):
    response = client.get("/accounts/confirm-email/")
    assert response.status_code == 200
    assert "Send the email again" not in response.content.decode()
    assert client.post("/accounts/confirm-email/").status_code == 302
    assert mail.outbox == []


# --- Where you land -----------------------------------------------------------------------


def test_the_next_address_survives_sign_up_and_confirmation(client, db):
    target = "/track/new/?suggestion=7"
    response = signup(client, "new@example.com", next_url=target)
    assert "next=" in response["Location"]
    link = confirm_link(mail.outbox[0])
    assert "next=%2Ftrack%2Fnew%2F%3Fsuggestion%3D7" in link
    assert client.post(link)["Location"] == target


def test_the_next_address_survives_confirming_in_another_browser(client, db):
    target = "/track/new/?suggestion=7"
    signup(client, "new@example.com", next_url=target)
    elsewhere = Client()
    page = elsewhere.get(confirm_link(mail.outbox[0])).content.decode()
    assert 'name="next" value="/track/new/?suggestion=7"' in page
    confirmed = elsewhere.post(confirm_link(mail.outbox[0]), {"next": target})
    assert confirmed["Location"] == target
    # Not signed in yet there: the form sends them to sign in, and back.
    assert elsewhere.get(target)["Location"].startswith("/accounts/login/?next=")


def test_a_next_address_on_another_site_is_ignored(client, db):
    signup(client, "new@example.com", next_url="https://evil.example/")
    assert "evil.example" not in confirm_link(mail.outbox[0])
    assert client.post(confirm_link(mail.outbox[0]))["Location"] == "/today/"


def test_the_guide_sends_a_visitor_to_sign_up_with_the_suggestion_as_next(client, db):
    from tests.tracker.factories import make_practice, make_suggestion

    practice = make_practice("Keep small promises")
    suggestion = make_suggestion(practice, title="Meet for coffee")
    html = client.get(f"/guide/{practice.slug}/").content.decode()
    href = re.search(r'href="(/accounts/signup/\?next=[^"]+)"', html).group(1)
    assert parse_qs(urlsplit(href).query)["next"] == [f"/track/new/?suggestion={suggestion.pk}"]


def test_signed_in_people_are_sent_on_from_sign_up(owner_client):
    assert owner_client.get("/accounts/signup/")["Location"] == "/today/"


def test_a_used_confirmation_link_never_signs_anyone_in_again(client, db):
    signup(client, "new@example.com")
    link = confirm_link(mail.outbox[0])
    client.post(link)
    client.post("/accounts/logout/")
    for someone in (client, Client()):
        someone.post(link)
        assert someone.get("/today/").status_code == 302

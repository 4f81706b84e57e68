import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

User = get_user_model()
NEW_PASSWORD = "another-Quiet-passphrase-77"


def signup(client, email: str, password: str = NEW_PASSWORD, **extra):
    return client.post(
        "/accounts/signup/",
        {"email": email, "password": password, "time_zone": "Europe/London"},
        **extra,
    )


def without_tokens(response) -> str:
    """The page with its per-request nonce and CSRF token blanked out."""
    html = response.content.decode()
    html = re.sub(r'nonce="[^"]+"', 'nonce=""', html)
    return re.sub(r'"x-csrftoken": "[^"]+"', '"x-csrftoken": ""', html)


def confirm_link(message) -> str:
    return re.search(r"http://[^/]+(/accounts/signup/confirm/\S+/)", message.body).group(1)


# --- Sign-up ------------------------------------------------------------------------------


def test_signing_up_sends_a_confirmation_link_that_signs_you_in(client, db):
    response = signup(client, "New.Person@Example.com")
    assert response["Location"] == "/accounts/signup/done/"
    user = User.objects.get()
    assert (user.email, user.is_active, user.time_zone) == (
        "new.person@example.com",
        False,
        "Europe/London",
    )
    link = confirm_link(mail.outbox[0])
    assert client.get(link).status_code == 200  # a button; a link scanner changes nothing
    assert not User.objects.get().is_active
    response = client.post(link)
    assert response["Location"] == "/today/"
    assert User.objects.get().is_active
    assert client.get("/today/").status_code == 200


def test_confirming_sign_up_verifies_the_address_for_reminders(client, db):
    from tracker.models import DataSettings

    signup(client, "new@example.com")
    user = User.objects.get()
    assert not DataSettings.objects.for_user(user).email_verified
    client.post(confirm_link(mail.outbox[0]))
    row = DataSettings.objects.for_user(user)
    assert row.email_verified
    assert row.verified_email == "new@example.com"


def test_a_confirmation_link_works_once(client, db):
    signup(client, "new@example.com")
    link = confirm_link(mail.outbox[0])
    client.post(link)
    client.post("/accounts/logout/")
    response = client.post(link)
    assert response.status_code == 200
    assert "expired" in response.content.decode()
    assert client.get("/today/").status_code == 302


def test_sign_up_does_not_reveal_whether_an_address_is_registered(client, owner, password):
    fresh = signup(Client(), "nobody@example.com")
    taken = signup(Client(), "OWNER@example.com")
    assert (fresh.status_code, fresh["Location"]) == (taken.status_code, taken["Location"])
    assert without_tokens(Client().get(fresh["Location"])) == without_tokens(
        Client().get(taken["Location"])
    )
    # The owner hears about it by email; their account is untouched.
    assert [m.to for m in mail.outbox] == [["nobody@example.com"], ["owner@example.com"]]
    assert "already have one" in mail.outbox[1].body
    owner.refresh_from_db()
    assert owner.check_password(password)
    assert User.objects.filter(email__iexact="owner@example.com").count() == 1


def test_sign_up_checks_the_password_with_djangos_validators(client, db):
    response = signup(client, "new@example.com", password="password")
    assert response.status_code == 200
    assert "too common" in response.content.decode()
    assert not User.objects.exists()


def test_sign_up_guesses_the_time_zone_from_the_browser(client, db):
    html = client.get("/accounts/signup/").content.decode()
    assert re.search(r'<select name="time_zone"[^>]*data-guess-time-zone', html)


def test_sign_up_requests_are_throttled_per_address(client, db):
    for n in range(10):
        assert signup(client, f"person{n}@example.com").status_code == 302
    response = signup(client, "one-more@example.com")
    assert response.status_code == 429
    assert "at most 10 an hour" in response.content.decode()
    # Another address is unaffected.
    assert signup(client, "elsewhere@example.com", REMOTE_ADDR="10.0.0.9").status_code == 302


def test_the_sign_up_count_is_kept_where_every_server_process_sees_it(client, db):
    """The count lives in the database cache table, not in one process's memory."""
    from django.db import connection

    signup(client, "counted@example.com")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM steady_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert any("throttle:signup:127.0.0.1" in key for key in keys)


# --- Password reset -----------------------------------------------------------------------


def test_password_reset_does_not_reveal_whether_an_address_is_registered(client, owner):
    known = Client().post("/accounts/password_reset/", {"email": "OWNER@example.com"})
    unknown = Client().post("/accounts/password_reset/", {"email": "nobody@example.com"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_password_reset_requests_are_throttled_per_address(client, db):
    for _ in range(10):
        client.post("/accounts/password_reset/", {"email": "x@example.com"})
    response = client.post("/accounts/password_reset/", {"email": "x@example.com"})
    assert response.status_code == 429


def test_a_reset_link_lets_you_choose_a_new_password(client, owner):
    client.post("/accounts/password_reset/", {"email": "owner@example.com"})
    link = re.search(r"http://[^/]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == "/accounts/reset/done/"
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)


@override_settings(SITE_URL="https://steady.test", ALLOWED_HOSTS=["*"])
def test_account_emails_link_to_site_url_whatever_the_host_header(owner):
    """Sign-up and reset links come from SITE_URL: a forged Host header must not be able
    to send someone a link to another site."""
    Client().post(
        "/accounts/password_reset/", {"email": "owner@example.com"}, HTTP_HOST="evil.example"
    )
    signup(Client(HTTP_HOST="evil.example"), "nobody@example.com")
    signup(Client(HTTP_HOST="evil.example"), "owner@example.com")
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        html = message.alternatives[0][0]
        assert "evil.example" not in message.body + html
        assert "https://steady.test/accounts/" in message.body
        assert 'href="https://steady.test/accounts/' in html
        # Account emails are not reminders: nothing to unsubscribe from.
        assert "List-Unsubscribe" not in message.extra_headers


# --- Sign-in ------------------------------------------------------------------------------


def login(client, email, password, **extra):
    return client.post("/accounts/login/", {"username": email, "password": password}, **extra)


def test_sign_in_is_case_insensitive_and_starts_a_new_session(client, owner, password):
    client.get("/accounts/login/")
    session = client.session
    session["probe"] = 1
    session.save()
    before = client.cookies["sessionid"].value
    response = login(client, "Owner@Example.COM", password)
    assert response["Location"] == "/today/"
    assert client.cookies["sessionid"].value != before


def test_a_wrong_password_is_refused_plainly(client, owner):
    response = login(client, "owner@example.com", "wrong")
    assert response.status_code == 200
    assert "correct email address and password" in response.content.decode()


def test_an_unconfirmed_account_cannot_sign_in(client, db):
    signup(client, "new@example.com")
    response = login(client, "new@example.com", NEW_PASSWORD)
    assert response.status_code == 200
    assert client.get("/today/").status_code == 302


@pytest.fixture
def strict_axes(settings):
    from axes.utils import reset

    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    reset()
    yield
    reset()


def test_repeated_failures_lock_that_account_from_that_address_then_unlock(
    client, owner, other_user, password, strict_axes
):
    for _ in range(3):
        login(client, "owner@example.com", "wrong")
    locked = login(client, "owner@example.com", password)
    assert locked.status_code == 429
    assert "Sign-in is paused" in locked.content.decode()
    # Another account from the same address, and the same account from elsewhere, still work.
    assert login(Client(), "other@example.com", password).status_code == 302
    assert login(Client(), "owner@example.com", password, REMOTE_ADDR="10.1.1.1").status_code == 302
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert login(Client(), "owner@example.com", password).status_code == 302


def test_failures_in_any_letter_case_count_against_the_same_lock(
    client, owner, password, strict_axes
):
    for spelling in ("Owner@Example.com", "OWNER@example.com", "owner@example.com"):
        login(client, spelling, "wrong")
    assert login(client, "owner@EXAMPLE.com", password).status_code == 429


# --- Password change and settings ---------------------------------------------------------


def test_changing_the_password_ends_other_sessions_but_not_this_one(owner, password):
    here, elsewhere = Client(), Client()
    login(here, "owner@example.com", password)
    login(elsewhere, "owner@example.com", password)
    response = here.post(
        "/accounts/password_change/",
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == "/accounts/password_change/done/"
    assert here.get("/today/").status_code == 200
    assert elsewhere.get("/today/").status_code == 302


def test_sign_out_is_post_only(owner_client):
    assert owner_client.get("/accounts/logout/").status_code == 405
    assert owner_client.post("/accounts/logout/")["Location"] == "/"


def test_settings_list_every_time_zone_sorted(owner_client):
    form = owner_client.get("/accounts/settings/").context["form"]
    names = [value for value, _ in form.fields["time_zone"].choices]
    assert names == sorted(names)
    assert {"UTC", "Europe/London", "America/Argentina/Buenos_Aires"} <= set(names)


def test_settings_save_display_name_time_zone_and_week_start(owner_client, owner):
    response = owner_client.post(
        "/accounts/settings/",
        {"display_name": "Liv", "time_zone": "Asia/Tokyo", "week_start": "6"},
    )
    assert response["Location"] == "/accounts/settings/"
    owner.refresh_from_db()
    assert (owner.display_name, owner.time_zone, owner.week_start) == ("Liv", "Asia/Tokyo", 6)


def test_settings_refuse_an_unknown_time_zone(owner_client, owner):
    response = owner_client.post(
        "/accounts/settings/", {"display_name": "", "time_zone": "Mars/Olympus", "week_start": "0"}
    )
    assert response.status_code == 400
    assert "Choose a time zone from the list." in response.content.decode()
    owner.refresh_from_db()
    assert owner.time_zone == "UTC"

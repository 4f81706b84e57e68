"""Signing in and out: allauth's sign-in, its one lockout, and clients behind proxies."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.tracker.accounts.helpers import NEW_PASSWORD, login, signup

PROXY = "10.0.0.1"  # the one trusted proxy in front of the site


def behind_proxy(client_ip: str) -> dict:
    """Request extras for a request that came through the proxy from client_ip."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_ip}


@pytest.fixture
def one_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


@pytest.fixture
def limit_3(settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed": "20/m/ip,3/15m/key",
    }


def test_sign_in_is_case_insensitive_and_starts_a_new_session(client, owner, password):
    client.get("/accounts/login/")
    session = client.session
    session["probe"] = 1
    session.save()
    before = client.cookies["sessionid"].value
    response = login(client, "Owner@Example.COM", password)
    assert response["Location"] == "/today/"
    assert client.cookies["sessionid"].value != before


def test_sign_in_goes_on_to_the_next_address(client, owner, password):
    response = client.post(
        "/accounts/login/?next=/progress/", {"login": "owner@example.com", "password": password}
    )
    assert response["Location"] == "/progress/"


def test_a_wrong_password_is_refused_plainly(client, owner):
    response = login(client, "owner@example.com", "wrong")
    assert response.status_code == 200
    assert "don&#x27;t match an account" in response.content.decode()


def test_an_unknown_address_gets_the_same_answer_as_a_wrong_password(owner):
    wrong = login(Client(), "owner@example.com", "wrong")
    unknown = login(Client(), "nobody@example.com", "wrong")
    assert wrong.status_code == unknown.status_code == 200
    strip = lambda r: r.content.decode().split("<main")[1].split("</main>")[0]  # noqa: E731
    import re

    def blank(html):
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        return html.replace("owner@example.com", "X").replace("nobody@example.com", "X")

    assert blank(strip(wrong)) == blank(strip(unknown))


def test_sign_in_before_confirming_says_so_and_offers_a_new_link(client, db):
    """Hole 5: it said "enter a correct email address and password"."""
    signup(Client(), "new@example.com")
    mail.outbox.clear()
    with time_machine.travel(timezone.now() + timedelta(minutes=4), tick=False):
        response = login(client, "new@example.com", NEW_PASSWORD)
        assert response["Location"] == "/accounts/confirm-email/"
        page = client.get(response["Location"]).content.decode()
    assert "Your email address isn't confirmed yet" in page
    assert "new@example.com" in page
    assert "Send the email again" in page
    assert [m.to for m in mail.outbox] == [["new@example.com"]]
    assert client.get("/today/").status_code == 302


def test_sign_in_before_confirming_is_not_counted_as_a_failure(client, db, limit_3):
    signup(Client(), "new@example.com")
    for _ in range(5):
        login(client, "new@example.com", NEW_PASSWORD)
    response = login(client, "new@example.com", "wrong")
    assert "paused" not in response.content.decode()
    assert "don&#x27;t match" in response.content.decode()


# --- The lockout --------------------------------------------------------------------------


def test_repeated_failures_pause_that_account_from_that_client_then_lift(
    owner, other_user, password, limit_3
):
    attacker = Client()
    for _ in range(3):
        login(attacker, "owner@example.com", "wrong")
    paused = login(attacker, "owner@example.com", password)
    assert paused.status_code == 200
    assert "Sign-in is paused" in paused.content.decode()
    # Another account from the same client, and the owner from elsewhere, still work.
    assert login(Client(), "other@example.com", password)["Location"] == "/today/"
    assert (
        login(Client(REMOTE_ADDR="10.1.1.1"), "owner@example.com", password)["Location"]
        == "/today/"
    )
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert login(attacker, "owner@example.com", password)["Location"] == "/today/"


def test_failures_in_any_letter_case_count_against_the_same_lock(owner, password, limit_3):
    client = Client()
    for spelling in ("Owner@Example.com", "OWNER@example.com", "owner@example.com"):
        login(client, spelling, "wrong")
    assert "Sign-in is paused" in login(client, "owner@EXAMPLE.com", password).content.decode()


def test_the_count_is_kept_where_every_server_process_sees_it(client, owner):
    """The default cache is the database table, not one process's memory."""
    from django.db import connection

    login(client, "owner@example.com", "wrong")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM steady_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert any("login_failed" in key for key in keys)


# --- Behind a proxy (hole 3) --------------------------------------------------------------


def test_behind_a_proxy_each_client_is_counted_on_its_own_for_sign_up(db, one_proxy):
    for n in range(11):
        response = signup(Client(), f"person{n}@example.com", **behind_proxy(f"203.0.113.{n}"))
        assert response.status_code == 302, n


def test_behind_a_proxy_one_client_is_limited_for_sign_up(db, one_proxy):
    for n in range(10):
        assert (
            signup(Client(), f"p{n}@example.com", **behind_proxy("203.0.113.5")).status_code == 302
        )
    response = signup(Client(), "one-more@example.com", **behind_proxy("203.0.113.5"))
    assert response.status_code == 429
    assert "Please wait a little" in response.content.decode()


def test_behind_a_proxy_guesses_from_one_client_never_lock_out_the_owner(
    owner, password, one_proxy, limit_3
):
    for _ in range(5):
        login(Client(), "owner@example.com", "wrong", **behind_proxy("198.51.100.7"))
    paused = login(Client(), "owner@example.com", password, **behind_proxy("198.51.100.7"))
    assert "Sign-in is paused" in paused.content.decode()
    response = login(Client(), "owner@example.com", password, **behind_proxy("203.0.113.20"))
    assert response["Location"] == "/today/"


def test_a_forged_forwarded_for_entry_does_not_make_a_new_client(
    owner, password, one_proxy, limit_3
):
    """The proxy appends the real address; only that last entry is believed."""
    for n in range(5):
        login(
            Client(),
            "owner@example.com",
            "wrong",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 198.51.100.7",
        )
    paused = login(Client(), "owner@example.com", password, **behind_proxy("198.51.100.7"))
    assert "Sign-in is paused" in paused.content.decode()


def test_a_client_ip_header_can_name_the_client_instead(owner, password, settings, limit_3):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    for _ in range(3):
        login(
            Client(), "owner@example.com", "wrong", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="198.51.100.7"
        )
    other = login(
        Client(), "owner@example.com", password, REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="203.0.113.9"
    )
    assert other["Location"] == "/today/"


def test_a_short_forwarded_for_header_is_not_an_error(owner, password, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    response = login(Client(), "owner@example.com", password, **behind_proxy("203.0.113.1"))
    assert response["Location"] == "/today/"


def test_the_reset_form_is_limited_per_client_behind_a_proxy(db, one_proxy):
    for n in range(10):
        Client().post(
            "/accounts/password/reset/",
            {"email": f"x{n}@example.com"},
            **behind_proxy("198.51.100.7"),
        )
    limited = Client().post(
        "/accounts/password/reset/", {"email": "y@example.com"}, **behind_proxy("198.51.100.7")
    )
    assert limited.status_code == 429
    other = Client().post(
        "/accounts/password/reset/", {"email": "y@example.com"}, **behind_proxy("203.0.113.3")
    )
    assert other.status_code == 302


# --- Signing out, and the admin -----------------------------------------------------------


def test_sign_out_asks_on_get_and_signs_out_on_post(owner_client):
    page = owner_client.get("/accounts/logout/")
    assert page.status_code == 200
    assert owner_client.get("/today/").status_code == 200
    assert owner_client.post("/accounts/logout/")["Location"] == "/"
    assert owner_client.get("/today/").status_code == 302


def test_the_admin_signs_in_on_the_sites_sign_in_page(client, make_user, password):
    make_user("staff@example.com", is_staff=True, is_superuser=True)
    response = client.get("/admin/")
    assert response["Location"].startswith("/admin/login/")
    response = client.get(response["Location"])
    assert response["Location"].startswith("/accounts/login/?next=")
    signed_in = client.post(
        response["Location"], {"login": "staff@example.com", "password": password}
    )
    assert signed_in["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_admin_refuses_people_who_are_not_staff(owner_client):
    assert owner_client.get("/admin/login/").status_code == 403


def test_the_admins_password_form_is_never_served(client, owner, password):
    response = client.post("/admin/login/", {"username": "owner@example.com", "password": password})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.get("/today/").status_code == 302

"""Password reset and change: allauth's, with Steady's copy, and the old addresses."""

from django.core import mail
from django.test import Client

from tests.conftest import reauthenticate
from tests.tracker.accounts.helpers import NEW_PASSWORD, link_in, login, without_tokens


def reset(client, email):
    return client.post("/accounts/password/reset/", {"email": email})


def test_the_old_reset_address_redirects_to_the_new_one(client, db):
    response = client.get("/accounts/password_reset/")
    assert response.status_code == 301 or response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/"
    assert client.get(response["Location"]).status_code == 200


def test_the_old_password_change_address_redirects(owner_client):
    assert (
        owner_client.get("/accounts/password_change/")["Location"] == "/accounts/password/change/"
    )


def test_password_reset_does_not_reveal_whether_an_address_is_registered(owner):
    known_client, unknown_client = Client(), Client()
    known = reset(known_client, "OWNER@example.com")
    unknown = reset(unknown_client, "nobody@example.com")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert without_tokens(known_client.get(known["Location"])) == without_tokens(
        unknown_client.get(unknown["Location"])
    )
    # Each address is written to: a link for the account, a note for the unknown one.
    known_mail, unknown_mail = mail.outbox
    assert "/accounts/password/reset/key/" in known_mail.body
    assert "/accounts/password/reset/key/" not in unknown_mail.body
    assert "there is no account" in unknown_mail.body


def test_a_reset_link_lets_you_choose_a_new_password(client, owner):
    reset(client, "owner@example.com")
    link = link_in(mail.outbox[0], "/accounts/password/reset/key/")
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response["Location"] == "/accounts/password/reset/key/done/"
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)
    assert login(Client(), "owner@example.com", NEW_PASSWORD)["Location"] == "/today/"


def test_a_used_reset_link_says_so(client, owner):
    reset(client, "owner@example.com")
    link = link_in(mail.outbox[0], "/accounts/password/reset/key/")
    form_url = client.get(link)["Location"]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    again = Client().get(link, follow=True)
    assert "This link no longer works" in again.content.decode()


def test_reset_requests_for_one_address_are_limited(db):
    for _ in range(3):
        reset(Client(REMOTE_ADDR="203.0.113.1"), "x@example.com")
    assert reset(Client(REMOTE_ADDR="203.0.113.2"), "x@example.com").status_code == 429
    assert len(mail.outbox) <= 3


def test_changing_the_password_ends_other_sessions_but_not_this_one(owner, password):
    here, elsewhere = Client(), Client()
    login(here, "owner@example.com", password)
    login(elsewhere, "owner@example.com", password)
    reauthenticate(here, password)
    response = here.post(
        "/accounts/password/change/",
        {"oldpassword": password, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert here.get("/today/").status_code == 200
    assert elsewhere.get("/today/").status_code == 302
    assert any("password" in m.subject.lower() for m in mail.outbox)


def test_the_password_pages_are_for_signed_in_people(client, db):
    response = client.get("/accounts/password/change/")
    assert response["Location"].startswith("/accounts/login/?next=")

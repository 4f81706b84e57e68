"""Account settings, and who may open each account page."""

import pytest
from allauth.mfa.models import Authenticator

from tests.conftest import reauthenticate


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


def test_settings_list_your_passkeys_and_only_yours(owner_client, owner, other_user):
    Authenticator.objects.create(user=owner, type="webauthn", data={"name": "My phone"})
    Authenticator.objects.create(user=other_user, type="webauthn", data={"name": "Otto's laptop"})
    html = owner_client.get("/accounts/settings/").content.decode()
    assert "My phone" in html
    assert "Otto" not in html
    assert "Add a passkey" in html


def test_passkey_pages_send_you_to_settings(owner_client):
    assert owner_client.get("/accounts/2fa/")["Location"] == "/accounts/settings/"
    assert owner_client.get("/accounts/2fa/webauthn/")["Location"] == "/accounts/settings/"


# --- Owner, other, anonymous --------------------------------------------------------------

SIGNED_IN_PAGES = [
    "/accounts/settings/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/webauthn/add/",
    "/accounts/data/",
    "/accounts/data/delete/",
    "/accounts/reauthenticate/",
]


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_the_owner_gets_each_page_private_and_uncached(fresh_owner_client, path):
    response = fresh_owner_client.get(path)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_owner_renames_and_removes_their_passkey(fresh_owner_client, owner):
    passkey = Authenticator.objects.create(user=owner, type="webauthn", data={"name": "My phone"})
    edit = f"/accounts/2fa/webauthn/keys/{passkey.pk}/edit/"
    assert fresh_owner_client.get(edit).status_code == 200
    assert fresh_owner_client.post(edit, {"name": "Work phone"}).status_code == 302
    passkey.refresh_from_db()
    assert passkey.data["name"] == "Work phone"
    remove = f"/accounts/2fa/webauthn/keys/{passkey.pk}/remove/"
    assert "Remove “Work phone”?" in fresh_owner_client.get(remove).content.decode()
    assert fresh_owner_client.post(remove).status_code == 302
    assert not Authenticator.objects.filter(pk=passkey.pk).exists()


@pytest.mark.parametrize("action", ["edit", "remove"])
def test_another_users_passkey_is_not_found(fresh_owner_client, other_user, action):
    theirs = Authenticator.objects.create(user=other_user, type="webauthn", data={"name": "Theirs"})
    url = f"/accounts/2fa/webauthn/keys/{theirs.pk}/{action}/"
    assert fresh_owner_client.get(url).status_code == 404
    assert fresh_owner_client.post(url, {"name": "Mine now"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.data["name"] == "Theirs"


@pytest.mark.parametrize("action", ["edit", "remove"])
def test_anonymous_visitors_cannot_touch_a_passkey(client, owner, action):
    passkey = Authenticator.objects.create(user=owner, type="webauthn", data={"name": "Mine"})
    response = client.post(f"/accounts/2fa/webauthn/keys/{passkey.pk}/{action}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert Authenticator.objects.filter(pk=passkey.pk).exists()


def test_adding_a_passkey_asks_for_the_password_first(owner_client, password):
    response = owner_client.get("/accounts/2fa/webauthn/add/")
    assert response["Location"].startswith("/accounts/reauthenticate/")
    reauthenticate(owner_client, password)
    page = owner_client.get("/accounts/2fa/webauthn/add/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Add a passkey" in html
    assert '<script src="/static/mfa/js/webauthn.js"' in html
    assert "creation_options" in html


def test_a_bad_passkey_answer_is_refused_without_an_error(fresh_owner_client, owner):
    response = fresh_owner_client.post(
        "/accounts/2fa/webauthn/add/",
        {"name": "x", "passwordless": "on", "credential": '{"id": 1}'},
    )
    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=owner).exists()
    response = fresh_owner_client.post(
        "/accounts/2fa/webauthn/add/", {"name": "x", "credential": "not json"}
    )
    assert response.status_code == 200


def test_a_bad_passkey_sign_in_is_refused_without_an_error(client, owner):
    response = client.post("/accounts/2fa/webauthn/login/", {"credential": '{"id": "nope"}'})
    assert response.status_code in (200, 302)
    assert client.get("/today/").status_code == 302
    assert client.post("/accounts/2fa/webauthn/login/", {"credential": "]]"}).status_code in (
        200,
        302,
    )


def test_a_bad_passkey_reauthentication_is_refused_without_an_error(owner_client, owner):
    Authenticator.objects.create(user=owner, type="webauthn", data={"name": "Mine"})
    for credential in (
        '{"id": "nope"}',
        '{"id": "a", "rawId": "!!", "type": "public-key", "response": {}}',
    ):
        response = owner_client.post(
            "/accounts/2fa/webauthn/reauthenticate/", {"credential": credential}
        )
        # allauth answers a failed passkey check by going back, with the reason as a message.
        assert response.status_code == 302
        messages = [str(m) for m in response.wsgi_request._messages]
        assert any("That passkey didn" in m for m in messages)


def test_the_password_page_offers_a_passkey_only_to_people_who_have_one(owner_client, owner):
    page = owner_client.get("/accounts/reauthenticate/?next=/accounts/2fa/webauthn/add/")
    assert "Use a passkey instead" not in page.content.decode()
    Authenticator.objects.create(user=owner, type="webauthn", data={"name": "Mine"})
    page = owner_client.get("/accounts/reauthenticate/?next=/accounts/2fa/webauthn/add/")
    assert "Use a passkey instead" in page.content.decode()


@pytest.mark.parametrize("path", ["/accounts/settings/", "/accounts/email/"])
def test_another_user_sees_only_their_own_account(other_client, owner, path):
    html = other_client.get(path).content.decode()
    assert "other@example.com" in html
    assert "owner@example.com" not in html


def test_another_users_settings_cannot_be_changed_from_here(other_client, owner, other_user):
    other_client.post(
        "/accounts/settings/", {"display_name": "Mallory", "time_zone": "UTC", "week_start": "0"}
    )
    owner.refresh_from_db()
    other_user.refresh_from_db()
    assert owner.display_name == "Olive"
    assert other_user.display_name == "Mallory"

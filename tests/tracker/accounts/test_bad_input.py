"""Junk sent to any account page is answered, never with a server error."""

import pytest

JUNK = {
    "login": "x" * 5000,
    "email": "@@@",
    "password": "\x00",
    "password1": "",
    "credential": "{",
    "next": "javascript:alert(1)",
    "time_zone": "../../etc",
    "week_start": "-1",
}

ANONYMOUS_POSTS = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/key/zz-zz/",
    "/accounts/confirm-email/",
    "/accounts/confirm-email/zz/",
    "/accounts/2fa/webauthn/login/",
    "/accounts/logout/",
]

SIGNED_IN_POSTS = [
    "/accounts/settings/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/reauthenticate/",
    "/accounts/2fa/webauthn/add/",
    "/accounts/2fa/webauthn/keys/999999/edit/",
    "/accounts/2fa/webauthn/keys/999999/remove/",
]


@pytest.mark.parametrize("path", ANONYMOUS_POSTS)
def test_junk_from_a_visitor_is_answered(client, db, path):
    assert client.post(path, JUNK).status_code < 500
    assert client.get(path + "?next=//evil.example").status_code < 500


@pytest.mark.parametrize("path", SIGNED_IN_POSTS)
def test_junk_from_a_signed_in_person_is_answered(fresh_owner_client, path):
    assert fresh_owner_client.post(path, JUNK).status_code < 500


def test_a_next_address_elsewhere_is_never_followed(client, owner, password):
    response = client.post(
        "/accounts/login/?next=https://evil.example/",
        {"login": "owner@example.com", "password": password},
    )
    assert response["Location"] == "/today/"

"""Shared steps for the account tests: sign up, sign in, find the links in emails."""

import re

from django.core import mail

NEW_PASSWORD = "another-Quiet-passphrase-77"


def signup(client, email: str, password: str = NEW_PASSWORD, next_url: str = "", **extra):
    data = {
        "email": email,
        "password1": password,
        "time_zone": "Europe/London",
        "week_start": "0",
    }
    if next_url:
        data["next"] = next_url
    return client.post("/accounts/signup/", data, **extra)


def login(client, email: str, password: str, **extra):
    return client.post("/accounts/login/", {"login": email, "password": password}, **extra)


def link_in(message, path_prefix: str) -> str:
    """The site-relative link starting with path_prefix in an email's text."""
    found = re.search(r"https?://[^/\s]+(" + re.escape(path_prefix) + r"\S*)", message.body)
    assert found, f"No {path_prefix} link in: {message.body}"
    return found.group(1)


def confirm_link(message) -> str:
    return link_in(message, "/accounts/confirm-email/")


def outbox_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def without_tokens(response) -> str:
    """The page with its per-request nonce and CSRF tokens blanked out."""
    html = response.content.decode()
    html = re.sub(r'nonce="[^"]+"', 'nonce=""', html)
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'"x-csrftoken": "[^"]+"', '"x-csrftoken": ""', html)

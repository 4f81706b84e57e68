"""Accounts in a real browser: passkeys with Chromium's virtual authenticator, and
allauth's pages in Steady's design (axe, no console errors, no CSP violations)."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail

from tests.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-Long-and-Quiet-passphrase-42"


@pytest.fixture
def helper(django_user_model):
    user = django_user_model.objects.create_user(email="helper@example.com", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


@pytest.fixture
def authenticator(page):
    """A platform authenticator with a fingerprint reader that always says yes."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    found = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return cdp, found["authenticatorId"]


def localhost(live_server) -> str:
    """Passkeys need a host name (never an IP address) as the relying party."""
    return live_server.url.replace("127.0.0.1", "localhost")


def sign_in_with_password(page, url):
    page.goto(url + "/accounts/login/")
    page.get_by_label("Email address").fill("helper@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_role("heading", name="Today", exact=True).wait_for()


def test_add_a_passkey_then_sign_in_with_it(live_server, page, helper, authenticator):
    cdp, authenticator_id = authenticator
    url = localhost(live_server)
    sign_in_with_password(page, url)

    # Account settings → Add a passkey → the password again → name it → fingerprint.
    page.goto(url + "/accounts/settings/")
    page.get_by_role("link", name="Add a passkey").click()
    page.get_by_role("heading", name="Confirm it's you").wait_for()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Add a passkey").wait_for()
    assert_accessible(page, context="on add a passkey")
    page.get_by_label("Name it").fill("My phone")
    page.get_by_role("button", name="Add a passkey").click()
    page.get_by_role("heading", name="Your account").wait_for()
    assert page.locator(".passkey-list strong").inner_text() == "My phone"
    assert_accessible(page, context="on settings with a passkey")

    passkey = Authenticator.objects.get(user=helper)
    assert passkey.type == "webauthn" and passkey.data["name"] == "My phone"
    stored = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert len(stored["credentials"]) == 1
    assert stored["credentials"][0]["isResidentCredential"]  # a passkey, not just a key
    assert stored["credentials"][0]["rpId"] == "localhost"
    assert [m.subject for m in mail.outbox] == ["A passkey was added to your Steady account"]

    # Next time: no password, just the passkey.
    page.locator(".nav-menu summary").click()  # Sign out sits in the menu
    page.get_by_role("button", name="Sign out").click()
    page.goto(url + "/accounts/login/")
    assert_accessible(page, context="on sign-in with passkeys")
    page.get_by_role("button", name="Sign in with a passkey").click()
    page.get_by_role("heading", name="Today", exact=True).wait_for()
    passkey.refresh_from_db()
    assert passkey.data.get("name") == "My phone"


def test_a_passkey_can_confirm_its_you_before_an_export(live_server, page, helper, authenticator):
    url = localhost(live_server)
    sign_in_with_password(page, url)
    page.goto(url + "/accounts/settings/")
    page.get_by_role("link", name="Add a passkey").click()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Add a passkey").click()
    page.get_by_role("heading", name="Your account").wait_for()

    # Later (the password was given too long ago), exporting asks again: use the passkey.
    # Through the session engine, which keeps its cache in step with the rows.
    from importlib import import_module

    from django.conf import settings
    from django.contrib.sessions.models import Session

    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in Session.objects.values_list("session_key", flat=True):
        session = store(session_key=key)
        methods = session.get("account_authentication_methods", [])
        for record in methods:
            record["at"] -= 3600
        session["account_authentication_methods"] = methods
        session.save()
    page.goto(url + "/accounts/data/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my data").click()
        page.get_by_role("heading", name="Confirm it's you").wait_for()
        page.get_by_role("link", name="Use a passkey instead").click()
        page.get_by_role("button", name="Use my passkey").click()
    assert re.match(r"steady-export-.*\.json", download.value.suggested_filename)


def test_a_failed_passkey_says_so_next_to_the_button(live_server, page, helper):
    """The fingerprint check fails: the browser refuses, and the page says what to do."""
    url = localhost(live_server)
    page.goto(url + "/accounts/login/")
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": False,
            }
        },
    )
    page.get_by_role("button", name="Sign in with a passkey").click()
    page.get_by_role("alert").get_by_text("use your password").wait_for(timeout=20_000)
    assert page.get_by_role("heading", name="Sign in", exact=True).is_visible()


def test_the_account_pages_look_like_steady_and_pass_axe(live_server, page, helper):
    url = localhost(live_server)
    for path, heading in [
        ("/accounts/signup/", "Create an account"),
        ("/accounts/login/", "Sign in"),
        ("/accounts/password/reset/", "Reset your password"),
    ]:
        page.goto(url + path)
        page.get_by_role("heading", name=heading, exact=True).wait_for()
        assert page.locator("link[href$='css/steady.css']").count() == 1
        assert_accessible(page, context=f"on {path}")
    sign_in_with_password(page, url)
    # Changing the password asks for the current one on the form itself.
    page.goto(url + "/accounts/password/change/")
    page.get_by_role("heading", name="Change your password").wait_for()
    assert_accessible(page, context="on change your password")
    page.goto(url + "/accounts/settings/")
    assert_accessible(page, context="on settings")
    page.goto(url + "/accounts/logout/")
    page.get_by_role("heading", name="Sign out").wait_for()
    assert_accessible(page, context="on sign out")


def test_sign_up_confirm_and_land_on_today(live_server, page):
    url = localhost(live_server)
    page.goto(url + "/")
    page.get_by_role("link", name="Create an account").first.click()
    page.get_by_label("Email address").fill("new@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("First day of the week").select_option(label="Sunday")
    page.get_by_role("button", name="Create my account").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    assert "new@example.com" in page.locator("main").inner_text()
    link = re.search(r"http://[^/]+(/accounts/confirm-email/\S+)", mail.outbox[-1].body)
    page.goto(url + link.group(1))
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="Today", exact=True).wait_for()
    from tracker.models import User

    assert User.objects.get(email="new@example.com").week_start == 6

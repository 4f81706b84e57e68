import pytest
from django.conf import settings

from tests.browser import assert_accessible
from tests.tracker.factories import promise
from tracker import emails
from tracker.models import DataSettings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, client, live_server, user):
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def test_the_data_page_works_with_htmx_and_is_accessible(live_server, page, client, owner):
    promise(owner)
    sign_in(page, client, live_server, owner)
    page.goto(live_server.url + "/accounts/data/")
    assert_accessible(page, context="on the data page")

    page.get_by_label("send me a morning summary").check()
    page.get_by_label("Summary time").fill("06:45")
    page.get_by_role("button", name="Save reminder settings").click()
    page.get_by_role("status").get_by_text("Your reminder settings are saved.").wait_for()
    row = DataSettings.objects.get(user=owner)
    assert row.digest_enabled and row.digest_time.strftime("%H:%M") == "06:45"

    old = row.feed_token
    page.get_by_role("button", name="Make a new address").click()
    page.get_by_role("status").get_by_text("Your calendar has a new address").wait_for()
    new = DataSettings.objects.get(user=owner).feed_token
    assert new != old
    assert new in page.get_by_label("Calendar address").input_value()
    assert_accessible(page, context="on the data page after swaps")


def test_the_delete_and_email_pages_are_accessible(live_server, page, client, owner, password):
    sign_in(page, client, live_server, owner)
    page.goto(live_server.url + "/accounts/data/delete/")
    page.get_by_role("heading", name="Confirm it's you").wait_for()
    assert_accessible(page, context="on the password-again page")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Delete your account").wait_for()
    assert_accessible(page, context="on the delete page")
    page.goto(live_server.url + "/accounts/email/")
    page.get_by_role("heading", name="Your email address").wait_for()
    assert_accessible(page, context="on the email page")


def test_the_unsubscribe_page_works_signed_out(live_server, page, owner):
    token = emails.unsubscribe_token(owner.pk)
    page.goto(f"{live_server.url}/accounts/data/unsubscribe/{token}/")
    assert_accessible(page, context="on the unsubscribe page")
    page.get_by_role("button", name="Stop reminder emails").click()
    page.get_by_text("Done:").wait_for()
    assert not DataSettings.objects.for_user(owner).reminders_enabled

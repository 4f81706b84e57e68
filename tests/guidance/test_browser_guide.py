"""A reader's journey through the guide in a real browser, with HTMX and the strict CSP."""

import re

import pytest
from django.conf import settings

from guidance.models import ReadingProgress
from tests.browser import assert_accessible, wait_until

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def _sign_in(page, client, live_server, user) -> None:
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_a_signed_out_reader_reads_the_guide(live_server, page):
    page.goto(live_server.url + "/guide/")
    assert_accessible(page, context="on the guide's contents")
    page.get_by_role("link", name="Value the little things").first.click()
    page.wait_for_url("**/guide/value-the-little-things/")
    assert page.locator("h1").inner_text() == "Value the little things"
    assert page.get_by_text("needs a free account").is_visible()
    assert_accessible(page, context="on a practice page, signed out")


def test_search_updates_as_you_type(live_server, page):
    page.goto(live_server.url + "/guide/search/")
    assert_accessible(page, context="on the empty search page")
    page.get_by_label("Words to look for").press_sequentially("leap", delay=40)
    status = page.locator("#search-status")
    status.filter(has_text="1 result for “leap”.").wait_for()
    assert page.locator("#search-results mark").first.inner_text().lower() == "leap"
    assert page.url.endswith("/guide/search/?q=leap")
    assert_accessible(page, context="on search results")


def test_a_signed_in_reader_marks_a_practice_read_without_a_reload(
    live_server, page, client, owner
):
    _sign_in(page, client, live_server, owner)
    page.goto(live_server.url + "/guide/value-the-little-things/")
    page.evaluate("window.__notReloaded = true")
    page.get_by_role("button", name="Mark as read").click()
    page.get_by_role("button", name="Mark as not read").wait_for()
    page.locator("#messages").filter(has_text="as read").wait_for()
    assert page.evaluate("window.__notReloaded") is True
    assert ReadingProgress.objects.filter(user=owner).count() == 1
    # Focus moves after htmx settles the swap; wait for it rather than racing it.
    wait_until(
        page,
        "() => document.activeElement && document.activeElement.textContent.trim() === 'Mark as not read'",
    )
    assert page.get_by_role(
        "link", name=re.compile("Start this.*Arrive five minutes early")
    ).is_visible()
    assert_accessible(page, context="on a practice page, signed in, after marking read")
    page.get_by_role("button", name="Mark as not read").click()
    page.get_by_role("button", name="Mark as read").wait_for()
    assert page.evaluate("window.__notReloaded") is True


def test_the_guide_is_accessible_in_dark_mode(live_server, dark_page):
    dark_page.goto(live_server.url + "/guide/search/?q=trust")
    assert_accessible(dark_page, context="on search results (dark)")
    dark_page.goto(live_server.url + "/")
    assert_accessible(dark_page, context="on the home page (dark)")

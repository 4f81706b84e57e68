"""The commitment page in a real browser: older check-ins load in place, focus follows."""

import pytest
from django.conf import settings
from django.test import Client

from tests.browser import assert_accessible, wait_until
from tests.tracker.factories import make_daily_history

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def focused(page, element_id: str) -> None:
    """Wait until `element_id` has focus: steady.js moves it on htmx:afterSettle, which
    comes a moment after the new entries are in the page (checking at once raced it)."""
    wait_until(page, "id => document.activeElement.id === id", element_id, timeout=2000)


def test_older_check_ins_load_in_place_and_take_focus(live_server, page, owner):
    walk = make_daily_history(owner, today=owner.local_today(), days=70)
    sign_in(page, live_server, owner)
    page.goto(live_server.url + f"/track/{walk.pk}/")
    history = page.locator(".history li")
    assert history.count() == 30
    assert_accessible(page, context="on a commitment page with a long history")

    page.evaluate("window.__notReloaded = true")
    page.get_by_role("link", name="Show older check-ins").click()
    page.get_by_text("Day 60.").wait_for()
    assert history.count() == 60
    focused(page, "history-from-31")
    assert page.evaluate("window.__notReloaded") is True

    # Keyboard: the next link is reachable and loads the rest.
    page.get_by_role("link", name="Show older check-ins").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Day 70.").wait_for()
    assert history.count() == 70
    focused(page, "history-from-61")
    assert page.get_by_role("link", name="Show older check-ins").count() == 0
    assert_accessible(page, context="after loading older check-ins")

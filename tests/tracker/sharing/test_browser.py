"""In a real browser: the helper shares a page, the person opens the link in a fresh
browser (no account, no cookies), the helper stops sharing; and the repair offer after
recording a miss on Today."""

from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.test import Client

from tests.browser import assert_accessible, watch
from tests.tracker.factories import make_checkin, make_person, make_routine

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_the_helper_shares_the_person_opens_it_and_the_helper_stops_it(
    live_server, page, browser, owner
):
    today = owner.local_today()
    sam = make_person(owner, "Sam", note="PRIVATE-NOTE")
    walk = make_routine(
        owner, start_date=today - timedelta(days=7), title="Evening walk", person=sam
    )
    make_checkin(walk, today - timedelta(days=1), "kept", shared_note="The sunset was lovely.")
    make_checkin(walk, today - timedelta(days=2), "missed", note="PRIVATE-CHECKIN")
    sign_in(page, live_server, owner)

    page.goto(live_server.url + "/people/")
    page.get_by_role("link", name="Sam", exact=True).click()
    page.get_by_role("heading", name="A page you can share with Sam").wait_for()
    assert_accessible(page, context="on the person page")
    page.get_by_label("Evening walk").check()
    page.get_by_role("button", name="Save what is shared").click()
    page.get_by_text("Their page shows 1 commitment.").wait_for()
    page.get_by_label("your name as they see it").fill("Olive")
    page.get_by_role("button", name="Make a link").click()
    page.get_by_text("The link is open.").wait_for()
    shown = page.get_by_label("The link to send Sam").input_value()
    assert "/p/" in shown
    # The link is built on SITE_URL; the test server listens elsewhere.
    link = live_server.url + urlparse(shown).path
    assert_accessible(page, context="on the person page with a live link")

    page.get_by_role("link", name="See the page as Sam sees it").click()
    page.get_by_text("A preview, exactly as Sam sees it.").wait_for()

    friend = browser.new_context()
    try:
        visit = friend.new_page()
        problems = watch(visit)
        visit.goto(link)
        visit.get_by_role("heading", name="What Olive promised you").wait_for()
        body = visit.locator("main").inner_text()
        assert "Evening walk" in body and "The sunset was lovely." in body
        assert "Missed" in body
        assert "PRIVATE" not in visit.content()
        assert_accessible(visit, context="on the shared page")
        assert friend.cookies() == []

        page.goto(live_server.url + f"/people/{sam.pk}/")
        page.get_by_role("button", name="Stop sharing now").click()
        page.get_by_text("Sharing is stopped").wait_for()

        response = visit.reload()
        assert response.status == 404
        visit.get_by_role("heading", name="This link isn’t open").wait_for()
        assert_accessible(visit, context="on a closed link")
        assert friend.cookies() == []
        problems.collect_csp(visit)
        # The closed link answers 404, which Chromium reports as a failed resource.
        found = [p for p in problems.summary() if "404" not in p]
        assert not found, found
    finally:
        friend.close()


def test_recording_a_miss_offers_a_repair_that_can_be_dismissed_or_written(
    live_server, page, owner
):
    today = owner.local_today()
    sam = make_person(owner, "Sam")
    make_routine(owner, start_date=today, title="Call Sam", person=sam)
    make_routine(owner, start_date=today, title="Text Sam", person=sam)
    sign_in(page, live_server, owner)
    page.goto(live_server.url + "/today/")

    row = page.locator(".occurrence", has_text="Text Sam")
    row.locator("summary", has_text="More").click()  # the other answers sit behind "More"
    row.get_by_role("button", name="Missed").click()
    offer = page.locator(".repair-offer")
    offer.wait_for()
    assert_accessible(page, context="with the repair offer on Today")
    offer.get_by_role("button", name="Not now").click()
    offer.wait_for(state="detached")

    row = page.locator(".occurrence", has_text="Call Sam")
    row.locator("summary", has_text="More").click()
    row.get_by_role("button", name="Missed").click()
    page.locator(".repair-offer").get_by_role("link", name="Write a repair").click()
    page.get_by_role("heading", name="Turning it into a repair").wait_for()
    assert_accessible(page, context="on the repair page")
    page.get_by_label("Offer a new time, with notice").check()
    page.locator("#id_promise_date").fill((today + timedelta(days=2)).isoformat())
    page.locator("#id_promise_time").fill("18:00")
    page.get_by_label("note for them").fill("Sorry, Sam. Thursday at six?")
    page.get_by_role("button", name="Save the repair").click()
    page.get_by_text("Your repair is saved.").wait_for()
    assert page.url.split("#")[0].endswith("/today/")  # back on Today, at the row
    page.goto(live_server.url + "/journal/repairs/")
    page.get_by_text("Sorry, Sam. Thursday at six?").wait_for()
    assert_accessible(page, context="on the journal's repairs")

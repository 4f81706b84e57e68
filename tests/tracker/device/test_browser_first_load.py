"""A first load of Today in a fresh browser, counted as the benchmark counts it (issue 16):
the page, its stylesheet and its one script; the favicon is inside the page."""

import pytest

from tests.tracker.factories import routine

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_first_load_of_today_makes_at_most_four_requests(live_server, page, sign_in, owner):
    routine(owner, title="Walk with Sam", start_date=owner.local_today())
    sign_in(page, owner)
    urls = []
    # The page's own requests, from the DevTools protocol, as bench/run.py counts them.
    cdp = page.context.new_cdp_session(page)
    cdp.on("Network.requestWillBeSent", lambda event: urls.append(event["request"]["url"]))
    cdp.send("Network.enable")
    page.goto(live_server.url + "/today/", wait_until="load")
    page.wait_for_load_state("networkidle")
    fetched = [url.removeprefix(live_server.url) for url in urls if not url.startswith("data:")]
    assert fetched == ["/today/", "/static/css/steady.css", "/static/js/bundle.js"]
    assert len(urls) <= 4, urls
    # The bundle ran: htmx and Steady's scripts are there.
    assert page.evaluate("() => Boolean(window.htmx && window.SteadyQueue)")

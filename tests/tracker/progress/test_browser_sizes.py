"""Progress, data and journal pages on a phone (390×844) and a laptop (1280×800), in light
and dark: axe finds nothing, the page never scrolls sideways, charts open at their newest
end, and the progress page is saved as a screenshot in test-results/."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from bench.seed import seed
from tests.browser import assert_accessible, wait_until, watch
from tests.tracker.factories import make_checkin, make_routine

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULTS = Path("test-results")
SIZES = {"phone": (390, 844), "laptop": (1280, 800)}
COMBINATIONS = [(size, scheme) for size in SIZES for scheme in ("light", "dark")]


@pytest.fixture
def sized(browser, request, delete_output_dir):
    """A page at one of SIZES in one colour scheme, failing on console errors and CSP
    violations like the suite's `page` fixture. (pytest-playwright empties test-results/
    once per session in `delete_output_dir`: asked for here, so it has run before the
    screenshots are saved there.)"""
    size, scheme = request.param
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems = watch(page)
    yield page, size, scheme
    problems.collect_csp(page)
    context.close()
    found = problems.summary()
    assert not found, "The page reported problems:\n" + "\n".join(found)


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page is {width}px wide"


@pytest.fixture
def helper():
    """The benchmark's helper (a year of 20 commitments, a few days unrecorded), plus a
    routine backdated 60 days with only the last two recorded."""
    user = seed()["user"]
    today = user.local_today()
    backdated = make_routine(user, title="Text goodnight", start_date=today - timedelta(days=60))
    make_checkin(backdated, today - timedelta(days=1))
    make_checkin(backdated, today - timedelta(days=2))
    return user


@pytest.mark.parametrize("sized", COMBINATIONS, indirect=True, ids=lambda c: "-".join(c))
def test_progress_data_and_journal_pages(live_server, sized, helper):
    page, size, scheme = sized
    sign_in(page, live_server, helper)

    page.goto(live_server.url + "/progress/")
    assert_accessible(page, context=f"on /progress/ ({size}, {scheme})")
    no_sideways_scroll(page)
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"progress-{size}-{scheme}.png"), full_page=True)
    heatmap = page.locator("figure.chart", has_text="Calendar of the last 12 months")
    frame = heatmap.locator(".chart-frame")
    assert frame.get_attribute("tabindex") == "0"
    # Today's square (the last one drawn) is in view without scrolling.
    today_box = heatmap.locator("svg rect[class^='heat-']").last.bounding_box()
    frame_box = frame.bounding_box()
    assert frame_box["x"] <= today_box["x"]
    assert today_box["x"] + today_box["width"] <= frame_box["x"] + frame_box["width"] + 0.5
    # The last month's name is drawn whole inside the chart ("Dec", not "De").
    assert page.evaluate(
        """() => {
          const svg = document.querySelector("figure.chart .chart-svg-heatmap");
          const labels = [...svg.querySelectorAll("text")];
          const last = labels[labels.length - 1];
          const box = last.getBBox();
          return box.x + box.width <= svg.viewBox.baseVal.width;
        }"""
    )
    if size == "phone":
        # Wider than the phone: it scrolls, from the keyboard too, towards older days.
        assert frame.evaluate("e => e.scrollWidth > e.clientWidth")
        frame.focus()
        page.keyboard.press("ArrowLeft")
        wait_until(page, "e => e.scrollLeft < 0", frame.element_handle())

    page.goto(live_server.url + "/accounts/data/")
    assert_accessible(page, context=f"on the data page ({size}, {scheme})")
    no_sideways_scroll(page)

    for url in ("/journal/", "/journal/boundaries/", "/journal/support/"):
        page.goto(live_server.url + url)
        assert_accessible(page, context=f"on {url} ({size}, {scheme})")
        no_sideways_scroll(page)


@pytest.mark.parametrize("sized", [("phone", "light")], indirect=True, ids=["phone-light"])
def test_the_backdated_routine_reads_as_counts_of_what_was_recorded(live_server, sized, helper):
    page, _, _ = sized
    sign_in(page, live_server, helper)
    page.goto(live_server.url + "/progress/")
    page.get_by_label("Promise or routine").select_option(label="Text goodnight")
    page.locator("#progress-status", has_text="1 promise or routine").wait_for()
    headline = page.locator(".progress-headline")
    assert "Kept 2 of 2 recorded · 27 not recorded" in headline.inner_text()
    assert "%" not in headline.locator(".rate-number").inner_text()
    assert_accessible(page, context="on a mostly unrecorded routine's progress")


@pytest.mark.parametrize("sized", [("phone", "dark")], indirect=True, ids=["phone-dark"])
def test_copying_the_calendar_address_and_logging_a_test_with_no_boundaries(
    live_server, sized, owner
):
    page, _, _ = sized
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    sign_in(page, live_server, owner)
    page.goto(live_server.url + "/accounts/data/")
    address = page.get_by_label("Calendar address").input_value()
    page.get_by_role("button", name="Copy the calendar address").click()
    page.locator("#feed-copied", has_text="Copied.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == address
    assert_accessible(page, context="after copying the calendar address")
    # A new address swaps the section in place: its Copy button is shown again and the
    # news is said beside the button that was used.
    page.get_by_role("button", name="Make a new address").click()
    page.locator("#feed-saved", has_text="Your calendar has a new address.").wait_for()
    # steady.js shows it once htmx has settled the swap, a moment after the text arrives.
    page.get_by_role("button", name="Copy the calendar address").wait_for(state="visible")
    assert page.get_by_label("Calendar address").input_value() != address

    page.goto(live_server.url + "/journal/")
    page.get_by_role("link", name="Log a boundary test").click()
    explanation = page.locator("#journal-editor", has_text="First, write down a boundary")
    explanation.wait_for()
    assert page.url.endswith("/journal/")  # opened in place, not sent elsewhere
    assert_accessible(page, context="on the journal's no-boundaries explanation")
    explanation.get_by_role("link", name="Add a boundary").click()
    page.wait_for_url("**/journal/boundary/new/")


def test_without_javascript_the_address_is_a_field_to_select(live_server, browser, owner):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, owner)
    page.goto(live_server.url + "/accounts/data/")
    field = page.get_by_label("Calendar address")
    assert field.is_visible() and field.get_attribute("readonly") is not None
    assert not page.locator("[data-copy]").is_visible()  # a button that could do nothing
    context.close()

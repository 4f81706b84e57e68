"""Today and the commitment page on a phone and a desktop, with the benchmark's year of data.

Screenshots land in test-results/screens/ so a reviewer can look at what was tested.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests.browser import assert_accessible, wait_until, watch

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
SCREENS = Path(settings.BASE_DIR) / "test-results" / "screens"


@pytest.fixture
def bench():
    from bench.seed import seed

    return seed()


@pytest.fixture
def open_page(browser, live_server):
    """A signed-in page at a size and colour scheme; fails on console or CSP errors."""
    opened = []

    def open_(user, size: str, scheme: str = "light", **options):
        width, height = SIZES[size]
        context = browser.new_context(
            viewport={"width": width, "height": height}, color_scheme=scheme, **options
        )
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        page = context.new_page()
        page.set_default_timeout(10_000)
        opened.append((context, page, watch(page)))
        return page

    yield open_
    for context, page, problems in opened:
        problems.collect_csp(page)
        context.close()
        assert not problems.summary(), problems.summary()


def measure(page) -> dict:
    return page.evaluate(
        """() => ({
            height: document.documentElement.scrollHeight,
            scrollWidth: document.documentElement.scrollWidth,
            width: window.innerWidth,
            dueOnFirstScreen: [...document.querySelectorAll('#due-heading ~ ul > li')]
                .filter(li => li.getBoundingClientRect().bottom <= window.innerHeight).length,
        })"""
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_today_with_a_year_of_history_fits_the_screen(bench, open_page, live_server, size, scheme):
    page = open_page(bench["user"], size, scheme)
    page.goto(live_server.url + "/today/")
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENS / f"today-{size}-{scheme}.png", full_page=True)
    found = measure(page)
    assert found["scrollWidth"] <= found["width"], "Today scrolls sideways"
    if size == "phone":
        assert found["dueOnFirstScreen"] >= 5, found
        assert found["height"] <= 3 * SIZES["phone"][1], found
    assert_accessible(page, context=f"on Today ({size}, {scheme})")
    page.get_by_text("Show what's coming up").click()
    upcoming = page.locator(".upcoming dd").first
    upcoming.wait_for()  # fetched on request and put in place
    assert upcoming.is_visible() and upcoming.get_by_role("link").is_visible()
    # Focus stays where the list opened (moved once htmx settles the swap).
    wait_until(page, '() => document.activeElement.textContent === "What\'s coming up"')
    page.screenshot(path=SCREENS / f"today-{size}-{scheme}-upcoming.png", full_page=True)
    assert measure(page)["scrollWidth"] <= found["width"], "the next 7 days scroll sideways"
    assert_accessible(page, context=f"on Today with the next 7 days open ({size}, {scheme})")

    page.goto(live_server.url + f"/track/{bench['checkin_commitment']}/")
    page.screenshot(path=SCREENS / f"commitment-{size}-{scheme}.png", full_page=True)
    # The progress panel's charts (their sideways scroll on a phone, and keyboard access to
    # their scrolling frames) are the progress area's, tested with it.
    assert_accessible(
        page, context=f"on the commitment page ({size}, {scheme})", exclude=(".chart-frame",)
    )


def test_one_tap_records_kept_and_says_so_in_place(bench, open_page, live_server):
    page = open_page(bench["user"], "phone")
    page.goto(live_server.url + "/today/")
    page.evaluate("window.__sameDocument = true")
    row = page.locator("#due-heading ~ ul > li", has=page.locator("button.checkin-kept")).first
    key = row.get_attribute("data-row")
    row.locator("button.checkin-kept").click()
    said = page.locator(f"[data-row='{key}'] .occ-said")
    said.wait_for()
    assert page.locator(f"[data-row='{key}']").count() == 1  # replaced, not filled
    assert said.locator(".state").inner_text() == "Kept"
    assert said.locator(".occ-fact").inner_text().startswith("· ")  # one encouraging fact
    assert said.is_visible()
    assert page.evaluate("window.__sameDocument === true")
    wait_until(page, "() => document.activeElement.classList.contains('occ-said')")
    assert_accessible(page, context="after recording Kept")
    page.screenshot(path=SCREENS / "today-phone-after-kept.png")

    page.locator(f"[data-row='{key}']").get_by_role("button", name="Undo").click()
    page.locator(f"[data-row='{key}'] button.checkin-kept").wait_for()


def test_more_holds_the_other_answers(bench, open_page, live_server):
    page = open_page(bench["user"], "phone")
    page.goto(live_server.url + "/today/")
    first = page.locator("#due-heading ~ ul > li", has=page.locator("button.checkin-kept")).first
    row = page.locator(f"[data-row='{first.get_attribute('data-row')}']")
    assert not row.get_by_role("button", name="Missed").is_visible()
    row.locator("summary").click()
    assert row.get_by_role("button", name="Missed").is_visible()
    assert_accessible(page, context="with a row's More menu open")
    row.get_by_role("button", name="Missed").click()
    row.locator(".state-missed").wait_for()
    assert row.locator(".repair").is_visible()


def test_the_earlier_days_strip_records_a_day(bench, open_page, live_server):
    page = open_page(bench["user"], "phone")
    page.goto(live_server.url + "/today/")
    strip = page.locator("li.strip").first
    strip_id = strip.get_attribute("id")
    waiting = strip.locator("button.day-unrecorded")
    before = waiting.count()
    assert before >= 1
    waiting.last.click()
    strip = page.locator(f"#{strip_id}")
    strip.get_by_role("button", name="Undo").wait_for()
    assert "Kept" in strip.locator(".occ-said").inner_text()
    assert strip.locator("button.day-unrecorded").count() == before - 1
    assert_accessible(page, context="after recording a day on the strip")


def test_the_strip_works_without_javascript(bench, open_page, live_server):
    page = open_page(bench["user"], "phone", java_script_enabled=False)
    page.goto(live_server.url + "/today/")
    strip = page.locator("li.strip").first
    strip_id = strip.get_attribute("id")
    before = strip.locator("button.day-unrecorded").count()
    strip.locator("button.day-unrecorded").last.click()
    page.wait_for_url(f"**/today/?recorded=*#{strip_id}")
    strip = page.locator(f"#{strip_id}")
    assert strip.locator("button.day-unrecorded").count() == before - 1
    assert "Kept" in strip.locator(".occ-said").inner_text()
    assert strip.get_by_role("button", name="Undo").is_visible()


def test_on_a_phone_the_navigation_is_one_row_and_its_menu_reaches_people(
    bench, open_page, live_server
):
    page = open_page(bench["user"], "phone")
    page.goto(live_server.url + "/today/")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 70, header  # one row
    tops = {
        round(page.get_by_role("link", name=name, exact=True).bounding_box()["y"])
        for name in ("Today", "Progress", "Journal")
    }
    assert len(tops) == 1
    page.locator(".nav-menu summary").click()
    page.get_by_role("link", name="People").click()
    page.wait_for_url("**/people/")
    assert_accessible(page, context="on People from the menu")


def test_the_create_an_account_button_has_room_inside(page, live_server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    button = page.locator(".site-header").get_by_role("link", name="Create an account")
    padding = button.evaluate("e => parseFloat(getComputedStyle(e).paddingLeft)")
    assert padding >= 8


def test_every_button_names_the_item_it_is_for(bench, open_page, live_server):
    """The title is not repeated inside each button: each is named by its own word and the
    title's id, so a screen reader's list of buttons still tells them apart."""
    page = open_page(bench["user"], "desktop")
    page.goto(live_server.url + "/today/")
    row = page.locator("#due-heading ~ ul > li", has=page.locator("button.checkin-kept")).first
    title = row.locator("h3 a").inner_text()
    assert row.get_by_role("button", name=f"Kept {title}", exact=True).is_visible()
    more = row.locator("summary")
    expect(more).to_have_accessible_name(f"More {title}")
    more.focus()
    page.keyboard.press("Enter")  # the menu opens from the keyboard, and names its group
    assert row.get_by_role("group", name=title, exact=True).is_visible()
    page.keyboard.press("Escape")
    assert not row.get_by_role("button", name="Missed", exact=True).is_visible()
    strip = page.locator("li.strip").first
    name = strip.locator("h3 a").inner_text()
    for word in ("Mark all as kept", "Not sure, leave them"):
        assert strip.get_by_role("button", name=f"{word} {name}", exact=True).is_visible()
    assert strip.get_by_role("list", name=f"{name} : its days, newest last").is_visible()
    # A day is named by its date and state; the weekday's initial above it is decoration.
    day = strip.locator("button.day-unrecorded").first
    expect(day).to_have_accessible_name(
        re.compile(r"^\d+ \w+ \d+ \w+: Not recorded\. Mark as kept$")
    )
    assert day.evaluate("b => getComputedStyle(b, '::before').content").startswith('"')


def test_mark_all_as_kept_and_leave_them_answer_in_place(bench, open_page, live_server):
    """Both buttons post to their own address (formaction) and get the strip back."""
    page = open_page(bench["user"], "phone")
    page.goto(live_server.url + "/today/")
    page.evaluate("window.__sameDocument = true")
    strips = page.locator("li.strip")
    count = strips.count()
    assert count >= 2
    first, second = strips.nth(0), strips.nth(1)
    first_id, second_id = first.get_attribute("id"), second.get_attribute("id")
    first.get_by_role("button", name="Mark all as kept").click()
    strip = page.locator(f"#{first_id}")
    strip.locator(".occ-said", has_text="Kept on").wait_for()
    assert strip.locator("button.day-unrecorded").count() == 0
    page.locator(f"#{second_id}").get_by_role("button", name="Not sure, leave them").click()
    page.locator(f"#{second_id}").wait_for(state="detached")
    assert page.evaluate("window.__sameDocument === true")
    assert page.locator("li.strip").count() == count - 1


def test_kept_on_the_commitment_page_answers_in_place(bench, open_page, live_server):
    """The commitment page shows Today's row: its forms swap the row there too."""
    page = open_page(bench["user"], "phone")
    page.goto(live_server.url + f"/track/{bench['checkin_commitment']}/")
    page.evaluate("window.__sameDocument = true")
    row = page.locator("[data-row]")
    row.locator("button.checkin-kept").click()
    row.locator(".state-kept").wait_for()
    assert page.evaluate("window.__sameDocument === true")
    assert row.count() == 1, "the answer went inside the row instead of replacing it"
    row.get_by_role("button", name="Undo").click()
    row.locator("button.checkin-kept").wait_for()
    assert row.count() == 1

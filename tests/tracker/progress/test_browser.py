"""The progress page in a real browser: filters swap without a reload, and it stays clean."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from guidance.models import Practice
from tests.browser import assert_accessible
from tracker.models import CheckIn, Commitment, Person

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

RESULTS = Path("test-results")
STATES = ["kept", "kept", "late", "kept", "missed", "kept", "kept", "skipped", "kept"]


@pytest.fixture
def history(owner):
    """A few months of two routines and a promise, for two people."""
    today = owner.local_today()
    sam = Person.objects.create(owner=owner, name="Sam")
    jo = Person.objects.create(owner=owner, name="Jo")
    listening = Practice.objects.create(title="Listening", slug="listening-b")
    walk = Commitment.objects.create(
        owner=owner,
        kind="routine",
        title="Evening walk",
        person=sam,
        practice=listening,
        schedule_type="daily",
        start_date=today - timedelta(days=120),
    )
    calls = Commitment.objects.create(
        owner=owner,
        kind="routine",
        title="Call on Sundays",
        person=jo,
        schedule_type="per_week",
        times_per_week=2,
        start_date=today - timedelta(days=60),
    )
    CheckIn.objects.bulk_create(
        CheckIn(commitment=walk, occurrence_date=today - timedelta(days=d), state=STATES[d % 9])
        for d in range(1, 120)
        if d % 13
    )
    CheckIn.objects.bulk_create(
        CheckIn(commitment=calls, occurrence_date=today - timedelta(days=d), state="kept")
        for d in range(1, 60, 3)
    )
    return {"sam": sam, "jo": jo, "walk": walk}


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_period_and_filters_swap_the_content_without_a_reload(live_server, page, owner, history):
    page.emulate_media(color_scheme="light")
    sign_in(page, live_server, owner)
    page.goto(live_server.url + "/progress/")
    assert page.locator("#headline-heading").inner_text() == "Last 30 days"
    assert_accessible(page, context="on the progress page")
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "progress-light.png"), full_page=True)

    # A marker on window survives only if the page is never reloaded.
    page.evaluate("window.__notReloaded = true")
    page.get_by_label("Last 7 days").check()
    page.wait_for_url("**/progress/?period=7*")
    page.locator("#headline-heading", has_text="Last 7 days").wait_for()
    assert page.locator("#progress-status").inner_text().startswith("Showing last 7 days")

    page.get_by_label("Person", exact=True).select_option(label="Sam")
    page.wait_for_url(f"**person={history['sam'].pk}*")
    page.locator("#progress-status", has_text="1 promise or routine").wait_for()
    assert page.locator("#progress-content").get_by_text("Evening walk").count() >= 1
    assert page.locator("#progress-content").get_by_text("Call on Sundays").count() == 0
    assert page.evaluate("window.__notReloaded") is True

    page.get_by_text("Show as a table").first.click()
    assert page.locator("details[open] table").first.is_visible()
    assert_accessible(page, context="after filtering and opening a table")

    # Back goes to the previous filter; htmx refetches it (no history cache).
    page.go_back()
    page.wait_for_url("**/progress/?period=7*")
    page.locator("#progress-content").get_by_text("Call on Sundays").first.wait_for()
    assert page.get_by_label("Person", exact=True).input_value() == ""


def test_the_progress_page_in_dark_mode(live_server, dark_page, owner, history):
    sign_in(dark_page, live_server, owner)
    dark_page.goto(live_server.url + "/progress/?period=90")
    fill = dark_page.evaluate(
        "getComputedStyle(document.querySelector('.heat-3') || document.body).fill"
    )
    assert fill == "rgb(155, 227, 176)"
    for details in dark_page.locator("details").all()[:2]:
        details.locator("summary").click()
    assert_accessible(dark_page, context="on the progress page (dark)")
    RESULTS.mkdir(exist_ok=True)
    dark_page.screenshot(path=str(RESULTS / "progress-dark.png"), full_page=True)

"""A new user's first journey through the tracker, in a real browser."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import caches

from tests.browser import assert_accessible
from tests.tracker.factories import make_practice, make_suggestion

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "a-Long-and-Quiet-passphrase-42"


def test_a_new_user_starts_a_suggested_promise_and_records_it(live_server, page):
    caches["local"].clear()
    practice = make_practice("Keep small promises", summary="Own it; offer a new time.")
    suggestion = make_suggestion(practice, kind="promise", title="Meet Sam for coffee")
    url = live_server.url

    # A visitor reads a practice and picks one of its suggestions: that needs an account.
    page.goto(url + f"/guide/{practice.slug}/")
    page.get_by_role("heading", name="Keep small promises", level=1).wait_for()
    page.get_by_role(
        "link", name=re.compile("Create an account to start this.*Meet Sam for coffee")
    ).click()

    # Sign up: the time zone is guessed from the browser.
    page.get_by_role("heading", name="Create an account").wait_for()
    assert_accessible(page, context="on sign-up")
    page.get_by_label("Email address").fill("newcomer@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    assert "newcomer@example.com" in page.locator("main").inner_text()
    assert_accessible(page, context="on check your email")
    link = re.search(r"http://[^/]+(/accounts/confirm-email/\S+)", mail.outbox[-1].body)
    page.goto(url + link.group(1))
    assert_accessible(page, context="on confirm your email")
    page.get_by_role("button", name="Confirm").click()

    # Confirming signs the visitor in on the form they were heading for, pre-filled.
    page.wait_for_url(f"**/track/new/?suggestion={suggestion.pk}")
    assert page.get_by_label("Title").input_value() == "Meet Sam for coffee"
    assert_accessible(page, context="on the new promise form")

    # Today is still empty, and says how to start.
    page.goto(url + "/today/")
    page.get_by_role("heading", name="Today", exact=True).wait_for()
    assert page.get_by_text("Start with one small promise").is_visible()
    assert_accessible(page, context="on an empty Today")
    page.go_back()
    page.wait_for_url(f"**/track/new/?suggestion={suggestion.pk}")

    user = get_user_model().objects.get(email="newcomer@example.com")
    browser_zone = page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone")
    assert user.time_zone == browser_zone
    today = user.local_today()

    page.locator("#id_due_date").fill(today.isoformat())
    page.locator("#id_due_time").fill("00:05")
    page.get_by_role("button", name="Add it").click()
    page.get_by_role("heading", name="Meet Sam for coffee", level=1).wait_for()

    # Today lists it; one tap records it in place, without reloading the page.
    page.goto(url + "/today/")
    row = page.locator(".occurrence", has_text="Meet Sam for coffee")
    assert row.locator("button.checkin-kept").is_visible()
    assert_accessible(page, context="on Today with a promise")
    page.evaluate("window.__sameDocument = true")
    row.locator("button.checkin-kept").click()
    row.locator(".state-kept").wait_for()
    assert page.evaluate("window.__sameDocument === true")
    assert "Kept · as you said you would" in row.locator(".occ-said").inner_text()
    # Focus moves to what the row now says once htmx has settled the swap.
    # (A locator, not wait_for_function: that evaluates a string, which the CSP forbids.)
    page.locator(".occ-said:focus").wait_for()

    # Add a note: the check-in page, then back to Today at the row.
    row.get_by_role("link", name="Change or add a note").click()
    page.get_by_label("Note (optional)").fill("She was already there; we laughed about it.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/today/?recorded=*#occ-*")
    row.locator(".occ-note", has_text="She was already there").wait_for()

    # Undo puts it back to due; record it again.
    page.evaluate("window.__sameDocument = true")
    row.get_by_role("button", name="Undo").click()
    row.locator("button.checkin-kept").wait_for()
    assert page.evaluate("window.__sameDocument === true")
    row.locator("button.checkin-kept").click()
    row.locator(".state-kept").wait_for()
    assert_accessible(page, context="on Today after recording")

    # The commitment page shows the history.
    row.get_by_role("link", name="Meet Sam for coffee", exact=True).click()
    history = page.locator(".history")
    history.wait_for()
    assert "Kept on time" in history.inner_text()
    assert "She was already there" not in history.inner_text()  # undone with its note
    assert_accessible(page, context="on the commitment page")


def test_recording_works_without_javascript(live_server, browser, client, django_user_model):
    from datetime import timedelta

    from allauth.account.models import EmailAddress

    from tests.tracker.factories import make_routine

    user = django_user_model.objects.create_user(email="nojs@example.com", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    make_routine(user, start_date=user.local_today() - timedelta(days=1), title="Say thanks")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email address").fill("nojs@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_role("heading", name="Today", exact=True).wait_for()
    row = page.locator("#due-heading ~ ul .occurrence", has_text="Say thanks")
    # The other answers are behind "More", a <details> that opens without JavaScript.
    row.locator("summary", has_text="More").click()
    row.locator("button.checkin-late").click()
    # A late arrival offers the repair flow once, as a page of its own without JavaScript.
    page.get_by_role("heading", name="Turning it into a repair").wait_for()
    assert "Recorded “Say thanks”: Kept, a bit late." in page.locator("#messages").inner_text()
    page.get_by_role("link", name="Not now").click()
    page.get_by_role("heading", name="Today", exact=True).wait_for()
    assert "#occ-" in page.url  # back at the row, where Undo is
    assert row.locator(".state-late").inner_text() == "Kept, a bit late"
    assert row.get_by_role("button", name="Undo").is_visible()
    context.close()


def sign_in_by_cookie(page, live_server, client, user) -> None:
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def seed_every_state(user):
    from datetime import timedelta

    from tests.tracker.factories import at, make_checkin, make_promise, make_routine

    today = user.local_today()
    routine = make_routine(user, start_date=today - timedelta(days=20), title="Daily thanks")
    for back, state in enumerate(["kept", "late", "missed", "skipped", "kept"], start=1):
        make_checkin(routine, today - timedelta(days=back), state, note=f"note {back}")
    make_checkin(routine, today, "missed")
    make_promise(user, due_at=at(today, 12), title="Lunch")
    make_routine(
        user,
        start_date=today - timedelta(days=20),
        schedule_type="per_week",
        times_per_week=3,
        title="Walk together",
    )
    return routine


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_today_and_the_commitment_page_pass_axe_in_both_schemes(
    live_server, browser, client, django_user_model, scheme
):
    from tests.browser import watch

    user = django_user_model.objects.create_user(email="seen@example.com", password=PASSWORD)
    routine = seed_every_state(user)
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    problems = watch(page)
    sign_in_by_cookie(page, live_server, client, user)
    page.goto(live_server.url + "/today/")
    assert (
        page.get_by_text("1 of 3 this week").is_visible()
        or page.get_by_text("0 of 3 this week").is_visible()
    )
    assert_accessible(page, context=f"on Today ({scheme})")
    page.goto(live_server.url + f"/track/{routine.pk}/")
    assert_accessible(page, context=f"on the commitment page ({scheme})")
    page.goto(live_server.url + f"/track/{routine.pk}/check-in/")
    assert_accessible(page, context=f"on the check-in page ({scheme})")
    page.goto(live_server.url + "/track/new/?kind=routine")
    assert_accessible(page, context=f"on the routine form ({scheme})")
    problems.collect_csp(page)
    context.close()
    assert not problems.summary()

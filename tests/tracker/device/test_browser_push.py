"""The worker's side of reminders, driven through the DevTools protocol."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser import assert_accessible
from tests.tracker.factories import promise
from tracker.device import push
from tracker.models import CheckIn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTIFICATIONS = """navigator.serviceWorker.ready
  .then(r => r.getNotifications())
  .then(list => list.map(n => ({title: n.title, body: n.body, tag: n.tag,
                                actions: n.actions.map(a => a.title), data: n.data})))"""


@pytest.fixture
def tap_kept(playwright, live_server):
    """What the worker does when "Kept" is tapped: POST the token, no cookie, no CSRF token.

    Sent from a cookieless request context rather than the page, so the refusals the test
    expects are not reported as the page's console errors.
    """
    api = playwright.request.new_context(base_url=live_server.url)

    def tap(kept: dict) -> tuple[int, str]:
        response = api.post(
            kept["url"],
            data=json.dumps({"token": kept["token"]}),
            headers={"Content-Type": "application/json"},
        )
        return response.status, response.json()["message"]

    yield tap
    api.dispose()


def registration_id(page, cdp) -> str:
    found = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: found.extend(r["registrationId"] for r in event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    for _ in range(50):
        if found:
            return found[-1]
        page.wait_for_timeout(100)
    raise AssertionError("The worker's registration never showed up")


def test_a_pushed_reminder_shows_without_its_title_and_kept_records_once(
    live_server, page, sign_in, owner, controlled, tap_kept
):
    noon = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
    made = promise(owner, title="Ring the plumber", due_at=noon, note="about the leak")
    sign_in(page, owner)
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    controlled(page)
    cdp = page.context.new_cdp_session(page)
    payload = push.promise_payload(commitment=made, when="today at 12:00", show_titles=False)
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": live_server.url,
            "registrationId": registration_id(page, cdp),
            "data": json.dumps(payload),
        },
    )
    shown = []
    for _ in range(50):
        shown = page.evaluate(NOTIFICATIONS)
        if shown:
            break
        page.wait_for_timeout(100)
    [notification] = shown
    assert notification["title"] == "Steady"
    assert notification["body"] == "A promise is due today at 12:00."
    assert notification["actions"] == ["Kept", "Open"]
    assert "plumber" not in json.dumps(notification) and "leak" not in json.dumps(notification)

    kept = notification["data"]["kept"]
    assert tap_kept(kept) == (200, "Recorded: kept")
    assert CheckIn.objects.get().state == "kept"
    status, message = tap_kept(kept)
    assert status == 403 and "already been used" in message
    assert CheckIn.objects.count() == 1


def test_the_permission_prompt_waits_for_the_tap(live_server, page, sign_in, owner, controlled):
    sign_in(page, owner)
    controlled(page, "/accounts/devices/")
    assert page.evaluate("Notification.permission") == "default"
    assert_accessible(page, context="on the devices page")
    page.get_by_role("button", name="Turn on reminders on this device").click()
    # Headless Chromium has no push service to reach: the page says so, kindly.
    page.locator("[data-push-state]").filter(has_text="reminders").wait_for()


def test_an_old_token_is_refused_by_the_server(owner, tap_kept):
    import time_machine

    from tracker.device import tokens

    made = promise(owner, due_at=timezone.now() - timedelta(hours=1))
    payload = push.promise_payload(commitment=made, when="today", show_titles=False)
    with time_machine.travel(timezone.now() + tokens.MAX_AGE + timedelta(minutes=5)):
        status, _ = tap_kept(payload["kept"])
    assert status == 403
    assert CheckIn.objects.count() == 0

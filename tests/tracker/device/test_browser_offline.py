"""Checking in on the underground: offline taps are kept on the phone and sent once."""

import uuid

import pytest

from tests.tracker.device.conftest import wait_for_worker
from tests.tracker.factories import routine
from tracker.models import CheckIn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Tell Sam one thing I appreciate"
QUEUED = "SteadyQueue.queue.all()"


@pytest.fixture
def walk(owner):
    return routine(owner, title=TITLE, start_date=owner.local_today())


def tap_kept_offline(page):
    page.context.set_offline(True)
    # The contract with Today's markup: a check-in form posting state=kept.
    page.locator('form[action$="/check-in/"] button[name="state"][value="kept"]').click()
    page.get_by_text("Saved on this phone, will sync").first.wait_for()


def wait_for_check_ins(page, count: int) -> None:
    for _ in range(100):
        if CheckIn.objects.count() == count:
            return
        page.wait_for_timeout(100)
    assert CheckIn.objects.count() == count


def test_offline_without_the_opt_in_the_tap_waits_and_the_offline_page_shows(
    live_server, page, sign_in, owner, walk, controlled
):
    sign_in(page, owner)
    controlled(page)
    tap_kept_offline(page)
    [item] = page.evaluate(QUEUED)
    assert set(item) == {"id", "commitment", "occurrence_date", "due_at", "state"}
    assert item["state"] == "kept" and item["commitment"] == walk.pk
    assert CheckIn.objects.count() == 0

    page.reload()
    page.get_by_role("heading", name="You're offline").wait_for()
    assert TITLE not in page.content()
    page.get_by_text("1 check-in is saved on this phone").wait_for()

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.get_by_role("heading", name="Today", exact=True, level=1).wait_for()
    wait_for_check_ins(page, 1)
    checkin = CheckIn.objects.get()
    assert (checkin.commitment, checkin.state) == (walk, "kept")
    page.get_by_text(f"Recorded “{TITLE}”: kept.").wait_for()
    assert page.evaluate(QUEUED) == []


def test_offline_with_the_opt_in_today_opens_from_the_phone(
    live_server, page, sign_in, owner, walk, controlled
):
    sign_in(page, owner)
    controlled(page, "/accounts/devices/")
    page.get_by_label("Keep Today on this phone for offline use").check()
    page.get_by_text("Today is kept on this phone for offline use.").wait_for()
    page.goto(live_server.url + "/today/")
    wait_for_worker(page)
    tap_kept_offline(page)

    page.reload()
    page.get_by_role("heading", name="Today", exact=True, level=1).wait_for()
    assert page.get_by_role("heading", name=TITLE).is_visible()

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_for_check_ins(page, 1)
    page.get_by_text(f"Recorded “{TITLE}”: kept.").wait_for()
    assert CheckIn.objects.get().state == "kept"


def test_replaying_the_same_queue_twice_records_once(
    live_server, page, sign_in, owner, walk, controlled
):
    sign_in(page, owner)
    controlled(page)
    item = {
        "id": str(uuid.uuid4()),
        "commitment": walk.pk,
        "occurrence_date": owner.local_today().isoformat(),
        "due_at": "",
        "state": "kept",
    }
    answers = page.evaluate(
        """item => {
             const send = () => fetch('/device/sync/', {
               method: 'POST', headers: {'Content-Type': 'application/json'},
               body: JSON.stringify({items: [item]}),
             }).then(r => r.json()).then(body => body.results[0].status);
             return Promise.all([send(), send()]).then(both => send().then(last => [...both, last]));
           }""",
        item,
    )
    assert answers == ["recorded", "recorded", "recorded"]
    assert CheckIn.objects.count() == 1


def test_signing_out_clears_caches_and_storage(live_server, page, sign_in, owner, walk, controlled):
    sign_in(page, owner)
    controlled(page, "/accounts/devices/")
    page.get_by_label("Keep Today on this phone for offline use").check()
    page.get_by_text("Today is kept on this phone for offline use.").wait_for()
    page.goto(live_server.url + "/today/")
    page.evaluate(
        "SteadyQueue.queue.add({id: crypto.randomUUID(), commitment: 1, occurrence_date: "
        "'2030-01-01', due_at: '', state: 'kept'})"
    )
    assert page.evaluate("caches.keys()") != []

    with page.expect_response(lambda r: r.url.endswith("/logout/")) as signed_out:
        page.locator(".nav-menu summary").click()  # Sign out sits in the menu
        page.get_by_role("button", name="Sign out").click()
    assert signed_out.value.all_headers().get("clear-site-data") == '"cache", "storage"', (
        signed_out.value.headers
    )
    page.wait_for_load_state()
    # The next page registers the worker again (public files only) and opens an empty queue.
    assert "steady-private" not in page.evaluate("caches.keys()")
    assert page.evaluate(QUEUED) == []
    assert page.evaluate("SteadyQueue.device.get('keepToday')") is None

"""Installing Steady: the manifest, the worker, and what it keeps on the device."""

import pytest

from tests.browser import assert_accessible
from tests.tracker.device.conftest import wait_for_worker
from tests.tracker.factories import promise, routine
from tracker.models import CheckIn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_manifest_parses_with_every_field_and_chromium_can_install(live_server, page):
    page.goto(live_server.url + "/")
    manifest = page.evaluate(
        "fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())"
    )
    assert manifest["name"] == "Steady" and manifest["short_name"] == "Steady"
    assert manifest["start_url"] == "/today/"
    assert manifest["display"] == "standalone" and manifest["scope"] == "/"
    assert manifest["theme_color"] and manifest["background_color"]
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        status = page.evaluate(f"fetch('{icon['src']}').then(r => r.status)")
        assert status == 200
    # A dark theme colour for browsers that follow the colour scheme.
    assert page.locator('meta[name=theme-color][media*="dark"]').count() == 1

    cdp = page.context.new_cdp_session(page)
    wait_for_worker(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # Playwright's contexts are incognito-like: Chromium says so and nothing else.
    assert [error["errorId"] for error in errors if error["errorId"] != "in-incognito"] == []


def test_the_worker_controls_today_after_the_first_load(live_server, page, sign_in, owner):
    promise(owner, title="Ring the plumber")
    sign_in(page, owner)
    page.goto(live_server.url + "/today/")
    wait_for_worker(page)
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == live_server.url + "/"


def test_the_worker_keeps_only_public_files_and_the_offline_page(
    live_server, page, sign_in, owner, controlled
):
    promise(owner, title="Ring the plumber")
    sign_in(page, owner)
    controlled(page)
    page.reload()
    kept = page.evaluate(
        """caches.keys().then(names => Promise.all(names.map(name =>
             caches.open(name).then(c => c.keys()).then(rs => rs.map(r => new URL(r.url).pathname))
           ))).then(lists => lists.flat())"""
    )
    assert "/offline/" in kept
    assert all(path.startswith("/static/") or path == "/offline/" for path in kept), kept
    offline = page.evaluate("caches.match('/offline/').then(r => r.text())")
    assert "You're offline" in offline and "Ring the plumber" not in offline
    assert "owner@example.com" not in offline and "Sign out" not in offline


def test_the_offline_page_is_accessible(live_server, page, transactional_db):
    page.goto(live_server.url + "/offline/")
    assert page.get_by_role("heading", name="You're offline").is_visible()
    assert_accessible(page, context="on the offline page")


def test_a_tap_on_kept_goes_to_the_network_without_the_worker(
    live_server, page, sign_in, owner, controlled
):
    # The worker never answers a POST; a static route sends it past the worker, so a tap
    # never waits for a stopped worker to start.
    walk = routine(owner, title="Walk together", start_date=owner.local_today())
    sign_in(page, owner)
    controlled(page)
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    cdp = page.context.new_cdp_session(page)
    posts = []
    cdp.on(
        "Network.responseReceived",
        lambda event: (
            posts.append(event["response"]) if "/check-in/" in event["response"]["url"] else None
        ),
    )
    cdp.send("Network.enable")
    page.locator("button.checkin-kept").first.click()
    page.locator(".occ-said .state-kept").wait_for()
    assert CheckIn.objects.filter(commitment=walk, state="kept").count() == 1
    assert posts, "the tap's response was not seen"
    router = posts[0].get("serviceWorkerRouterInfo") or {}
    assert router.get("matchedSourceType") == "network", posts[0]
